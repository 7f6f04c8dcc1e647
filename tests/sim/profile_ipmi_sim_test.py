#!/usr/bin/env python3
"""The simulated server's profile, served by OpenIPMI's ipmi_sim, read back
with FreeIPMI: the profile's SDR, FRU and SEL encoders (sim/profile) agree
with an independent decoder, and the harness starts, drives and stops ipmi_sim.

Usage: profile_ipmi_sim_test.py PROFILE.json
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "sim", "ipmi_sim"))
from harness import IpmiSim  # noqa: E402

PROFILE = None


def freeipmi(tool, bmc, *args):
    result = subprocess.run([tool, *bmc.freeipmi_args(), *args], capture_output=True, text=True,
                            timeout=60, check=False)
    if result.returncode != 0:
        raise AssertionError(f"{tool} failed: {result.stderr}")
    return result.stdout


@unittest.skipUnless(shutil.which("ipmi_sim") and shutil.which("ipmi-sensors"),
                     "needs openipmi and freeipmi-tools")
class ProfileOverIpmiSim(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(PROFILE, encoding="utf-8") as f:
            cls.profile = json.load(f)
        cls.cache = tempfile.mkdtemp(prefix="bmcwsman-sdrcache-")
        cls.bmc = IpmiSim(PROFILE)
        cls.bmc.start()

    @classmethod
    def tearDownClass(cls):
        cls.bmc.close()
        shutil.rmtree(cls.cache)

    def sensors(self, *args):
        out = freeipmi("ipmi-sensors", self.bmc, f"--sdr-cache-directory={self.cache}",
                       "--shared-sensors", "--no-header-output", "--comma-separated-output",
                       "--non-abbreviated-units", *args)
        rows = [line.split(",") for line in out.splitlines() if line]
        return {row[1]: row for row in rows}

    def test_every_readable_sensor_is_seen_with_its_name(self):
        rows = self.sensors()
        expected = [s["name"] for s in self.profile["sensors"] if s["kind"] != "event-only"]
        self.assertEqual(len(expected), 45)
        self.assertEqual(sorted(rows), sorted(expected))

    def test_conversions_of_the_profile_factors(self):
        rows = self.sensors()
        self.assertEqual(rows["CPU1 Temp"][3], "48.00")
        self.assertEqual(rows["Cold Plate Temp"][3], "-5.00")  # two's complement
        self.assertEqual(rows["VBAT"][3], "3.00")               # non-zero B
        self.assertEqual(rows["CPU1 Vcore"][3], "1.80")         # negative B
        self.assertEqual(rows["System Airflow"][3], "24.00")    # sqrt linearization
        self.assertEqual(rows["FAN1"][3], "8400.00")
        self.assertEqual(rows["FAN1"][4], "RPM")

    def test_discrete_states(self):
        rows = self.sensors()
        self.assertIn("Power Supply input lost (AC/DC)", rows["PSU2 Status"][5])
        self.assertIn("Drive Fault", rows["Drive 2"][5])
        self.assertIn("Redundancy Lost", rows["PS Redundancy"][5])

    def test_console_changes_a_reading(self):
        self.bmc.console("sensor_set_value 0x20 0 0x02 0x40 0")
        self.assertEqual(self.sensors()["CPU2 Temp"][3], "64.00")
        self.bmc.console("sensor_set_value 0x20 0 0x02 0x33 0")

    def test_fru_areas(self):
        out = freeipmi("ipmi-fru", self.bmc)
        for needle in ("FRU Chassis Serial Number: SIMCH0001",  # 6-bit packed ASCII
                       "FRU Board Manufacturing Date/Time: 03/14/25 - 09:26:00",
                       "FRU Product Asset Tag: ASSET-7781",
                       "FRU Power Supply Overall Capacity: 800 Watts",
                       "FRU DC Output Nominal Voltage: 12000 mV",
                       "FRU Board Product Name: SP-800W",
                       "FRU Product Version: A0",                  # after it, fields go on
                       "FRU Product Serial Number: PSU1SN0001"):
            self.assertIn(needle, out)

    def test_sel_entries(self):
        out = freeipmi("ipmi-sel", self.bmc, "--no-header-output", "--comma-separated-output")
        lines = out.splitlines()
        self.assertEqual(len(lines), len(self.profile["sel"]))
        self.assertIn("Power Supply input lost (AC/DC)", lines[2])
        self.assertIn("IERR", lines[5])

    def test_chassis_control_reaches_the_program(self):
        before = len(self.bmc.chassis_log())
        freeipmi("ipmi-chassis", self.bmc, "--chassis-control=power-down")
        self.assertEqual(self.bmc.chassis_log()[before:], ["power 0"])
        freeipmi("ipmi-chassis", self.bmc, "--chassis-control=power-up")
        self.assertEqual(self.bmc.chassis_log()[before + 1:], ["power 1"])


if __name__ == "__main__":
    PROFILE = sys.argv.pop(1)
    unittest.main(verbosity=2)
