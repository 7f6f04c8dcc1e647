#!/usr/bin/env python3
"""Issue 14: Enumerate and Get of parent classes over WS-Management (DSP0227 8.1 polymorphism)
against `bmcwsman --sim serve` with an SMBIOS copy that adds two DIMMs (type 17):

  - CIM_ManagedElement returns every served instance of root/hardware (each concrete class's
    own instances, counted class by class with PolymorphismMode None);
  - CIM_PhysicalElement returns the chassis, the baseboard (CIM_Card), the PSU FRU's package
    (CIM_PhysicalPackage), the memory and the processors' chips; CIM_PhysicalPackage the
    chassis, the card and the package; CIM_LogicalDevice sensors, LED, processors, power
    supplies and fans;
  - PolymorphismMode None (shallow) returns none of the subclasses (nothing for the abstract
    parents, only the PSU package for CIM_PhysicalPackage, only discrete CIM_Sensor
    instances for CIM_Sensor);
  - ExcludeSubClassProperties (base properties only) returns each instance as the requested
    class with its properties only, the EPRs still naming the instance's own class;
  - Get of a parent class with a subclass instance's keys answers that instance; an unknown
    PolymorphismMode is wsman:InvalidParameter.

Usage: polymorphism_test.py PATH_TO_BMCWSMAN"""
import collections
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "agent"))
import smbios_fixture  # noqa: E402
import wsman_harness as wh  # noqa: E402

BMCWSMAN = None
WSMB = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd"
# The concrete classes of root/hardware that are not associations (docs/ARCHITECTURE.md,
# cim_mapping/schema.cpp).
CONCRETE = ("CIM_ComputerSystem", "CIM_NumericSensor", "CIM_Sensor", "CIM_RecordLog", "CIM_LogRecord",
            "CIM_LogEntry", "CIM_SoftwareIdentity", "CIM_PowerManagementService", "CIM_IndicatorLED",
            "CIM_Chassis", "CIM_Card", "CIM_PhysicalPackage", "CIM_PhysicalMemory", "CIM_Processor", "CIM_Chip",
            "CIM_PowerSupply", "CIM_Fan")
PHYSICAL_ELEMENT_PROPERTIES = {"InstanceID", "Caption", "Description", "ElementName", "Name", "OperationalStatus",
                               "HealthState", "Tag", "CreationClassName", "Manufacturer", "Model", "SKU",
                               "SerialNumber", "PartNumber", "Version"}


def dimm(handle, locator, bank, serial, part):
    """SMBIOS type 17 (DSP0134 7.18), 2.3 layout: 16 GiB DDR4 DIMM."""
    body = struct.pack("<HHHHHBBBBBHHBBBB", 0x1000, 0xFFFE, 72, 64, 16384, 0x09, 0, 1, 2, 0x1A, 0x80, 3200,
                       3, 4, 5, 6)
    return smbios_fixture.structure(17, handle, body, (locator, bank, "Sim Memory Inc", serial, "ASSET", part))


