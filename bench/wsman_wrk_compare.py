#!/usr/bin/env python3
"""WS-Management throughput and latency of `bmcwsman-serve --sim serve`, side by side
with nginx serving the same answers as static files (the ceiling), in one run.

    bench/wsman_wrk_compare.py [BMCWSMAN_SERVE] [--duration S] [--rounds N] [--json FILE]

BMCWSMAN_SERVE defaults to build/agent/bmcwsman-serve. Scenarios, each run with
`wrk -t2 -c16 -dSs --latency -s bench/wrk/wsman.lua` against the agent and then
against nginx: Identify, Get of one CIM_NumericSensor (its 4 keys taken from an
enumeration) and an optimized Enumerate of all 45 sensors (one answer, EndOfSequence,
so no context stays open) over HTTP keep-alive; Identify and Get over HTTPS keep-alive.
Each scenario runs --rounds times (default 3), agent then nginx, alternating: on a shared
VM both move by tens of percent from one run to the next, so one pair is luck. The round
with the median agent/nginx ratio is reported (its own agent and nginx numbers, measured
back to back), with every round printed and kept in the JSON.

nginx: worker_processes auto (2 here): the agent serves with a pool of worker threads
and may use both cores, so nginx gets the same. For every scenario the agent's actual
answer is fetched first and written as nginx's static file, so the bodies per response
have the same size. wrk sends the same POST (same body, same headers) to both; nginx
answers POST to a static file with 405, so its configuration says
`error_page 405 =200 $uri;` (the internal redirect serves the file, status 200, after
discarding the request body). Response headers differ (nginx adds Date, ETag,
Last-Modified...): both sizes are printed.

Then, without wrk: the optimized Enumerate of all sensors, 200 sequential requests on
one keep-alive connection (http.client), p50/p99 (target: p50 < 2 ms), and the same
client against nginx's copy, which shows the client's own share.

Everything listens on 127.0.0.1 only; both servers are stopped at the end, on errors
and on Ctrl-C. A run with any non-200 answer is reported as failed (exit status 1).
Raw envelopes here on purpose: wrk replays fixed request bytes at the server (and nginx), so no client's cost is in the numbers.
"""
import argparse
import base64
import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LUA = os.path.join(HERE, "wrk", "wsman.lua")
DMTF = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
USER, PASSWORD = "bench", "bench-password"
AUTH = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
CONTENT_TYPE = "application/soap+xml;charset=UTF-8"
KEYS = ("SystemCreationClassName", "SystemName", "CreationClassName", "DeviceID")

# The request bytes are pinned here (same shapes as tests/wsman_front/clients_test.py).
IDENTIFY = ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">'
            '<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>')


def envelope(action, uri, body="", selectors=None):
    sel = ""
    if selectors:
        sel = "<w:SelectorSet>" + "".join(f'<w:Selector Name="{k}">{v}</w:Selector>' for k, v in selectors.items()) + "</w:SelectorSet>"
    return ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
            'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" '
            'xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration"><s:Header>'
            '<a:To>http://127.0.0.1/wsman</a:To>'
            '<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>'
            f'<a:Action s:mustUnderstand="true">{action}</a:Action>'
            '<w:MaxEnvelopeSize s:mustUnderstand="true">512000</w:MaxEnvelopeSize>'
            '<a:MessageID>uuid:5a7d6d44-2c2f-4d8b-9e38-000000000001</a:MessageID>'
            '<w:Locale xml:lang="en-US" s:mustUnderstand="false"/>'
            f'<w:ResourceURI s:mustUnderstand="true">{uri}</w:ResourceURI>{sel}'
            '<w:OperationTimeout>PT60S</w:OperationTimeout>'
            f'</s:Header><s:Body>{body}</s:Body></s:Envelope>')


ENUMERATE_ALL = envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", DMTF + "CIM_Sensor",
                         "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>100</w:MaxElements></n:Enumerate>")


def get_sensor(keys):
    return envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", DMTF + "CIM_NumericSensor", selectors=keys)


# (name, request, transport, target): target = minimum agent/nginx req/s ratio (None: none).
def scenarios(keys):
    # Targets of issue 13 (the shared HTTP layer): agent req/s at least this share of nginx's.
    return [("Identify, HTTP keep-alive", IDENTIFY, "http", 0.80),
            ("Get CIM_NumericSensor, HTTP keep-alive", get_sensor(keys), "http", 0.60),
            ("Enumerate all sensors (optimized), HTTP keep-alive", ENUMERATE_ALL, "http", 0.40),
            ("Identify, HTTPS keep-alive", IDENTIFY, "https", 0.50),
            ("Get CIM_NumericSensor, HTTPS keep-alive", get_sensor(keys), "https", 0.50)]


