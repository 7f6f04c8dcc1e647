"""Shared by the metrics tests: `bmcwsman serve --lan` and Debian's prometheus-ipmi-exporter
next to the ipmi_sim that with_ipmi_sim.py started, plain-HTTP scrapes on loopback, and a
parser of the text exposition format 0.0.4 (series -> value)."""
import base64
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "agent"))
import sdr_quirks_test as quirks  # noqa: E402  (its Agent: `serve --lan` on a loopback port)
import wsman_harness as wh  # noqa: E402

ENV = os.environ
USER, PASSWORD = "ann", wh.USERS["ann"][0]
EXPORTER = shutil.which("prometheus-ipmi-exporter")
# Where the exporter finds ipmimonitoring, bmc-info, ipmi-chassis and ipmi-sel.
FREEIPMI_DIR = os.path.dirname(shutil.which("ipmimonitoring") or shutil.which("ipmimonitoring", path="/usr/sbin") or "")


def lan():
    return ENV["BMCWSMAN_TEST_LAN_HOST"], ENV["BMCWSMAN_TEST_LAN_USER"], ENV["BMCWSMAN_TEST_LAN_PASSWORD"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


class Agent(quirks.Agent):
    """`bmcwsman serve --lan` on a loopback port the kernel picks, the reader "ann" in its users."""

    def __init__(self, bmcwsman, extra=(), poll_interval="30"):
        quirks.BMCWSMAN = bmcwsman
        super().__init__(extra, poll_interval)

    def url(self, path="/metrics"):
        return f"http://127.0.0.1:{self.port}{path}"


class Exporter:
    """Debian's prometheus-ipmi-exporter with one module ("default") for the ipmi_sim over LAN."""

    def __init__(self, collectors=("ipmi", "bmc", "chassis", "sel")):
        self.dir = tempfile.mkdtemp(prefix="bmcwsman-ipmi-exporter-")
        _, user, password = lan()
        config = os.path.join(self.dir, "ipmi.yml")
        with open(config, "w") as f:
            f.write("modules:\n  default:\n"
                    f"    user: \"{user}\"\n    pass: \"{password}\"\n    privilege: \"admin\"\n"
                    "    driver: \"LAN_2_0\"\n    timeout: 10000\n"
                    f"    collectors: [{', '.join(collectors)}]\n    workaround_flags: [opensesspriv]\n")
        self.port = free_port()
        self.proc = subprocess.Popen([EXPORTER, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{self.port}",
                                      f"--freeipmi.path={FREEIPMI_DIR}"], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def url(self):
        return f"http://127.0.0.1:{self.port}/ipmi?target={ENV['BMCWSMAN_TEST_LAN_HOST']}&module=default"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)
        shutil.rmtree(self.dir, ignore_errors=True)


def basic(user=USER, password=PASSWORD):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def get(url, authorization=None, accept=None, timeout=30, extra_headers=None, context=None):
    """(status, headers, body) of one GET."""
    req = urllib.request.Request(url, headers=extra_headers or {})
    if authorization:
        req.add_header("Authorization", authorization)
    if accept:
        req.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(req, timeout=timeout, context=context) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?')


def parse(text):
    """{(name, frozenset(labels.items())): value}, {name: type} and {name: help} of a text exposition."""
    series, types, helps = {}, {}, {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            types[name] = kind
            continue
        if line.startswith("# HELP "):
            _, _, name, help_text = line.split(" ", 3)
            helps[name] = help_text
            continue
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            raise AssertionError("not a sample line: " + line)
        labels = {k: bytes(v, "utf-8").decode("unicode_escape") for k, v in LABEL.findall(m.group(2) or "")}
        key = (m.group(1), frozenset(labels.items()))
        if key in series:
            raise AssertionError("duplicate series: " + line)
        series[key] = float(m.group(3))
    return series, types, helps


def same_value(a, b, tolerance):
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= tolerance


# The exporter's series bmcwsman exports otherwise, and why.
DIFFERENCES = {
    "ipmi_scrape_duration_seconds": "how long this scrape took: the exporter forks FreeIPMI tools (~0.2 s), "
                                    "bmcwsman renders its model (microseconds); present in both, values differ",
    "shared records": "ipmimonitoring without --shared-sensors shows a shared SDR record (IPMI 2.0 43.2) once under "
                      "its base name (\"Drive\", the first instance's state); bmcwsman exports every instance with "
                      "its modifier (\"Drive 0\" .. \"Drive 3\", the same id): the first one carries the exporter's "
                      "values",
}


def resolutions(bmcwsman):
    """{(record id, name): resolution or None} from `bmcwsman sensors --json` over LAN."""
    host, user, password = lan()
    out = subprocess.run([bmcwsman, "--lan", host, "--user", user, "--lan-workarounds",
                          ENV["BMCWSMAN_TEST_LAN_WORKAROUNDS"], "--json", "sensors"], capture_output=True, text=True,
                         env=dict(ENV, BMCWSMAN_PASSWORD=password), timeout=120, check=True)
    return {(str(s["record_id"]), s["name"]): s.get("resolution") for s in json.loads(out.stdout)["sensors"]}


def tolerance(resolution, name, labels):
    """Agreement within the sensor's resolution; FreeIPMI prints two decimals."""
    r = resolution.get((labels.get("id"), labels.get("name"))) or 0
    if name == "ipmi_fan_speed_ratio":
        r *= 0.01
    return max(r / 2, 0.005 + 1e-9)


def assert_exporter_series_served(tc, theirs, ours, resolution):
    """Every series of the exporter in ours, same labels and value; returns the DIFFERENCES met."""
    compared = 0
    seen = set()
    for (name, labels), their_value in sorted(theirs.items(), key=str):
        labels = dict(labels)
        with tc.subTest(series=name, labels=labels):
            tc.assertTrue(name.startswith("ipmi_"), name)
            if name == "ipmi_scrape_duration_seconds":
                tc.assertIn((name, frozenset()), ours)
                seen.add(name)
                continue
            key = (name, frozenset(labels.items()))
            if key not in ours and "id" in labels:
                key = (name, frozenset(dict(labels, name=labels["name"] + " 0").items()))
                tc.assertIn(key, ours, f"neither {labels} nor its first shared instance")
                seen.add("shared records")
            tc.assertIn(key, ours)
            tc.assertTrue(same_value(ours[key], their_value, tolerance(resolution, name, labels)),
                          f"{ours[key]} != {their_value}")
            compared += 1
    tc.assertGreater(compared, 90)
    return seen


def control(command):
    """One command to with_ipmi_sim.py's control socket (pause, resume, ...)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(ENV["BMCWSMAN_TEST_IPMISIM_CONTROL"])
        s.sendall(command.encode() + b"\n")
        reply = s.makefile("r").readline().strip()
    if not reply.startswith("ok"):
        raise AssertionError(f"ipmi_sim control {command}: {reply}")
