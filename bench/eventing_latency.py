#!/usr/bin/env python3
"""Issue 18: event delivery latency and the agent's CPU per event with 1, 100 and 1000 Push
subscribers on loopback.

    python3 sim/ipmi_sim/with_ipmi_sim.py build/sim/profile/server45.json -- \\
        python3 bench/eventing_latency.py build/agent/bmcwsman [EVENTS] [COUNTS...]

For each subscriber count: a fresh agent (`serve --lan --state-dir`, SEL read every 1000 ms
between 10 s polls), that many Push subscriptions to one event sink, then EVENTS events logged
through ipmi_sim's console 2-3 s apart (random). The sink is build/bench/bench_event_sink (C++,
one epoll thread, keep-alive, no XML parsing: cheap per request, so the agent is measured), or
with BENCH_PYTHON_SINK=1 tests/eventing/event_sink.py (Python's ThreadingHTTPServer: at 1000
subscribers it is itself a bottleneck, the sink of the first measurement; BENCH_SINK names
another native sink program). Latency = from
the console command to the sink's receipt, per subscriber and event (includes the wait for
the next SEL read, uniform in 0-1 s). CPU = the agent's user+system time over the events
(from /proc), per event (all its deliveries). BENCH_PERF=FILE also records a perf profile of the
agent over the events to FILE.<count>."""
import os
import random
import subprocess
import sys
import threading
import tempfile
import time
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "eventing"))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "agent"))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "wsman_front"))
sys.dont_write_bytecode = True
import sdr_quirks_test as quirks  # noqa: E402
import wsman_harness as wh  # noqa: E402
from event_sink import EventSink  # noqa: E402

ALERT = wh.DMTF + "CIM_AlertIndication"
EVENT_ACTION = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Event"


class NativeSink:
    """build/bench/bench_event_sink: one line per message on its stdout (monotonic time, path,
    action), read by a thread; the same received() as event_sink.EventSink."""

    class Message:
        def __init__(self, at, action):
            self.received_at = at
            self.action = action

    def __init__(self, program):
        self.proc = subprocess.Popen([program], stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline().split()[1])
        self.messages = {}
        self.lock = threading.Lock()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.proc.stdout:
            at, path, action = (line.rstrip("\n").split(" ", 2) + ["", ""])[:3]
            with self.lock:
                self.messages.setdefault(path, []).append(NativeSink.Message(float(at), action))

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def received(self, path, action=None):
        with self.lock:
            return [m for m in self.messages.get(path, []) if action is None or m.action == action]

    def close(self):
        self.proc.terminate()
        self.proc.wait(10)


def make_sink():
    if os.environ.get("BENCH_PYTHON_SINK") == "1":
        return EventSink()
    build = os.path.dirname(os.path.dirname(os.path.abspath(quirks.BMCWSMAN)))
    return NativeSink(os.environ.get("BENCH_SINK") or os.path.join(build, "bench", "bench_event_sink"))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def subscribe(url):
    """A Push subscription to CIM_AlertIndication with NotifyTo url, through bmcwsman-client."""
    p = subprocess.run([quirks.client_path(), "subscribe", "CIM_AlertIndication", "--mode", "push", "--notify-to", url,
                        "-r", f"http://127.0.0.1:{wh.SERVER.port}/wsman", "-u", "ann", "--format", "json"],
                       capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                       env=dict(os.environ, WSMAN_PASS=wh.USERS["ann"][0]))
    if p.returncode != 0:
        raise RuntimeError(f"subscribe: exit {p.returncode}: {p.stderr[:500]}")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(count, events):
    state = tempfile.mkdtemp(prefix="bmcwsman-bench-")
    sink = make_sink()
    agent = None
    try:
        agent = quirks.Agent(extra=("--state-dir", state, "--max-subscriptions", str(count + 10),
                                    "--max-subscriptions-per-user", str(count + 10)), poll_interval=10)
        wh.SERVER = agent
        for i in range(count):
            subscribe(sink.url(f"/s{i}"))
        time.sleep(3)
        perf = None
        if os.environ.get("BENCH_PERF"):  # a profile of the agent over the events: perf report -i FILE
            perf = subprocess.Popen(["perf", "record", "-q", "-g", "-F", "499", "-p", str(agent.proc.pid), "-o",
                                     f"{os.environ['BENCH_PERF']}.{count}"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
        cpu0 = cpu_seconds(agent.proc.pid)
        sent = []
        for n in range(events):
            data = [0, 0, 0, 0, 0x20, 0x00, 0x04, 0x01, 0x01, 0x01, 0x59, 0x5C, n & 0xFF]
            sent.append(time.monotonic())
            quirks.control("console sel_add 0x20 0x02 " + " ".join(f"0x{b:02x}" for b in data))
            time.sleep(2 + random.random())  # no fixed phase against the 1 s SEL reads
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            got = sum(len(sink.received(f"/s{i}", EVENT_ACTION)) for i in range(count))
            if got >= count * events:
                break
            time.sleep(0.5)
        cpu = cpu_seconds(agent.proc.pid) - cpu0
        if perf:
            perf.send_signal(2)
            perf.wait(60)
        latencies, missing = [], 0
        for i in range(count):
            received = sink.received(f"/s{i}", EVENT_ACTION)
            missing += events - len(received)
            for t0, m in zip(sent, received):
                latencies.append((m.received_at - t0) * 1000)
        return {"subscribers": count, "events": events, "deliveries": len(latencies), "missing": missing,
                "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
                "max_ms": max(latencies), "cpu_ms_per_event": cpu * 1000 / events,
                "cpu_us_per_delivery": cpu * 1e6 / max(1, len(latencies))}
    finally:
        if agent:
            agent.stop()
        wh.SERVER = None
        sink.close()
        shutil.rmtree(state, ignore_errors=True)


def main():
    quirks.BMCWSMAN = os.path.abspath(sys.argv[1])
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    counts = [int(c) for c in sys.argv[3:]] or [1, 100, 1000]
    print("| subscribers | events | deliveries | missing | p50 ms | p99 ms | max ms | agent CPU ms/event | CPU µs/delivery |")
    print("|---|---|---|---|---|---|---|---|---|")
    for count in counts:
        r = run(count, events)
        print(f"| {r['subscribers']} | {r['events']} | {r['deliveries']} | {r['missing']} | {r['p50_ms']:.0f} | "
              f"{r['p99_ms']:.0f} | {r['max_ms']:.0f} | {r['cpu_ms_per_event']:.1f} | {r['cpu_us_per_delivery']:.0f} |",
              flush=True)


if __name__ == "__main__":
    main()