P99_TARGET_MS = 5.0
SEQ_P50_TARGET_MS = 2.0


class Stop(Exception):
    pass


def on_signal(signum, frame):
    # Once: the clean-up that follows is not interrupted by a second signal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Stop(signal.Signals(signum).name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, what, deadline=10.0):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} does not listen on 127.0.0.1:{port}")


def stop(proc, sig, name, timeout=20):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"{name} did not stop in {timeout} s: killed", file=sys.stderr)
        proc.kill()
        proc.wait()


class Agent:
    def __init__(self, binary, workdir, extra_args=()):
        self.stderr_lines = []
        hashed = subprocess.run([binary, "hash-password"], input=PASSWORD + "\n", capture_output=True, text=True,
                                check=True, timeout=30).stdout.strip()
        self.users = os.path.join(workdir, "users")
        with open(self.users, "w") as f:
            f.write(f"{USER}:{hashed}:reader\n")
        self.cert, self.key = os.path.join(workdir, "cert.pem"), os.path.join(workdir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", self.key, "-out", self.cert],
                       capture_output=True, check=True, timeout=60)
        self.proc = subprocess.Popen([binary, "--sim", "serve", "--listen", "127.0.0.1:0", "--allow-basic-over-http",
                                      "--users", self.users, "--https-listen", "127.0.0.1:0", "--tls-cert", self.cert,
                                      "--tls-key", self.key, "--poll-interval", "10", *extra_args],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                     start_new_session=True)
        self.http_port = self.https_port = None
        end = time.monotonic() + 30
        while (self.http_port is None or self.https_port is None) and time.monotonic() < end:
            line = self.proc.stderr.readline()
            if not line:
                break
            self.stderr_lines.append(line.rstrip("\n"))
            m = re.search(r"serving WS-Management on (https?)://127\.0\.0\.1:(\d+)/wsman", line)
            if m and m.group(1) == "http":
                self.http_port = int(m.group(2))
            elif m:
                self.https_port = int(m.group(2))
        if self.http_port is None or self.https_port is None:
            self.stop()
            raise RuntimeError("the agent did not start:\n" + "\n".join(self.stderr_lines) + self.proc.stderr.read())
        # Keep draining stderr (anything unexpected is reported at the end).
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.rstrip("\n"))

    def stop(self):
        stop(self.proc, signal.SIGTERM, "the agent")


NGINX_CONF = """\
# bench/wsman_wrk_compare.py: nginx as the ceiling, static copies of the agent's answers.
worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    types {{ }}
    default_type "{content_type}";
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    open_file_cache max=64 inactive=300s;
    keepalive_timeout 300s;
    keepalive_requests 1000000;
    client_body_buffer_size 64k;
    server {{
        listen 127.0.0.1:{http_port};
        listen 127.0.0.1:{https_port} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        root {dir}/www;
        location / {{
            # Static files refuse POST with 405; serve the file instead (status 200).
            error_page 405 =200 $uri;
        }}
    }}
}}
"""


class Nginx:
    def __init__(self, binary, workdir, cert, key, workers):
        self.dir = os.path.join(workdir, "nginx")
        self.www = os.path.join(self.dir, "www")
        os.makedirs(self.www)
        # When run as root the workers drop to nobody: they must be able to read www/.
        os.chmod(workdir, 0o755)
        os.chmod(self.dir, 0o755)
        os.chmod(self.www, 0o755)
        self.http_port, self.https_port = free_port(), free_port()
        while self.https_port == self.http_port:
            self.https_port = free_port()
        self.conf = os.path.join(self.dir, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(NGINX_CONF.format(workers=workers, dir=self.dir, content_type=CONTENT_TYPE, http_port=self.http_port,
                                      https_port=self.https_port, cert=cert, key=key))
        subprocess.run([binary, "-t", "-q", "-p", self.dir, "-e", os.path.join(self.dir, "error.log"), "-c", self.conf],
                       check=True, timeout=30)
        self.proc = subprocess.Popen([binary, "-p", self.dir, "-e", os.path.join(self.dir, "error.log"), "-c", self.conf,
                                      "-g", "daemon off;"], stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_port(self.http_port, self.proc, "nginx")
            wait_port(self.https_port, self.proc, "nginx")
        except Exception:
            self.stop()
            print(self.error_log(), file=sys.stderr)
            raise

    def publish(self, name, body):
        path = os.path.join(self.www, name)
        with open(path, "wb") as f:
            f.write(body)
        os.chmod(path, 0o644)
        return "/" + name

    def error_log(self):
        try:
            with open(os.path.join(self.dir, "error.log")) as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        stop(self.proc, signal.SIGTERM, "nginx")


def connection(transport, port, cafile, timeout=20):
    if transport == "https":
        return http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout,
                                           context=ssl.create_default_context(cafile=cafile))
    return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)