class Server:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="bmcwsman-poly-")
        smbios = os.path.join(self.dir, "smbios")
        os.makedirs(smbios)
        smbios_fixture.write_tables(smbios, [smbios_fixture.bios(),
                                             dimm(0x1100, "DIMM A1", "BANK 0", "DIMMSN0001", "SM-16G-3200"),
                                             dimm(0x1101, "DIMM B1", "BANK 1", "DIMMSN0002", "SM-16G-3200")])
        users = os.path.join(self.dir, "users")
        password, role = wh.USERS["ann"]
        line = subprocess.run([BMCWSMAN, "hash-password", "--user", "ann", "--role", role], input=password + "\n",
                              capture_output=True, text=True, timeout=30, check=True).stdout.strip()
        with open(users, "w") as f:
            f.write(line + "\n")
        self.proc = subprocess.Popen([BMCWSMAN, "--sim", "--smbios-dir", smbios, "serve", "--listen", "127.0.0.1:0",
                                      "--users", users, "--allow-basic-over-http"],
                                     stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.log = []
        ready = threading.Event()

        def drain():
            for text in self.proc.stderr:
                self.log.append(text)
                if "serving WS-Management on" in text:
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        ready.wait(60)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/wsman", "".join(self.log))
        if not m:
            self.stop()
            raise RuntimeError("the agent did not start: " + "".join(self.log)[-2000:])
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


def local(tag):
    return tag.rpartition("}")[2]


def enumerate_body(polymorphism=None, mode=None):
    parts = ["<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>40</w:MaxElements>"]
    if mode:
        parts.append(f"<w:EnumerationMode>{mode}</w:EnumerationMode>")
    if polymorphism:
        parts.append(f'<b:PolymorphismMode xmlns:b="{WSMB}">{polymorphism}</b:PolymorphismMode>')
    return "".join(parts) + "</n:Enumerate>"


def items_of(tc, cls, polymorphism=None, mode=None):
    """Every item element (an instance, an EPR or a wsman:Item) of an Enumerate pulled to the end."""
    uri = wh.DMTF + cls
    req = wh.envelope(wh.ENUMERATE, uri, enumerate_body(polymorphism, mode))
    out = []
    for _ in range(100):
        answer = wh.post(req, wh.basic("ann"))
        tc.assertEqual(answer.status, 200, answer.body[:1000])
        root, _ = wh.parse(answer.raw)
        response = root.find("s:Body/wsen:EnumerateResponse", wh.NS)
        items = None
        if response is not None:
            items = response.find("wsman:Items", wh.NS)
            end = response.find("wsman:EndOfSequence", wh.NS)
        else:
            response = root.find("s:Body/wsen:PullResponse", wh.NS)
            tc.assertIsNotNone(response, answer.body[:1000])
            items = response.find("wsen:Items", wh.NS)
            end = response.find("wsen:EndOfSequence", wh.NS)
        out.extend(list(items) if items is not None else [])
        if end is not None:
            return out
        context = response.find("wsen:EnumerationContext", wh.NS).text
        req = wh.envelope(wh.PULL, uri, wh.pull_body(context, 40))
    tc.fail("no EndOfSequence")


def properties(element):
    return {local(c.tag): (c.text or "").strip() for c in element}


def get(tc, cls, selectors):
    answer = wh.post(wh.envelope(wh.GET, wh.DMTF + cls, selectors=selectors), wh.basic("ann"))
    return answer


class Polymorphism(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        tc = cls("test_each_concrete_class_shallow_is_its_own_instances")
        cls.shallow = {c: [local(i.tag) for i in items_of(tc, c, "None")] for c in CONCRETE}

    def test_each_concrete_class_shallow_is_its_own_instances(self):
        for c, tags in self.shallow.items():
            with self.subTest(cls=c):
                self.assertTrue(all(t == c for t in tags), tags)
        self.assertEqual(len(self.shallow["CIM_PhysicalMemory"]), 2)
        self.assertEqual(len(self.shallow["CIM_Card"]), 1)
        self.assertEqual(len(self.shallow["CIM_PhysicalPackage"]), 1)
        self.assertEqual(len(self.shallow["CIM_Chassis"]), 1)
        self.assertEqual(len(self.shallow["CIM_NumericSensor"]), 32)
        self.assertEqual(len(self.shallow["CIM_Sensor"]), 13)  # discrete only: no subclass
        self.assertEqual(len(self.shallow["CIM_PowerSupply"]), 2)  # entities 10.1 and 10.2
        self.assertEqual(len(self.shallow["CIM_Fan"]), 6)  # entities 29.1 .. 29.6
        self.assertEqual(len(self.shallow["CIM_Chip"]), len(self.shallow["CIM_Processor"]))

    def test_managed_element_returns_every_served_instance(self):
        got = collections.Counter(local(i.tag) for i in items_of(self, "CIM_ManagedElement"))
        expected = collections.Counter({c: len(tags) for c, tags in self.shallow.items() if tags})
        self.assertEqual(got, expected)
        self.assertGreater(sum(got.values()), 80)

    def test_physical_element_returns_chassis_cards_and_memory(self):
        items = items_of(self, "CIM_PhysicalElement")
        got = collections.Counter(local(i.tag) for i in items)
        chips = len(self.shallow["CIM_Chip"])  # one per populated processor socket (DSP1022)
        self.assertEqual(got, collections.Counter({"CIM_Chassis": 1, "CIM_Card": 1, "CIM_PhysicalPackage": 1,
                                                   "CIM_PhysicalMemory": 2, "CIM_Chip": chips}))
        serials = {properties(i)["SerialNumber"] for i in items}
        self.assertTrue({"SIMCH0001", "MB0042XYZ", "PSU1SN0001", "DIMMSN0001", "DIMMSN0002"} <= serials, serials)
        packages = collections.Counter(local(i.tag) for i in items_of(self, "CIM_PhysicalPackage"))
        self.assertEqual(packages, collections.Counter({"CIM_Chassis": 1, "CIM_Card": 1, "CIM_PhysicalPackage": 1}))

    def test_logical_device_returns_the_devices(self):
        got = collections.Counter(local(i.tag) for i in items_of(self, "CIM_LogicalDevice"))
        expected = collections.Counter({c: len(self.shallow[c]) for c in
                                        ("CIM_NumericSensor", "CIM_Sensor", "CIM_IndicatorLED", "CIM_Processor",
                                         "CIM_PowerSupply", "CIM_Fan")
                                        if self.shallow[c]})
        self.assertEqual(got, expected)

    def test_shallow_returns_no_subclass(self):
        for c in ("CIM_ManagedElement", "CIM_PhysicalElement", "CIM_LogicalDevice"):
            with self.subTest(cls=c):
                self.assertEqual(items_of(self, c, "None"), [])
        self.assertEqual([local(i.tag) for i in items_of(self, "CIM_PhysicalPackage", "None")], ["CIM_PhysicalPackage"])
        self.assertNotIn("CIM_NumericSensor", {local(i.tag) for i in items_of(self, "CIM_Sensor", "None")})

    def test_base_properties_only(self):
        items = items_of(self, "CIM_PhysicalElement", "ExcludeSubClassProperties")
        self.assertEqual(len(items), 5 + len(self.shallow["CIM_Chip"]))
        for i in items:
            with self.subTest(tag=properties(i).get("Tag")):
                self.assertEqual(local(i.tag), "CIM_PhysicalElement")
                self.assertTrue(set(properties(i)) <= PHYSICAL_ELEMENT_PROPERTIES, set(properties(i)))
                self.assertIn("SerialNumber", properties(i))
                self.assertNotIn("Capacity", properties(i))
                self.assertNotIn("ChassisPackageType", properties(i))
        eprs = items_of(self, "CIM_PhysicalElement", "ExcludeSubClassProperties", "EnumerateEPR")
        uris = collections.Counter(e.find("wsa:ReferenceParameters/wsman:ResourceURI", wh.NS).text for e in eprs)
        self.assertEqual(uris, collections.Counter({wh.DMTF + "CIM_Chassis": 1, wh.DMTF + "CIM_Card": 1,
                                                    wh.DMTF + "CIM_PhysicalPackage": 1,
                                                    wh.DMTF + "CIM_PhysicalMemory": 2}))
        # Full instances keep every property.
        full = [i for i in items_of(self, "CIM_PhysicalElement") if local(i.tag) == "CIM_PhysicalMemory"]
        self.assertIn("Capacity", properties(full[0]))

    def test_get_of_a_parent_class(self):
        answer = get(self, "CIM_PhysicalElement", {"Tag": "bmcwsman:chassis", "CreationClassName": "CIM_Chassis"})
        self.assertEqual(answer.status, 200, answer.body[:800])
        root, _ = wh.parse(answer.raw)
        body = root.find("s:Body", wh.NS)
        self.assertEqual(local(body[0].tag), "CIM_Chassis")
        self.assertEqual(properties(body[0])["SerialNumber"], "SIMCH0001")
        sensor = next(i for i in items_of(self, "CIM_NumericSensor"))
        keys = {k: properties(sensor)[k] for k in ("SystemCreationClassName", "SystemName", "CreationClassName",
                                                   "DeviceID")}
        for parent in ("CIM_ManagedElement", "CIM_LogicalDevice", "CIM_Sensor"):
            with self.subTest(cls=parent):
                answer = get(self, parent, keys)
                self.assertEqual(answer.status, 200, answer.body[:800])
                root, _ = wh.parse(answer.raw)
                self.assertEqual(local(root.find("s:Body", wh.NS)[0].tag), "CIM_NumericSensor")
        missing = get(self, "CIM_PhysicalElement", {"Tag": "no-such-tag", "CreationClassName": "CIM_Chassis"})
        self.assertEqual(missing.status, 500)
        self.assertIn("DestinationUnreachable", missing.body)

    def test_unknown_polymorphism_mode_is_refused(self):
        answer = wh.post(wh.envelope(wh.ENUMERATE, wh.DMTF + "CIM_ManagedElement", enumerate_body("Sometimes")),
                         wh.basic("ann"))
        self.assertEqual(answer.status, 500)
        self.assertIn("InvalidParameter", answer.body)


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    wh.BMCWSMAN = BMCWSMAN
    wh.SERVER = Server()
    try:
        result = unittest.main(verbosity=2, exit=False).result
    finally:
        alive = wh.SERVER.proc.poll() is None
        wh.SERVER.stop()
    sys.exit(0 if result.wasSuccessful() and alive else 1)
