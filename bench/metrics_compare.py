#!/usr/bin/env python3
"""Side by side (issue 17): Prometheus scrapes of Debian's prometheus-ipmi-exporter 1.6.1
(remote mode, /ipmi: FreeIPMI tools over LAN on every scrape) and of bmcwsman (local
/metrics from its polled model, and multi-target /ipmi with a warm model) against the same
ipmi_sim, with the 45-sensor profile and a 200-sensor one (make_profile.py server200).

    bench/metrics_compare.py BMCWSMAN [ROUNDS] [--record BENCHMARKS.md]

For each profile, round and rate (1 and 20 scrapes per second, open loop: a scrape starts
on schedule whether or not the previous one finished) each of the three endpoints is
scraped in turn, the order alternating between rounds. Reported per run: scrapes, scrape
latency p50/p99 (keep-alive connections, as Prometheus), server CPU per scrape (utime +
stime of the server and its reaped children from /proc, over the run, so bmcwsman's
background polling is included), BMC transactions per scrape (RMCP+ datagrams to the BMC
counted by a UDP relay in front of ipmi_sim, background polls included) and bmcwsman's
background BMC traffic with no scrape at all. Every run of every round is printed.
"""
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "sim", "ipmi_sim"))
from harness import IpmiSim  # noqa: E402

RATES = ((1, 15), (20, 8))  # (scrapes per second, seconds)
CLK = os.sysconf("SC_CLK_TCK")


class Relay:
    """A UDP relay in front of ipmi_sim counting the datagrams clients send to the BMC."""

    def __init__(self, bmc_port):
        self.bmc = ("127.0.0.1", bmc_port)
        self.front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.front.bind(("127.0.0.1", 0))
        self.port = self.front.getsockname()[1]
        self.count = 0
        self.backs = {}  # client address -> its socket towards the BMC
        self.lock = threading.Lock()
        threading.Thread(target=self.forward, daemon=True).start()

    def forward(self):
        while True:
            data, client = self.front.recvfrom(65536)
            with self.lock:
                self.count += 1
                back = self.backs.get(client)
                if back is None:
                    back = self.backs[client] = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    back.connect(self.bmc)
                    threading.Thread(target=self.backward, args=(back, client), daemon=True).start()
            back.send(data)

    def backward(self, back, client):
        while True:
            try:
                self.front.sendto(back.recv(65536), client)
            except OSError:
                return