def post(conn, path, body):
    conn.request("POST", path, body=body.encode() if isinstance(body, str) else body,
                 headers={"Content-Type": CONTENT_TYPE, "Authorization": AUTH})
    r = conn.getresponse()
    data = r.read()
    head = len(f"HTTP/1.1 {r.status} {r.reason}\r\n") + sum(len(k) + len(v) + 4 for k, v in r.getheaders()) + 2
    return r.status, data, head


def sensor_keys(xml):
    """The 4 keys of the first CIM_NumericSensor instance of an enumeration's answer."""
    root = ET.fromstring(xml)
    items = [e for e in root.iter() if e.tag.endswith("}Items")]
    if not items:
        raise RuntimeError("no Items in the enumeration's answer")
    instances = list(items[0])
    for inst in instances:
        if inst.tag.endswith("}CIM_NumericSensor"):
            props = {c.tag.split("}")[1]: (c.text or "") for c in inst}
            return {k: props[k] for k in KEYS}, len(instances)
    raise RuntimeError("no CIM_NumericSensor in the enumeration's answer")


def check_enumeration(xml):
    text = xml.decode()
    if "<wsman:EndOfSequence/>" not in text or "<wsen:EnumerationContext/>" not in text:
        raise RuntimeError("the optimized Enumerate did not return everything at once (EndOfSequence, empty context)")


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    return float(m.group(1)) * UNITS[m.group(2)]


def parse_wrk(out):
    res = {}
    m = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M)
    res["requests_per_s"] = float(m.group(1)) if m else None
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M)
        res[f"p{pct}_ms"] = ms(m.group(1)) if m else None
    m = re.search(r"^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)", out, re.M)
    if m:
        res["mean_ms"], res["max_ms"] = ms(m.group(1)), ms(m.group(3))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["wrk_non_2xx_3xx"] = int(m.group(1)) if m else 0
    m = re.search(r"^wsman-wrk: requests=(\d+) bytes=(\d+) non200=(\d+) statuses=(\S*) errors=(\S+)", out, re.M)
    if m:
        res["requests"], res["bytes"], res["non200"] = int(m.group(1)), int(m.group(2)), int(m.group(3))
        res["statuses"] = {k: int(v) for k, v in (kv.split(":") for kv in m.group(4).split(",") if kv)}
        errors = {k: int(v) for k, v in (kv.split(":") for kv in m.group(5).split(","))}
        res["wrk_status_errors"] = errors.pop("status", 0)  # wrk's count of statuses > 399, not a socket error
        res["socket_errors"] = errors
        res["bytes_per_response"] = res["bytes"] / res["requests"] if res["requests"] else None
    else:
        res["non200"] = None
    problems = []
    if res["requests_per_s"] is None or res["p99_ms"] is None:
        problems.append("wrk output not understood")
    if res["non200"] is None:
        problems.append("no wsman-wrk line from the Lua script")
    elif res["non200"] or res["wrk_non_2xx_3xx"]:
        problems.append(f"non-200 answers: {res.get('statuses')}")
    if res.get("requests") == 0:
        problems.append("no answers")
    errors = {k: v for k, v in res.get("socket_errors", {}).items() if v}
    if errors:
        problems.append(f"socket errors {errors}")
    res["problems"] = problems
    # Socket errors alone (e.g. a server closing a keep-alive connection) are reported, not failed.
    res["failed"] = any(not p.startswith("socket errors") for p in problems)
    return res


def run_wrk(wrk, url, body_file, auth, args):
    cmd = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "-s", LUA, url, "--",
           body_file] + ([auth] if auth else [])
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 60)
    res = parse_wrk(p.stdout)
    if p.returncode != 0:
        res["problems"].append(f"wrk exited with {p.returncode}: {p.stderr.strip()}")
        res["failed"] = True
    res["wrk_output"] = p.stdout
    return res


