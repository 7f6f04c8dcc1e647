"""End to end: the agent serves WS-Management from inside a QEMU guest whose BMC is
OpenIPMI's ipmi_sim (isa-ipmi-kcs -> ipmi-bmc-extern) serving the 45-sensor profile,
and real clients on the host read it through the guest's virtio-net (issue 6,
scenarios 2 and 3).

    qemu_serve_test.py BMCWSMAN PROFILE.json [kcs | ssif-q35 | ssif-pc | bt]

The optional third argument picks the in-band interface (qemu_guest.INTERFACES below; default kcs):
ssif-q35 and ssif-pc put QEMU's smbus-ipmi (address=0x10) on the board's SMBus (ICH9 i801,
PIIX4) instead of isa-ipmi-kcs; the first phase is then named ssif, the guest loads the
SMBus adapter's modules and i2c-dev, and the agent must choose "ssif /dev/i2c-0,0x10"; the
second phase loads ipmi_ssif (issue 16) instead of ipmi_si. The guest has no udev, so
ipmi_ssif stays out until then, as with modprobe.blacklist=ipmi_ssif. bt puts QEMU's
isa-ipmi-bt (ports 0xe4-0xe6) in front instead: the agent must choose "bt io:0xe4", then
ipmi_si takes the ports and auto must choose /dev/ipmi0.

BMCWSMAN is build/agent/bmcwsman; bmcwsman-serve must sit beside it (`bmcwsman serve`
execs it from its own directory). Both go into the guest with their shared libraries,
with a users file and an HTTPS certificate made here. The guest loads the virtio-net
modules, takes 10.0.2.15/24, and QEMU forwards 127.0.0.1:HOSTPORT to its port 5986.

One boot, two phases (the guest waits for the host between them; the host speaks to
the guest's /init through the serial console):
  kcs      `bmcwsman serve` with no transport flag finds the BMC through SMBIOS type 38
           and must choose KCS port I/O ("BMC via kcs io:0xca2" on stderr). From the host:
           Identify (unauthenticated and through pywinrm), pywinrm Enumerate of
           CIM_NumericSensor (optimized, MaxElements 10, pulled to EndOfSequence) and of
           CIM_Sensor, wslenum of CIM_NumericSensor, Get of one sensor by its selectors
           (pywinrm and wsl), CIM_RecordLog and CIM_Chassis; the answers are compared with
           FreeIPMI over LAN against the same ipmi_sim: sensor names, readings within the
           sensor's resolution, SEL entry count, FRU chassis serial number.
  openipmi the kernel's ipmi_msghandler, ipmi_si and ipmi_devintf are loaded (/dev/ipmi0),
           the agent is started again with no transport flag and must now choose
           /dev/ipmi0 ("BMC via openipmi /dev/ipmi0"); its answers must equal the KCS
           run's: sensor names, the set of DeviceIDs, readings within resolution,
           CurrentNumberOfRecords, the chassis serial number.
Both agents must exit 0 on SIGTERM.

Identity (issue 14): QEMU is given SMBIOS strings of its own (-smbios type=1,2,3,4,17); the
guest prints them with dmidecode, and every serial number, part number, model (product name,
processor version) and manufacturer dmidecode prints must be found among the property values
of one polymorphic Enumerate of CIM_ManagedElement served by the KCS-phase agent.

Why one boot: the KCS phase has to come before ipmi_si is loaded anyway, both phases then
read the same ipmi_sim state with the same guest SMBIOS (SystemName, DeviceIDs), and a
second boot with its initramfs would only add time. The guest's /init runs four commands
(net, kcs, load_ipmi, openipmi); a phase prints @@READY NAME <the agent's "serving"
line>@@ live on the console, then waits for "stop NAME" on ttyS0 (QEMU's stdin).
The binaries go in without their debug sections (strip --strip-debug; the same code, a
25 MB instead of a ~100 MB initramfs).

Exit 77 (skip) only when qemu-system-x86_64 or a kernel image is missing; any other
missing piece (ipmi_sim, freeipmi-tools, wsl, python3-winrm, the guest kernel's
modules) is a failure naming it. The whole run is bounded (WATCHDOG_SECONDS).
Envelopes through pywinrm here on purpose: third-party clients (pywinrm, wsl) against the agent in a guest are the test (pywinrm has no Enumerate helper).
"""

from __future__ import annotations

import faulthandler
import http.client
import importlib.util
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import warnings

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "sim", "ipmi_sim"))
sys.path.insert(0, os.path.join(HERE, "..", "wsman_front"))
import qemu_guest  # noqa: E402
from harness import IpmiSim, free_port  # noqa: E402
import wsman_harness as wh  # noqa: E402

SKIP = 77
WATCHDOG_SECONDS = 470      # the file must finish within 8 minutes: QEMU and ipmi_sim killed, exit 1
PHASE_WAIT = 200            # a guest phase gives up waiting for the host after this
READY_TIMEOUT = 180         # host: the agent's "serving" line, per phase
GUEST_PORT = 5986
USER, PASSWORD, ROLE = "ann", "e2e-reader-pw", "reader"
B = f"{qemu_guest.GUEST_BIN}/bmcwsman"
DMTF = wh.DMTF
NUMERIC = DMTF + "CIM_NumericSensor"
SENSOR_KEYS = ("SystemCreationClassName", "SystemName", "CreationClassName", "DeviceID")
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"

# harness-facts.md: the guest kernel's virtio-net stack, in load order.
VIRTIO_MODULES = ["drivers/virtio/virtio_ring", "drivers/virtio/virtio", "drivers/virtio/virtio_pci_legacy_dev",
                  "drivers/virtio/virtio_pci_modern_dev", "drivers/virtio/virtio_pci", "net/core/failover",
                  "drivers/net/net_failover", "drivers/net/virtio_net"]

