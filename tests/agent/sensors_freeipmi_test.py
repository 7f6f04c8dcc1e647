#!/usr/bin/env python3
"""Differential test: `bmcwsman sensors` and FreeIPMI's ipmi-sensors read the same
ipmi_sim (the 45-sensor profile; run through sim/ipmi_sim/with_ipmi_sim.py) and
must agree on every sensor's name and type, for threshold sensors on the reading
and every threshold (within the sensor's resolution), the unit and whether a
reading exists, and for
discrete sensors on the names of the asserted states.

Usage: sensors_freeipmi_test.py PATH_TO_BMCWSMAN
"""
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BMCWSMAN = None
THRESHOLD_COLUMNS = ("lower_non_recoverable", "lower_critical", "lower_non_critical",
                     "upper_non_critical", "upper_critical", "upper_non_recoverable")
ENV = os.environ


def freeipmi_args():
    host, port = ENV["BMCWSMAN_TEST_LAN_HOST"].split(":")
    return ["-h", f"{host}:{port}", "-u", ENV["BMCWSMAN_TEST_LAN_USER"], "-p", ENV["BMCWSMAN_TEST_LAN_PASSWORD"],
            "-l", "ADMIN", "-D", "LAN_2_0", "-W", "opensesspriv"]


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and shutil.which("ipmi-sensors"),
                     "run through with_ipmi_sim.py, with freeipmi-tools installed")
class SensorsAgreeWithFreeIpmi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        env = dict(ENV, BMCWSMAN_PASSWORD=ENV["BMCWSMAN_TEST_LAN_PASSWORD"])
        ours = subprocess.run([BMCWSMAN, "--lan", ENV["BMCWSMAN_TEST_LAN_HOST"], "--user", ENV["BMCWSMAN_TEST_LAN_USER"],
                               "--lan-workarounds", ENV["BMCWSMAN_TEST_LAN_WORKAROUNDS"], "--json", "sensors"],
                              capture_output=True, text=True, env=env, timeout=120, check=True)
        cls.ours = {s["name"]: s for s in json.loads(ours.stdout)["sensors"]}
        cache = tempfile.mkdtemp(prefix="bmcwsman-fi-cache-")
        try:
            theirs = subprocess.run(["ipmi-sensors", *freeipmi_args(), f"--sdr-cache-directory={cache}",
                                     "--shared-sensors", "--no-header-output", "--comma-separated-output",
                                     "--non-abbreviated-units", "--output-sensor-thresholds"], capture_output=True, text=True, timeout=120,
                                    check=True)
        finally:
            shutil.rmtree(cache)
        cls.theirs = {}
        for line in theirs.stdout.splitlines():
            fields = line.split(",")
            # ID,Name,Type,Reading,Units,Lower NR,Lower C,Lower NC,Upper NC,Upper C,Upper NR,Event
            cls.theirs[fields[1]] = {"type": fields[2], "reading": fields[3], "unit": fields[4],
                                     "thresholds": dict(zip(THRESHOLD_COLUMNS, fields[5:11])),
                                     "event": ",".join(fields[11:])}

    def test_the_same_sensors(self):
        self.assertEqual(len(self.ours), 45)
        self.assertEqual(sorted(self.ours), sorted(self.theirs))

    def test_threshold_readings_and_units(self):
        compared = 0
        for name, ours in self.ours.items():
            if "reading" not in ours:
                continue  # discrete sensors: states are compared with the event tables later
            theirs = self.theirs[name]
            with self.subTest(sensor=name):
                self.assertEqual(ours["unit"], theirs["unit"])
                if theirs["reading"] == "N/A":
                    self.assertIsNone(ours["reading"])
                    continue
                self.assertIsNotNone(ours["reading"])
                # FreeIPMI prints two decimals; agree within the sensor's resolution.
                tolerance = max((ours["resolution"] or 0) / 2, 0.006)  # null: non-linear
                self.assertAlmostEqual(ours["reading"], float(theirs["reading"]), delta=tolerance)
                compared += 1

    def test_thresholds(self):
        compared = 0
        for name, ours in self.ours.items():
            if "thresholds" not in ours:
                continue
            theirs = self.theirs[name]["thresholds"]
            tolerance = max((ours["resolution"] or 0) / 2, 0.006)
            for column in THRESHOLD_COLUMNS:
                with self.subTest(sensor=name, threshold=column):
                    mine = ours["thresholds"].get(column)
                    if theirs[column] == "N/A":
                        self.assertIsNone(mine)
                        continue
                    self.assertIsNotNone(mine)
                    self.assertAlmostEqual(mine, float(theirs[column]), delta=tolerance)
                    compared += 1
        self.assertGreaterEqual(compared, 40)
        self.assertGreaterEqual(compared, 30)

    def test_discrete_states_and_types(self):
        compared = 0
        for name, ours in self.ours.items():
            theirs = self.theirs[name]
            with self.subTest(sensor=name):
                self.assertEqual(ours["sensor_type_name"], theirs["type"])
                if "states" not in ours:
                    continue
                # ipmi-sensors quotes each asserted state ('A' 'B'); 'OK' when none is.
                their_states = re.findall(r"'([^']*)'", theirs["event"])
                if their_states == ["OK"]:
                    their_states = []
                self.assertEqual(len(ours["states"]), len(their_states), (ours["states"], their_states))
                for mine, fi in zip(ours["states"], their_states):
                    # For a few states ipmi-sensors prints FreeIPMI's short form ("S0/G0" for
                    # Table 42-3's 'S0/G0 "working"'); ipmi-sel prints the full name as we do.
                    self.assertTrue(mine == fi or mine.startswith(fi + " "), (mine, fi))
                compared += 1
        self.assertGreaterEqual(compared, 5)


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
