#!/usr/bin/env python3
"""Differential test: `bmcwsman fru` and FreeIPMI's ipmi-fru read the same ipmi_sim (the
profile's FRU devices 0 and 1; run through sim/ipmi_sim/with_ipmi_sim.py) and must agree on
every field ipmi-fru prints that bmcwsman decodes: chassis type, part, serial and custom
fields; board date, manufacturer, name, serial, part, file ID, custom; product fields; power
supply, DC output and management access (system unique ID) multirecords.

ipmi-fru lines bmcwsman does not decode into words (the power supply's predictive-fail
wording, voltage 1/2 and combined wattage) are listed in NOT_COMPARED.

Usage: fru_freeipmi_test.py PATH_TO_BMCWSMAN"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

BMCWSMAN = None
ENV = os.environ
# SMBIOS chassis types (DSP0134 Table 17) as FreeIPMI names them, for the profile's values.
CHASSIS_TYPES = {"Rack Mount Chassis": 0x17, "Main Server Chassis": 0x11}
NOT_COMPARED = {"FRU Power Supply Predictive Fail", "FRU Power Supply Voltage 1", "FRU Power Supply Voltage 2",
                "FRU Power Supply Total Combined Wattage", "FRU Power Supply Predictive Fail Support",
                "FRU Power Supply Power Factor Correction Supported", "FRU Power Supply AutoSwitch Supprt",
                "FRU Power Supply Hot Swap Support"}


def parse_ipmi_fru(text):
    """Devices in order: {id: [(key, value), ...]} plus the UUID bytes lines."""
    devices = {}
    current = None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"FRU Inventory Device: .*\(ID ([0-9A-F]+)h\)", line)
        if m:
            current = devices.setdefault(int(m.group(1), 16), [])
        elif current is not None and line.startswith("  FRU ") and ":" in line:
            key, value = line.strip().split(":", 1)
            value = value.strip()
            if key == "FRU Management Access System Unique ID":
                value = " ".join(lines[i + 1].split() + lines[i + 2].split())
                i += 2
            current.append((key, value))
        i += 1
    return devices


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and shutil.which("ipmi-fru"),
                     "run through with_ipmi_sim.py, with freeipmi-tools installed")
class FruAgreesWithFreeIpmi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        env = dict(ENV, BMCWSMAN_PASSWORD=ENV["BMCWSMAN_TEST_LAN_PASSWORD"])
        ours = subprocess.run([BMCWSMAN, "--lan", ENV["BMCWSMAN_TEST_LAN_HOST"], "--user", ENV["BMCWSMAN_TEST_LAN_USER"],
                               "--lan-workarounds", ENV["BMCWSMAN_TEST_LAN_WORKAROUNDS"], "--json", "fru"],
                              capture_output=True, text=True, env=env, timeout=120, check=True)
        cls.ours = {d["fru_id"]: d for d in json.loads(ours.stdout)}
        host, port = ENV["BMCWSMAN_TEST_LAN_HOST"].split(":")
        cache = tempfile.mkdtemp(prefix="bmcwsman-fi-cache-")
        try:
            theirs = subprocess.run(["ipmi-fru", "-h", f"{host}:{port}", "-u", ENV["BMCWSMAN_TEST_LAN_USER"], "-p",
                                     ENV["BMCWSMAN_TEST_LAN_PASSWORD"], "-l", "ADMIN", "-D", "LAN_2_0", "-W",
                                     "opensesspriv", f"--sdr-cache-directory={cache}", "--quiet-cache"],
                                    capture_output=True, text=True, timeout=120, check=True)
        finally:
            shutil.rmtree(cache)
        cls.theirs = parse_ipmi_fru(theirs.stdout)

    def expected(self, dev):
        """Our JSON as the (key, value) lines ipmi-fru prints, in its order."""
        out = []
        c = dev.get("chassis")
        if c:
            name = [n for n, v in CHASSIS_TYPES.items() if v == c["type"]]
            out.append(("FRU Chassis Type", name[0] if name else f"type {c['type']}"))
            out += [("FRU Chassis Part Number", c["part_number"]), ("FRU Chassis Serial Number", c["serial_number"])]
            out += [("FRU Chassis Custom Info", v) for v in c["custom"]]
        b = dev.get("board")
        if b:
            out.append(("FRU Board Manufacturing Date/Time", b["manufactured_text"]))
            for key, field in (("Manufacturer", "manufacturer"), ("Product Name", "product_name"),
                               ("Serial Number", "serial_number"), ("Part Number", "part_number")):
                if b[field]:
                    out.append((f"FRU Board {key}", b[field]))
            if b["fru_file_id"]:
                out.append(("FRU FRU File ID", b["fru_file_id"]))
            out += [("FRU Board Custom Info", v) for v in b["custom"]]
        p = dev.get("product")
        if p:
            for key, field in (("Manufacturer Name", "manufacturer"), ("Name", "product_name"),
                               ("Part/Model Number", "part_model_number"), ("Version", "version"),
                               ("Serial Number", "serial_number"), ("Asset Tag", "asset_tag")):
                if p[field]:
                    out.append((f"FRU Product {key}", p[field]))
            if p["fru_file_id"]:
                out.append(("FRU FRU File ID", p["fru_file_id"]))
            out += [("FRU Product Custom Info", v) for v in p["custom"]]
        for r in dev["multirecords"]:
            if "power_supply" in r:
                s = r["power_supply"]
                out += [("FRU Power Supply Overall Capacity", f"{s['overall_capacity_w']} Watts"),
                        ("FRU Power Supply Peak VA", f"{s['peak_va']} VA"),
                        ("FRU Power Supply Max Inrush Current", f"{s['inrush_current_a']} Amps"),
                        ("FRU Power Supply Inrush Interval", f"{s['inrush_interval_ms']} ms"),
                        ("FRU Power Supply Low End Input Voltage 1", f"{s['low_input_voltage_1_mv']} mV"),
                        ("FRU Power Supply High End Input Voltage 1", f"{s['high_input_voltage_1_mv']} mV"),
                        ("FRU Power Supply Low End Input Voltage 2", f"{s['low_input_voltage_2_mv']} mV"),
                        ("FRU Power Supply High End Input Voltage 2", f"{s['high_input_voltage_2_mv']} mV"),
                        ("FRU Power Supply Low End Acceptable Frequency", f"{s['low_input_frequency_hz']} Hz"),
                        ("FRU Power Supply High End Acceptable Frequency", f"{s['high_input_frequency_hz']} Hz"),
                        ("FRU Power Supply A/C Dropout Tolerance", f"{s['ac_dropout_tolerance_ms']} ms"),
                        ("FRU Power Supply Peak Capacity", f"{s['peak_wattage_w']} Watts"),
                        ("FRU Power Supply Hold Up Time", f"{s['holdup_time_s']} s")]
            if "dc_output" in r:
                d = r["dc_output"]
                out += [("FRU DC Output Output Number", str(d["output_number"])),
                        ("FRU DC Output Output on Standy", "Yes" if d["standby"] else "No"),
                        ("FRU DC Output Nominal Voltage", f"{d['nominal_voltage_mv']} mV"),
                        ("FRU DC Output Maximum Negative Voltage Deviation", f"{d['max_negative_deviation_mv']} mV"),
                        ("FRU DC Output Maximum Positive Voltage Deviation", f"{d['max_positive_deviation_mv']} mV"),
                        ("FRU DC Output Ripple and Noise pk-pk", f"{d['ripple_noise_mv']} mV"),
                        ("FRU DC Output Minimum Current Draw", f"{d['min_current_ma']} mA"),
                        ("FRU DC Output Maximum Current Draw", f"{d['max_current_ma']} mA")]
            if "management_access" in r and r["management_access"]["subtype"] == 7:
                out.append(("FRU Management Access System Unique ID",
                            " ".join(f"{b:02X}h" for b in r["management_access"]["data"])))
        return out

    def test_the_same_devices(self):
        self.assertEqual(sorted(self.ours), sorted(self.theirs))
        self.assertEqual(sorted(self.ours), [0, 1])

    def test_every_field(self):
        for fru_id, theirs in self.theirs.items():
            with self.subTest(fru=fru_id):
                compared = [kv for kv in theirs if kv[0] not in NOT_COMPARED]
                self.assertEqual(self.expected(self.ours[fru_id]), compared)
                self.assertEqual(self.ours[fru_id]["errors"], [])


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