failures: list[str] = []
T0 = time.monotonic()


def check(ok: bool, what: str) -> bool:
    print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)
    if not ok:
        failures.append(what)
    return ok


def stamp() -> str:
    return f"[{time.monotonic() - T0:6.1f} s]"


class Asserts(unittest.TestCase):
    """wsman_harness's checkers take a TestCase for their assertions."""

    def runTest(self):  # pragma: no cover - never run
        pass


TC = Asserts()


def attempt(what: str, fn, *args, **kw):
    """fn(*args): its value, or None with a failed check when it raises."""
    try:
        return fn(*args, **kw)
    except Exception as e:  # noqa: BLE001 - every client error is a finding
        check(False, f"{what}: {type(e).__name__}: {str(e)[:600]}")
        return None


# ---------------------------------------------------------------------------------------------
# The guest, running while the host talks to it.

class LiveGuest:
    """qemu_guest's initramfs and QEMU command line, but started in the background: the
    console is read as it comes, and lines written to QEMU's stdin reach the guest's
    ttyS0 (where the phase scripts read the host's word)."""

    def __init__(self, commands, binaries, files, devices, command_timeout, machine="q35"):
        self.commands = commands
        self.qemu = qemu_guest.find_qemu()
        self.kernel = qemu_guest.find_kernel()
        self.tmp = tempfile.mkdtemp(prefix="bmcwsman-qemu-serve-")
        cache = os.environ.get("BMCWSMAN_QEMU_CACHE") or self.tmp
        self.vmlinux = qemu_guest.extract_vmlinux(self.kernel, os.path.join(cache, "qemu-kernel"))
        self.initrd = os.path.join(self.tmp, "initramfs.cpio")
        with open(self.initrd, "wb") as f:
            f.write(qemu_guest.build_initramfs(commands, binaries, files, command_timeout))
        self.initrd_mb = os.path.getsize(self.initrd) / 1e6
        self.argv = [self.qemu, "-accel", "tcg", "-machine", machine, "-smp", "1", "-m", "512",
                     "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
                     "-nodefaults", "-kernel", self.vmlinux, "-initrd", self.initrd,
                     "-append", qemu_guest.APPEND] + devices
        self.text = ""
        self.cond = threading.Condition()
        self.proc = None
        self.started = None
        self.wall = None

    def start(self):
        self.started = time.monotonic()
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                break
            text = chunk.decode("utf-8", "replace").replace("\r", "")
            with self.cond:
                self.text += text
                self.cond.notify_all()
        self.proc.wait()
        with self.cond:
            self.wall = time.monotonic() - self.started
            self.cond.notify_all()

    def wait_for(self, pattern: str, timeout: float):
        """The first match of pattern in the console, or None on timeout or QEMU's exit."""
        regex = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                m = regex.search(self.text)
                if m or self.wall is not None:
                    return m
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(min(left, 1.0))

    def send(self, line: str):
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except OSError:
            pass

    def finish(self, timeout: float) -> bool:
        """Waits for the guest to power off; kills QEMU after timeout. True if it ended."""
        try:
            self.proc.wait(timeout=timeout)
            ended = True
        except subprocess.TimeoutExpired:
            ended = False
        self.kill()
        with self.cond:
            while self.wall is None:
                self.cond.wait(1.0)
        return ended

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def console(self) -> str:
        with self.cond:
            return f"$ {' '.join(self.argv)}\n" + self.text

    def results(self):
        with self.cond:
            return qemu_guest.parse_console(self.text)

    def close(self):
        self.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


def phase_script(name: str) -> str:
    """The agent in the background on 0.0.0.0:5986 with no transport flag; its "serving"
    line copied to the console as @@READY name ...@@; then the host's `stop name` on
    ttyS0 (or the agent's exit, or PHASE_WAIT seconds) ends it with SIGTERM."""
    err = f"/tmp/{name}.agent.err"
    return f"""
exec 3</dev/ttyS0
stty -echo <&3 2>/dev/null
{B} serve --users /etc/bmcwsman/users --tls-cert /etc/bmcwsman/cert.pem \\
    --tls-key /etc/bmcwsman/key.pem --https-listen 0.0.0.0:{GUEST_PORT} --poll-interval 2 \\
    >/tmp/{name}.agent.out 2>{err} &
pid=$!
alive() {{ s=$(cut -d' ' -f3 /proc/$pid/stat 2>/dev/null); [ -n "$s" ] && [ "$s" != Z ]; }}
ready=0
end=$(( $(cut -d. -f1 /proc/uptime) + {PHASE_WAIT} ))
while alive; do
  if [ $ready = 0 ] && grep -q 'serving WS-Management' {err}; then
    ready=1
    echo "@@READY {name} $(grep 'serving WS-Management' {err} | head -n 1)@@" >/dev/console
  fi
  if [ $(cut -d. -f1 /proc/uptime) -ge $end ]; then
    echo "phase {name}: no word from the host within {PHASE_WAIT} s" >&2
    break
  fi
  if read -t 1 line <&3; then [ "$line" = "stop {name}" ] && break; fi
done
if alive; then
  kill -TERM $pid
  i=0
  while alive && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
  if alive; then echo "agent still running 15 s after SIGTERM: killed" >&2; kill -KILL $pid; fi
else
  echo "@@EXITED {name}@@" >/dev/console
fi
wait $pid
echo "agent exit status $?"
cat {err} >&2
"""


NET_SCRIPT = """
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover virtio_net; do
  insmod /modules/$m.ko || { echo "insmod $m failed" >&2; exit 1; }
done
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ip link set lo up && ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 &&
  ip route add default via 10.0.2.2 && ip -4 addr show dev eth0
"""



def guest_modules(kernel: str, extra: list[str]) -> tuple[dict[str, bytes], list[str]]:
    return qemu_guest.module_files(kernel, VIRTIO_MODULES + qemu_guest.IPMI_MODULES + extra)


