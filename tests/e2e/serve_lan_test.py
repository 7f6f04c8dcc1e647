#!/usr/bin/python3
"""End to end, scenario 1 of issue 6: the daemon (`bmcwsman serve --lan`) serving OpenIPMI's
ipmi_sim (the 45-sensor profile, a fresh state directory per run) over WS-Management, checked
with the project's client (bmcwsman-client: every request's OperationTimeout is its
--operation-timeout, no envelope is written here) and Dell's wsl against FreeIPMI on the same
ipmi_sim:

  1. sensors (names, readings within the resolution, health), the SEL (count, IDs, every
     record's bytes) and the FRU-backed CIM_Chassis / CIM_Card / CIM_PhysicalPackage agree with ipmi-sensors,
     ipmi-sel and ipmi-fru;
  2. a reading changed on the ipmi_sim console shows within poll interval + max reading age;
  3. an event added to the SEL shows as one more CIM_LogRecord with the added bytes;
  4. RequestPowerStateChange 5, 8, 2 (operator) reaches ipmi_sim's chassis_control program and
     ipmi-chassis agrees (a reader is refused);
  5. ipmi_sim killed: sensors go "No Contact" (12) in bounded time while Identify, Get and
     Enumerate are answered within their OperationTimeout; restarted on the same port and state
     directory: healthy again without restarting the agent;
  6. ipmi_sim stopped (SIGSTOP, a hung BMC): reads answered within their OperationTimeout,
     every sensor No Contact within the bound (counted from the SIGSTOP), an Invoke answers
     wsman:TimedOut at its OperationTimeout (PT2S); SIGCONT: recovery;
  7. the MC disabled (every command answers 0xFF): No Contact or faults, the agent keeps
     serving; ipmi_sim restarted (re-enabling the MC at run time makes ipmi_sim spin): recovery;
  8. the BMC busy (every command answers C0h, through sim/ipmi_sim/busy_plugin.c, whose path
     BMCWSMAN_BUSY_PLUGIN gives): the agent's retries give up, No Contact or faults within the
     OperationTimeout, the agent keeps serving; `busy off`: recovery without a restart;
  and SIGTERM stops the agent with exit status 0 within 20 s.

Features the agent may not have yet (`serve --max-reading-age`, `serve --status-socket` with
`bmcwsman status --socket`) are probed from the help output; without them only the assertions
that need them are skipped (a skipped subtest naming the missing option).

Usage: serve_lan_test.py PATH_TO_BMCWSMAN PROFILE_JSON [unittest args]
bmcwsman-client is BMCWSMAN_CLIENT (meson sets it), else beside the agent in its build tree.
Exit 77 (skipped) when ipmi_sim or FreeIPMI's tools are missing. Everything is
on loopback and bounded: a watchdog kills the processes and exits 2 after LIMIT_SECONDS. Each
scenario's duration and measured latencies are printed on stderr."""
import faulthandler
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
import unittest
import warnings

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "sim", "ipmi_sim"))
sys.path.insert(0, os.path.join(ROOT, "tests", "wsman_front"))
from harness import IpmiSim  # noqa: E402
import wsman_harness as wh  # noqa: E402
from wsman_harness import DMTF, USERS  # noqa: E402

SKIP = 77
LIMIT_SECONDS = 230       # the whole file; meson's timeout is 300
POLL_INTERVAL = 2         # --poll-interval
MAX_READING_AGE = 1       # --max-reading-age, when the binary has it
LAN_TIMEOUT = 5.0         # the agent's per-command deadline (its default --timeout 5000)
SLACK = 2.0               # a sensor sweep and the request on a loaded 2-core machine
STEP = 0.5                # polling period of the test's own waits
OBSERVE = 1.0             # the test's own granularity: a wait round is STEP plus a few requests
NO_CONTACT_BOUND = 3 * POLL_INTERVAL + LAN_TIMEOUT + OBSERVE
RECOVERY_BOUND = 3 * POLL_INTERVAL + LAN_TIMEOUT + OBSERVE
OP_TIMEOUT = 5.0          # OperationTimeout of reads while the BMC is away (PT5S)
INVOKE_TIMEOUT = 2.0      # OperationTimeout of the Invoke to a hung BMC (PT2S)

OPERATOR, READER = "olav", "ann"  # wsman_harness.USERS: olav operator, ann reader
PMS = DMTF + "CIM_PowerManagementService"
NUMERIC = "CIM_NumericSensor"
NO_CONTACT, OK = 12, 2
# A sensor the scenarios change: CPU2 Temp (number 2, M=1: raw = degrees C), profile raw 0x33.
CHANGED_SENSOR, CHANGED_NUMBER, CHANGED_RAW, NEW_RAW = "CPU2 Temp", 0x02, 0x33, 0x40
# The event scenario 3 adds: CPU1 Temp (sensor 1) Upper Critical going high, trigger 0x5c,
# threshold 0x5a; the 13 bytes of `sel_add` after the record type (timestamp first: ipmi_sim
# stamps the entry itself).
ADDED_EVENT = [0, 0, 0, 0, 0x20, 0x00, 0x04, 0x01, 0x01, 0x01, 0x59, 0x5C, 0x5A]

BMCWSMAN = PROFILE = CLIENT = None
BMC: IpmiSim = None
AGENT = None
FEATURES = {}
BUSY_PLUGIN = ""
BASELINE = {}  # scenario 1's view: sensor OperationalStatus by name (restored after outages)


