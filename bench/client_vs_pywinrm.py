#!/usr/bin/env python3
"""Issue 15's client benchmark: the wsman_client library (bench/wsman_client_probe) against
pywinrm (Debian's python3-winrm, hand-built Enumerate/Pull envelopes: it has no helper)
enumerating every CIM_NumericSensor of `bmcwsman serve --sim` on loopback, one session
sequentially and 16 sessions in parallel. Rounds alternate library/pywinrm; every round is
reported. Every client reads each item's CurrentReading: pywinrm with ElementTree's findtext,
the library with Item::value (straight from the parsed element) and, as "library-typed", through
the typed Instance (every property converted). Throughput is enumerations per second of wall time; CPU per enumeration is the
client process's user+system time (the agent's CPU is not counted).

Usage: bench/client_vs_pywinrm.py BUILD_DIR [--rounds N] [--seconds S]
Raw envelopes here on purpose: only on the pywinrm side, the peer being measured (it has no Enumerate helper); our side is the library."""
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time

ENUM_BODY = ('<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>100</w:MaxElements></n:Enumerate>')
URI = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_NumericSensor"


def pywinrm_worker(endpoint, user, password, seconds):
    """Runs in a child process: SESSIONS threads of pywinrm, prints the probe's JSON line."""
    import uuid
    import xml.etree.ElementTree as ET
    from winrm.protocol import Protocol
    sessions = int(os.environ["SESSIONS"])
    NS = {"s": "http://www.w3.org/2003/05/soap-envelope", "n": "http://schemas.xmlsoap.org/ws/2004/09/enumeration",
          "w": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"}
    counts = {"enumerations": 0, "items": 0, "failures": 0}
    lock = threading.Lock()
    until = time.monotonic() + seconds

    def envelope(action, body):
        return ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
                'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
                'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" '
                'xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration"><s:Header>'
                f'<a:To>{endpoint}</a:To><w:ResourceURI s:mustUnderstand="true">{URI}</w:ResourceURI>'
                '<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>'
                f'<a:Action s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/enumeration/{action}</a:Action>'
                '<w:MaxEnvelopeSize s:mustUnderstand="true">512000</w:MaxEnvelopeSize>'
                f'<a:MessageID>uuid:{uuid.uuid4()}</a:MessageID><w:OperationTimeout>PT60S</w:OperationTimeout>'
                f'</s:Header><s:Body>{body}</s:Body></s:Envelope>')

    reading = "{%s}CurrentReading" % URI

    def readings(items):
        """What a monitor wants of each sensor, as the library's probe reads it: its reading."""
        n = 0
        for item in (items if items is not None else []):
            if item.findtext(reading) is None:
                raise ValueError("an item without CurrentReading")
            n += 1
        return n

    def run():
        p = Protocol(endpoint=endpoint, transport="basic", username=user, password=password)
        while time.monotonic() < until:
            try:
                root = ET.fromstring(p.send_message(envelope("Enumerate", ENUM_BODY)))
                resp = root.find("s:Body/n:EnumerateResponse", NS)
                n = readings(resp.find("w:Items", NS))
                ctx = resp.findtext("n:EnumerationContext", "", NS)
                end = resp.find("w:EndOfSequence", NS) is not None
                while ctx and not end:
                    body = f"<n:Pull><n:EnumerationContext>{ctx}</n:EnumerationContext><n:MaxElements>100</n:MaxElements></n:Pull>"
                    resp = ET.fromstring(p.send_message(envelope("Pull", body))).find("s:Body/n:PullResponse", NS)
                    n += readings(resp.find("n:Items", NS))
                    ctx = resp.findtext("n:EnumerationContext", "", NS)
                    end = resp.find("n:EndOfSequence", NS) is not None
                with lock:
                    counts["enumerations"] += 1
                    counts["items"] += n
            except Exception:  # counted, the run goes on
                with lock:
                    counts["failures"] += 1

    start = time.monotonic()
    cpu0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    threads = [threading.Thread(target=run) for _ in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts["wall"] = time.monotonic() - start
    counts["cpu"] = sum(resource.getrusage(resource.RUSAGE_SELF)[:2]) - cpu0
    print(json.dumps(counts))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--pywinrm-worker":
        pywinrm_worker(*sys.argv[2:5], float(sys.argv[5]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=5)
    args = ap.parse_args()
    agent = subprocess.Popen([os.path.join(args.build, "agent", "bmcwsman"), "serve", "--sim", "--listen", "127.0.0.1:0"],
                             stderr=subprocess.PIPE, text=True)
    log = ""
    while "demo user" not in log:
        line = agent.stderr.readline()
        if not line:
            sys.exit("agent did not start: " + log)
        log += line
    threading.Thread(target=lambda: [None for _ in agent.stderr], daemon=True).start()
    endpoint = re.search(r"http://127\.0\.0\.1:\d+/wsman", log).group(0)
    user, password = re.search(r"demo user[^:]*: (\S+) / (\S+)", log).groups()
    env = dict(os.environ, WSMAN_PASS=password)
    probe = os.path.join(args.build, "bench", "wsman_client_probe")
    results = []
    try:
        for rnd in range(1, args.rounds + 1):
            for sessions in (1, 16):
                for client in ("library", "library-typed", "pywinrm"):
                    if client == "library":
                        cmd = [probe, endpoint, user, str(sessions), str(args.seconds)]
                    elif client == "library-typed":
                        cmd = [probe, endpoint, user, str(sessions), str(args.seconds), "typed"]
                    else:
                        cmd = ["/usr/bin/python3", __file__, "--pywinrm-worker", endpoint, user, password, str(args.seconds)]
                    out = subprocess.run(cmd, capture_output=True, text=True, env=dict(env, SESSIONS=str(sessions)),
                                         timeout=args.seconds * 4 + 60)
                    r = json.loads(out.stdout.strip().splitlines()[-1])
                    r.update(round=rnd, sessions=sessions, client=client)
                    results.append(r)
                    print(f"round {rnd} sessions {sessions:2d} {client:13s}: {r['enumerations'] / r['wall']:8.1f} enum/s, "
                          f"{1000 * r['cpu'] / max(r['enumerations'], 1):7.3f} ms CPU/enum, {r['items'] // max(r['enumerations'], 1)} items/enum, "
                          f"failures {r['failures']}", flush=True)
    finally:
        agent.terminate()
        agent.wait(20)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
