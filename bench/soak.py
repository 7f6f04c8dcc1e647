#!/usr/bin/env python3
"""Soak run of `bmcwsman serve --lan` against OpenIPMI's ipmi_sim (issue 6): a mixed
WS-Management load from 32 keep-alive connections for a long time, every answer checked,
the agent's memory, file descriptors and threads sampled over time.

    bench/soak.py [BMCWSMAN] [--profile JSON] [--duration S] [--json FILE]

BMCWSMAN defaults to build/agent/bmcwsman (its `serve` runs bmcwsman-serve next to it with
execv, so the process started is the server whose /proc entry is sampled), the profile to
build/sim/profile/server45.json. ipmi_sim serves the profile on free loopback ports
(sim/ipmi_sim/harness.py, a fresh state directory); the agent runs

    bmcwsman serve --lan 127.0.0.1:PORT --user admin --password-file F --lan-workarounds 16
        --smbios-dir EMPTY --users FILE --listen 127.0.0.1:0 --allow-basic-over-http
        --poll-interval 5

and its users file holds readers soak1, soak2, ... (`bmcwsman hash-password --user soakN
--role reader`), one per --connections-per-user (default 8) connections: the agent allows 16
open enumerations per user (wsman:QuotaLimit beyond), and 32 connections of one user, about
half of them inside an Enumerate/Pull loop at any moment, would run into that limit.

Load: --connections (default 32) Python threads, each with its own wsman_client session
(the project's client library through its C API and ctypes, tests/wsman_client/wsmc.py: keep-alive
connections, no envelope written here), spread over --processes (default 2) client
processes (the latencies are the client's, GIL waits included). Each connection repeats,
starting at a different step:
  1. Identify: an IdentifyResponse with a ProductVendor;
  2. Get of one CIM_NumericSensor by its 4 keys (rotating over all of them, the keys taken
     from an enumeration before the load): the instance with the DeviceID asked for;
  3. optimized Enumerate of CIM_Sensor with MaxElements 10, then Pulls until EndOfSequence
     (the library checks each answer): the total equal to the count before the load;
  4. the same for CIM_LogRecord (the SEL; the count must not change either).
Latencies are per operation (an enumeration with all its Pulls is one). More than 500 items
in an enumeration, a wrong answer or a library error (HTTP, fault, transport) is a failure;
the library's connection pool opens a new connection after a transport error. --steps picks a subset of
the round (identify,get: no enumerations), --think-ms pauses each connection after a round. Every --sample (default 10) seconds the
agent's VmRSS, VmHWM, RssAnon and RssFile (/proc/PID/status), open file descriptors
(/proc/PID/fd), threads and CPU time are sampled and a table line printed (t = 0: the idle
agent before the load; "first" in the summary is the first sample under load, the
connections open); at the end a summary: operations and failures per kind, p50/p99/max latency
per kind, RSS and fd first/last/max. --json FILE writes every sample and the summary. Targets:
0 failures, RSS max < 16 MiB, open fds flat (last - first <= --fd-slack, default 2).
Exit status 1 when a target is missed or the agent died.

Everything listens on 127.0.0.1 only; ipmi_sim and the agent run in their own sessions and
are stopped (SIGTERM, then SIGKILL) at the end, on errors and on Ctrl-C.
"""
import argparse
import json
import math
import multiprocessing as mp
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from array import array

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "sim", "ipmi_sim"))
from harness import IpmiSim  # noqa: E402

sys.path.insert(0, HERE)
from wsman_wrk_compare import Stop, on_signal  # noqa: E402  (shared with the throughput benchmark)
sys.path.insert(0, os.path.join(ROOT, "tests", "wsman_client"))
from wsmc import Wsmc, WsmcError  # noqa: E402  (the wsman_client C API through ctypes)