def cpu_seconds(pid):
    """utime + stime + cutime + cstime of a process (its reaped children included)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / CLK


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port):
    for _ in range(600):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing on {port}")


def scrape_run(port, path, headers, rate, seconds):
    """Open-loop scrapes at `rate` per second for `seconds`; latencies in seconds."""
    latencies, errors = [], []
    lock = threading.Lock()
    local = threading.local()

    def one():
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            r = conn.getresponse()
            body = r.read()
            ok = r.status == 200 and b"ipmi_up" in body
        except (OSError, http.client.HTTPException) as e:
            local.conn = None
            ok = False
            body = str(e).encode()
        took = time.perf_counter() - start
        with lock:
            (latencies if ok else errors).append(took)

    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=64) as pool:
        begin = time.perf_counter()
        for i in range(rate * seconds):
            due = begin + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one)
    return latencies, errors


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(bmcwsman, profile, rounds, out):
    tmp = tempfile.mkdtemp(prefix="bmcwsman-metrics-bench-")
    procs = []
    try:
        with IpmiSim(profile) as bmc:
            relay = Relay(bmc.lan_port)
            target = f"127.0.0.1:{relay.port}"
            pw = os.path.join(tmp, "pw")
            with open(pw, "w") as f:
                f.write(bmc.password + "\n")
            os.chmod(pw, 0o600)
            users = os.path.join(tmp, "users")
            line = subprocess.run([bmcwsman, "hash-password", "--user", "bench", "--role", "reader"],
                                  input="bench-pw\n", capture_output=True, text=True, check=True).stdout
            with open(users, "w") as f:
                f.write(line)
            config = os.path.join(tmp, "bmcwsman.toml")
            with open(config, "w") as f:
                f.write(f'[modules.default]\nuser = "{bmc.user}"\npassword_file = "{pw}"\n'
                        'workarounds = "opensesspriv"\n')
            agent_port = free_port()
            agent = subprocess.Popen([bmcwsman, "serve", "--config", config, "--lan", target, "--user", bmc.user,
                                      "--password-file", pw, "--lan-workarounds", "16", "--users", users,
                                      "--listen", f"127.0.0.1:{agent_port}", "--allow-basic-over-http",
                                      "--poll-interval", "10", "--max-reading-age", "30"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(agent)
            ie_config = os.path.join(tmp, "ipmi.yml")
            with open(ie_config, "w") as f:
                f.write(f'modules:\n  default:\n    user: "{bmc.user}"\n    pass: "{bmc.password}"\n'
                        '    privilege: "admin"\n    driver: "LAN_2_0"\n    timeout: 10000\n'
                        '    collectors: [ipmi, bmc, chassis, sel]\n    workaround_flags: [opensesspriv]\n')
            ie_port = free_port()
            freeipmi = os.path.dirname(shutil.which("ipmimonitoring") or "/usr/sbin/ipmimonitoring")
            exporter = subprocess.Popen(["prometheus-ipmi-exporter", f"--config.file={ie_config}",
                                         f"--web.listen-address=127.0.0.1:{ie_port}", f"--freeipmi.path={freeipmi}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(exporter)
            wait_port(agent_port)
            wait_port(ie_port)
            import base64
            auth = {"Authorization": "Basic " + base64.b64encode(b"bench:bench-pw").decode()}
            endpoints = {
                "ipmi_exporter /ipmi": (exporter.pid, ie_port, f"/ipmi?target={target}&module=default", {}),
                "bmcwsman /metrics": (agent.pid, agent_port, "/metrics", auth),
                "bmcwsman /ipmi (warm)": (agent.pid, agent_port, f"/ipmi?target={target}&module=default", auth),
            }
            for _, port, path, headers in endpoints.values():  # warm: SDR read, sessions open
                scrape_run(port, path, headers, 1, 2)
            time.sleep(1)
            before, t0 = relay.count, time.perf_counter()
            time.sleep(10)
            background = (relay.count - before) / (time.perf_counter() - t0)
            name = os.path.basename(profile).replace(".json", "")
            out.append(f"{name}: bmcwsman's background BMC traffic (local model + one warm target, poll "
                       f"interval 10 s, no scrape): {background:.1f} datagrams/s")
            order = list(endpoints)
            for r in range(rounds):
                for rate, seconds in RATES:
                    for label in (order if r % 2 == 0 else list(reversed(order))):
                        pid, port, path, headers = endpoints[label]
                        cpu0, dg0 = cpu_seconds(pid), relay.count
                        lat, err = scrape_run(port, path, headers, rate, seconds)
                        time.sleep(0.5 if rate == 20 else 0)
                        cpu = cpu_seconds(pid) - cpu0
                        n = len(lat)
                        dg = relay.count - dg0
                        out.append(f"| {name} | {r + 1} | {rate}/s | {label} | {n} | {len(err)} | "
                                   f"{pct(lat, 50) * 1e3:.2f} | {pct(lat, 99) * 1e3:.2f} | "
                                   f"{cpu / max(n, 1) * 1e3:.2f} | {dg / max(n, 1):.1f} |" if n else
                                   f"| {name} | {r + 1} | {rate}/s | {label} | 0 | {len(err)} | - | - | - | - |")
                        print(out[-1], flush=True)
    finally:
        for p in procs:
            p.terminate()
            p.wait(20)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    args = sys.argv[1:]
    record = None
    if "--record" in args:
        i = args.index("--record")
        record = args[i + 1]
        del args[i:i + 2]
    bmcwsman = os.path.abspath(args[0])
    rounds = int(args[1]) if len(args) > 1 else 2
    tmp = tempfile.mkdtemp(prefix="bmcwsman-profiles-")
    out = []
    try:
        for variant in ("server45", "server200"):
            path = os.path.join(tmp, f"{variant}.json")
            subprocess.run([sys.executable, os.path.join(HERE, "..", "sim", "profile", "make_profile.py"), path,
                            variant], check=True)
            run(bmcwsman, path, rounds, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    header = ("| profile | round | rate | endpoint | scrapes | failed | p50 ms | p99 ms | CPU ms/scrape | "
              "BMC datagrams/scrape |\n|---|---|---|---|---|---|---|---|---|---|")
    table = [line for line in out if line.startswith("|")]
    notes = [line for line in out if not line.startswith("|")]
    text = header + "\n" + "\n".join(table) + "\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"
    print(text)
    if record:
        with open(record, "a") as f:
            f.write(text)


if __name__ == "__main__":
    main()
