#!/usr/bin/env python3
"""Differential test: `bmcwsman fru` and FreeIPMI's ipmi-fru read the same ipmi_sim (the
profile's FRU devices 0 and 1; run through sim/ipmi_sim/with_ipmi_sim.py) and must agree on
every field ipmi-fru prints that bmcwsman decodes: chassis type, part, serial and custom
fields; board date, manufacturer, name, serial, part, file ID, custom; product fields; power
supply, DC output and management access (system unique ID) multirecords.

Every line ipmi-fru prints is compared (fru_lines.py builds them from our JSON, and lists the
deliberate differences); fru_file_freeipmi_test.py covers the encodings and corrupt images.

Usage: fru_freeipmi_test.py PATH_TO_BMCWSMAN"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from fru_lines import error_areas, expected_lines, iana_number_only, parse_ipmi_fru

BMCWSMAN = None
ENV = os.environ


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

    def test_the_same_devices(self):
        self.assertEqual(sorted(self.ours), sorted(self.theirs))
        self.assertEqual(sorted(self.ours), [0, 1])

    def test_every_field(self):
        for fru_id, theirs in self.theirs.items():
            with self.subTest(fru=fru_id):
                fields = iana_number_only([kv for kv in theirs if "error" not in kv[0].lower()])
                self.assertEqual(expected_lines(self.ours[fru_id]), fields)
                self.assertEqual(self.ours[fru_id]["errors"], [])
                self.assertEqual(error_areas(theirs), set())
        self.assertGreater(len(self.theirs[0]), 50)  # every area and record of FRU 0 printed


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
