"""Shared by the metrics tests: `bmcwsman serve --lan` and Debian's prometheus-ipmi-exporter
next to the ipmi_sim that with_ipmi_sim.py started, plain-HTTP scrapes on loopback, and a
parser of the text exposition format 0.0.4 (series -> value)."""
import base64
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


def get(url, authorization=None, accept=None, timeout=30):
    """(status, headers, body) of one GET."""
    req = urllib.request.Request(url)
    if authorization:
        req.add_header("Authorization", authorization)
    if accept:
        req.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
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
