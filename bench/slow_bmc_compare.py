#!/usr/bin/env python3
"""Enumerate of all sensors from an agent whose BMC is slow, side by side with one whose BMC
is fast (issue 6): the answers come from the polled model, so a slow BMC should not slow
them down.

    bench/slow_bmc_compare.py [BMCWSMAN] [--fast-delay US] [--slow-delay US]
        [--requests N] [--duration S] [--json FILE]

Two `bmcwsman serve --sim --users FILE --listen 127.0.0.1:0 --allow-basic-over-http
--poll-interval 10` run at the same time, one with BMCWSMAN_SIM_DELAY_US=5 (every register
transition of the in-process simulated BMC delayed by 5 µs: ~0.1 ms per IPMI command, about
20 transitions each) and one with BMCWSMAN_SIM_DELAY_US=5000 (~100 ms per command). The slow
one reads the whole SDR before it serves: its "serving" line is awaited for up to
--start-timeout seconds (default 300) and the start-up times are printed.

Then, on each (fast, slow, fast, slow...: the two measurements alternate so that a change in
the machine's load hits both alike):
  - the optimized Enumerate of CIM_Sensor with MaxElements 100 (all sensors and
    EndOfSequence in one answer; checked once: 200, EndOfSequence, the same instance count
    on both), --requests (default 300) sequential requests on one keep-alive connection
    (http.client) after 20 warm-up: p50, p99, max;
  - `wrk -t2 -c16 -dSs --latency -s bench/wrk/wsman.lua` with the same request: req/s, p99.
Printed for both with the ratio slow/fast (expected ~1). At 5000 µs a poll of the slow
BMC takes ~3 s (seen with `bmcwsman status`: the model is ~12.5 s old just before a poll
completes with --poll-interval 10), so its poller talks to the BMC about a quarter of the
time: a wrk run of 10 s overlaps a poll, a sequential run (a fraction of a second) may not.

A non-200 answer, an agent that does not start or exits other than 0 after SIGTERM fails
the run (exit status 1); the ratio itself is reported, not judged. Everything is on
127.0.0.1; both agents are stopped at the end, on errors and on Ctrl-C.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import wsman_wrk_compare as wc  # noqa: E402  (the same request, wrk parsing and sequential client)


class Agent:
    """`bmcwsman serve --sim` with BMCWSMAN_SIM_DELAY_US=delay; start() returns at once,
    wait() for the serving line."""

    def __init__(self, binary, users, delay_us, poll_interval):
        self.delay_us = delay_us
        self.args = [binary, "serve", "--sim", "--users", users, "--listen", "127.0.0.1:0", "--allow-basic-over-http",
                     "--poll-interval", str(poll_interval)]
        self.lines = []
        self.port = None
        self.ready = threading.Event()
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True, start_new_session=True,
                                     env=dict(os.environ, BMCWSMAN_SIM_DELAY_US=str(delay_us)))
        self.startup_s = None
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self):  # the whole run, so the pipe never fills
        for text in self.proc.stderr:
            self.lines.append(f"[{time.monotonic() - self.t0:8.2f}] {text.rstrip()}")
            m = re.search(r"serving WS-Management on http://127\.0\.0\.1:(\d+)/wsman", text)
            if m and self.port is None:
                self.port = int(m.group(1))
                self.startup_s = time.monotonic() - self.t0
                self.ready.set()
        self.ready.set()

    def wait(self, deadline):
        self.ready.wait(max(0.0, deadline - time.monotonic()))
        if self.port is None:
            state = "exited with %s" % self.proc.returncode if self.proc.poll() is not None else "still starting"
            raise RuntimeError(f"the agent with BMCWSMAN_SIM_DELAY_US={self.delay_us} did not serve ({state}):\n"
                               + "\n".join(self.lines[-20:]))

    def stop(self, timeout=20):
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            print(f"the agent (delay {self.delay_us} µs) did not stop in {timeout} s: killed", file=sys.stderr)
            self.proc.kill()
            self.proc.wait()
            return "killed"


def ratio(slow, fast):
    return slow / fast if slow is not None and fast else None


def fmt_ratio(v):
    return "-" if v is None else f"{v:.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bmcwsman", nargs="?", default=os.path.join(ROOT, "build", "agent", "bmcwsman"),
                    help="the bmcwsman binary (default build/agent/bmcwsman; bmcwsman-serve must be next to it)")
    ap.add_argument("--fast-delay", type=int, default=5, help="µs per register transition, fast BMC (default 5)")
    ap.add_argument("--slow-delay", type=int, default=5000, help="µs per register transition, slow BMC (default 5000)")
    ap.add_argument("--poll-interval", type=int, default=10, help="the agents' --poll-interval (default 10)")
    ap.add_argument("--start-timeout", type=float, default=300, help="seconds to wait for both to serve (default 300)")
    ap.add_argument("--requests", type=int, default=300, help="sequential requests per agent (default 300)")
    ap.add_argument("--warmup", type=int, default=20, help="sequential warm-up requests (default 20)")
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run, 1-300 (default 10)")
    ap.add_argument("--threads", type=int, default=2, help="wrk -t (default 2)")
    ap.add_argument("--connections", type=int, default=16, help="wrk -c (default 16)")
    ap.add_argument("--rounds", type=int, default=1, help="times the fast/slow pair of each measurement runs (default 1)")
    ap.add_argument("--wrk", default="wrk")
    ap.add_argument("--json", metavar="FILE", help="write the numbers as JSON")
    args = ap.parse_args()
    if not 1 <= args.duration <= 300 or args.requests < 1 or args.rounds < 1:
        ap.error("--duration 1-300, --requests and --rounds at least 1")
    args.bmcwsman = os.path.abspath(args.bmcwsman)
    signal.signal(signal.SIGINT, wc.on_signal)
    signal.signal(signal.SIGTERM, wc.on_signal)

    cpu = ""
    with open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    facts = {"nproc": os.cpu_count(), "cpu": cpu, "loadavg_start": open("/proc/loadavg").read().split()[:3],
             "wrk": wc.tool_version([args.wrk, "-v"]), "agent": wc.tool_version([args.bmcwsman, "--version"])}
    print(f"machine: nproc {facts['nproc']}, {cpu}, load average {' '.join(facts['loadavg_start'])}; "
          f"{facts['wrk']}; agent {facts['agent']}")
    report = {"machine": facts, "fast_delay_us": args.fast_delay, "slow_delay_us": args.slow_delay,
              "poll_interval_s": args.poll_interval, "requests": args.requests, "warmup": args.warmup,
              "wrk": {"threads": args.threads, "connections": args.connections, "duration_s": args.duration},
              "agents": {}, "sequential": {"fast": [], "slow": []}, "wrk_runs": {"fast": [], "slow": []}}
    workdir = tempfile.mkdtemp(prefix="bmcwsman-slowbmc-")
    agents = {}
    failed = False
    try:
        line = subprocess.run([args.bmcwsman, "hash-password", "--user", wc.USER, "--role", "reader"],
                              input=wc.PASSWORD + "\n", capture_output=True, text=True, check=True,
                              timeout=30).stdout.strip()
        users = os.path.join(workdir, "users")
        with open(users, "w") as f:
            f.write(line + "\n")
        body_file = os.path.join(workdir, "enumerate.xml")
        with open(body_file, "w") as f:
            f.write(wc.ENUMERATE_ALL)

        for name, delay in (("fast", args.fast_delay), ("slow", args.slow_delay)):
            agents[name] = Agent(args.bmcwsman, users, delay, args.poll_interval)
        print(f"started both: {' '.join(agents['fast'].args[1:])}, with BMCWSMAN_SIM_DELAY_US={args.fast_delay} "
              f"and ={args.slow_delay}; waiting up to {args.start_timeout:g} s for them to serve", flush=True)
        deadline = time.monotonic() + args.start_timeout
        for name in ("fast", "slow"):
            a = agents[name]
            a.wait(deadline)
            print(f"  {name} (BMCWSMAN_SIM_DELAY_US={a.delay_us}): serving on 127.0.0.1:{a.port} after "
                  f"{a.startup_s:.2f} s", flush=True)
            report["agents"][name] = {"delay_us": a.delay_us, "startup_s": a.startup_s, "port": a.port}

        counts = {}
        for name, a in agents.items():
            conn = wc.connection("http", a.port, None)
            status, xml, _ = wc.post(conn, "/wsman", wc.ENUMERATE_ALL)
            conn.close()
            if status != 200:
                raise RuntimeError(f"{name}: the optimized Enumerate answered {status}: {xml[:300]!r}")
            wc.check_enumeration(xml)
            counts[name] = wc.sensor_keys(xml)[1]
            report["agents"][name].update(instances=counts[name], answer_bytes=len(xml))
        print(f"optimized Enumerate of CIM_Sensor (MaxElements 100): {counts['fast']} instances in one answer "
              f"(fast, {report['agents']['fast']['answer_bytes']} bytes), {counts['slow']} (slow, "
              f"{report['agents']['slow']['answer_bytes']} bytes)")
        if counts["fast"] != counts["slow"]:
            print("  the two answers hold different numbers of instances", file=sys.stderr)
            failed = True

        print(f"\nsequential: {args.requests} requests on one keep-alive connection after {args.warmup} warm-up")
        for r in range(args.rounds):
            for name in ("fast", "slow"):
                a = agents[name]
                t = time.monotonic()
                s = wc.sequential(wc.connection("http", a.port, None), "/wsman", wc.ENUMERATE_ALL, args.requests,
                                  warmup=args.warmup)
                s["wall_s"] = time.monotonic() - t
                report["sequential"][name].append(s)
                failed |= s["failed"]
                print(f"  {name}: p50 {wc.fmt_ms(s['p50_ms'])}, p99 {wc.fmt_ms(s['p99_ms'])}, max "
                      f"{wc.fmt_ms(s['max_ms'])} ({s['wall_s']:.2f} s in all), statuses {s['statuses']}"
                      + ("  FAILED" if s["failed"] else ""), flush=True)

        print(f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency -s bench/wrk/wsman.lua")
        for r in range(args.rounds):
            for name in ("fast", "slow"):
                a = agents[name]
                w = wc.run_wrk(args.wrk, f"http://127.0.0.1:{a.port}/wsman", body_file, wc.AUTH, args)
                out = w.pop("wrk_output")
                report["wrk_runs"][name].append(w)
                failed |= w["failed"]
                print(f"  {name}: {wc.fmt_rate(w['requests_per_s'])} req/s, p50 {wc.fmt_ms(w['p50_ms'])}, p99 "
                      f"{wc.fmt_ms(w['p99_ms'])}, max {wc.fmt_ms(w.get('max_ms'))}, {w.get('requests', '?')} answers, "
                      f"statuses {w.get('statuses')}" + (f"; {'; '.join(w['problems'])}" if w["problems"] else ""),
                      flush=True)
                if w["failed"]:
                    print("    " + out.replace("\n", "\n    "))
        for name, a in agents.items():
            if a.proc.poll() is not None:
                print(f"the {name} agent exited with {a.proc.returncode} during the run", file=sys.stderr)
                failed = True

        def median_of(runs, key):
            values = sorted(x[key] for x in runs if x.get(key) is not None)
            return values[len(values) // 2] if values else None

        seq = {n: {k: median_of(report["sequential"][n], k) for k in ("p50_ms", "p99_ms", "max_ms")}
               for n in ("fast", "slow")}
        wrk = {n: {k: median_of(report["wrk_runs"][n], k) for k in ("requests_per_s", "p50_ms", "p99_ms")}
               for n in ("fast", "slow")}
        rows = [("start-up (until serving)", f"{agents['fast'].startup_s:.2f} s", f"{agents['slow'].startup_s:.2f} s",
                 ratio(agents["slow"].startup_s, agents["fast"].startup_s)),
                ("sequential p50", wc.fmt_ms(seq["fast"]["p50_ms"]), wc.fmt_ms(seq["slow"]["p50_ms"]),
                 ratio(seq["slow"]["p50_ms"], seq["fast"]["p50_ms"])),
                ("sequential p99", wc.fmt_ms(seq["fast"]["p99_ms"]), wc.fmt_ms(seq["slow"]["p99_ms"]),
                 ratio(seq["slow"]["p99_ms"], seq["fast"]["p99_ms"])),
                ("sequential max", wc.fmt_ms(seq["fast"]["max_ms"]), wc.fmt_ms(seq["slow"]["max_ms"]),
                 ratio(seq["slow"]["max_ms"], seq["fast"]["max_ms"])),
                (f"wrk -c{args.connections} req/s", wc.fmt_rate(wrk["fast"]["requests_per_s"]),
                 wc.fmt_rate(wrk["slow"]["requests_per_s"]),
                 ratio(wrk["slow"]["requests_per_s"], wrk["fast"]["requests_per_s"])),
                (f"wrk -c{args.connections} p50", wc.fmt_ms(wrk["fast"]["p50_ms"]), wc.fmt_ms(wrk["slow"]["p50_ms"]),
                 ratio(wrk["slow"]["p50_ms"], wrk["fast"]["p50_ms"])),
                (f"wrk -c{args.connections} p99", wc.fmt_ms(wrk["fast"]["p99_ms"]), wc.fmt_ms(wrk["slow"]["p99_ms"]),
                 ratio(wrk["slow"]["p99_ms"], wrk["fast"]["p99_ms"]))]
        print(f"\n| optimized Enumerate of all sensors | fast BMC ({args.fast_delay} µs/transition) | "
              f"slow BMC ({args.slow_delay} µs/transition) | slow/fast |")
        print("|---|---|---|---|")
        for label, f_, s_, r_ in rows:
            print(f"| {label} | {f_} | {s_} | {fmt_ratio(r_)} |")
        report["summary"] = {"sequential": seq, "wrk": wrk, "ratios": {label: r_ for label, _, _, r_ in rows}}
        facts["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
        print(f"\nload average at the end: {' '.join(facts['loadavg_end'])}")
    except (KeyboardInterrupt, wc.Stop) as e:
        print(f"\ninterrupted ({e or 'SIGINT'}): stopping the agents", file=sys.stderr)
        failed = True
        report["interrupted"] = True
    except Exception as e:
        print(f"\nFAILED: {type(e).__name__}: {e}", file=sys.stderr)
        failed = True
        report["error"] = str(e)
    finally:
        for name, a in agents.items():
            rc = a.stop()
            a.reader.join(timeout=5)
            report["agents"].setdefault(name, {})["exit_status"] = rc
        shutil.rmtree(workdir, ignore_errors=True)

    for name, a in agents.items():
        other = [x for x in a.lines if not re.search(r"bmcwsman: (serving WS-Management on|stopped$)", x)
                 and "running as root" not in x and "SIGTERM: stopping" not in x]
        if other:
            print(f"the {name} agent's other stderr lines ({len(other)}, first 10):\n  " + "\n  ".join(other[:10]))
        report["agents"][name]["stderr"] = a.lines[-50:]
        if a.proc.returncode != 0:
            print(f"the {name} agent's exit status after SIGTERM: {a.proc.returncode}", file=sys.stderr)
            failed = True
    report["failed"] = failed
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    if failed:
        print("FAILED: see above", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