DMTF = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
KEYS = ("SystemCreationClassName", "SystemName", "CreationClassName", "DeviceID")
PASSWORD = "soak-password"  # of every reader soak1, soak2, ...
MAX_ELEMENTS = 10
MAX_ITEMS = 50 * MAX_ELEMENTS  # items of one enumeration before it counts as endless
RSS_TARGET_MIB = 16.0

# Request kinds, in this order in the shared counters (an enumeration: Enumerate and its Pulls).
KINDS = ("identify", "get", "sensor_enumeration", "log_enumeration")


class Bad(Exception):
    """A wrong answer (content)."""


def check_identify(xml):
    root = ET.fromstring(xml)
    if not root.tag.endswith("}IdentifyResponse") or not any(c.tag.endswith("}ProductVendor") and c.text for c in root):
        raise Bad("no IdentifyResponse/ProductVendor")


def check_get(xml, device_id):
    inst = ET.fromstring(xml)
    if inst.tag != f"{{{DMTF}CIM_NumericSensor}}CIM_NumericSensor":
        raise Bad(f"no CIM_NumericSensor in the Get answer: {inst.tag}")
    got = inst.findtext(f"{{{DMTF}CIM_NumericSensor}}DeviceID")
    if got != device_id:
        raise Bad(f"Get answered DeviceID {got!r}, asked {device_id!r}")


def enumerate_all(session, cls, props=()):
    """Enumerate then Pull (MaxElements 10) to the end through the library: one dict of `props`
    per item."""
    out = []

    def item(it):
        if it.class_name() is None:
            raise Bad(f"{cls}: an item that is no instance")
        out.append({p: it.value(p) for p in props})
        if len(out) > MAX_ITEMS:
            raise Bad(f"{cls}: more than {MAX_ITEMS} items: no end of the enumeration")
    session.enumerate(DMTF + cls, item, max_elements=MAX_ELEMENTS)
    return out


def resource_of(cls, keys):
    return DMTF + cls + "?" + "+".join(f"{k}={v}" for k, v in keys.items())


# ---------------------------------------------------------------------------------------------
# Client processes: T threads each; counters in shared memory (one slot per thread and kind,
# written by that thread only), latencies and failure texts sent back at the end.

def user_of(slot, nusers):
    return f"soak{slot % nusers + 1}"


STEPS = ("identify", "get", "sensors", "log")  # the round each connection repeats


def client_thread(wsmc, slot, port, nusers, keys, expected, steps, stop_event, think, counters, lat, failures):
    session = wsmc.session(f"http://127.0.0.1:{port}/wsman", user=user_of(slot, nusers), password=PASSWORD,
                           auth="basic", timeout_ms=30000)
    nk = len(KINDS)
    done_base, fail_base = slot * nk * 2, slot * nk * 2 + nk

    def fail(kind, what):
        counters[fail_base + kind] += 1
        if len(failures) < 20:
            failures.append(f"{time.strftime('%H:%M:%S')} {KINDS[kind]}: {what}")

    at = slot % len(steps)
    n = slot
    while not stop_event.is_set():
        step = STEPS.index(steps[at])
        kind = step
        start = time.perf_counter()
        try:
            if step == 0:
                check_identify(session.identify())
            elif step == 1:
                k = keys[n % len(keys)]
                n += 1
                check_get(session.get(resource_of("CIM_NumericSensor", k)), k["DeviceID"])
            else:
                cls = "CIM_Sensor" if step == 2 else "CIM_LogRecord"
                items = enumerate_all(session, cls)
                if len(items) != expected[cls]:
                    raise Bad(f"{cls}: {len(items)} instances, {expected[cls]} before the load")
            lat[kind].append(time.perf_counter() - start)
            counters[done_base + kind] += 1
        except (Bad, ET.ParseError) as e:
            fail(kind, str(e))
        except WsmcError as e:  # the library's connection pool opens a new connection by itself
            fail(kind, str(e))
        at = (at + 1) % len(steps)
        if think and at == 0:
            stop_event.wait(think)
    session.close()