def info(text):
    """A measurement on stderr, stamped with the agent's clock (its stderr lines carry the same)."""
    stamp = f"[{time.monotonic() - AGENT.started:7.2f}] " if AGENT is not None and AGENT.proc is not None else ""
    print(f"  info: {stamp}{text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# The agent.

class Agent:
    """`bmcwsman serve --lan` against BMC on an HTTP loopback listener the kernel picks. Has the
    attributes wsman_harness's HTTP helpers read from wh.SERVER (port, endpoint)."""

    def __init__(self, bmc):
        self.dir = tempfile.mkdtemp(prefix="bmcwsman-e2e-")
        try:
            self.setup(bmc)
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def setup(self, bmc):
        self.password_file = os.path.join(self.dir, "lan-password")
        with open(self.password_file, "w") as f:
            f.write(bmc.password + "\n")
        os.chmod(self.password_file, 0o600)
        self.users = os.path.join(self.dir, "users")
        lines = []
        for user, (password, role) in USERS.items():
            out = subprocess.run([BMCWSMAN, "hash-password", "--user", user, "--role", role],
                                 input=password + "\n", capture_output=True, text=True, timeout=30)
            if out.returncode != 0 or not out.stdout.startswith(user + ":"):
                raise RuntimeError(f"hash-password --user {user}: rc {out.returncode}: {out.stderr}")
            lines.append(out.stdout.strip())
        with open(self.users, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.status_socket = os.path.join(self.dir, "status.sock")
        self.smbios_dir = os.path.join(self.dir, "no-smbios")  # the FRU alone describes the server
        os.makedirs(self.smbios_dir)
        self.args = [BMCWSMAN, "serve", "--lan", f"127.0.0.1:{bmc.lan_port}", "--user", bmc.user,
                     "--password-file", self.password_file, "--lan-workarounds", "16",
                     "--smbios-dir", self.smbios_dir, "--users", self.users, "--listen", "127.0.0.1:0",
                     "--allow-basic-over-http", "--poll-interval", str(POLL_INTERVAL)]
        if FEATURES["max_reading_age"]:
            self.args += ["--max-reading-age", str(MAX_READING_AGE)]
        if FEATURES["status"]:
            self.args += ["--status-socket", self.status_socket]
        self.log = []
        self.proc = None

    def start(self, timeout=30):
        self.started = time.monotonic()
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        ready = threading.Event()

        def drain():  # the whole run, so the pipe never fills
            for line in self.proc.stderr:
                self.log.append(f"[{time.monotonic() - self.started:7.2f}] {line}")
                if "serving WS-Management on" in line:
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        ready.wait(timeout)
        m = re.search(r"serving WS-Management on http://127\.0\.0\.1:(\d+)/wsman", "".join(self.log))
        if not m:
            self.proc.kill()
            self.proc.wait(10)
            raise RuntimeError("the agent did not start: " + "".join(self.log)[-3000:])
        self.port = int(m.group(1))
        self.tls_port = None
        self.endpoint = f"http://127.0.0.1:{self.port}/wsman"
        info(f"agent serving on {self.endpoint} after {time.monotonic() - self.started:.2f} s: "
             + " ".join(self.args[1:]))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def tail(self, n=60):
        return "".join(self.log[-n:])

    def stop(self, timeout=20):
        """SIGTERM: (exit status or 'hung', seconds)."""
        t = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
            rc = "hung"
        return rc, time.monotonic() - t

    def status(self):
        """`bmcwsman --json status --socket PATH` (the CLI's --json gives JSON, as for every
        command): (parsed JSON, exit status, seconds). Exit status 0 when the BMC answers, 1
        when the agent runs but its BMC does not (the JSON printed all the same)."""
        t = time.monotonic()
        out = subprocess.run([BMCWSMAN, "--json", "status", "--socket", self.status_socket], capture_output=True,
                             text=True, timeout=15)
        took = time.monotonic() - t
        try:
            status = json.loads(out.stdout)
        except ValueError:
            raise AssertionError(f"bmcwsman --json status: rc {out.returncode}, not JSON: {out.stdout[:300]!r} "
                                 f"{out.stderr.strip()}")
        if not isinstance(status, dict):
            raise AssertionError(f"bmcwsman --json status: not an object: {out.stdout[:300]!r}")
        return status, out.returncode, took


def probe_features():
    serve_help = wh.serve_help()
    top = subprocess.run([BMCWSMAN, "--help"], capture_output=True, text=True, timeout=30).stdout
    return {"max_reading_age": "--max-reading-age" in serve_help,
            "status": "--status-socket" in serve_help and re.search(r"^\s+status\s", top, re.M) is not None}


# ---------------------------------------------------------------------------------------------
# Requests.

def client(tc, *args, user=OPERATOR, timeout=60):
    """The project's client (bmcwsman-client, BMCWSMAN_CLIENT or beside the agent in its build
    tree) against the agent with Basic, JSON output and `timeout` seconds as its OperationTimeout
    (--operation-timeout; the HTTP read waits 10 s more): (exit status, stdout, stderr)."""
    cmd = [CLIENT, *args, "-r", AGENT.endpoint, "-u", user, "-a", "basic", "--format", "json",
           "--operation-timeout", str(int(timeout * 1000)), "--timeout", str(int(timeout * 1000) + 10000)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout + 60, stdin=subprocess.DEVNULL,
                       env=dict(os.environ, WSMAN_PASS=USERS[user][0]))
    return p.returncode, p.stdout, p.stderr


def client_ok(tc, *args, **kw):
    rc, out, err = client(tc, *args, **kw)
    if rc != 0:
        raise AssertionError(f"bmcwsman-client {' '.join(args)}: exit {rc}: {err[:1500]}")
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def fault_subcode(tc, rc, err):
    """The local name of the WS-Management fault's subcode bmcwsman-client reported (exit 1)."""
    tc.assertEqual(rc, 1, "not a WS-Management fault: " + err[:600])
    return json.loads(err)["fault"]["subcode"].rpartition(":")[2]


def uri_with(cls_uri, selectors):
    return cls_uri + "?" + "+".join(f"{k}={v}" for k, v in selectors.items())


def local(tag):
    return tag.rpartition("}")[2]


XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


def instance_of(element):
    """A CIM instance element as {property: text, list of texts (arrays) or None (xsi:nil)}."""
    props = {}
    for child in element:
        name = local(child.tag)
        value = None if child.get(XSI_NIL) == "true" else (child.text or "").strip()
        if name in props:
            if not isinstance(props[name], list):
                props[name] = [props[name]]
            props[name].append(value)
        else:
            props[name] = value
    return props


def as_list(value):
    return value if isinstance(value, list) else [] if value is None else [value]


def timed(fn, *args, **kw):
    t = time.monotonic()
    result = fn(*args, **kw)
    return result, time.monotonic() - t


def enumerate_instances(tc, cls, timeout=60, user=OPERATOR, max_elements=100):
    """Every instance of cls through bmcwsman-client: an optimized Enumerate then Pulls to
    EndOfSequence, each with OperationTimeout `timeout`; a list of property dicts (None for
    xsi:nil, lists for arrays)."""
    items = client_ok(tc, "enumerate", DMTF + cls, "--max-elements", str(max_elements), user=user, timeout=timeout)
    return [i["properties"] for i in items]


def get_instance(tc, cls, selectors, timeout=60, user=OPERATOR):
    items = client_ok(tc, "get", uri_with(DMTF + cls, selectors), user=user, timeout=timeout)
    tc.assertEqual(len(items), 1)
    tc.assertEqual(items[0]["class"], cls)
    return items[0]["properties"]


def identify(tc):
    """Identify (authenticated as the reader): the IdentifyResponse's ProductVendor."""
    out = client_ok(tc, "identify", user=READER, timeout=OP_TIMEOUT)
    vendor = out[0]["IdentifyResponse"]["ProductVendor"]
    tc.assertTrue(vendor, out)
    return vendor


def get_record_log(tc, timeout=60):
    return get_instance(tc, "CIM_RecordLog", {"InstanceID": "IPMI:SEL"}, timeout=timeout, user=READER)


def pms_keys(tc):
    service = enumerate_instances(tc, "CIM_PowerManagementService")
    tc.assertEqual(len(service), 1)
    s = service[0]
    return {k: s[k] for k in ("SystemCreationClassName", "SystemName", "CreationClassName", "Name")}


def power_request(tc, keys, state, timeout, user=OPERATOR):
    """RequestPowerStateChange through bmcwsman-client with OperationTimeout `timeout`:
    ('ok', ReturnValue) or ('fault', subcode's local name); with the seconds it took."""
    t = time.monotonic()
    rc, out, err = client(tc, "invoke", "RequestPowerStateChange", uri_with(PMS, keys), f'@{{PowerState="{state}"}}',
                          user=user, timeout=timeout)
    took = time.monotonic() - t
    if rc != 0:
        return ("fault", fault_subcode(tc, rc, err)), took
    answer = json.loads(out)
    tc.assertEqual(answer["class"], "RequestPowerStateChange_OUTPUT", out[:600])
    return ("ok", int(answer["properties"]["ReturnValue"])), took


# ---------------------------------------------------------------------------------------------
# FreeIPMI on the same ipmi_sim.

def freeipmi(tool, *args, timeout=60):
    """A FreeIPMI tool over LAN on ipmi_sim (a fresh SDR cache for the tools that read the SDR)."""
    cache = tempfile.mkdtemp(prefix="bmcwsman-fi-")
    sdr = [f"--sdr-cache-directory={cache}", "--quiet-cache"] if tool in ("ipmi-sensors", "ipmi-sel", "ipmi-fru") else []
    try:
        out = subprocess.run([tool, *BMC.freeipmi_args(), *sdr, *args], capture_output=True, text=True,
                             timeout=timeout)
        if out.returncode != 0:
            raise AssertionError(f"{tool} {' '.join(args)}: rc {out.returncode}: {out.stderr.strip()}")
        return out.stdout
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def freeipmi_sensors():
    """ipmi-sensors (shared sensors expanded): {name: (type, reading text, unit, event)}."""
    out = freeipmi("ipmi-sensors", "--shared-sensors", "--no-header-output", "--comma-separated-output",
                   "--non-abbreviated-units")
    rows = {}
    for line in out.splitlines():
        f = line.split(",")
        rows[f[1]] = (f[2], f[3], f[4], ",".join(f[5:]))
    return rows


def freeipmi_sel_records():
    """ipmi-sel --hex-dump: {record ID: the 16 record bytes}."""
    records = {}
    for line in freeipmi("ipmi-sel", "--hex-dump").splitlines():
        if not line.startswith("RID:"):
            continue
        data = [int(x, 16) for x in re.findall(r"\[([0-9A-Fa-f]{2})\]", line)]
        if len(data) != 16:
            raise AssertionError("unexpected ipmi-sel --hex-dump line: " + line)
        records[data[0] | data[1] << 8] = data
    return records


def freeipmi_power_on():
    out = freeipmi("ipmi-chassis", "--get-status")
    m = re.search(r"^System Power\s*:\s*(\w+)", out, re.M)
    if not m:
        raise AssertionError("no System Power line in ipmi-chassis --get-status: " + out)
    return m.group(1) == "on"


def freeipmi_fru():
    """ipmi-fru: {device name: {field: value}} (the first value of a repeated field)."""
    devices = {}
    current = None
    for line in freeipmi("ipmi-fru").splitlines():
        m = re.match(r"FRU Inventory Device: (.*) \(ID ([0-9A-Fa-f]+)h\)", line)
        if m:
            current = devices.setdefault(m.group(1), {})
            continue
        m = re.match(r"\s+FRU (.+?): (.*)$", line)
        if m and current is not None:
            current.setdefault(m.group(1), m.group(2).strip())
    return devices


def record_bytes(record):
    """The 16 SEL bytes a CIM_LogRecord's RecordData holds, read through its RecordFormat
    ('*type name*...'; uint8 and uint8[n] fields are bytes, the boolean AssertionEvent and the
    EventType share byte 13, strings are not bytes)."""
    names = [f for f in record["RecordFormat"].split("*") if f]
    values = record["RecordData"].split("*")[1:-1]
    if len(names) != len(values):
        raise AssertionError(f"RecordFormat has {len(names)} fields, RecordData {len(values)}: {record}")
    out, assertion = [], None
    for name, value in zip(names, values):
        kind = name.split()[0]
        if kind.startswith("uint8"):
            numbers = [int(v) for v in value.split()]
            if name.endswith("IPMI_EventType"):
                numbers = [numbers[0] | (0 if assertion else 0x80)]
            out += numbers
        elif kind == "boolean":
            assertion = value == "true"
    return out


# ---------------------------------------------------------------------------------------------
# Waiting.

class HardFailure(AssertionError):
    """A failure wait_for does not retry (a request not answered in time)."""


def wait_for(tc, what, bound, predicate, hard_limit=None, step=STEP):
    """Calls predicate() every step until it returns a true value; asserts that happened within
    bound seconds (waiting up to hard_limit, default bound + 5, to report how long it really
    took). Returns (value, seconds). Exceptions from predicate count as 'not yet', except
    HardFailure."""
    hard_limit = hard_limit if hard_limit is not None else bound + 5
    t = time.monotonic()
    last = None
    while True:
        try:
            value = predicate()
            if value:
                took = time.monotonic() - t
                info(f"{what}: after {took:.2f} s (bound {bound:.1f} s)")
                tc.assertLessEqual(took, bound, f"{what} took {took:.2f} s, more than {bound:.1f} s")
                return value, took
        except HardFailure:
            raise
        except AssertionError as e:
            last = e
        except Exception as e:  # a transport error while waiting: keep trying, report at the end
            last = e
        if time.monotonic() - t > hard_limit:
            tc.fail(f"{what}: not within {hard_limit:.1f} s (bound {bound:.1f} s); last: {last!r}")
        time.sleep(step)


def statuses(tc, timeout=60):
    """OperationalStatus of every CIM_Sensor (numeric and discrete) by name."""
    return {s["ElementName"]: [int(x) for x in as_list(s["OperationalStatus"])]
            for s in enumerate_instances(tc, "CIM_Sensor", timeout=timeout)}


def ensure_bmc_up():
    """Between scenarios: ipmi_sim running and not stopped (a failed scenario may leave it)."""
    if BMC.proc is None or BMC.proc.poll() is not None:
        BMC.proc = None
        BMC.start()
    else:
        BMC.resume()


def kill_bmc():
    BMC.proc.kill()
    BMC.proc.wait(10)
    BMC.proc = None


def wait_healthy(tc, what, bound=RECOVERY_BOUND):
    """Every sensor's OperationalStatus back to scenario 1's (none No Contact), the log OK."""
    def healthy():
        now = statuses(tc, timeout=OP_TIMEOUT)
        if "status" not in BASELINE:  # scenario 1 did not get that far: none No Contact, most OK
            if any(v == [NO_CONTACT] for v in now.values()) or sum(v == [OK] for v in now.values()) < 30:
                raise AssertionError(f"sensors not healthy: {now}")
        elif now != BASELINE["status"]:
            raise AssertionError(f"sensors not as at the start: "
                                 f"{ {k: v for k, v in now.items() if v != BASELINE['status'].get(k)} }")
        log = enumerate_instances(tc, "CIM_RecordLog", timeout=OP_TIMEOUT)[0]
        if as_list(log["OperationalStatus"]) != [str(OK)]:
            raise AssertionError(f"CIM_RecordLog OperationalStatus {log['OperationalStatus']}")
        return True
    return wait_for(tc, what, bound, healthy)


def assert_reading_propagates(tc, what):
    """After a recovery: a reading changed on the console shows within poll interval + max
    reading age (the poller runs again, not only the model kept), then restored."""
    age = MAX_READING_AGE if FEATURES["max_reading_age"] else 0
    for raw in (NEW_RAW, CHANGED_RAW):
        BMC.console(f"sensor_set_value 0x20 0 0x{CHANGED_NUMBER:02x} 0x{raw:02x} 0")

        def shows():
            listed = [s for s in enumerate_instances(tc, NUMERIC, timeout=OP_TIMEOUT) if s["ElementName"] == CHANGED_SENSOR]
            tc.assertEqual(listed[0]["CurrentReading"], str(raw), "CurrentReading")
            return True
        wait_for(tc, f"{what}: {CHANGED_SENSOR} reading {raw}", POLL_INTERVAL + age + SLACK, shows, hard_limit=15)


def prompt(label, name, samples, fn, *args, **kw):
    """fn(*args) answered (no exception, no fault) in less than OP_TIMEOUT, else HardFailure."""
    t = time.monotonic()
    try:
        result = fn(*args, **kw)
    except Exception as e:
        raise HardFailure(f"{label}: {name} failed after {time.monotonic() - t:.2f} s: {e!r}"[:1500]) from e
    took = time.monotonic() - t
    samples.append((name, took))
    if took >= OP_TIMEOUT:
        raise HardFailure(f"{label}: {name} took {took:.2f} s, OperationTimeout PT{OP_TIMEOUT:g}S")
    return result


def prompt_reads(tc, label, samples):
    """Identify, Get CIM_RecordLog and Enumerate CIM_NumericSensor (bmcwsman-client), the last
    two with OperationTimeout PT5S, answered without a fault in less than 5 s (else
    HardFailure); the latencies are appended to samples, the Enumerate's instances returned."""
    prompt(label, "Identify", samples, identify, tc)
    prompt(label, "Get", samples, get_instance, tc, "CIM_RecordLog", {"InstanceID": "IPMI:SEL"}, timeout=OP_TIMEOUT)
    return prompt(label, "Enumerate", samples, enumerate_instances, tc, NUMERIC, timeout=OP_TIMEOUT)


FAILING_BMC_FAULTS = ("InternalError", "EndpointUnavailable", "TimedOut")


def errors_surfaced(tc, label, samples):
    """No Contact on every sensor, or the enumeration answered with a WS-Management fault; Identify
    and the Enumerate answered within OP_TIMEOUT (else HardFailure)."""
    prompt(label, "Identify", samples, identify, tc)
    t = time.monotonic()
    rc, out, err = client(tc, "enumerate", DMTF + "CIM_Sensor", timeout=OP_TIMEOUT)
    took = time.monotonic() - t
    if rc != 0:
        samples.append(("Enumerate (fault)", took))
        tc.assertIn(fault_subcode(tc, rc, err), FAILING_BMC_FAULTS, err[:600])
        return "fault"
    samples.append(("Enumerate", took))
    if took >= OP_TIMEOUT:
        raise HardFailure(f"{label}: Enumerate took {took:.2f} s")
    bad = {}
    for item in (json.loads(line) for line in out.splitlines() if line.strip()):
        inst = item["properties"]
        if as_list(inst["OperationalStatus"]) != [str(NO_CONTACT)]:
            bad[inst["ElementName"]] = inst["OperationalStatus"]
    if bad:
        raise AssertionError(f"not No Contact: {bad}")
    return "no contact"


def assert_failing_bmc_served(tc, keys, label):
    """While the BMC fails every command: the errors surface (No Contact or faults) in bounded
    time, reads keep being answered within OP_TIMEOUT, an Invoke is refused, the agent lives."""
    samples = []
    how, _ = wait_for(tc, f"{label}: errors surfaced (No Contact or faults)", NO_CONTACT_BOUND,
                      lambda: errors_surfaced(tc, label, samples))
    info(f"{label}: surfaced as {how}")
    assert_invoke_refused(tc, keys, label)
    report_latencies(f"requests to {label}", samples)
    tc.assertTrue(AGENT.alive())


def assert_invoke_refused(tc, keys, label):
    """RequestPowerStateChange 2 answered within OP_TIMEOUT with a failure ReturnValue or a fault."""
    result, took = power_request(tc, keys, 2, OP_TIMEOUT)
    info(f"RequestPowerStateChange 2 to {label}: {result} after {took:.2f} s")
    tc.assertLess(took, OP_TIMEOUT + 1.0)
    if result[0] == "ok":  # DSP1027: 2 Unknown or Unspecified Error, 4 Failed
        tc.assertIn(result[1], (2, 4), "ReturnValue for a Chassis Control the BMC refused")
    else:
        tc.assertIn(result[1], FAILING_BMC_FAULTS)


def report_latencies(label, samples):
    by = {}
    for name, took in samples:
        by.setdefault(name, []).append(took)
    info(f"{label}: " + ", ".join(f"{n} max {max(v):.3f} s over {len(v)}" for n, v in by.items()))


# ---------------------------------------------------------------------------------------------

class ServeOverLan(unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        ensure_bmc_up()
        self.assertTrue(AGENT.alive(), "the agent is not running")

    def status_assertion(self, label, check):
        """One assertion on `bmcwsman status`, skipped (alone) when the binary lacks it."""
        with self.subTest(f"bmcwsman status: {label}"):
            if not FEATURES["status"]:
                self.skipTest("the binary has no `serve --status-socket` / `bmcwsman status`")
            status, rc, took = AGENT.status()
            info(f"bmcwsman status ({label}, rc {rc}, {took:.2f} s): bmc_reachable {status.get('bmc_reachable')}, "
                 f"last_poll_age_seconds {status.get('last_poll_age_seconds')}, polls {status.get('polls')}, "
                 f"failed_polls {status.get('failed_polls')}")
            self.assertIn("bmc_reachable", status)
            self.assertIsInstance(status.get("last_poll_age_seconds"), (int, float))
            self.assertEqual(rc, 0 if status["bmc_reachable"] else 1, "exit status 0 when the BMC answers, else 1")
            self.assertLess(took, OP_TIMEOUT, "bmcwsman status answered promptly")
            check(status)

    # -- 1 -------------------------------------------------------------------------------------
    def test_1_inventory_agrees_with_freeipmi(self):
        theirs = freeipmi_sensors()
        numeric = enumerate_instances(self, NUMERIC, max_elements=10)  # several Pulls
        every = enumerate_instances(self, "CIM_Sensor")
        BASELINE["status"] = {s["ElementName"]: [int(x) for x in as_list(s["OperationalStatus"])] for s in every}
        info(f"{len(numeric)} CIM_NumericSensor, {len(every)} CIM_Sensor, {len(theirs)} ipmi-sensors rows")

        with self.subTest("the same sensors by name"):
            self.assertEqual(sorted(s["ElementName"] for s in every), sorted(theirs))
            self.assertEqual(len(set(s["DeviceID"] for s in every)), len(every), "duplicate DeviceIDs")

        compared = 0
        for s in numeric:
            name = s["ElementName"]
            with self.subTest(sensor=name):
                self.assertIn(name, theirs)
                _, reading, unit, event = theirs[name]
                if reading == "N/A":
                    self.assertIsNone(s["CurrentReading"])
                    continue
                self.assertIsNotNone(s["CurrentReading"], s)
                modifier = int(s["UnitModifier"])
                value = int(s["CurrentReading"]) * 10.0 ** modifier
                step = 10.0 ** modifier
                resolution = int(s["Resolution"]) / 100.0 * step if s["Resolution"] is not None else 0.0
                # ipmi-sensors prints two decimals; we are on the 10^UnitModifier grid.
                tolerance = max(resolution / 2, step / 2, 0.006)
                self.assertAlmostEqual(value, float(reading), delta=tolerance,
                                       msg=f"{name}: {s['CurrentReading']}e{modifier} vs ipmi-sensors {reading}")
                expected_units = {"degrees C": 2, "Volts": 5, "Amps": 6, "Watts": 7, "CFM": 18, "RPM": 19}
                if unit in expected_units:
                    self.assertEqual(int(s["BaseUnits"]), expected_units[unit], f"BaseUnits of {unit}")
                # FreeIPMI's 'OK' is our OK; a crossed threshold is not.
                self.assertEqual(as_list(s["OperationalStatus"]) == [str(OK)], event == "'OK'",
                                 f"OperationalStatus {s['OperationalStatus']} vs ipmi-sensors {event}")
                compared += 1
        self.assertGreaterEqual(compared, 30)
        info(f"{compared} numeric readings compared with ipmi-sensors")

        # wsl (Dell's WS-Man scripts) enumerates CIM_Sensor: the same DeviceIDs.
        with self.subTest("wslenum CIM_Sensor"):
            if not (shutil.which("wslenum") and shutil.which("uuidgen")):
                self.skipTest("wsl and uuid-runtime are needed")
            import clients_test

            class Wsl(clients_test.WslBase):
                tls = False
            run = Wsl().wsl("wslenum", DMTF + "CIM_Sensor", "-opti", "20", user=READER)
            self.assertTrue(run.exchanges, run.stdout[-500:] + run.log[-500:])
            check = wh.EnumerationChecker(self, None, 20, optimized=True)
            for mid, answer in run.exchanges:
                check.answer(mid, answer)
            self.assertTrue(check.done, "wslenum stopped before EndOfSequence")
            self.assertEqual(sorted(check.ids), sorted(s["DeviceID"] for s in every))
            self.assertEqual(run.stdout.count("<p:DeviceID>"), len(every))
            info(f"wslenum: {len(check.ids)} CIM_Sensor DeviceIDs in {check.answers} answers")

        # The SEL: count, IDs and every record's bytes as ipmi-sel reads them.
        sel = freeipmi_sel_records()
        records = enumerate_instances(self, "CIM_LogRecord", max_elements=5)
        BASELINE["sel_count"] = len(records)
        with self.subTest("SEL"):
            self.assertGreaterEqual(len(sel), 12)
            self.assertEqual(len(records), len(sel))
            self.assertEqual(sorted(int(r["RecordID"]) for r in records), sorted(sel))
            for r in records:
                self.assertEqual(record_bytes(r), sel[int(r["RecordID"])], f"record {r['RecordID']}")
            log = get_record_log(self)
            self.assertEqual(int(log["CurrentNumberOfRecords"]), len(sel))
            self.assertEqual(as_list(log["OperationalStatus"]), [str(OK)])
            info(f"{len(records)} CIM_LogRecord byte for byte equal to ipmi-sel --hex-dump")

        # FRU-backed inventory.
        fru = freeipmi_fru()
        with self.subTest("CIM_Chassis from FRU 0"):
            dev0 = fru["Default FRU Device"]
            chassis = enumerate_instances(self, "CIM_Chassis")
            self.assertEqual(len(chassis), 1)
            c = chassis[0]
            self.assertEqual(c["SerialNumber"], dev0["Chassis Serial Number"])
            self.assertEqual(c["PartNumber"], dev0["Chassis Part Number"])
            self.assertEqual(c["Manufacturer"], dev0["Product Manufacturer Name"])
            self.assertEqual(c["Model"], dev0["Product Name"])
        with self.subTest("CIM_Card and CIM_PhysicalPackage from the board areas"):
            # The baseboard is a CIM_Card, the other FRU devices (the PSU) CIM_PhysicalPackage:
            # both come with a polymorphic Enumerate of CIM_PhysicalPackage (DSP0227 8.1), the
            # chassis (a CIM_PhysicalFrame) too.
            cards = {c["ElementName"]: c for c in enumerate_instances(self, "CIM_PhysicalPackage")
                     if c["ElementName"] != "Chassis"}
            boards = {("Baseboard" if name == "Default FRU Device" else name): f
                      for name, f in fru.items() if "Board Serial Number" in f}
            self.assertEqual(sorted(cards), sorted(boards))
            for name, f in boards.items():
                self.assertEqual(cards[name]["SerialNumber"], f["Board Serial Number"], name)
                self.assertEqual(cards[name]["PartNumber"], f["Board Part Number"], name)
                self.assertEqual(cards[name]["Manufacturer"], f["Board Manufacturer"], name)
                self.assertEqual(cards[name]["Model"], f["Board Product Name"], name)
            info(f"CIM_Chassis and {len(cards)} packages ({', '.join(sorted(cards))}) equal to ipmi-fru")

        self.status_assertion("healthy", lambda s: (
            self.assertIs(s["bmc_reachable"], True),
            self.assertLessEqual(s["last_poll_age_seconds"], POLL_INTERVAL + SLACK)))

    # -- 2 -------------------------------------------------------------------------------------
    def test_2_a_changed_reading_shows_within_the_poll_interval(self):
        sensor = [s for s in enumerate_instances(self, NUMERIC) if s["ElementName"] == CHANGED_SENSOR][0]
        keys = {k: sensor[k] for k in ("SystemCreationClassName", "SystemName", "CreationClassName", "DeviceID")}
        self.assertEqual(int(sensor["CurrentReading"]), CHANGED_RAW, "the profile's reading first")
        age = MAX_READING_AGE if FEATURES["max_reading_age"] else 0
        bound = POLL_INTERVAL + age + SLACK
        for raw in (NEW_RAW, CHANGED_RAW):  # changed, then back (the later scenarios expect it)
            BMC.console(f"sensor_set_value 0x20 0 0x{CHANGED_NUMBER:02x} 0x{raw:02x} 0")
            self.assertEqual(freeipmi_sensors()[CHANGED_SENSOR][1], f"{raw:.2f}", "ipmi_sim took the value")

            def shows():  # Get by keys and the enumeration both
                got = get_instance(self, NUMERIC, keys)["CurrentReading"]
                self.assertEqual(got, str(raw), "CurrentReading in Get")
                listed = [s for s in enumerate_instances(self, NUMERIC) if s["DeviceID"] == keys["DeviceID"]]
                self.assertEqual(listed[0]["CurrentReading"], str(raw), "CurrentReading in Enumerate")
                return True
            wait_for(self, f"{CHANGED_SENSOR} reading {raw} in Get and Enumerate", bound, shows,
                     hard_limit=15)
        if not FEATURES["max_reading_age"]:
            with self.subTest("--max-reading-age"):
                self.skipTest("the binary has no --max-reading-age: bound was the poll interval alone")

    # -- 3 -------------------------------------------------------------------------------------
    def test_3_an_added_event_shows_as_a_new_log_record(self):
        before = enumerate_instances(self, "CIM_LogRecord")
        known = {int(r["RecordID"]) for r in before}
        out = BMC.console("sel_add 0x20 0x02 " + " ".join(f"0x{b:02x}" for b in ADDED_EVENT))
        m = re.search(r"Added record (\d+)", out)
        self.assertIsNotNone(m, out)
        rid = int(m.group(1))
        self.assertNotIn(rid, known)
        theirs = freeipmi_sel_records()
        self.assertEqual(len(theirs), len(before) + 1)
        self.assertEqual(theirs[rid][2], 0x02)
        self.assertEqual(theirs[rid][7:], ADDED_EVENT[4:], "ipmi_sim stored the added bytes")

        def appeared():
            records = enumerate_instances(self, "CIM_LogRecord")
            return records if len(records) == len(before) + 1 else None
        records, _ = wait_for(self, "the added SEL entry as a CIM_LogRecord", POLL_INTERVAL + SLACK, appeared,
                              hard_limit=15)
        new = [r for r in records if int(r["RecordID"]) not in known]
        self.assertEqual([int(r["RecordID"]) for r in new], [rid])
        data = record_bytes(new[0])
        self.assertEqual(data, theirs[rid], "RecordData vs ipmi-sel --hex-dump")
        self.assertEqual(data[7:], ADDED_EVENT[4:], "RecordData holds the added bytes")
        self.assertEqual(data[:3], [rid & 0xFF, rid >> 8, 0x02])
        self.assertIn("Upper Critical", new[0]["Description"] or "")
        log = get_record_log(self)
        self.assertEqual(int(log["CurrentNumberOfRecords"]), len(before) + 1)

    # -- 4 -------------------------------------------------------------------------------------
    def test_4_power_state_changes_reach_the_bmc(self):
        keys = pms_keys(self)
        (kind, *rest), took = power_request(self, keys, 2, 30, user=READER)
        self.assertEqual(kind, "fault", "a reader may not change the power state")
        self.assertEqual(rest[0], "AccessDenied")
        for state, log_lines, power_on in ((5, ["power 0", "power 1"], True), (8, ["power 0"], False),
                                           (2, ["power 1"], True)):
            with self.subTest(PowerState=state):
                mark = len(BMC.chassis_log())
                result, took = power_request(self, keys, state, 30)
                info(f"RequestPowerStateChange {state}: {result} in {took:.2f} s")
                self.assertEqual(result, ("ok", 0))

                def logged():  # ipmi_sim runs chassis_control.sh, which appends each action
                    new = BMC.chassis_log()[mark:]
                    if len(new) < len(log_lines):
                        return False
                    self.assertEqual(new, log_lines, "chassis_control.sh log")
                    return True
                wait_for(self, f"chassis_control log after PowerState {state}", 5, logged)
                self.assertEqual(freeipmi_power_on(), power_on, "ipmi-chassis --get-status System Power")

                def model_follows():
                    assoc = enumerate_instances(self, "CIM_AssociatedPowerManagementService")
                    return assoc and int(assoc[0]["PowerState"]) == (2 if power_on else 8)
                wait_for(self, f"CIM_AssociatedPowerManagementService.PowerState after {state}",
                         POLL_INTERVAL + SLACK, model_follows)

    # -- 5 -------------------------------------------------------------------------------------
    def test_5_a_dead_bmc_is_no_contact_then_recovers(self):
        pid = BMC.proc.pid
        kill_bmc()
        info(f"ipmi_sim (pid {pid}) killed with SIGKILL")
        samples = []

        def no_contact():
            sensors = prompt_reads(self, "BMC dead", samples)
            every = statuses(self, timeout=OP_TIMEOUT)
            bad = {n: v for n, v in every.items() if v != [NO_CONTACT]}
            if bad:
                raise AssertionError(f"not No Contact: {bad}")
            return len(sensors) > 0
        wait_for(self, "every sensor No Contact (12)", NO_CONTACT_BOUND, no_contact)
        for _ in range(2):  # and it stays so, still answered promptly
            prompt_reads(self, "BMC dead", samples)
        log = enumerate_instances(self, "CIM_RecordLog", timeout=OP_TIMEOUT)[0]
        self.assertEqual(as_list(log["OperationalStatus"]), [str(NO_CONTACT)], "CIM_RecordLog")
        report_latencies("reads while the BMC is dead", samples)
        self.status_assertion("BMC dead", lambda s: self.assertIs(s["bmc_reachable"], False))

        BMC.start()  # same ports, same state directory
        info(f"ipmi_sim restarted on 127.0.0.1:{BMC.lan_port} (pid {BMC.proc.pid})")
        wait_healthy(self, "healthy again after the restart")
        assert_reading_propagates(self, "after the restart")
        self.assertTrue(AGENT.alive())
        self.status_assertion("after the restart", lambda s: (
            self.assertIs(s["bmc_reachable"], True),
            self.assertLessEqual(s["last_poll_age_seconds"], POLL_INTERVAL + SLACK)))

    # -- 6 -------------------------------------------------------------------------------------
    def test_6_a_hung_bmc_keeps_requests_within_their_timeout(self):
        keys = pms_keys(self)
        BMC.pause()
        stopped_at = time.monotonic()
        info("ipmi_sim stopped (SIGSTOP)")
        samples = []
        try:
            # Long enough for the poller to be inside a refresh against the silent BMC.
            end = time.monotonic() + POLL_INTERVAL + LAN_TIMEOUT
            while time.monotonic() < end:
                prompt_reads(self, "BMC hung", samples)
                time.sleep(STEP)
            report_latencies("reads while the BMC is hung", samples)

            def no_contact():  # the reads stay prompt meanwhile
                prompt_reads(self, "BMC hung", samples)
                hung = statuses(self, timeout=OP_TIMEOUT)
                missing = {k: v for k, v in hung.items() if v != [NO_CONTACT]}
                if missing:
                    raise AssertionError(f"{len(missing)} of {len(hung)} sensors not No Contact: {missing}")
                return True
            # From the SIGSTOP: the poll then in flight (or the next, one interval later) waits
            # one LAN timeout for its command, then the BMC is unreachable.
            wait_for(self, "a hung BMC: every sensor No Contact", NO_CONTACT_BOUND - (time.monotonic() - stopped_at),
                     no_contact)
            result, took = power_request(self, keys, 2, INVOKE_TIMEOUT)
            info(f"Invoke with OperationTimeout PT{INVOKE_TIMEOUT:g}S to the hung BMC: {result} "
                 f"after {took:.2f} s")
            self.assertEqual(result[0], "fault", f"an answer from a hung BMC? {result}")
            self.assertEqual(result[1], "TimedOut")
            self.assertLessEqual(took, INVOKE_TIMEOUT + 1.0, "wsman:TimedOut later than the OperationTimeout")
            self.assertGreaterEqual(took, INVOKE_TIMEOUT - 0.5, "wsman:TimedOut before the OperationTimeout")
            prompt_reads(self, "BMC hung, after the Invoke", samples)
            self.status_assertion("BMC hung (answered at all)", lambda s: None)
        finally:
            BMC.resume()
            info("ipmi_sim continued (SIGCONT)")
        wait_healthy(self, "healthy again after SIGCONT")
        assert_reading_propagates(self, "after SIGCONT")

        def invoke_works():
            result, took = power_request(self, keys, 2, 30)
            return result == ("ok", 0)
        wait_for(self, "RequestPowerStateChange 2 succeeds again", RECOVERY_BOUND, invoke_works)

    # -- 7 -------------------------------------------------------------------------------------
    def test_7_a_bmc_answering_errors_then_recovering(self):
        keys = pms_keys(self)
        out = BMC.console("mc_disable 0x20")
        self.assertNotIn("**", out, out)
        raw = subprocess.run(["ipmi-raw", *BMC.freeipmi_args(), "0", "0x06", "0x01"], capture_output=True,
                             text=True, timeout=30)
        self.assertIn("FF", raw.stdout.upper(), f"Get Device ID should answer 0xFF: {raw.stdout} {raw.stderr}")
        assert_failing_bmc_served(self, keys, "a BMC answering 0xFF")
        # mc_enable at run time makes ipmi_sim spin (harness-facts): the errors stop by a restart.
        kill_bmc()
        BMC.start()
        info("ipmi_sim restarted (MC enabled again)")
        wait_healthy(self, "healthy again after the errors stopped")
        assert_reading_propagates(self, "after the errors stopped")

    # -- 8 -------------------------------------------------------------------------------------
    def test_8_a_busy_bmc_then_recovering(self):
        if not BUSY_PLUGIN:
            self.skipTest("the ipmi_sim busy plug-in was not built (libopenipmi-dev missing)")
        keys = pms_keys(self)
        out = BMC.console("busy on")
        self.assertIn("busy on", out, out)
        raw = subprocess.run(["ipmi-raw", *BMC.freeipmi_args(), "0", "0x04", "0x2d", f"0x{CHANGED_NUMBER:02x}"],
                             capture_output=True, text=True, timeout=30)
        self.assertIn("2D C0", raw.stdout.upper(), f"Get Sensor Reading should answer C0h: {raw.stdout} {raw.stderr}")
        try:
            assert_failing_bmc_served(self, keys, "a busy BMC (C0h)")
            busy = BMC.console("busy")
            answered = re.search(r"(\d+) so far", busy)
            info(f"ipmi_sim answered C0h {answered.group(1) if answered else '?'} times")
            # ipmi-raw's one, then the agent's: each busy command repeated (IPMI 2.0 table 5-2
            # calls C0h transient), 5 retries with a growing back-off before giving up.
            self.assertTrue(answered and int(answered.group(1)) >= 1 + 6, f"the agent did not retry C0h: {busy!r}")
        finally:
            out = BMC.console("busy off")
        self.assertIn("busy off", out, out)
        wait_healthy(self, "healthy again after the BMC stopped being busy")
        assert_reading_propagates(self, "after the BMC stopped being busy")

    # -- 9 -------------------------------------------------------------------------------------
    def test_9_sigterm_stops_the_agent(self):
        rc, took = AGENT.stop()
        info(f"agent after SIGTERM: exit status {rc} in {took:.2f} s")
        self.assertEqual(rc, 0, "exit status after SIGTERM")
        self.assertLess(took, 20)


def main():
    global BMCWSMAN, PROFILE, CLIENT, BMC, AGENT, FEATURES, BUSY_PLUGIN
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    PROFILE = os.path.abspath(sys.argv.pop(1))
    CLIENT = os.environ.get("BMCWSMAN_CLIENT") or os.path.join(os.path.dirname(os.path.dirname(BMCWSMAN)),
                                                               "wsman_cli", "bmcwsman-client")
    if not os.access(CLIENT, os.X_OK):
        print(f"bmcwsman-client not found at {CLIENT}", file=sys.stderr)
        return 2
    missing = [t for t in ("ipmi_sim", "ipmi-sensors", "ipmi-sel", "ipmi-fru", "ipmi-chassis", "ipmi-raw")
               if shutil.which(t) is None]
    if missing:
        print("SKIP: missing " + ", ".join(missing))
        return SKIP
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "http_proxy", "https_proxy",
                "HTTP_PROXY", "HTTPS_PROXY"):
        os.environ.pop(var, None)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    wh.BMCWSMAN = BMCWSMAN
    FEATURES = probe_features()
    info(f"features of this binary: {FEATURES}")
    warnings.simplefilter("ignore", ResourceWarning)
    sys.warnoptions.append("ignore::ResourceWarning")

    BUSY_PLUGIN = os.environ.get("BMCWSMAN_BUSY_PLUGIN", "")
    if BUSY_PLUGIN and not os.path.exists(BUSY_PLUGIN):
        BUSY_PLUGIN = ""
    BMC = IpmiSim(PROFILE, plugins=(BUSY_PLUGIN,) if BUSY_PLUGIN else ())  # fresh work and state directories
    AGENT = None

    def cleanup():
        if AGENT is not None and AGENT.alive():
            AGENT.proc.kill()
        if BMC is not None:
            if BMC.proc is not None and BMC.proc.poll() is None:
                try:
                    BMC.resume()
                except OSError:
                    pass
            BMC.close()
        if AGENT is not None:
            shutil.rmtree(AGENT.dir, ignore_errors=True)

    def watchdog():
        print(f"\nwatchdog: the run took longer than {LIMIT_SECONDS} s; stacks:", file=sys.stderr)
        faulthandler.dump_traceback(file=sys.stderr)
        if AGENT is not None:
            print("--- agent stderr (tail) ---\n" + AGENT.tail(), file=sys.stderr)
        cleanup()
        os._exit(2)

    timer = threading.Timer(LIMIT_SECONDS, watchdog)
    timer.daemon = True
    timer.start()
    ok = False
    try:
        BMC.start()
        AGENT = Agent(BMC)
        AGENT.start()
        wh.SERVER = AGENT  # clients_test's wsl reads its port
        run = unittest.TestCase.run

        def timed_run(self, result=None):
            t = time.monotonic()
            try:
                return run(self, result)
            finally:
                print(f"  [{time.monotonic() - t:6.2f} s] {self.id().rpartition('.')[2]}", file=sys.stderr, flush=True)

        unittest.TestCase.run = timed_run
        result = unittest.main(module="__main__", argv=sys.argv, verbosity=2, exit=False).result
        ok = result.wasSuccessful()
        if AGENT.alive():  # a run of selected tests: stop it the same way
            rc, took = AGENT.stop()
            if rc != 0:
                print(f"the agent exited with {rc} after SIGTERM ({took:.1f} s)", file=sys.stderr)
                ok = False
        if not ok:
            print("--- agent stderr (tail) ---\n" + AGENT.tail(), file=sys.stderr)
            print("--- ipmi_sim log (tail) ---\n" + BMC.log()[-1500:], file=sys.stderr)
    except Exception:
        if AGENT is not None:
            print("--- agent stderr (tail) ---\n" + AGENT.tail(), file=sys.stderr)
        raise
    finally:
        timer.cancel()
        cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