def sequential(conn, path, body, n, warmup=20):
    statuses = {}
    times = []
    payload = body.encode()
    for i in range(warmup + n):
        start = time.perf_counter()
        status, data, _ = post(conn, path, payload)
        elapsed = (time.perf_counter() - start) * 1e3
        statuses[status] = statuses.get(status, 0) + 1
        if i >= warmup:
            times.append(elapsed)
    times.sort()
    nearest = lambda q: times[min(len(times), max(1, math.ceil(q * len(times)))) - 1]  # nearest rank  # noqa: E731
    return {"requests": n, "warmup": warmup, "p50_ms": statistics.median(times), "p99_ms": nearest(0.99),
            "min_ms": times[0], "max_ms": times[-1], "statuses": {str(k): v for k, v in statuses.items()},
            "failed": any(k != 200 for k in statuses)}


def without_output(run):
    """A wrk run's numbers for the JSON report, without wrk's raw output."""
    return {k: v for k, v in run.items() if k != "wrk_output"}


def tool_version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        return (p.stdout + p.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired) as e:
        return f"unknown ({e})"


def tls_info(port, cafile):
    ctx = ssl.create_default_context(cafile=cafile)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw, \
            ctx.wrap_socket(raw, server_hostname="127.0.0.1") as s:
        return f"{s.version()} {s.cipher()[0]}"


def machine_facts(args):
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(), "wrk": tool_version([args.wrk, "-v"]),
            "nginx": tool_version([args.nginx, "-v"]), "agent": tool_version([args.serve, "--version"]),
            "loadavg_start": open("/proc/loadavg").read().split()[:3]}


def fmt_ms(v):
    return "-" if v is None else (f"{v * 1e3:.0f} µs" if v < 1 else f"{v:.2f} ms")