def client_process(lib_path, first_slot, nthreads, port, nusers, keys, expected, steps, stop_event, think, counters,
                   results):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us through stop_event
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    wsmc = Wsmc(lib_path)
    lats = [[array("d") for _ in KINDS] for _ in range(nthreads)]
    failures = []
    threads = [threading.Thread(target=client_thread,
                                args=(wsmc, first_slot + i, port, nusers, keys, expected, steps, stop_event, think,
                                      counters, lats[i], failures), daemon=True)
               for i in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    merged = [array("d") for _ in KINDS]
    for per_thread in lats:
        for k, a in enumerate(per_thread):
            merged[k].extend(a)
    results.put({"latencies": [a.tobytes() for a in merged], "failures": failures})


# ---------------------------------------------------------------------------------------------
# The agent and its /proc entry.

def proc_sample(pid):
    status = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            status[key] = value.strip()
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return {"rss_kib": int(status["VmRSS"].split()[0]), "hwm_kib": int(status["VmHWM"].split()[0]),
            "rss_anon_kib": int(status["RssAnon"].split()[0]), "rss_file_kib": int(status["RssFile"].split()[0]),
            "threads": int(status["Threads"]), "fds": len(os.listdir(f"/proc/{pid}/fd")),
            "cpu_s": (int(fields[11]) + int(fields[12])) / ticks}


class Agent:
    def __init__(self, binary, bmc, workdir, poll_interval, nusers, extra):
        self.lines = []
        self.users = os.path.join(workdir, "users")
        with open(self.users, "w") as f:
            for i in range(nusers):
                user = user_of(i, nusers)
                line = subprocess.run([binary, "hash-password", "--user", user, "--role", "reader"],
                                      input=PASSWORD + "\n", capture_output=True, text=True, check=True,
                                      timeout=30).stdout.strip()
                if not line.startswith(user + ":"):
                    raise RuntimeError(f"hash-password --user {user} printed {line!r}")
                f.write(line + "\n")
        password_file = os.path.join(workdir, "lan-password")
        with open(password_file, "w") as f:
            f.write(bmc.password + "\n")
        os.chmod(password_file, 0o600)
        smbios = os.path.join(workdir, "no-smbios")  # the FRU alone describes the server
        os.makedirs(smbios)
        self.args = [binary, "serve", "--lan", f"127.0.0.1:{bmc.lan_port}", "--user", bmc.user, "--password-file",
                     password_file, "--lan-workarounds", "16", "--smbios-dir", smbios, "--users", self.users,
                     "--listen", "127.0.0.1:0", "--allow-basic-over-http", "--poll-interval", str(poll_interval),
                     *extra]
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True, start_new_session=True)
        ready = threading.Event()
        self.port = None

        def drain():  # the whole run, so the pipe never fills
            for text in self.proc.stderr:
                self.lines.append(f"[{time.monotonic() - t0:8.2f}] {text.rstrip()}")
                m = re.search(r"serving WS-Management on http://127\.0\.0\.1:(\d+)/wsman", text)
                if m:
                    self.port = int(m.group(1))
                    ready.set()
            ready.set()

        self.reader = threading.Thread(target=drain, daemon=True)
        self.reader.start()
        try:
            ready.wait(60)
        except BaseException:  # Ctrl-C while it starts: not left running
            self.stop()
            raise
        self.startup_s = time.monotonic() - t0
        if self.port is None:
            self.stop()
            raise RuntimeError("the agent did not start:\n" + "\n".join(self.lines[-30:]))
        exe = os.readlink(f"/proc/{self.proc.pid}/exe")
        if not os.path.basename(exe).startswith("bmcwsman-serve"):
            print(f"note: process {self.proc.pid} is {exe}, not bmcwsman-serve", file=sys.stderr)

    def alive(self):
        return self.proc.poll() is None

    def stop(self, timeout=20):
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            print(f"the agent did not stop in {timeout} s: killed", file=sys.stderr)
            self.proc.kill()
            self.proc.wait()
            return "killed"