# ---------------------------------------------------------------------------------------------
# The clients (host side).

class Endpoint:
    def __init__(self, port: int, cert: str):
        self.port, self.cert = port, cert
        self.url = f"https://127.0.0.1:{port}/wsman"

    def raw_identify(self, timeout=10):
        """Unauthenticated Identify (WSMANIDENTIFY header) over HTTPS, certificate checked."""
        ctx = ssl.create_default_context(cafile=self.cert)
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=ctx)
        try:
            conn.request("POST", "/wsman", body=wh.IDENTIFY.encode(),
                         headers={"Content-Type": "application/soap+xml;charset=UTF-8",
                                  "WSMANIDENTIFY": "unauthenticated"})
            r = conn.getresponse()
            return r.status, r.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def wait_ready(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                status, body = self.raw_identify()
                if status == 200:
                    return body
                last = f"HTTP {status}"
            except (OSError, ssl.SSLError, http.client.HTTPException) as e:
                last = f"{type(e).__name__}: {e}"
            time.sleep(0.5)
        print(f"    no Identify answer within {timeout:.0f} s (last: {last})")
        return None

    def protocol(self):
        import winrm.protocol
        return winrm.protocol.Protocol(endpoint=self.url, transport="ssl", username=USER, password=PASSWORD,
                                       message_encryption="never", server_cert_validation="validate",
                                       ca_trust_path=self.cert, operation_timeout_sec=60, read_timeout_sec=90)

    def wsl(self, *args):
        """wsl with the endpoint's certificate (`--cacert 127.0.0.1:PORT.crt`): (stdout,
        [(MessageID, answer bytes)], log)."""
        home = tempfile.mkdtemp(prefix="wsl-")
        env = {k: v for k, v in os.environ.items() if not k.startswith("WS")}
        env.update(HOME=home, SHELL="/bin/bash", KEEPHISTORY="0", WSAUTOMATED="1",
                   WSENDPOINT=f"127.0.0.1:{self.port}", WSUSER=USER, WSPASS=PASSWORD)
        shutil.copy(self.cert, os.path.join(home, f"127.0.0.1:{self.port}.crt"))
        try:
            out = subprocess.run(list(args), cwd=home, env=env, capture_output=True, text=True,
                                 timeout=120).stdout
            exchanges, n = [], 1
            while os.path.exists(os.path.join(home, f"response-{n}.xml")):
                with open(os.path.join(home, f"request-{n}.xml"), "rb") as f:
                    m = re.search(rb"<wsa:MessageID[^>]*>([^<]+)</wsa:MessageID>", f.read())
                with open(os.path.join(home, f"response-{n}.xml"), "rb") as f:
                    exchanges.append((m.group(1).decode().strip() if m else None, f.read()))
                n += 1
            log = ""
            if os.path.exists(os.path.join(home, "log.txt")):
                with open(os.path.join(home, "log.txt"), errors="replace") as f:
                    log = f.read()
            return out, exchanges, log
        finally:
            shutil.rmtree(home, ignore_errors=True)


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def properties(element) -> dict:
    """An instance element's properties: text, None for xsi:nil, a list when repeated."""
    props: dict = {}
    for child in element:
        value = None if child.get(XSI_NIL) in ("true", "1") else (child.text or "").strip()
        name = local(child.tag)
        if name in props:
            props[name] = props[name] if isinstance(props[name], list) else [props[name]]
            props[name].append(value)
        else:
            props[name] = value
    return props


def items_of(raw: bytes) -> list:
    root, _ = wh.parse(raw)
    body = root.find("s:Body", wh.NS)
    out = []
    for path in ("wsen:EnumerateResponse/wsman:Items", "wsen:PullResponse/wsen:Items"):
        items = body.find(path, wh.NS)
        if items is not None:
            out += list(items)
    return out


def pywinrm_enumerate(p, cls: str, max_elements: int = 10) -> list[dict]:
    """Optimized Enumerate of cls, pulled to EndOfSequence (wsman_harness checks every answer:
    RelatesTo, contexts, EndOfSequence, batch sizes); the instances with their class."""
    answers = []

    def send(request):
        xml = p.send_message(request)
        answers.append(xml)
        return xml

    ids = wh.run_enumeration(TC, send, DMTF + cls, optimized=True, max_elements=max_elements)
    instances = []
    for raw in answers:
        for item in items_of(raw):
            props = properties(item)
            props["__class__"] = local(item.tag)
            instances.append(props)
    TC.assertEqual([i.get("DeviceID") for i in instances], ids)
    TC.assertEqual(len(ids), len(set(ids)), "duplicate DeviceIDs")
    print(f"    pywinrm Enumerate {cls}: {len(instances)} instances in {len(answers)} answers")
    return instances


def pywinrm_enumerate_values(p, cls: str) -> set[str]:
    """Every property value (array items too) of every instance of cls and its subclasses."""
    answers = []

    def send(request):
        xml = p.send_message(request)
        answers.append(xml)
        return xml

    wh.run_enumeration(TC, send, DMTF + cls, optimized=True, max_elements=50, limit=2000)
    values: set[str] = set()
    count = 0
    for raw in answers:
        for item in items_of(raw):
            count += 1
            for v in properties(item).values():
                values.update(x for x in (v if isinstance(v, list) else [v]) if x)
    print(f"    pywinrm Enumerate {cls}: {count} instances, {len(values)} distinct values")
    return values


# QEMU's SMBIOS for the guest (DSP0134 types 1, 2, 3, 4, 17): strings no other source has.
SMBIOS_ARGS = [
    "type=1,manufacturer=SysMaker-E2E,product=SysProd-E2E,version=SysVer-E2E,serial=SYSSN-E2E-01,"
    "sku=SYSSKU-E2E,family=SysFam-E2E",
    "type=2,manufacturer=BoardMaker-E2E,product=BoardProd-E2E,version=BoardVer-E2E,serial=BOARDSN-E2E-02",
    "type=3,manufacturer=ChassisMaker-E2E,version=ChassisVer-E2E,sku=ChassisSKU-E2E",
    "type=4,manufacturer=CpuMaker-E2E,version=CpuModel-E2E,serial=CPUSN-E2E-04,part=CPUPN-E2E",
    "type=17,manufacturer=DimmMaker-E2E,serial=DIMMSN-E2E-17,part=DIMMPN-E2E",
]
# dmidecode's identity fields (serial, part, model, manufacturer) and its words for "none".
DMI_FIELDS = ("Manufacturer", "Product Name", "Serial Number", "Part Number", "Version")
DMI_NONE = {"", "Not Specified", "Unknown", "None", "Not Present", "To Be Filled By O.E.M.", "Not Provided"}


def dmidecode_identity(text: str) -> list[tuple[str, str, str]]:
    """(section, field, value) of the identity fields dmidecode printed. Version is the model
    for processors only (elsewhere a revision, not a model)."""
    out, section = [], ""
    for line in text.splitlines():
        if line and not line.startswith(("\t", "Handle", "#", "SMBIOS", "Table", "Getting")):
            section = line.strip()
            continue
        m = re.match(r"^\t([A-Za-z /]+): (.*)$", line)
        if not m or m.group(1) not in DMI_FIELDS or m.group(2).strip() in DMI_NONE:
            continue
        if m.group(1) == "Version" and section != "Processor Information":
            continue
        out.append((section, m.group(1), m.group(2).strip()))
    return out


def compare_identity(dmi_text: str, served: set[str]):
    fields = dmidecode_identity(dmi_text)
    check(len(fields) >= 10, f"dmidecode printed the guest's identity fields ({len(fields)})")
    for section, field, value in fields:
        check(value in served, f"identity: dmidecode's {section} / {field} {value!r} is served in CIM")


def pywinrm_get(p, cls: str, selectors: dict) -> dict:
    req = wh.envelope(wh.GET, DMTF + cls, selectors=selectors)
    xml = p.send_message(req)
    root, _ = wh.parse(xml)
    TC.assertEqual(wh.relates_to(root), req.message_id, "wsa:RelatesTo")
    body = root.find("s:Body", wh.NS)
    TC.assertEqual(len(list(body)), 1, xml[:600])
    return properties(list(body)[0])


def reading_value(props: dict) -> float | None:
    if props.get("CurrentReading") in (None, ""):
        return None
    return float(props["CurrentReading"]) * 10 ** int(props.get("UnitModifier") or 0)


def tolerance(props: dict, value: float) -> float:
    """One step of the sensor's resolution in its unit (CIM Resolution is in hundredths of the
    unit times 10^UnitModifier), plus FreeIPMI's 2-decimal rounding; 1% for non-linear sensors
    (no Resolution)."""
    if props.get("Resolution") not in (None, ""):
        step = float(props["Resolution"]) / 100 * 10 ** int(props.get("UnitModifier") or 0)
        return step + 0.006
    return max(abs(value) * 0.01, 0.06)


def collect(ep: Endpoint, phase: str) -> dict:
    """What the WS-Management clients see: the authenticated Identify, numeric sensors and all
    sensors, the record log, the chassis, Get of a sensor by its selectors, wsl's view."""
    out: dict = {}
    t = time.monotonic()
    p = attempt(f"{phase}: pywinrm client", ep.protocol)
    if p is None:
        return out
    xml = attempt(f"{phase}: pywinrm Identify", p.send_message, wh.IDENTIFY)
    if xml is not None:
        root, _ = wh.parse(xml)
        r = root.find("s:Body/wsmid:IdentifyResponse", wh.NS)
        check(r is not None and r.findtext("wsmid:ProductVendor", "", wh.NS) == "bmcwsman project"
              and r.findtext("wsmid:ProtocolVersion", "", wh.NS) == wh.WSMAN,
              f"{phase}: pywinrm Identify (authenticated, HTTPS): ProductVendor and ProtocolVersion")
        profiles = [] if r is None else [(e.text or "").strip() for e in
                                         r.iterfind("wsmid:SecurityProfiles/wsmid:SecurityProfileName", wh.NS)]
        check(any("https/basic" in x for x in profiles), f"{phase}: Identify lists https/basic ({profiles})")
    numeric = attempt(f"{phase}: pywinrm Enumerate CIM_NumericSensor (optimized, pulled to EndOfSequence)",
                      pywinrm_enumerate, p, "CIM_NumericSensor", 10)
    if numeric is not None:
        check(len(numeric) == 32, f"{phase}: 32 CIM_NumericSensor instances (got {len(numeric)})")
        out["numeric"] = numeric
    sensors = attempt(f"{phase}: pywinrm Enumerate CIM_Sensor (polymorphic)", pywinrm_enumerate, p,
                      "CIM_Sensor", 20)
    if sensors is not None:
        check(len(sensors) == 45, f"{phase}: 45 CIM_Sensor instances, numeric ones included (got {len(sensors)})")
        out["sensors"] = sensors
    log = attempt(f"{phase}: pywinrm Get CIM_RecordLog", pywinrm_get, p, "CIM_RecordLog", {"InstanceID": "IPMI:SEL"})
    if log is not None:
        out["records"] = log.get("CurrentNumberOfRecords")
    if phase == "kcs":
        values = attempt(f"{phase}: pywinrm Enumerate CIM_ManagedElement (every served instance)",
                         pywinrm_enumerate_values, p, "CIM_ManagedElement")
        if values is not None:
            out["values"] = values
    chassis = attempt(f"{phase}: pywinrm Enumerate CIM_Chassis", pywinrm_enumerate, p, "CIM_Chassis", 5)
    if chassis is not None and check(len(chassis) == 1, f"{phase}: one CIM_Chassis (got {len(chassis or [])})"):
        out["chassis_serial"] = chassis[0].get("SerialNumber")
    if numeric:
        target = next((i for i in numeric if i.get("ElementName") == "12V"), numeric[0])
        keys = {k: target[k] for k in SENSOR_KEYS}
        got = attempt(f"{phase}: pywinrm Get CIM_NumericSensor by selectors {keys}", pywinrm_get, p,
                      "CIM_NumericSensor", keys)
        if got is not None:
            check(got.get("DeviceID") == keys["DeviceID"] and got.get("ElementName") == target["ElementName"],
                  f"{phase}: pywinrm Get by selectors: {target['ElementName']} ({keys['DeviceID']})")
        wsl_checks(ep, phase, numeric)
    session = getattr(p.transport, "session", None)
    if session is not None:
        session.close()
    print(f"    {phase}: clients took {time.monotonic() - t:.1f} s")
    return out


def wsl_checks(ep: Endpoint, phase: str, numeric: list[dict]):
    t = time.monotonic()
    out, exchanges, log = ep.wsl("wslenum", NUMERIC, "-opti", "100")
    check(bool(exchanges) and "https://" in log and "--cacert" in log,
          f"{phase}: wslenum went over HTTPS with the certificate checked ({len(exchanges)} exchanges)")
    checker = wh.EnumerationChecker(TC, None, 100, optimized=True)
    ok = attempt(f"{phase}: wslenum CIM_NumericSensor answers", lambda: [checker.answer(m, a) for m, a in exchanges])
    if ok is not None:
        check(checker.done, f"{phase}: wslenum reached EndOfSequence")
        check(sorted(checker.ids) == sorted(i["DeviceID"] for i in numeric),
              f"{phase}: wslenum's DeviceIDs are pywinrm's ({len(checker.ids)})")
        check(out.count("<p:DeviceID>") == len(numeric),
              f"{phase}: wslenum printed {len(numeric)} instances (got {out.count('<p:DeviceID>')})")
    target = next((i for i in numeric if i.get("ElementName") == "FAN1"), numeric[-1])
    keys = {k: target[k] for k in SENSOR_KEYS}
    out, exchanges, log = ep.wsl("wsl", "get", NUMERIC, *[f"{k}={v}" for k, v in keys.items()])
    if check(bool(exchanges), f"{phase}: wsl get sent a request"):
        mid, answer = exchanges[-1]
        root, _ = wh.parse(answer)
        inst = root.find("s:Body/{%sCIM_NumericSensor}CIM_NumericSensor" % DMTF, wh.NS)
        check(inst is not None and wh.relates_to(root) == mid
              and properties(inst).get("DeviceID") == keys["DeviceID"],
              f"{phase}: wsl get by selectors: {target['ElementName']} ({keys['DeviceID']})"
              + ("" if inst is not None else f" (answer {answer[:400]!r})"))
    print(f"    {phase}: wsl took {time.monotonic() - t:.1f} s")


# ---------------------------------------------------------------------------------------------
# FreeIPMI over LAN against the same ipmi_sim.

def freeipmi(bmc: IpmiSim, tool: str, *args) -> str:
    cache = tempfile.mkdtemp(prefix="bmcwsman-fi-")
    try:
        return subprocess.run([tool, *bmc.freeipmi_args(), f"--sdr-cache-directory={cache}", "--quiet-cache", *args],
                              capture_output=True, text=True, timeout=120, check=True).stdout
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def freeipmi_view(bmc: IpmiSim) -> dict:
    sensors = {}
    for line in freeipmi(bmc, "ipmi-sensors", "--shared-sensors", "--no-header-output",
                         "--comma-separated-output", "--non-abbreviated-units").splitlines():
        f = line.split(",")
        if len(f) >= 5:
            sensors[f[1]] = {"reading": f[3], "unit": f[4]}
    sel = [line for line in freeipmi(bmc, "ipmi-sel", "--comma-separated-output", "--no-header-output").splitlines()
           if line.strip()]
    fru = freeipmi(bmc, "ipmi-fru", "--device-id=0")
    m = re.search(r"FRU Chassis Serial Number: (.*)", fru)
    return {"sensors": sensors, "sel_count": len(sel), "chassis_serial": m.group(1).strip() if m else None}


def compare_with_freeipmi(phase: str, view: dict, fi: dict, excused: set[str] = frozenset()):
    names = sorted(i.get("ElementName") for i in view.get("sensors", []))
    check(names == sorted(fi["sensors"]),
          f"{phase}: CIM_Sensor ElementNames equal ipmi-sensors' names ({len(names)} / {len(fi['sensors'])}; "
          f"only ours {sorted(set(names) - set(fi['sensors']))}, only theirs {sorted(set(fi['sensors']) - set(names))})")
    threshold = sorted(n for n, s in fi["sensors"].items() if s["unit"] != "N/A")
    numeric = view.get("numeric", [])
    check(sorted(i.get("ElementName") for i in numeric) == threshold,
          f"{phase}: CIM_NumericSensor ElementNames equal ipmi-sensors' threshold sensors ({len(threshold)})")
    compared, bad = 0, []
    for inst in numeric:
        theirs = fi["sensors"].get(inst.get("ElementName"))
        if theirs is None:
            continue
        ours = reading_value(inst)
        if theirs["reading"] == "N/A":
            if ours is not None:
                bad.append(f"{inst['ElementName']}: ours {ours}, ipmi-sensors N/A")
            continue
        if ours is None:
            if inst.get("ElementName") not in excused:
                bad.append(f"{inst['ElementName']}: ours NULL, ipmi-sensors {theirs['reading']}")
            continue
        value = float(theirs["reading"])
        if abs(ours - value) > tolerance(inst, value):
            bad.append(f"{inst['ElementName']}: ours {ours:g}, ipmi-sensors {value:g} "
                       f"(tolerance {tolerance(inst, value):g})")
        compared += 1
    check(not bad and compared >= 30,
          f"{phase}: CurrentReading x 10^UnitModifier equals ipmi-sensors' reading within resolution "
          f"({compared} compared){'; ' + '; '.join(bad) if bad else ''}")
    check(view.get("records") == str(fi["sel_count"]),
          f"{phase}: CIM_RecordLog CurrentNumberOfRecords {view.get('records')} = ipmi-sel's {fi['sel_count']} entries")
    check(fi["chassis_serial"] is not None and view.get("chassis_serial") == fi["chassis_serial"],
          f"{phase}: CIM_Chassis SerialNumber {view.get('chassis_serial')!r} = ipmi-fru's chassis serial "
          f"{fi['chassis_serial']!r}")


def compare_phases(kcs: dict, dev: dict, first: str = "KCS", excused: set[str] = frozenset()):
    def names(v):
        return sorted(i.get("ElementName") for i in v.get("sensors", []))

    def ids(v):
        return sorted(i.get("DeviceID") for i in v.get("sensors", []))

    check(bool(dev.get("sensors")) and names(dev) == names(kcs),
          f"openipmi: sensor names equal the {first} run's ({len(names(dev))} / {len(names(kcs))})")
    check(bool(dev.get("sensors")) and ids(dev) == ids(kcs),
          f"openipmi: the set of DeviceIDs equals the {first} run's "
          f"(only /dev/ipmi0 {sorted(set(ids(dev)) - set(ids(kcs)))}, only {first} {sorted(set(ids(kcs)) - set(ids(dev)))})")
    by_id = {i["DeviceID"]: i for i in kcs.get("numeric", [])}
    bad, compared = [], 0
    for inst in dev.get("numeric", []):
        old = by_id.get(inst.get("DeviceID"))
        if old is None:
            bad.append(f"{inst.get('DeviceID')}: not in the {first} run")
            continue
        a, b = reading_value(old), reading_value(inst)
        if b is None and inst.get("ElementName") in excused:
            compared += 1
            continue
        if (a is None) != (b is None) or (a is not None and abs(a - b) > tolerance(old, a)):
            bad.append(f"{inst.get('ElementName')}: {first} {a}, /dev/ipmi0 {b}")
        compared += 1
    check(compared == len(by_id) and not bad and compared > 0,
          f"openipmi: readings equal the {first} run's within resolution ({compared} compared)"
          f"{'; ' + '; '.join(bad) if bad else ''}")
    check(dev.get("records") is not None and dev.get("records") == kcs.get("records"),
          f"openipmi: CurrentNumberOfRecords {dev.get('records')} = the {first} run's {kcs.get('records')}")
    check(dev.get("chassis_serial") is not None and dev.get("chassis_serial") == kcs.get("chassis_serial"),
          f"openipmi: CIM_Chassis SerialNumber {dev.get('chassis_serial')!r} = the {first} run's "
          f"{kcs.get('chassis_serial')!r}")


# ---------------------------------------------------------------------------------------------

def make_credentials(agent: str, d: str) -> dict[str, bytes]:
    """The users file (ann, reader) and an ECDSA P-256 certificate for 127.0.0.1 (cheaper
    handshakes under TCG than RSA)."""
    h = subprocess.run([agent, "hash-password"], input=PASSWORD + "\n", capture_output=True, text=True,
                       timeout=60, check=True).stdout.strip()
    if not h.startswith("$6$"):
        raise RuntimeError("hash-password gave no SHA-512 crypt hash: " + h)
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], capture_output=True, check=True, timeout=60)
    with open(cert, "rb") as f:
        cert_pem = f.read()
    with open(key, "rb") as f:
        key_pem = f.read()
    return {"/etc/bmcwsman/users": f"# e2e\n{USER}:{h}:{ROLE}\n".encode(),
            "/etc/bmcwsman/cert.pem": cert_pem, "/etc/bmcwsman/key.pem": key_pem}