def fmt_rate(v):
    return "-" if v is None else f"{v:,.0f}".replace(",", " ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("serve", nargs="?", default=os.path.join(ROOT, "build", "agent", "bmcwsman-serve"),
                    help="the bmcwsman-serve binary (default: build/agent/bmcwsman-serve)")
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run, 1-300 (default 10)")
    ap.add_argument("--threads", type=int, default=2, help="wrk -t (default 2)")
    ap.add_argument("--connections", type=int, default=16, help="wrk -c (default 16)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="agent/nginx pairs per scenario, alternating; the median pair is reported (default 3)")
    ap.add_argument("--nginx-workers", default="auto", help="nginx worker_processes (default auto)")
    ap.add_argument("--sequential", type=int, default=200, help="sequential Enumerate requests (default 200)")
    ap.add_argument("--wrk", default="wrk")
    ap.add_argument("--nginx", default="/usr/sbin/nginx")
    ap.add_argument("--json", metavar="FILE", help="write the numbers as JSON")
    args = ap.parse_args()
    if not 1 <= args.duration <= 300:
        ap.error("--duration must be 1-300 seconds")
    if not 1 <= args.rounds <= 9:
        ap.error("--rounds must be 1-9")
    args.serve = os.path.abspath(args.serve)
    # Also when started with SIGINT ignored (background job); the servers run in their own
    # sessions, so a Ctrl-C reaches this script only and it stops them in order.
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    facts = machine_facts(args)
    print(f"machine: nproc {facts['nproc']}, {facts['cpu']}, kernel {facts['kernel']}, "
          f"load average {' '.join(facts['loadavg_start'])}")
    print(f"tools: {facts['wrk']}; {facts['nginx']}; agent {facts['agent']}")
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency -s bench/wrk/wsman.lua; "
          f"nginx worker_processes {args.nginx_workers}, the same POST answered by error_page 405 =200 $uri")

    workdir = tempfile.mkdtemp(prefix="wsman-wrk-")
    agent = nginx = None
    report = {"machine": facts, "duration_s": args.duration, "rounds": args.rounds, "threads": args.threads,
              "connections": args.connections,
              "nginx_workers": args.nginx_workers, "nginx_post": "POST answered via error_page 405 =200 $uri",
              "scenarios": []}
    failed = False
    try:
        agent = Agent(args.serve, workdir)
        nginx = Nginx(args.nginx, workdir, agent.cert, agent.key, args.nginx_workers)
        ports = {"agent": {"http": agent.http_port, "https": agent.https_port},
                 "nginx": {"http": nginx.http_port, "https": nginx.https_port}}
        print(f"agent on 127.0.0.1:{agent.http_port} (HTTP), :{agent.https_port} (HTTPS); "
              f"nginx on 127.0.0.1:{nginx.http_port} (HTTP), :{nginx.https_port} (HTTPS)")
        tls = {"agent": tls_info(agent.https_port, agent.cert), "nginx": tls_info(nginx.https_port, agent.cert)}
        print(f"TLS negotiated (python client): agent {tls['agent']}; nginx {tls['nginx']}")
        report["tls"] = tls

        conn = connection("http", agent.http_port, agent.cert)
        status, enum_xml, _ = post(conn, "/wsman", ENUMERATE_ALL)
        if status != 200:
            raise RuntimeError(f"the optimized Enumerate answered {status}: {enum_xml[:300]!r}")
        check_enumeration(enum_xml)
        keys, items = sensor_keys(enum_xml)
        conn.close()
        print(f"optimized Enumerate of CIM_Sensor: {items} items in one answer; Get selectors {keys}")
        report["get_selectors"], report["enumerate_items"] = keys, items

        # The agent's actual answers, published as nginx's static files.
        plan = []
        for i, (name, request, transport, target) in enumerate(scenarios(keys)):
            conn = connection(transport, ports["agent"][transport], agent.cert)
            status, body, agent_head = post(conn, "/wsman", request)
            conn.close()
            if status != 200:
                raise RuntimeError(f"{name}: the agent answered {status}: {body[:300]!r}")
            path = nginx.publish(f"s{i}.xml", body)
            conn = connection(transport, ports["nginx"][transport], agent.cert)
            nstatus, nbody, nginx_head = post(conn, path, request)
            conn.close()
            if nstatus != 200 or nbody != body:
                raise RuntimeError(f"{name}: nginx answered {nstatus} with {len(nbody)} bytes for POST {path}")
            req_file = os.path.join(workdir, f"request{i}.xml")
            with open(req_file, "w") as f:
                f.write(request)
            plan.append((name, transport, target, path, req_file, len(request), len(body), agent_head, nginx_head))

        print(f"\nsequential: optimized Enumerate of all sensors, {args.sequential} requests on one keep-alive "
              "connection (http.client, after 20 warm-up)")
        seq = {"agent": sequential(connection("http", agent.http_port, agent.cert), "/wsman", ENUMERATE_ALL,
                                   args.sequential),
               "nginx": sequential(connection("http", nginx.http_port, agent.cert), plan[2][3], ENUMERATE_ALL,
                                   args.sequential)}
        report["sequential_enumerate"] = seq
        for who in ("agent", "nginx"):
            s = seq[who]
            print(f"  {who}: p50 {fmt_ms(s['p50_ms'])}, p99 {fmt_ms(s['p99_ms'])}, min {fmt_ms(s['min_ms'])}, "
                  f"max {fmt_ms(s['max_ms'])}, statuses {s['statuses']}" + ("  FAILED" if s["failed"] else ""))
        met = seq["agent"]["p50_ms"] < SEQ_P50_TARGET_MS
        print(f"  target agent p50 < {SEQ_P50_TARGET_MS:g} ms: {'met' if met else 'missed'}")
        failed |= seq["agent"]["failed"] or seq["nginx"]["failed"]

        rows = []
        for name, transport, target, path, req_file, req_len, body_len, agent_head, nginx_head in plan:
            print(f"\n{name}: request {req_len} bytes, answer body {body_len} bytes "
                  f"(headers: agent {agent_head}, nginx {nginx_head} bytes)", flush=True)
            rounds = []
            for k in range(args.rounds):
                runs = {}
                for who, url in (("agent", f"{transport}://127.0.0.1:{ports['agent'][transport]}/wsman"),
                                 ("nginx", f"{transport}://127.0.0.1:{ports['nginx'][transport]}{path}")):
                    r = run_wrk(args.wrk, url, req_file, AUTH, args)
                    runs[who] = r
                    print(f"  round {k + 1}, {who}: {fmt_rate(r['requests_per_s'])} req/s, p50 {fmt_ms(r['p50_ms'])}, "
                          f"p99 {fmt_ms(r['p99_ms'])}, max {fmt_ms(r.get('max_ms'))}, "
                          f"{r.get('requests', '?')} answers, {r.get('bytes_per_response') or 0:.0f} bytes each, "
                          f"statuses {r.get('statuses')}" + (f"; {'FAILED: ' if r['failed'] else ''}"
                                                             f"{'; '.join(r['problems'])}" if r["problems"] else ""),
                          flush=True)
                    if r["failed"]:
                        print("    " + r["wrk_output"].replace("\n", "\n    "))
                a, n = runs["agent"], runs["nginx"]
                runs["ratio"] = (a["requests_per_s"] / n["requests_per_s"]
                                 if a["requests_per_s"] and n["requests_per_s"] else None)
                rounds.append(runs)
            # The round with the median ratio stands for the scenario (one agent run and the
            # nginx run right after it); every round is printed and kept in the JSON.
            ranked = sorted(rounds, key=lambda r: -1.0 if r["ratio"] is None else r["ratio"])
            median = ranked[(len(ranked) - 1) // 2]
            a, n, ratio = median["agent"], median["nginx"], median["ratio"]
            if len(rounds) > 1:
                spread = [r["ratio"] for r in rounds if r["ratio"] is not None]
                print(f"  ratios by round: {', '.join(f'{x:.2f}' for x in spread)}; median round's ratio "
                      f"{'-' if ratio is None else f'{ratio:.2f}'}")
            verdict = ""
            if target is not None and ratio is not None and a["p99_ms"] is not None:
                ok = ratio >= target and a["p99_ms"] < P99_TARGET_MS
                verdict = f">= {target:.2f}, p99 < {P99_TARGET_MS:g} ms: {'met' if ok else 'missed'}"
            run_failed = any(r["agent"]["failed"] or r["nginx"]["failed"] for r in rounds)
            failed |= run_failed
            rows.append((name, a, n, ratio, verdict, run_failed))
            report["scenarios"].append({
                "name": name, "transport": transport, "request_bytes": req_len, "answer_body_bytes": body_len,
                "header_bytes": {"agent": agent_head, "nginx": nginx_head}, "target_ratio": target,
                "ratio_agent_nginx": ratio, "failed": run_failed,
                "agent": without_output(a), "nginx": without_output(n),
                "rounds": [{"ratio_agent_nginx": r["ratio"], "agent": without_output(r["agent"]),
                            "nginx": without_output(r["nginx"])} for r in rounds]})

        print("\n| scenario | agent req/s | agent p50 | agent p99 | nginx req/s | nginx p99 | agent/nginx | target |")
        print("|---|---|---|---|---|---|---|---|")
        for name, a, n, ratio, verdict, run_failed in rows:
            print(f"| {name} | {fmt_rate(a['requests_per_s'])} | {fmt_ms(a['p50_ms'])} | {fmt_ms(a['p99_ms'])} | "
                  f"{fmt_rate(n['requests_per_s'])} | {fmt_ms(n['p99_ms'])} | "
                  f"{'-' if ratio is None else f'{ratio:.2f}'} | {verdict}{' FAILED' if run_failed else ''} |")
        s = seq["agent"]
        print(f"| Enumerate all sensors, sequential, 1 connection (http.client) | | {fmt_ms(s['p50_ms'])} | "
              f"{fmt_ms(s['p99_ms'])} | | {fmt_ms(seq['nginx']['p99_ms'])} | | "
              f"p50 < {SEQ_P50_TARGET_MS:g} ms: {'met' if s['p50_ms'] < SEQ_P50_TARGET_MS else 'missed'} |")
        facts["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
        print(f"\nload average at the end: {' '.join(facts['loadavg_end'])}")
    except (KeyboardInterrupt, Stop) as e:
        print(f"\ninterrupted ({e or 'SIGINT'}): stopping the servers", file=sys.stderr)
        failed = True
        report["interrupted"] = True
    finally:
        if nginx is not None:
            nginx.stop()
        if agent is not None:
            agent.stop()
            agent.reader.join(timeout=5)
        shutil.rmtree(workdir, ignore_errors=True)

    if agent is not None:
        report["agent_exit_status"] = agent.proc.returncode
        other = [line for line in agent.stderr_lines
                 if not re.match(r"bmcwsman: (serving WS-Management on|stopped$)", line)]
        if other:
            print("agent's other stderr lines:\n  " + "\n  ".join(other[:20]))
        if agent.proc.returncode != 0:
            print(f"the agent exited with {agent.proc.returncode}", file=sys.stderr)
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
