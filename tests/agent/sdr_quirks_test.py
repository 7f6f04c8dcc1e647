#!/usr/bin/env python3
"""Issue 14: SDR repositories with the quirks real BMCs have, served by ipmi_sim (run through
sim/ipmi_sim/with_ipmi_sim.py with a variant profile of sim/profile/make_profile.py), read by
`bmcwsman sensors`, `bmcwsman cim` and `bmcwsman serve` and by FreeIPMI's ipmi-sensors:

  locators-first  the walk starts with a 19-byte MC device locator (12h) that ipmi_sim answers,
                  for a whole-record read (bytes to read FFh, no cap in the reader), with 25
                  bytes: the three views agree with ipmi-sensors on every sensor, no warning;
  corrupt-record  record 14 (VBAT's full record) cut short in the middle of the repository:
                  every other sensor served and agreeing with ipmi-sensors (which prints the
                  record nameless with N/A), one warning naming record 0x000e in each view.

Usage: sdr_quirks_test.py PATH_TO_BMCWSMAN PROFILE_JSON [unittest args]"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "wsman_front"))
import wsman_harness as wh  # noqa: E402

BMCWSMAN = PROFILE = None
ENV = os.environ
FREEIPMI = {}  # name -> (reading or None); nameless records under ""


# The workaround ipmi_sim needs as FreeIPMI names it (with_ipmi_sim.py gives the number, 16):
# every run of these tests opens its sessions with the named form.
WORKAROUNDS = "opensesspriv"


def lan_args():
    assert ENV["BMCWSMAN_TEST_LAN_WORKAROUNDS"] == "16", "opensesspriv is libfreeipmi's 0x10"
    return ["--lan", ENV["BMCWSMAN_TEST_LAN_HOST"], "--user", ENV["BMCWSMAN_TEST_LAN_USER"],
            "--lan-workarounds", WORKAROUNDS]


def run(*args, timeout=120):
    env = dict(ENV, BMCWSMAN_PASSWORD=ENV["BMCWSMAN_TEST_LAN_PASSWORD"])
    return subprocess.run([BMCWSMAN, *lan_args(), *args], capture_output=True, text=True, timeout=timeout,
                          env=env, check=False)


def freeipmi_sensors():
    """ipmi-sensors' rows: [(record id, name, reading text)]."""
    host, port = ENV["BMCWSMAN_TEST_LAN_HOST"].split(":")
    cache = tempfile.mkdtemp(prefix="bmcwsman-fi-")
    try:
        out = subprocess.run(["ipmi-sensors", "-h", f"{host}:{port}", "-u", ENV["BMCWSMAN_TEST_LAN_USER"],
                              "-p", ENV["BMCWSMAN_TEST_LAN_PASSWORD"], "-l", "ADMIN", "-D", "LAN_2_0",
                              "-W", "opensesspriv", f"--sdr-cache-directory={cache}", "--quiet-cache",
                              "--shared-sensors", "--no-header-output", "--comma-separated-output"],
                             capture_output=True, text=True, timeout=120, check=True).stdout
    finally:
        shutil.rmtree(cache)
    rows = []
    for line in out.splitlines():
        fields = line.split(",")
        rows.append((int(fields[0]), fields[1], fields[3]))
    return rows