def slim_copies(binaries: list[str], d: str) -> list[str]:
    """Copies without debug sections (the same code; a much smaller initramfs to unpack
    under TCG). The originals when strip is missing or fails."""
    out = []
    for b in binaries:
        target = os.path.join(d, os.path.basename(b))
        strip = shutil.which("strip")
        if strip and subprocess.run([strip, "--strip-debug", "-o", target, b], capture_output=True,
                                    timeout=120).returncode == 0:
            os.chmod(target, 0o755)
            out.append(target)
        else:
            out.append(b)
    return out


def console_tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])


def missing_readings(view: dict, fi: dict | None) -> list[str]:
    """Numeric sensors with no reading in view that FreeIPMI did read."""
    if fi is None:
        return []
    return [i.get("ElementName") for i in view.get("numeric", [])
            if reading_value(i) is None and fi["sensors"].get(i.get("ElementName"), {}).get("reading", "N/A") != "N/A"]


def run_phase(guest: LiveGuest, name: str, ep: Endpoint, transport_pattern: str,
              second_look: dict | None = None) -> tuple[dict | None, bool]:
    """Waits for the agent of phase name, checks its transport, collects the clients' view,
    then tells the guest to stop the agent. Returns (view, whether the agent served).
    second_look (FreeIPMI's view): when a reading FreeIPMI has is missing, collect once more
    after the agent's next poll (for the kernel's ipmi_ssif, which QEMU's stale SSIF buffer
    can make drop an answer; our own drivers never get this second chance)."""
    t = time.monotonic()
    m = guest.wait_for(rf"^@@READY {name} (.*)@@$|^@@EXITED {name}@@$|^@@END {name} rc=", READY_TIMEOUT)
    served = m is not None and m.group(0).startswith("@@READY")
    if not served:
        why = f"nothing within {READY_TIMEOUT} s"
        if m is not None:  # the agent exited on its own: its stderr comes with the phase's end
            guest.wait_for(rf"^@@END {name} rc=-?\d+ ms=-?\d+@@$", 30)  # the whole line
            r = guest.results().get(name)
            why = "it exited: " + (" | ".join(x for x in r.stderr.splitlines() if x.strip()) if r else "?")
        check(False, f"{name}: the agent serves with transport auto, expected {transport_pattern!r} ({why})")
        if m is None:
            print(f"{stamp()} {name}: console tail:\n{console_tail(guest.console())}")
        guest.send(f"stop {name}")
        return None, False
    line = m.group(1)
    print(f"{stamp()} {name}: agent ready after {time.monotonic() - t:.1f} s: {line}")
    check(re.search(transport_pattern, line) is not None,
          f"{name}: transport auto chose {transport_pattern!r} (agent said: {line!r})")
    check(f"https://0.0.0.0:{GUEST_PORT}/wsman" in line, f"{name}: HTTPS on 0.0.0.0:{GUEST_PORT}")
    view = None
    body = ep.wait_ready(60)
    if check(body is not None and "ProtocolVersion" in body,
             f"{name}: unauthenticated Identify over HTTPS through virtio-net and hostfwd"):
        check("SecurityProfiles" not in body, f"{name}: unauthenticated Identify lists no SecurityProfiles")
        view = collect(ep, name)
        missing = missing_readings(view, second_look)
        if missing:
            print(f"{stamp()} {name}: no reading for {missing}: collecting again after the next poll")
            time.sleep(3)
            view = collect(ep, name)
    guest.send(f"stop {name}")
    return view, True


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] not in qemu_guest.INTERFACES):
        print(__doc__)
        return 2
    agent, profile = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    iface = qemu_guest.INTERFACES[argv[3] if len(argv) == 4 else "kcs"]
    first = iface.phase
    if qemu_guest.find_qemu() is None:
        print("SKIP: qemu-system-x86_64 not found (apt-get install qemu-system-x86)")
        return SKIP
    kernel = qemu_guest.find_kernel()
    if kernel is None:
        print("SKIP: no kernel image /boot/vmlinuz-* (apt-get install linux-image-amd64)")
        return SKIP
    serve = os.path.join(os.path.dirname(agent), "bmcwsman-serve")
    missing = [f"{what} ({pkg})" for what, pkg, ok in (
        ("ipmi_sim", "openipmi", shutil.which("ipmi_sim")),
        ("ipmi-sensors", "freeipmi-tools", shutil.which("ipmi-sensors")),
        ("wsl and uuidgen", "wsl, uuid-runtime", shutil.which("wsl") and shutil.which("uuidgen")),
        ("openssl", "openssl", shutil.which("openssl")),
        ("dmidecode", "dmidecode", shutil.which("dmidecode")),
        ("pywinrm", "python3-winrm", _have_winrm()),
        (agent, "the build", os.access(agent, os.X_OK)),
        (serve, "the build: bmcwsman-serve beside bmcwsman", os.access(serve, os.X_OK)),
        (profile, "the build: sim/profile", os.path.exists(profile))) if not ok]
    modules, missing_modules = guest_modules(kernel, iface.modules)
    missing += missing_modules
    if missing:
        print("FAIL: missing " + "; ".join(missing))
        return 1
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "http_proxy", "https_proxy",
                "HTTP_PROXY", "HTTPS_PROXY"):
        os.environ.pop(var, None)  # they override the clients' certificate checks and routes
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    warnings.simplefilter("ignore", ResourceWarning)

    work = tempfile.mkdtemp(prefix="bmcwsman-e2e-serve-")
    guest = None
    bmc = None

    def watchdog():
        print(f"\n{stamp()} watchdog: the run took longer than {WATCHDOG_SECONDS} s; stacks:", flush=True)
        faulthandler.dump_traceback(file=sys.stdout)
        if guest is not None:
            print("=== console tail\n" + console_tail(guest.console(), 80), flush=True)
            guest.kill()
        if bmc is not None:
            bmc.stop()
        os._exit(1)

    timer = threading.Timer(WATCHDOG_SECONDS, watchdog)
    timer.daemon = True
    timer.start()
    try:
        files = dict(modules)
        files.update(make_credentials(agent, work))
        os.makedirs(os.path.join(work, "bin"))
        binaries = slim_copies([agent, serve, shutil.which("dmidecode")], os.path.join(work, "bin"))
        serial_port = free_port(socket.SOCK_STREAM)
        host_port = free_port(socket.SOCK_STREAM)
        bmc = IpmiSim(profile, serial_port=serial_port)
        bmc.start()
        commands = [("net", NET_SCRIPT)]
        if iface.modules:
            commands.append(("adapter", qemu_guest.modules_script(iface.modules)))
        if first == "kcs":  # the identity check runs once, with the KCS guest
            commands.append(("dmidecode", f"{qemu_guest.GUEST_BIN}/dmidecode -t 1,2,3,4,17"))
        commands += [
            (first, phase_script(first)),
            ("load_ipmi", qemu_guest.load_ipmi_script(iface.kernel_driver)),
            ("openipmi", phase_script("openipmi")),
        ]
        devices = ["-chardev", f"socket,id=ipmi0,host=127.0.0.1,port={serial_port},reconnect=1",
                   "-device", "ipmi-bmc-extern,id=bmc0,chardev=ipmi0"] + iface.device + [
                   "-netdev", f"user,id=n0,hostfwd=tcp:127.0.0.1:{host_port}-:{GUEST_PORT}",
                   "-device", "virtio-net-pci,netdev=n0,romfile="]
        if first == "kcs":
            for smbios in SMBIOS_ARGS:
                devices += ["-smbios", smbios]
        guest = LiveGuest(commands, binaries, files, devices, command_timeout=PHASE_WAIT + 40,
                          machine=iface.machine)
        print(f"=== {iface.machine} guest: {iface.device[1]} -> ipmi-bmc-extern -> ipmi_sim (45-sensor profile), "
              f"virtio-net, "
              f"https://127.0.0.1:{host_port}/wsman -> guest :{GUEST_PORT}; initramfs {guest.initrd_mb:.0f} MB")
        ep = Endpoint(host_port, os.path.join(work, "cert.pem"))
        guest.start()
        m = guest.wait_for(r"^@@INIT uptime=([\d.]+)@@$", 120)
        print(f"{stamp()} guest /init started (guest uptime {m.group(1) if m else '?'} s)")

        fi = attempt("FreeIPMI over LAN against the same ipmi_sim", freeipmi_view, bmc)
        if fi is not None:
            print(f"    FreeIPMI: {len(fi['sensors'])} sensors, {fi['sel_count']} SEL entries, "
                  f"chassis serial {fi['chassis_serial']!r}")

        excused: set[str] = set()
        kcs, kcs_served = run_phase(guest, first, ep, iface.transport)
        if kcs is not None and fi is not None:
            compare_with_freeipmi(first, kcs, fi)
        dev, dev_served = run_phase(guest, "openipmi", ep, r"BMC via openipmi /dev/ipmi0",
                                    fi if iface.kernel_driver == "ipmi_ssif" else None)
        if dev is not None and iface.kernel_driver == "ipmi_ssif":
            # Seen in 3 of 7 runs on a loaded machine: through Linux's ipmi_ssif one sensor
            # (CPU1 Temp) has no reading, poll after poll, while our SSIF driver reads it. Most
            # likely QEMU's stale buffer behind ipmi-bmc-extern (ipmi_ssif reads after 5 ms
            # and checks only NetFn/command; ours reads again when an answer repeats the
            # previous bytes). At most one such sensor is set aside here, and said so.
            missing = missing_readings(dev, fi)
            check(len(missing) <= 1, f"openipmi (ipmi_ssif): at most one reading lost to QEMU's stale "
                                     f"SSIF buffer (missing {missing})")
            if missing:
                print(f"    note: set aside for the comparisons (kernel ipmi_ssif, not ours): {missing}")
                excused = set(missing)
        if dev is not None and fi is not None:
            compare_with_freeipmi("openipmi", dev, fi, excused)
        if kcs is not None and dev is not None:
            compare_phases(kcs, dev, first.upper(), excused)
        served = {first: kcs_served, "openipmi": dev_served}

        ended = guest.finish(60)
        check(ended, "the guest powered off at the end")
        res = guest.results()
        if first == "kcs":
            if "dmidecode" in res and kcs is not None and "values" in kcs:
                compare_identity(res["dmidecode"].stdout, kcs["values"])
            else:
                check(False, "identity: dmidecode's output and the KCS phase's CIM_ManagedElement values")
        for name in [c[0] for c in commands]:
            r = res.get(name)
            if not check(r is not None, f"guest command {name} ran to its end"):
                continue
            print(f"--- {name}: rc={r.rc}, {r.ms} ms")
            for label, text in (("stdout", r.stdout), ("stderr", r.stderr)):
                if text.strip():
                    print(f"  {label}: " + text.rstrip("\n").replace("\n", "\n          "))
        if "net" in res:
            check(res["net"].rc == 0 and "10.0.2.15/24" in res["net"].stdout,
                  "net: virtio-net modules loaded, eth0 has 10.0.2.15/24")
        if "adapter" in res:
            r = res["adapter"]
            check(r.rc == 0 and "/dev/i2c-" in r.stdout and "SSIF interface" in r.stdout
                  and "SMBus address 0x10" in r.stdout and "SSIF spec: --ssif=/dev/i2c-" in r.stdout,
                  "adapter: SMBus and i2c-dev loaded; detect finds SSIF at 0x10 from SMBIOS and its adapter")
        if "load_ipmi" in res:
            r = res["load_ipmi"]
            d = iface.kernel_driver
            check(r.rc == 0 and "/dev/ipmi0" in r.stdout and d in r.stdout,
                  f"load_ipmi: ipmi_msghandler, {d}, ipmi_devintf loaded: /dev/ipmi0, {d} owns the interface")
            if d == "ipmi_ssif":
                check("note: the kernel driver ipmi_ssif owns this SMBus address; transport auto uses "
                      "/dev/ipmi0" in r.stdout, "detect says ipmi_ssif owns the address and auto uses /dev/ipmi0")
        for name in (first, "openipmi"):
            if name in res and served[name]:  # an agent that never served failed above
                check("agent exit status 0" in res[name].stdout and "stopped" in res[name].stderr,
                      f"{name}: the agent stopped on SIGTERM with exit status 0 ({res[name].stdout.strip()!r})")
        print(f"=== QEMU run {guest.wall:.1f} s, total {time.monotonic() - T0:.1f} s")
    except qemu_guest.GuestError as e:
        check(False, f"guest: {e}")
        print(e.console)
    finally:
        timer.cancel()
        if failures and guest is not None:
            print("=== console tail (failures above)\n" + console_tail(guest.console(), 80))
        if guest is not None:
            guest.close()
        if bmc is not None:
            bmc.close()
        shutil.rmtree(work, ignore_errors=True)

    if failures:
        print(f"{len(failures)} check(s) failed:")
        for f in failures:
            print(f"  - {f}")
        return 1
    print("all checks passed")
    return 0


def _have_winrm() -> bool:
    try:
        return importlib.util.find_spec("winrm.protocol") is not None
    except ImportError:
        return False


if __name__ == "__main__":
    sys.exit(main(sys.argv))
