#!/usr/bin/env python3
"""Fuzz campaign (issue 21), outside CI: every libFuzzer target of a fuzz build, one at a
time at low priority, until it has passed --execs executions (default ten million) or its
time bound; the grown corpus merged back into tests/fuzz/corpus/<name> (-merge=1: only
inputs that add coverage to the committed corpus); executions, coverage and findings per
target written into the "Fuzz campaign" section of BENCHMARKS.md.

A target runs in chunks of at most --chunk seconds, each under `flock LOCK nice -n 19`
(a shared machine: others can build between chunks), every chunk resuming from the corpus
the previous ones grew. Stops at the first finding of a target (kept in --artifacts with
its log, the reproducer command printed); the script exits 1 when any target had one.

  bench/fuzz_campaign.py [--build build-fuzz] [--execs 10000000] [--target NAME]...
                         [--record BENCHMARKS.md] [--no-merge]

Results accumulate in ARTIFACTS/results.json, so targets may be run in separate
invocations; the recorded section shows every target run so far.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYMBOLIZER = "/usr/lib/llvm-16/bin/llvm-symbolizer"
SECTION = "## Fuzz campaign (issue 21)"
FINDING_PREFIXES = ("crash-", "leak-", "timeout-", "oom-")


def targets_of(build):
    out = subprocess.run(["ninja", "-C", str(build), "-t", "targets", "all"], check=True,
                         capture_output=True, text=True).stdout
    return sorted(set(re.findall(r"^tests/fuzz/([a-z_]+_fuzz): ", out, re.M)))


def environment():
    env = dict(os.environ)
    env["ASAN_SYMBOLIZER_PATH"] = SYMBOLIZER
    env["UBSAN_SYMBOLIZER_PATH"] = SYMBOLIZER
    env["LSAN_SYMBOLIZER_PATH"] = SYMBOLIZER
    env["PATH"] = os.path.dirname(SYMBOLIZER) + ":" + env.get("PATH", "")
    env["ASAN_OPTIONS"] = "detect_leaks=1:symbolize=1"
    env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1:symbolize=1"
    return env


def locked(cmd, lock, nice, recheck=None):
    # Prints when the lock was taken, so the time spent waiting for it is not counted. With
    # `recheck` (an artifact folder), each timeout input found there is run once more on its
    # own within the same hold: "@@rerun <rc> <ms> <file>".
    script = 'echo "@@locked $(date +%s.%N)"; "$@"; rc=$?\n'
    if recheck:
        script += ('for t in "$ART"/timeout-*; do [ -f "$t" ] || continue; s=$(date +%s%N); '
                   '"$1" -timeout=25 -rss_limit_mb=2048 "$t" >/dev/null 2>&1; r=$?; '
                   'echo "@@rerun $r $(( ($(date +%s%N) - s) / 1000000 )) $t"; done\n')
    script += "exit $rc"
    prefix = ["env", f"ART={recheck}"] if recheck else []
    return ["flock", lock, "nice", "-n", str(nice)] + prefix + ["bash", "-c", script, "-"] + cmd


def corpus_stats(path):
    files = [p for p in Path(path).iterdir() if p.is_file()] if Path(path).is_dir() else []
    return len(files), sum(p.stat().st_size for p in files)


STAT = re.compile(r"^stat::(\w+):\s+(\d+)", re.M)
PROGRESS = re.compile(r"^#(\d+)\s+(INITED|DONE|NEW|REDUCE|pulse|RELOAD)\s+cov: (\d+) ft: (\d+)", re.M)


def parse_log(text):
    stats = {k: int(v) for k, v in STAT.findall(text)}
    lines = PROGRESS.findall(text)
    inited = next(((int(c), int(f)) for _, kind, c, f in lines if kind == "INITED"), None)
    last = (int(lines[-1][2]), int(lines[-1][3])) if lines else None
    return stats, inited, last


def run_target(name, args, env, artifacts, previous=None):
    exe = args.build / "tests" / "fuzz" / name
    short = name[: -len("_fuzz")]
    seeds = ROOT / "tests" / "fuzz" / "corpus" / short
    dictionary = ROOT / "tests" / "fuzz" / "dict" / f"{short}.dict"
    work = Path(tempfile.mkdtemp(prefix=f"fuzz-{short}-"))
    if seeds.is_dir():
        shutil.copytree(seeds, work, dirs_exist_ok=True)
    art = artifacts / name
    art.mkdir(parents=True, exist_ok=True)
    result = {"target": name, "execs": 0, "seconds": 0.0, "chunks": 0, "findings": [],
              "seeds": corpus_stats(seeds), "dict": dictionary.is_file()}
    if previous:
        # --resume: an earlier run of this target that ended on timeouts only. Each timeout
        # input is run again on its own (same lock hold rule); those that finish at once were
        # machine stalls and the earlier executions count; anything else stays a finding.
        result.update({k: previous[k] for k in ("execs", "seconds", "chunks", "cov_seeds", "cov_end", "seeds",
                                                "stalls", "peak_rss_mb", "jobs") if k in previous})
        result["seeds"] = previous["seeds"]
        result["resumed"] = result.get("resumed", 0) + 1
        old = [Path(f) for f in previous.get("findings", []) if Path(f).name.startswith("timeout-")]
        check = subprocess.run(locked(["true"], args.lock, args.nice, recheck=art), env=env, capture_output=True,
                               text=True)
        reruns = {f: (rc, ms) for rc, ms, f in re.findall(r"^@@rerun (\d+) (\d+) (.+)$", check.stdout, re.M)}
        for f in old:
            rc, ms = reruns.get(str(f), ("?", "?"))
            if rc == "0" and int(ms) < 5000:
                (art / "stalls").mkdir(exist_ok=True)
                f.rename(art / "stalls" / f.name)
                result.setdefault("stalls", []).append(f"{f.name} (re-ran in {ms} ms)")
            else:
                result["findings"].append(str(f))
        if result["findings"] or len(old) != len(previous.get("findings", [])):
            result["findings"] = result["findings"] or previous["findings"]
            return result
    # Findings an earlier run left (fixed since, or kept for reference) are not this run's.
    earlier = {p.name for p in art.iterdir() if p.name.startswith(FINDING_PREFIXES)}
    started = time.monotonic()
    while result["execs"] < args.execs:
        spent = time.monotonic() - started
        if spent >= args.max_seconds:
            break
        chunk = int(min(args.chunk, args.max_seconds - spent)) or 1
        # -jobs=N: N fuzzing processes on the same corpus (both cores during one lock hold),
        # each with its own log (fuzz-<job>.log) in a scratch directory.
        jobs = args.jobs
        runs = -(-(args.execs - result["execs"]) // jobs)
        cmd = [str(exe), f"-runs={runs}", f"-max_total_time={chunk}",
               "-max_len=4096", "-timeout=25", "-rss_limit_mb=2048", "-print_final_stats=1",
               f"-artifact_prefix={art}/"]
        if jobs > 1:
            cmd += [f"-jobs={jobs}", f"-workers={jobs}"]
        if dictionary.is_file():
            cmd.append(f"-dict={dictionary}")
        cmd.append(str(work))
        logdir = Path(tempfile.mkdtemp(prefix=f"fuzz-{short}-logs-"))
        t0 = time.monotonic()
        proc = subprocess.run(locked(cmd, args.lock, args.nice, recheck=art), env=env, capture_output=True,
                              text=True, errors="replace", cwd=logdir)
        ended = time.time()
        own = proc.stdout + proc.stderr
        job_logs = [p.read_text(errors="replace") for p in sorted(logdir.glob("fuzz-*.log"))]
        shutil.rmtree(logdir, ignore_errors=True)
        log = "\n".join([own] + job_logs)
        locked_at = re.search(r"^@@locked ([0-9.]+)", proc.stdout, re.M)
        ran = ended - float(locked_at.group(1)) if locked_at else time.monotonic() - t0
        parsed = [parse_log(text) for text in (job_logs if jobs > 1 else [own])]
        executed = sum(st.get("number_of_executed_units", 0) for st, _, _ in parsed)
        inited = next((i for _, i, _ in parsed if i), None)
        ends = [e for _, _, e in parsed if e]
        last = max(ends, key=lambda e: e[1]) if ends else None
        stats = {"peak_rss_mb": max((st.get("peak_rss_mb", 0) for st, _, _ in parsed), default=0)}
        result["chunks"] += 1
        result["jobs"] = jobs
        result["execs"] += executed
        result["seconds"] += ran
        result.setdefault("cov_seeds", inited)
        if last and (not result.get("cov_end") or last[1] >= result["cov_end"][1]):
            result["cov_end"] = last  # after a resume from the seeds, the larger of the two runs
        result["peak_rss_mb"] = max(result.get("peak_rss_mb", 0), stats.get("peak_rss_mb", 0))
        # A timeout whose input, run again on its own, finishes at once within the same lock
        # hold was the machine (this VM is paused now and then: every job of a chunk then
        # reports the same "timeout after N s"), not the code: kept under stalls/, not a finding.
        reruns = re.findall(r"^@@rerun (\d+) (\d+) (.+)$", proc.stdout, re.M)
        stalls = [Path(f) for rc, ms, f in reruns if rc == "0" and int(ms) < 5000]
        if stalls:
            (art / "stalls").mkdir(exist_ok=True)
            for f in stalls:
                result.setdefault("stalls", []).append(f"{f.name} (re-ran in {dict((x[2], x[1]) for x in reruns)[str(f)]} ms)")
                f.rename(art / "stalls" / f.name)
            (artifacts / f"{name}.stall-{result['chunks']}.log").write_text(log)
        found = sorted(p for p in art.iterdir() if p.name.startswith(FINDING_PREFIXES) and p.name not in earlier)
        stalled_only = bool(stalls) and not found
        print(f"{name}: chunk {result['chunks']}: {executed} execs in "
              f"{ran:.0f} s, total {result['execs']}, cov/ft {last}, exit "
              f"{proc.returncode}{', machine stall: ' + ', '.join(result['stalls']) if stalls else ''}", flush=True)
        if (proc.returncode != 0 and not stalled_only) or found:
            (artifacts / f"{name}.log").write_text(log)
            result["findings"] = [str(p) for p in found] or [f"exit {proc.returncode}"]
            print(log[-6000:], file=sys.stderr)
            for p in found:
                print(f"reproduce: ASAN_SYMBOLIZER_PATH={SYMBOLIZER} "
                      f"UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 {exe} {p}", file=sys.stderr)
            break
    result["corpus_grown"] = corpus_stats(work)
    if not args.no_merge and not result["findings"]:
        seeds.mkdir(parents=True, exist_ok=True)
        merge = [str(exe), "-merge=1", "-max_len=4096", "-timeout=25", "-rss_limit_mb=2048",
                 str(seeds), str(work)]
        proc = subprocess.run(locked(merge, args.lock, args.nice), env=env, capture_output=True, text=True,
                              errors="replace")
        if proc.returncode != 0:
            result["findings"].append(f"merge exit {proc.returncode}")
            (artifacts / f"{name}.merge.log").write_text(proc.stdout + proc.stderr)
    result["corpus_committed"] = corpus_stats(seeds)
    if result["findings"]:
        result["grown_corpus_kept"] = str(work)  # for the fix and the next run
        print(f"{name}: grown corpus kept in {work}", file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)
    if not any(art.iterdir()):
        art.rmdir()
    return result


def kib(n):
    return f"{n / 1024:.0f} KiB" if n >= 1024 else f"{n} B"


def section(results, args, commit, began, ended):
    rows = []
    for r in results:
        seeds_cov = r.get("cov_seeds") or ("-", "-")
        end = r.get("cov_end") or ("-", "-")
        rate = r["execs"] / r["seconds"] if r["seconds"] else 0
        rows.append(
            f"| {r['target']} | {r['execs']:,} | {r['seconds']:.0f} | {rate:,.0f} | {r['chunks']} × {r.get('jobs', 1)} | "
            f"{seeds_cov[0]} → {end[0]} | {seeds_cov[1]} → {end[1]} | "
            f"{r['seeds'][0]} ({kib(r['seeds'][1])}) → {r['corpus_committed'][0]} "
            f"({kib(r['corpus_committed'][1])}) | {'yes' if r['dict'] else 'no'} | "
            f"{', '.join(Path(f).name for f in r['findings']) or 'none'}"
            f"{' (stalls: ' + str(len(r['stalls'])) + ')' if r.get('stalls') else ''} |")
    total = sum(r["execs"] for r in results)
    reached = sum(1 for r in results if r["execs"] >= args.execs)
    return "\n".join([
        SECTION,
        "",
        "What: every libFuzzer target (tests/fuzz, clang 16, ASan + UBSan + libFuzzer) run one at a time",
        f"until it passed {args.execs:,} executions, each chunk at most {args.chunk} s under "
        f"`flock {args.lock} nice -n {args.nice}` on the shared 2-core machine, every chunk resuming from",
        "the corpus the previous ones grew (with N jobs, N libFuzzer processes share that corpus during",
        "a hold; exec/s is then theirs together); then `-merge=1` of the grown corpus into",
        "tests/fuzz/corpus/<name> (only inputs that add coverage to what is committed). Program:",
        "`bench/fuzz_campaign.py`.",
        "",
        "Command:",
        "",
        "```",
        "CXX=clang++-16 meson setup build-fuzz -Dfuzz=enabled -Dbenchmarks=false",
        "bench/fuzz_campaign.py --build build-fuzz --record BENCHMARKS.md",
        "```",
        "",
        f"Run: {began} to {ended} UTC, commit {', '.join(commit)}, {os.cpu_count()} cores (work that takes the same "
        "lock waits; anything else running beside makes exec/s a floor, not the machine's speed). Options of every chunk:",
        "`-max_len=4096 -timeout=25 -rss_limit_mb=2048`, the dictionary when there is one,",
        "ASAN_OPTIONS=detect_leaks=1, UBSAN_OPTIONS=halt_on_error=1 (a UBSan report is a finding).",
        "",
        "| target | executions | fuzzing s | exec/s | chunks × jobs | cov (seeds → end) | ft (seeds → end) "
        "| corpus files (before → after merge) | dict | findings |",
        "|---|---:|---:|---:|---:|---|---|---|---|---|",
        *rows,
        "",
        f"Total {total:,} executions; {reached} of {len(results)} targets passed {args.execs:,}. "
        "cov is libFuzzer's count of covered edges (of the instrumented project code the target links), ft its "
        "finer features (edge hit counts, comparisons); \"seeds\" is the INITED line of the first chunk (the "
        "committed corpus alone), \"end\" the last chunk's DONE line.",
        "",
    ])


def record(path, text):
    doc = path.read_text() if path.exists() else "# bmcwsman benchmarks\n"
    if SECTION in doc:
        start = doc.index(SECTION)
        nxt = doc.find("\n## ", start + len(SECTION))
        doc = doc[:start] + text + (doc[nxt + 1:] if nxt != -1 else "")
    else:
        doc = doc.rstrip("\n") + "\n\n" + text
    path.write_text(doc)


def publish(state, args):
    """The section for every target run so far: printed, and written into --record."""
    results = [state[t] for t in sorted(state)]
    text = section(results, args, sorted({r["commit"] for r in results}),
                   min(r["began"] for r in results), max(r["ended"] for r in results))
    print(text)
    if args.record:
        record(args.record, text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", type=Path, default=ROOT / "build-fuzz")
    ap.add_argument("--execs", type=int, default=10_000_000, help="executions per target")
    ap.add_argument("--max-seconds", type=float, default=3600, help="time bound per target (wall, lock waits included)")
    ap.add_argument("--chunk", type=int, default=420, help="longest single run (one lock hold), seconds")
    ap.add_argument("--jobs", type=int, default=1, help="fuzzing processes per target during a lock hold")
    ap.add_argument("--lock", default=os.path.join(tempfile.gettempdir(), "cpu.lock"),
                    help="flock file shared with other CPU-heavy work on the machine (default: cpu.lock in the temp dir)")
    ap.add_argument("--nice", type=int, default=19)
    ap.add_argument("--target", action="append", default=[], help="only these (e.g. sel_fuzz); repeatable")
    ap.add_argument("--artifacts", type=Path, default=ROOT / "fuzz-artifacts" / "campaign",
                    help="findings, logs and results.json (the results of every target run so far)")
    ap.add_argument("--record", type=Path, help="write the section into this file (BENCHMARKS.md)")
    ap.add_argument("--no-merge", action="store_true", help="leave tests/fuzz/corpus unchanged")
    ap.add_argument("--resume", action="store_true",
                    help="continue a target whose earlier run ended on timeouts that prove to be machine stalls")
    ap.add_argument("--record-only", action="store_true",
                    help="run nothing: write the section from ARTIFACTS/results.json")
    args = ap.parse_args()
    args.build = args.build.resolve()
    args.artifacts = args.artifacts.resolve()  # libFuzzer resolves it from its own working directory
    if not os.access(SYMBOLIZER, os.X_OK):
        sys.exit(f"{SYMBOLIZER} is missing (apt-get install llvm-16)")
    if args.record_only:
        publish(json.loads((args.artifacts / "results.json").read_text()), args)
        return 0
    everything = targets_of(args.build)
    targets = args.target or everything
    unknown = sorted(set(targets) - set(everything))
    if unknown:
        sys.exit(f"not fuzz targets of {args.build}: {', '.join(unknown)}")
    subprocess.run(locked(["ninja", "-C", str(args.build)] + [f"tests/fuzz/{t}" for t in targets],
                          args.lock, args.nice), check=True)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    began = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    env = environment()
    # Results accumulate in the state file, so targets can be run in separate invocations.
    state_file = args.artifacts / "results.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    args.artifacts.mkdir(parents=True, exist_ok=True)
    failed = False
    for t in targets:
        prior = state.get(t) if args.resume else None
        r = run_target(t, args, env, args.artifacts, prior)
        r["commit"] = commit
        r["began"] = prior["began"] if prior else began
        r["ended"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
        state[t] = r
        state_file.write_text(json.dumps(state, indent=1))
        failed = failed or bool(r["findings"])
    publish(state, args)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