def control(command):
    """One line to with_ipmi_sim.py's control socket ("kill", "start", ...); its reply."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as c:
        c.settimeout(60)
        c.connect(ENV["BMCWSMAN_TEST_IPMISIM_CONTROL"])
        c.sendall(command.encode() + b"\n")
        reply = c.makefile("r").readline().strip()
    if not reply.startswith("ok"):
        raise RuntimeError(f"ipmi_sim control {command!r}: {reply}")
    return reply


def left_out_lines(text):
    return [line for line in text.splitlines() if "left out" in line or re.search(r"SDR record 0x[0-9a-f]{4}:", line)]


class Agent:
    """`bmcwsman serve --lan` on a loopback port the kernel picks (wsman_harness reads .port)."""

    def __init__(self, extra=(), poll_interval=30, users=("ann",)):
        self.dir = tempfile.mkdtemp(prefix="bmcwsman-quirks-")
        password_file = os.path.join(self.dir, "lan-password")
        with open(password_file, "w") as f:
            f.write(ENV["BMCWSMAN_TEST_LAN_PASSWORD"] + "\n")
        os.chmod(password_file, 0o600)
        users_file = os.path.join(self.dir, "users")
        lines = []
        for user in users:  # names of wsman_harness.USERS
            password, role = wh.USERS[user]
            lines.append(subprocess.run([BMCWSMAN, "hash-password", "--user", user, "--role", role],
                                        input=password + "\n", capture_output=True, text=True, timeout=30,
                                        check=True).stdout.strip())
        with open(users_file, "w") as f:
            f.write("".join(line + "\n" for line in lines))
        no_smbios = os.path.join(self.dir, "no-smbios")
        os.makedirs(no_smbios)
        args = [BMCWSMAN, "serve", *lan_args()[:4], "--password-file", password_file, "--lan-workarounds",
                WORKAROUNDS, "--smbios-dir", no_smbios, "--users", users_file,
                "--listen", "127.0.0.1:0", "--allow-basic-over-http", "--poll-interval", str(poll_interval), *extra]
        self.log = []
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        ready = threading.Event()

        def drain():
            for text in self.proc.stderr:
                self.log.append(text)
                if "serving WS-Management on" in text:
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        ready.wait(60)
        m = re.search(r"serving WS-Management on http://127\.0\.0\.1:(\d+)/wsman", "".join(self.log))
        if not m:
            self.stop()
            raise RuntimeError("the agent did not start: " + "".join(self.log)[-3000:])
        self.port = int(m.group(1))
        self.tls_port = None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc.stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def client_path():
    """bmcwsman-client: BMCWSMAN_CLIENT as meson sets it, else beside the agent in its build tree
    (build/agent/bmcwsman -> build/wsman_cli/bmcwsman-client) for tests that import this module."""
    if "BMCWSMAN_CLIENT" in ENV:
        return ENV["BMCWSMAN_CLIENT"]
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(BMCWSMAN))), "wsman_cli",
                        "bmcwsman-client")


def enumerate_items(tc, cls):
    """Every item of an Enumerate of cls over WS-Management as the client's JSON object
    ({"class", "properties"}), read with the project's client (bmcwsman-client, JSON lines): the
    envelopes are not what these tests are about."""
    p = subprocess.run([client_path(), "enumerate", cls, "-r", f"http://127.0.0.1:{wh.SERVER.port}/wsman",
                        "-u", "ann", "--max-elements", "50", "--format", "json"], capture_output=True, text=True,
                       timeout=120, env=dict(ENV, WSMAN_PASS=wh.USERS["ann"][0]), stdin=subprocess.DEVNULL)
    tc.assertEqual(p.returncode, 0, p.stderr)
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def enumerate_objects(tc, cls):
    """Every instance of cls as {property: value} ("" for nil)."""
    return [{k: "" if v is None else v for k, v in item["properties"].items()}
            for item in enumerate_items(tc, cls)]


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and shutil.which("ipmi-sensors"),
                     "run through with_ipmi_sim.py, with freeipmi-tools installed")
class SdrQuirks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(PROFILE, encoding="utf-8") as f:
            cls.profile = json.load(f)
        cls.corrupt = {c["record_id"] for c in cls.profile.get("corrupt_records", [])}
        cls.rows = freeipmi_sensors()
        # The sensors FreeIPMI can name; a corrupt record comes out nameless.
        cls.theirs = {name: reading for rid, name, reading in cls.rows if rid not in cls.corrupt}

    def expected_warnings(self, text):
        lines = left_out_lines(text)
        self.assertEqual(len(lines), len(self.corrupt), text)
        for rid in self.corrupt:
            self.assertTrue(any(f"{rid:#06x}" in line for line in lines), (rid, lines))

    def test_freeipmi_reads_the_repository_as_the_profile_says(self):
        first = bytes.fromhex(self.profile["sdr"][0])
        if self.profile["name"].endswith("locators-first"):
            self.assertEqual((first[3], len(first)), (0x12, 19))  # a short MC device locator first
        for rid, name, reading in self.rows:
            if rid in self.corrupt:
                self.assertEqual((name, reading), ("", "N/A"))
        self.assertEqual(len(self.theirs), 45 - len(self.corrupt))

    def test_sensors_agree_with_freeipmi(self):
        result = run("--json", "sensors")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.expected_warnings(result.stderr)
        ours = {s["name"]: s for s in json.loads(result.stdout)["sensors"]}
        self.assertEqual(sorted(ours), sorted(self.theirs))
        compared = 0
        for name, s in ours.items():
            if "reading" not in s or self.theirs[name] == "N/A":
                continue
            with self.subTest(sensor=name):
                self.assertAlmostEqual(s["reading"], float(self.theirs[name]),
                                       delta=max((s["resolution"] or 0) / 2, 0.006))
                compared += 1
        self.assertGreaterEqual(compared, 25)

    def test_cim_agrees_with_freeipmi(self):
        result = run("--json", "cim", "CIM_Sensor")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.expected_warnings(result.stderr)
        instances = json.loads(result.stdout)
        names = sorted(i["properties"]["ElementName"] for i in instances)
        self.assertEqual(names, sorted(self.theirs))
        compared = 0
        for i in instances:
            p = i["properties"]
            if i["class"] != "CIM_NumericSensor" or p["CurrentReading"] is None:
                continue
            theirs = self.theirs[p["ElementName"]]
            with self.subTest(sensor=p["ElementName"]):
                value = p["CurrentReading"] * 10 ** p["UnitModifier"]
                self.assertAlmostEqual(value, float(theirs), delta=max(abs(float(theirs)) * 0.01, 0.05))
                compared += 1
        self.assertGreaterEqual(compared, 25)

    def test_serve_agrees_with_freeipmi(self):
        agent = Agent()
        wh.SERVER = agent
        try:
            items = enumerate_objects(self, "CIM_Sensor")
            names = sorted(i["ElementName"] for i in items)
            self.assertEqual(names, sorted(self.theirs))
            for i in items:
                with self.subTest(sensor=i["ElementName"]):
                    self.assertNotIn("12", i.get("OperationalStatus", ""))  # not No Contact
                    if i.get("CurrentReading") and self.theirs[i["ElementName"]] != "N/A":
                        value = float(i["CurrentReading"]) * 10 ** int(i["UnitModifier"])
                        theirs = float(self.theirs[i["ElementName"]])
                        self.assertAlmostEqual(value, theirs, delta=max(abs(theirs) * 0.01, 0.05))
            time.sleep(0.2)
            self.assertTrue(agent.proc.poll() is None, "".join(agent.log)[-2000:])
            self.expected_warnings("".join(agent.log))
        finally:
            agent.stop()
            wh.SERVER = None

    def test_a_bmc_absent_at_start_up_gives_a_serving_agent_that_recovers(self):
        """The daemon never exits because of the BMC: started while ipmi_sim is down it serves
        No Contact (the record log's OperationalStatus 12, no sensors yet), retries with backoff
        and serves every sensor once ipmi_sim is back, without a restart."""
        if not self.profile["name"].endswith("locators-first"):
            self.skipTest("once is enough (the locators-first run)")
        control("kill")
        down = True
        agent = None
        try:
            agent = Agent(extra=("--timeout", "1000"))
            wh.SERVER = agent
            logs = enumerate_objects(self, "CIM_RecordLog")
            self.assertEqual(len(logs), 1)
            self.assertEqual(logs[0]["OperationalStatus"], "12")
            self.assertEqual(enumerate_objects(self, "CIM_Sensor"), [])
            time.sleep(2)
            self.assertIsNone(agent.proc.poll(), "".join(agent.log)[-2000:])
            control("start")
            down = False
            deadline = time.monotonic() + 40  # backoff 1, 2, 4, 8, 16 s plus 1-s timeouts
            names = []
            while time.monotonic() < deadline:
                names = sorted(i["ElementName"] for i in enumerate_objects(self, "CIM_Sensor"))
                if names:
                    break
                time.sleep(0.5)
            self.assertEqual(names, sorted(self.theirs), "".join(agent.log)[-2000:])
            log = "".join(agent.log)
            self.assertIn("could not be read at start-up", log)
            self.assertIn("retrying in 1 s", log)
            self.assertIn("the BMC answered", log)
            logs = enumerate_objects(self, "CIM_RecordLog")
            self.assertEqual(logs[0]["OperationalStatus"], "2")
        finally:
            if agent is not None:
                agent.stop()
            wh.SERVER = None
            if down:
                control("start")


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    PROFILE = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
