#!/usr/bin/env python3
"""Differential test: `bmcwsman sel` and FreeIPMI's ipmi-sel read the same ipmi_sim (the
profile's SEL; run through sim/ipmi_sim/with_ipmi_sim.py) and must agree on every record's
ID, date and time (both in UTC; ipmi_sim stamps entries when it adds them), sensor name (or
"Sensor #N" by number), sensor type, direction and event text (offset name, trigger reading
and threshold converted through the SDR, OEM codes, OEM bytes), word for word. A difference
fails with both lines.

Usage: sel_freeipmi_test.py PATH_TO_BMCWSMAN"""
import calendar
import json
import os
import time
import shutil
import subprocess
import sys
import tempfile
import unittest

BMCWSMAN = None
ENV = os.environ
UTC = dict(ENV, TZ="UTC")


def freeipmi_args(cache):
    host, port = ENV["BMCWSMAN_TEST_LAN_HOST"].split(":")
    return ["-h", f"{host}:{port}", "-u", ENV["BMCWSMAN_TEST_LAN_USER"], "-p", ENV["BMCWSMAN_TEST_LAN_PASSWORD"],
            "-l", "ADMIN", "-D", "LAN_2_0", "-W", "opensesspriv", f"--sdr-cache-directory={cache}", "--quiet-cache"]


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and shutil.which("ipmi-sel"),
                     "run through with_ipmi_sim.py, with freeipmi-tools installed")
class SelAgreesWithFreeIpmi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        env = dict(UTC, BMCWSMAN_PASSWORD=ENV["BMCWSMAN_TEST_LAN_PASSWORD"])
        ours = subprocess.run([BMCWSMAN, "--lan", ENV["BMCWSMAN_TEST_LAN_HOST"], "--user", ENV["BMCWSMAN_TEST_LAN_USER"],
                               "--lan-workarounds", ENV["BMCWSMAN_TEST_LAN_WORKAROUNDS"], "--json", "sel"],
                              capture_output=True, text=True, env=env, timeout=120, check=True)
        cls.ours = {r["record_id"]: r for r in json.loads(ours.stdout)["records"]}
        cache = tempfile.mkdtemp(prefix="bmcwsman-fi-cache-")
        try:
            theirs = subprocess.run(["ipmi-sel", *freeipmi_args(cache), "--comma-separated-output",
                                     "--no-header-output", "-v"], capture_output=True, text=True, timeout=120,
                                    check=True, env=UTC)
        finally:
            shutil.rmtree(cache)
        cls.theirs = {}
        for line in theirs.stdout.splitlines():
            # ID,Date,Time,Name,Type,Event Direction,Event (the event may hold commas? not ours)
            f = line.split(",", 6)
            cls.theirs[int(f[0])] = {"date": f[1], "time": f[2], "name": f[3], "type": f[4], "direction": f[5],
                                     "event": f[6]}

    def test_the_same_records(self):
        self.assertEqual(sorted(self.ours), sorted(self.theirs))
        self.assertGreaterEqual(len(self.ours), 12)

    def test_every_field_of_every_record(self):
        for rid, theirs in self.theirs.items():
            ours = self.ours[rid]
            with self.subTest(record=rid, ours=ours["text"], theirs=theirs["event"]):
                if "sensor_type" in ours:
                    name = ours["sensor_name"] or f"Sensor #{ours['sensor_number']}"
                    self.assertEqual(name, theirs["name"])
                    self.assertEqual(ours["sensor_type_name"], theirs["type"])
                    self.assertEqual(ours["direction"].capitalize() + " Event", theirs["direction"])
                else:
                    self.assertEqual(theirs["name"], "N/A")
                    self.assertEqual(theirs["direction"], "N/A")
                self.assertEqual(ours["text"], theirs["event"])

    def test_timestamps(self):
        for rid, theirs in self.theirs.items():
            ours = self.ours[rid]
            with self.subTest(record=rid, theirs=(theirs["date"], theirs["time"])):
                if "timestamp" not in ours:
                    self.assertEqual((theirs["date"], theirs["time"]), ("N/A", "N/A"))
                    continue
                self.assertEqual((ours["date"], ours["time"]), (theirs["date"], theirs["time"]))
                if theirs["date"] not in ("PostInit", "Unspec."):
                    when = time.strptime(f"{theirs['date']} {theirs['time']}", "%b-%d-%Y %H:%M:%S")
                    self.assertEqual(ours["timestamp"], calendar.timegm(when))
                else:
                    self.assertTrue(ours["pre_init"] or ours["timestamp"] == 0xFFFFFFFF)

if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
