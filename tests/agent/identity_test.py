#!/usr/bin/env python3
"""Issue 14, identity: every serial number, part number, model (product names, part/model
numbers) and manufacturer string FreeIPMI's ipmi-fru prints for the BMC (ipmi_sim over LAN,
run through sim/ipmi_sim/with_ipmi_sim.py; no SMBIOS of the host, as over LAN) is found in the
CIM instances `bmcwsman serve` answers over WS-Management, collected with one polymorphic
Enumerate of CIM_ManagedElement (DSP0227 8.1), and the host's identity is where DSP1004 puts
it: CIM_ComputerSystem.OtherIdentifyingInfo holds the product serial ("CIM:Tag") and model
and serial ("CIM:Model:SerialNumber"); the PSU's FRU is a CIM_PhysicalPackage.

Usage: identity_test.py PATH_TO_BMCWSMAN"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "wsman_front"))
import sdr_quirks_test as quirks  # noqa: E402  (its Agent: `serve --lan` on a loopback port)
import wsman_harness as wh  # noqa: E402

ENV = os.environ
# ipmi-fru's field names (FreeIPMI 1.6.10) of identity strings.
IDENTITY = re.compile(r"^\s*FRU (Chassis Part Number|Chassis Serial Number|Board Manufacturer|Board Product Name|"
                      r"Board Serial Number|Board Part Number|Product Manufacturer Name|Product Name|"
                      r"Product Part/Model Number|Product Serial Number): (.*)$")


def ipmi_fru():
    """[(device, field, value)] of the identity strings ipmi-fru prints."""
    host, port = ENV["BMCWSMAN_TEST_LAN_HOST"].split(":")
    cache = tempfile.mkdtemp(prefix="bmcwsman-fi-")
    try:
        out = subprocess.run(["ipmi-fru", "-h", f"{host}:{port}", "-u", ENV["BMCWSMAN_TEST_LAN_USER"],
                              "-p", ENV["BMCWSMAN_TEST_LAN_PASSWORD"], "-l", "ADMIN", "-D", "LAN_2_0",
                              "-W", "opensesspriv", f"--sdr-cache-directory={cache}", "--quiet-cache"],
                             capture_output=True, text=True, timeout=120, check=True).stdout
    finally:
        shutil.rmtree(cache)
    found, device = [], None
    for line in out.splitlines():
        if line.startswith("FRU Inventory Device:"):
            device = line.split(":", 1)[1].strip()
        m = IDENTITY.match(line)
        if m and m.group(2).strip():
            found.append((device, m.group(1), m.group(2).strip()))
    return found


def instances(tc, cls):
    """(class, {property: [texts]}) of every instance an Enumerate of cls returns."""
    out = []
    for item in quirks.enumerate_items(tc, cls):
        props = {}
        for name, value in item["properties"].items():
            values = value if isinstance(value, list) else [value]
            props[name] = [v.strip() for v in values if isinstance(v, str)]
        out.append((item["class"], props))
    return out


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and shutil.which("ipmi-fru"),
                     "run through with_ipmi_sim.py, with freeipmi-tools installed")
class IdentityReachesCim(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fru = ipmi_fru()
        cls.agent = quirks.Agent()
        wh.SERVER = cls.agent
        cls.all = instances(cls("test_every_fru_identity_string_is_served"), "CIM_ManagedElement")

    @classmethod
    def tearDownClass(cls):
        cls.agent.stop()
        wh.SERVER = None

    def test_every_fru_identity_string_is_served(self):
        self.assertGreaterEqual(len(self.fru), 16)  # FRU 0's three areas and the PSU's two
        values = {v for _, props in self.all for texts in props.values() for v in texts}
        for device, field, value in self.fru:
            with self.subTest(device=device, field=field):
                self.assertIn(value, values)

    def test_the_host_is_identified_by_the_product_area(self):
        product = {f: v for d, f, v in self.fru if d.startswith("Default FRU Device")}
        hosts = [p for c, p in self.all if c == "CIM_ComputerSystem" and p.get("Dedicated") == ["0"]]
        self.assertEqual(len(hosts), 1)
        host = hosts[0]
        self.assertEqual(host["ElementName"], [product["Product Name"]])
        pairs = dict(zip(host["IdentifyingDescriptions"], host["OtherIdentifyingInfo"]))
        self.assertEqual(pairs["CIM:Tag"], product["Product Serial Number"])
        self.assertEqual(pairs["CIM:Model:SerialNumber"],
                         product["Product Part/Model Number"] + ":" + product["Product Serial Number"])
        chassis = [p for c, p in self.all if c == "CIM_Chassis"]
        self.assertEqual(chassis[0]["Manufacturer"], [product["Product Manufacturer Name"]])
        self.assertEqual(chassis[0]["Model"], [product["Product Name"]])
        self.assertEqual(chassis[0]["SKU"], [product["Product Part/Model Number"]])
        self.assertEqual(chassis[0]["SerialNumber"], [product["Chassis Serial Number"]])
        self.assertEqual(chassis[0]["PartNumber"], [product["Chassis Part Number"]])

    def test_the_power_supply_fru_is_a_physical_package(self):
        psu = {f: v for d, f, v in self.fru if d.startswith("PSU1 FRU")}
        packages = [p for c, p in self.all if c == "CIM_PhysicalPackage"]
        self.assertEqual(len(packages), 1)
        p = packages[0]
        self.assertEqual(p["SerialNumber"], [psu["Board Serial Number"]])
        self.assertEqual(p["PartNumber"], [psu["Board Part Number"]])
        self.assertEqual(p["Manufacturer"], [psu["Board Manufacturer"]])
        self.assertEqual(p["Model"], [psu["Board Product Name"]])
        self.assertEqual(p["Name"], [psu["Product Name"]])
        self.assertNotIn("CIM_Card", [c for c, q in self.all if q.get("Tag") == p["Tag"]])


if __name__ == "__main__":
    quirks.BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