def nearest_rank(sorted_values, q):
    return sorted_values[min(len(sorted_values), max(1, math.ceil(q * len(sorted_values)))) - 1]


def fmt_ms(seconds):
    if seconds is None:
        return "-"
    v = seconds * 1e3
    return f"{v * 1e3:.0f} µs" if v < 1 else f"{v:.2f} ms"


def mib(kib):
    return kib / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bmcwsman", nargs="?", default=os.path.join(ROOT, "build", "agent", "bmcwsman"),
                    help="the bmcwsman binary (default build/agent/bmcwsman; bmcwsman-serve must be next to it)")
    ap.add_argument("--client-lib", help="the wsman_client C library the load goes through (default: "
                    "wsman_client/libwsman_client.so.0 in the agent's build tree)")
    ap.add_argument("--profile", default=os.path.join(ROOT, "build", "sim", "profile", "server45.json"))
    ap.add_argument("--duration", type=int, default=600, help="seconds of load (default 600)")
    ap.add_argument("--connections", type=int, default=32, help="concurrent keep-alive connections (default 32)")
    ap.add_argument("--processes", type=int, default=2, help="client processes sharing them (default 2)")
    ap.add_argument("--connections-per-user", type=int, default=8,
                    help="connections sharing one reader (default 8; the agent allows 16 open enumerations a user)")
    ap.add_argument("--think-ms", type=float, default=0.0,
                    help="pause of each connection after every round of its steps (default 0: closed loop)")
    ap.add_argument("--steps", default=",".join(STEPS),
                    help="the round, comma-separated from identify,get,sensors,log (default all four; "
                         "e.g. identify,get: a load that opens no enumerations)")
    ap.add_argument("--sample", type=float, default=10.0, help="seconds between samples (default 10)")
    ap.add_argument("--poll-interval", type=int, default=5, help="the agent's --poll-interval (default 5)")
    ap.add_argument("--fd-slack", type=int, default=2, help="open fds may end this many above the first sample")
    ap.add_argument("--json", metavar="FILE", help="write the samples and the summary as JSON")
    ap.add_argument("agent_args", nargs="*", help="after --: more `serve` options")
    args = ap.parse_args()
    if args.duration < 1 or args.connections < 1 or args.connections_per_user < 1 or \
            not 1 <= args.processes <= args.connections:
        ap.error("--duration and --connections must be positive, --processes 1..connections")
    args.steps = tuple(x.strip() for x in args.steps.split(",") if x.strip())
    if not args.steps or any(x not in STEPS for x in args.steps):
        ap.error(f"--steps: a comma-separated list from {','.join(STEPS)}")
    args.bmcwsman = os.path.abspath(args.bmcwsman)
    args.client_lib = os.path.abspath(args.client_lib or os.path.join(
        os.path.dirname(os.path.dirname(args.bmcwsman)), "wsman_client", "libwsman_client.so.0"))
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    nusers = -(-args.connections // args.connections_per_user)
    cpu = ""
    with open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    facts = {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
             "loadavg_start": open("/proc/loadavg").read().split()[:3]}
    print(f"machine: nproc {facts['nproc']}, {cpu}, kernel {facts['kernel']}, load average "
          f"{' '.join(facts['loadavg_start'])}")
    report = {"steps": list(args.steps), "machine": facts, "duration_s": args.duration, "connections": args.connections,
              "connections_per_user": args.connections_per_user, "think_ms": args.think_ms,
              "processes": args.processes, "poll_interval_s": args.poll_interval, "samples": []}
    workdir = tempfile.mkdtemp(prefix="bmcwsman-soak-")
    bmc = agent = None
    workers, stop_event = [], None
    failed, interrupted = False, False
    samples = report["samples"]
    totals = None
    try:
        bmc = IpmiSim(args.profile)  # its own fresh work and state directory, removed by close()
        bmc.start()
        agent = Agent(args.bmcwsman, bmc, workdir, args.poll_interval, nusers, args.agent_args)
        print(f"ipmi_sim (pid {bmc.proc.pid}) on 127.0.0.1:{bmc.lan_port}; agent (pid {agent.proc.pid}) on "
              f"127.0.0.1:{agent.port} after {agent.startup_s:.2f} s:\n  {' '.join(agent.args)}")
        report["agent_args"] = agent.args
        report["startup_s"] = agent.startup_s

        # What the load checks against: the numeric sensors' keys and the instance counts.
        # The probe's library session is closed before the client processes fork.
        wsmc = Wsmc(args.client_lib)
        with wsmc.session(f"http://127.0.0.1:{agent.port}/wsman", user=user_of(0, nusers), password=PASSWORD,
                          auth="basic", timeout_ms=60000) as probe:
            keys = enumerate_all(probe, "CIM_NumericSensor", KEYS)
            expected = {cls: len(enumerate_all(probe, cls)) for cls in ("CIM_Sensor", "CIM_LogRecord")}
        if not keys or not expected["CIM_Sensor"]:
            raise RuntimeError(f"nothing to load: {len(keys)} numeric sensors, {expected}")
        print(f"before the load: {expected['CIM_Sensor']} CIM_Sensor, {len(keys)} CIM_NumericSensor (Get rotates "
              f"over their keys), {expected['CIM_LogRecord']} CIM_LogRecord")
        report["expected"] = dict(expected, CIM_NumericSensor=len(keys))

        ctx = mp.get_context("fork")
        nk = len(KINDS)
        counters = ctx.Array("q", args.connections * nk * 2, lock=False)
        stop_event = ctx.Event()
        results = ctx.Queue()
        per = [args.connections // args.processes + (1 if i < args.connections % args.processes else 0)
               for i in range(args.processes)]
        print(f"load: {args.connections} keep-alive connections ({' + '.join(map(str, per))} threads in "
              f"{args.processes} processes) as {nusers} readers, round: {' / '.join(args.steps)} "
              f"(Enumerate+Pull with MaxElements {MAX_ELEMENTS})"
              + (f", {args.think_ms:g} ms pause per round" if args.think_ms else ", closed loop")
              + f", {args.duration} s; a sample every {args.sample:g} s\n")

        def totals_now():
            done = [0] * nk
            fails = [0] * nk
            for slot in range(args.connections):
                b = slot * nk * 2
                for k in range(nk):
                    done[k] += counters[b + k]
                    fails[k] += counters[b + nk + k]
            return done, fails

        header = (f"{'t (s)':>6} {'requests':>9} {'req/s':>7} {'failures':>8} {'RSS MiB':>8} {'HWM MiB':>8} "
                  f"{'anon MiB':>8} {'file MiB':>8} {'fds':>4} {'threads':>7} {'agent CPU':>9}")
        print(header)
        print("-" * len(header))

        def take_sample(t, prev):
            s = proc_sample(agent.proc.pid)
            done, fails = totals_now()
            s.update(t_s=round(t, 1), requests=sum(done), failures=sum(fails),
                     requests_by_kind=dict(zip(KINDS, done)), failures_by_kind=dict(zip(KINDS, fails)))
            if prev is None:
                rate, cpu_pct = 0.0, 0.0
            else:
                dt = max(1e-6, t - prev["t_s"])
                rate = (s["requests"] - prev["requests"]) / dt
                cpu_pct = 100 * (s["cpu_s"] - prev["cpu_s"]) / dt
            s["requests_per_s"], s["agent_cpu_percent"] = round(rate, 1), round(cpu_pct, 1)
            samples.append(s)
            print(f"{s['t_s']:6.0f} {s['requests']:9d} {rate:7.0f} {s['failures']:8d} {mib(s['rss_kib']):8.2f} "
                  f"{mib(s['hwm_kib']):8.2f} {mib(s['rss_anon_kib']):8.2f} {mib(s['rss_file_kib']):8.2f} "
                  f"{s['fds']:4d} {s['threads']:7d} {cpu_pct:8.0f}%", flush=True)
            return s

        start = time.monotonic()
        prev = take_sample(0.0, None)
        first_slot = 0
        for i, n in enumerate(per):
            p = ctx.Process(target=client_process, args=(args.client_lib, first_slot, n, agent.port, nusers, keys, expected, args.steps, stop_event,
                                                         args.think_ms / 1e3, counters, results), daemon=True)
            p.start()
            workers.append(p)
            first_slot += n
        end = start + args.duration
        next_sample = start + args.sample
        while True:
            now = time.monotonic()
            if now >= end:
                break
            time.sleep(max(0.0, min(next_sample, end) - now))
            if not agent.alive():
                raise RuntimeError(f"the agent exited with {agent.proc.returncode} during the load")
            if time.monotonic() >= next_sample - 1e-3 and next_sample < end - 1.0:  # the last one: below
                prev = take_sample(time.monotonic() - start, prev)
                next_sample += args.sample
        stop_event.set()
        elapsed = time.monotonic() - start
        prev = take_sample(elapsed, prev)
        totals = collect(workers, results, args.processes)
    except (KeyboardInterrupt, Stop) as e:
        print(f"\ninterrupted ({e or 'SIGINT'}): stopping the load, the agent and ipmi_sim", file=sys.stderr)
        interrupted = failed = True
        report["interrupted"] = True
        if stop_event is not None:
            stop_event.set()
            try:
                if agent is not None and agent.alive():
                    prev = take_sample(time.monotonic() - start, prev)
                totals = collect(workers, results, len(workers))
            except Exception as ex:  # partial results are a bonus
                print(f"no results from the clients: {ex}", file=sys.stderr)
    except Exception as e:
        print(f"\nFAILED: {type(e).__name__}: {e}", file=sys.stderr)
        failed = True
        report["error"] = str(e)
        if stop_event is not None:
            stop_event.set()
    finally:
        for p in workers:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()
                p.join()
        if agent is not None:
            report["agent_exit_status"] = agent.stop()
            agent.reader.join(timeout=5)
        if bmc is not None:
            bmc.close()
        shutil.rmtree(workdir, ignore_errors=True)

    if agent is not None:
        other = [line for line in agent.lines if not re.search(r"bmcwsman: (serving WS-Management on|stopped$)", line)]
        if other:
            print(f"\nthe agent's other stderr lines ({len(other)}, first 20):\n  " + "\n  ".join(other[:20]))
        report["agent_stderr"] = agent.lines[-200:]
        if report.get("agent_exit_status") != 0:
            print(f"the agent's exit status after SIGTERM: {report.get('agent_exit_status')}", file=sys.stderr)
            failed = True

    if samples and totals is not None:
        failed |= summarize(report, samples, totals, args)
    report["failed"] = failed
    report["machine"]["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    if failed:
        print("FAILED: see above", file=sys.stderr)
    sys.exit(1 if failed else 0)


def collect(workers, results, n, timeout=60):
    """The clients' latencies and failure texts (read before joining: a full queue blocks them)."""
    out = {"latencies": [array("d") for _ in KINDS], "failures": []}
    for _ in range(n):
        r = results.get(timeout=timeout)
        for k, raw in enumerate(r["latencies"]):
            a = array("d")
            a.frombytes(raw)
            out["latencies"][k].extend(a)
        out["failures"] += r["failures"]
    return out


def summarize(report, samples, totals, args):
    last = samples[-1]
    print(f"\nsummary over {last['t_s']:.0f} s (load average at the end: "
          f"{' '.join(open('/proc/loadavg').read().split()[:3])})")
    print("\n| request | answers | failures | p50 | p99 | max |")
    print("|---|---|---|---|---|---|")
    kinds = {}
    for k, name in enumerate(KINDS):
        lat = sorted(totals["latencies"][k])
        row = {"answers": last["requests_by_kind"][name], "failures": last["failures_by_kind"][name],
               "p50_ms": nearest_rank(lat, 0.5) * 1e3 if lat else None,
               "p99_ms": nearest_rank(lat, 0.99) * 1e3 if lat else None,
               "max_ms": lat[-1] * 1e3 if lat else None}
        kinds[name] = row
        sec = lambda v: None if v is None else v / 1e3  # noqa: E731
        print(f"| {name} | {row['answers']} | {row['failures']} | {fmt_ms(sec(row['p50_ms']))} | "
              f"{fmt_ms(sec(row['p99_ms']))} | {fmt_ms(sec(row['max_ms']))} |")
    total = last["requests"]
    print(f"| all | {total} | {last['failures']} | | | |")
    print(f"\n{total / max(1e-6, last['t_s']):.0f} operations/s on average (an enumeration is one)")
    if totals["failures"]:
        print("first failures:\n  " + "\n  ".join(totals["failures"][:20]))
    # samples[0] is the idle agent before the load; "first" is the first sample under load
    # (the 32 connections open), so an fd count that stays flat compares like with like.
    idle, loaded = samples[0], samples[1:] or samples
    rss = [s["rss_kib"] for s in loaded]
    fds = [s["fds"] for s in loaded]
    threads = [s["threads"] for s in loaded]
    rss_max = mib(max(max(rss), last["hwm_kib"]))
    print(f"idle before the load: RSS {mib(idle['rss_kib']):.2f} MiB (anonymous {mib(idle['rss_anon_kib']):.2f}, "
          f"file-backed {mib(idle['rss_file_kib']):.2f}), {idle['fds']} fds, {idle['threads']} threads; "
          f"under load (from t = {loaded[0]['t_s']:.0f} s):")
    verdicts = {
        "failures": (last["failures"] == 0, f"{last['failures']} (target 0)"),
        "rss": (rss_max < RSS_TARGET_MIB,
                f"first {mib(rss[0]):.2f} MiB, last {mib(rss[-1]):.2f} MiB, max {mib(max(rss)):.2f} MiB, "
                f"VmHWM {mib(last['hwm_kib']):.2f} MiB; anonymous first {mib(loaded[0]['rss_anon_kib']):.2f}, "
                f"last {mib(last['rss_anon_kib']):.2f} MiB (target VmRSS < {RSS_TARGET_MIB:g} MiB)"),
        "fds": (fds[-1] - fds[0] <= args.fd_slack,
                f"first {fds[0]}, last {fds[-1]}, max {max(fds)} (target flat: last - first <= {args.fd_slack})"),
    }
    print(f"threads: first {threads[0]}, last {threads[-1]}, max {max(threads)}")
    failed = False
    for name, (ok, text) in verdicts.items():
        print(f"{name}: {text}: {'met' if ok else 'MISSED'}")
        failed |= not ok
    report["summary"] = {"kinds": kinds, "answers": total, "failures": last["failures"],
                         "operations_per_s": total / max(1e-6, last["t_s"]),
                         "first_failures": totals["failures"][:20],
                         "idle": {"rss_mib": mib(idle["rss_kib"]), "fds": idle["fds"], "threads": idle["threads"]},
                         "rss_mib": {"first": mib(rss[0]), "last": mib(rss[-1]), "max": mib(max(rss)),
                                     "hwm": mib(last["hwm_kib"]), "anon_first": mib(loaded[0]["rss_anon_kib"]),
                                     "anon_last": mib(last["rss_anon_kib"])},
                         "fds": {"first": fds[0], "last": fds[-1], "max": max(fds)},
                         "threads": {"first": threads[0], "last": threads[-1], "max": max(threads)},
                         "targets_met": {k: v[0] for k, v in verdicts.items()}}
    return failed


if __name__ == "__main__":
    main()
