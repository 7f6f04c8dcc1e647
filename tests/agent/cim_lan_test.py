#!/usr/bin/env python3
"""`bmcwsman cim` against ipmi_sim over LAN (run through sim/ipmi_sim/with_ipmi_sim.py):
the CIM mapping agrees with the ipmi layer's readings, and CIM methods and Put really
change the BMC, as FreeIPMI (ipmi-sensors, ipmi-sel) and our chassis status read it back.
Usage: cim_lan_test.py PATH_TO_BMCWSMAN"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BMCWSMAN = None
ENV = os.environ


def run(*args, timeout=120):
    env = dict(ENV, BMCWSMAN_PASSWORD=ENV["BMCWSMAN_TEST_LAN_PASSWORD"])
    return subprocess.run([BMCWSMAN, "--lan", ENV["BMCWSMAN_TEST_LAN_HOST"], "--user",
                           ENV["BMCWSMAN_TEST_LAN_USER"], "--lan-workarounds",
                           ENV["BMCWSMAN_TEST_LAN_WORKAROUNDS"], *args],
                          capture_output=True, text=True, timeout=timeout, env=env, check=False)


def cim(*args):
    result = run("--json", "cim", "--system-name", "test-system", *args)
    if result.returncode != 0:
        raise AssertionError(f"bmcwsman cim {args}: rc {result.returncode}: {result.stderr}")
    return json.loads(result.stdout)


def keys_of(instance, names):
    return [f"{n}={instance['properties'][n]}" for n in names]


def freeipmi(tool, *args):
    host, port = ENV["BMCWSMAN_TEST_LAN_HOST"].split(":")
    cache = tempfile.mkdtemp(prefix="bmcwsman-fi-")
    try:
        return subprocess.run([tool, "-h", f"{host}:{port}", "-u", ENV["BMCWSMAN_TEST_LAN_USER"],
                               "-p", ENV["BMCWSMAN_TEST_LAN_PASSWORD"], "-l", "ADMIN", "-D", "LAN_2_0",
                               "-W", "opensesspriv", f"--sdr-cache-directory={cache}", "--quiet-cache",
                               *args], capture_output=True, text=True, timeout=120, check=True).stdout
    finally:
        shutil.rmtree(cache)


SENSOR_KEYS = ("SystemCreationClassName", "SystemName", "CreationClassName", "DeviceID")


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and shutil.which("ipmi-sensors"),
                     "run through with_ipmi_sim.py, with freeipmi-tools installed")
class CimOverLan(unittest.TestCase):
    def test_numeric_readings_equal_the_ipmi_layer(self):
        sensors = json.loads(run("--json", "sensors").stdout)["sensors"]
        by_name = {s["name"]: s for s in sensors}
        instances = cim("CIM_NumericSensor")
        self.assertEqual(len(instances), 32)
        compared = 0
        for i in instances:
            p = i["properties"]
            ours = by_name[p["ElementName"]]
            with self.subTest(sensor=p["ElementName"]):
                if ours["reading"] is None:
                    self.assertIsNone(p["CurrentReading"])
                    continue
                value = p["CurrentReading"] * 10 ** p["UnitModifier"]
                self.assertAlmostEqual(value, ours["reading"], delta=max((ours["resolution"] or 0) / 2, 0.006))
                compared += 1
        self.assertGreaterEqual(compared, 30)

    def test_power_state_change_reaches_the_bmc(self):
        service = cim("CIM_PowerManagementService")[0]
        keys = keys_of(service, SENSOR_KEYS[:3] + ("Name",))
        self.assertEqual(cim("CIM_PowerManagementService", *keys, "--invoke", "RequestPowerStateChange",
                             "--arg", "PowerState=8"), {"ReturnValue": 0})
        status = json.loads(run("--json", "chassis", "status").stdout)
        self.assertFalse(status["power_on"])
        self.assertEqual(cim("CIM_AssociatedPowerManagementService")[0]["properties"]["PowerState"], 8)
        self.assertEqual(cim("CIM_PowerManagementService", *keys, "--invoke", "RequestPowerStateChange",
                             "--arg", "PowerState=2"), {"ReturnValue": 0})
        self.assertTrue(json.loads(run("--json", "chassis", "status").stdout)["power_on"])

    def test_threshold_put_and_restore_as_freeipmi_reads_them(self):
        cpu = [i for i in cim("CIM_NumericSensor") if i["properties"]["ElementName"] == "CPU1 Temp"][0]
        keys = keys_of(cpu, SENSOR_KEYS)
        after = cim("CIM_NumericSensor", *keys, "--put", "UpperThresholdNonCritical=80")[0]
        self.assertEqual(after["properties"]["UpperThresholdNonCritical"], 80)

        def freeipmi_unc():
            out = freeipmi("ipmi-sensors", "--comma-separated-output", "--no-header-output",
                           "--output-sensor-thresholds", "--sensors=1")
            return out.split(",")[8]  # ID,Name,Type,Reading,Units,LNR,LC,LNC,UNC,...

        self.assertEqual(freeipmi_unc(), "80.00")
        self.assertEqual(cim("CIM_NumericSensor", *keys, "--invoke", "RestoreDefaultThresholds"),
                         {"ReturnValue": 0})
        self.assertEqual(freeipmi_unc(), "85.00")

    def test_clear_log_empties_the_sel(self):
        log = cim("CIM_RecordLog")[0]
        self.assertGreater(log["properties"]["CurrentNumberOfRecords"], 0)
        self.assertEqual(cim("CIM_RecordLog", "InstanceID=IPMI:SEL", "--invoke", "ClearLog"),
                         {"ReturnValue": 0})
        self.assertEqual(cim("CIM_RecordLog")[0]["properties"]["CurrentNumberOfRecords"], 0)
        self.assertNotIn("\n1,", freeipmi("ipmi-sel", "--comma-separated-output", "--no-header-output"))

    def test_bad_keys_and_unknown_classes_fail_cleanly(self):
        result = run("cim", "CIM_RecordLog", "InstanceID=nope")
        self.assertEqual(result.returncode, 1)
        self.assertIn("no instance with these keys", result.stderr)
        result = run("cim", "CIM_RecordLog", "Bogus=1")
        self.assertEqual(result.returncode, 1)
        self.assertIn("key", result.stderr)
        result = run("cim", "CIM_NoSuchClass")
        self.assertEqual(result.returncode, 2)


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
