#!/usr/bin/env python3
"""Issue 19, three-way fidelity on ipmi_sim (run through with_ipmi_sim.py): for every sensor,
the reading, the six thresholds and the health that `bmcwsman serve` gives over
WS-Management (CIM_NumericSensor / CIM_Sensor), Redfish (Chassis/1/Sensors) and /metrics
(ipmi_exporter's families) are the same, and the same as FreeIPMI's ipmi-sensors reads from
the BMC (within the sensor's resolution: FreeIPMI prints two decimals).

Usage: fidelity_test.py PATH_TO_BMCWSMAN"""
import math
import os
import shutil
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "metrics_front"))
sys.path.insert(0, os.path.join(HERE, "..", "wsman_front"))
import redfish_harness as rh  # noqa: E402
import metrics_harness as mh  # noqa: E402
import wsman_harness as wh  # noqa: E402

BMCWSMAN = None
ENV = os.environ
CIM_THRESHOLDS = {"LowerCaution": "LowerThresholdNonCritical", "LowerCritical": "LowerThresholdCritical",
                  "LowerFatal": "LowerThresholdFatal", "UpperCaution": "UpperThresholdNonCritical",
                  "UpperCritical": "UpperThresholdCritical", "UpperFatal": "UpperThresholdFatal"}
# One health in four words: Redfish Health, ipmi_*_state, CIM HealthState, ipmi-sensors State.
HEALTH = {"OK": (0, {"5"}, "Nominal"), "Warning": (1, {"10", "15"}, "Warning"),
          "Critical": (2, {"20", "25", "30"}, "Critical")}


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and shutil.which("ipmi-sensors"),
                     "run through with_ipmi_sim.py, with freeipmi-tools installed")
class ThreeWayFidelity(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.agent = rh.Agent(BMCWSMAN)
        wh.SERVER = cls.agent
        try:
            cls.redfish = {}
            for m in rh.get(cls.agent, "/redfish/v1/Chassis/1/Sensors", tls=False)["Members"]:
                s = rh.get(cls.agent, m["@odata.id"], tls=False)
                cls.redfish[s["Name"]] = s
            cls.cim = {i["ElementName"]: i for i in rh.quirks.enumerate_objects(unittest.TestCase(), "CIM_Sensor")}
            status, _, text = mh.get(cls.agent.base(tls=False) + "/metrics", mh.basic("ann", rh.USERS["ann"][0]))
            assert status == 200, text
            cls.metrics, _, _ = mh.parse(text)
            cls.fi = rh.freeipmi_sensors()
            cls.resolution = {name: r for (_, name), r in mh.resolutions(BMCWSMAN).items()}
        except Exception:
            cls.agent.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        wh.SERVER = None
        cls.agent.stop()

    def metric(self, name, suffix):
        """The /metrics value of a sensor: its per-unit family's value or _state series."""
        found = [v for (family, labels), v in self.metrics.items()
                 if dict(labels).get("name") == name and family.startswith("ipmi_") and
                 (family.endswith("_state") == (suffix == "state"))]
        self.assertEqual(len(found), 1, (name, suffix))
        return found[0]

    def tolerance(self, name):
        return max((self.resolution.get(name) or 0) / 2, 0.006)

    def test_the_same_sensors_everywhere(self):
        self.assertEqual(set(self.redfish), set(self.fi))
        self.assertEqual(set(self.cim), set(self.fi))
        self.assertGreaterEqual(len(self.fi), 40)

    def test_readings(self):
        compared = 0
        for name, theirs in self.fi.items():
            rf = self.redfish[name]
            cim = self.cim[name]
            with self.subTest(sensor=name):
                if theirs["reading"] == "N/A" or "ReadingType" not in rf and rf.get("Reading") is None:
                    self.assertIsNone(rf.get("Reading"))
                    continue
                tol = self.tolerance(name)
                self.assertAlmostEqual(rf["Reading"], float(theirs["reading"]), delta=tol)
                scaled = float(cim["CurrentReading"]) * 10 ** int(cim["UnitModifier"])
                self.assertAlmostEqual(rf["Reading"], scaled, delta=tol)
                value = self.metric(name, "value")
                if "ipmi_fan_speed_ratio" in [f for (f, labels) in self.metrics if dict(labels).get("name") == name]:
                    value *= 100
                self.assertAlmostEqual(rf["Reading"], value, delta=tol)
                compared += 1
        self.assertGreaterEqual(compared, 25)

    def test_thresholds(self):
        compared = 0
        for name, theirs in self.fi.items():
            rf = self.redfish[name].get("Thresholds", {})
            cim = self.cim[name]
            for column, their_text in theirs["thresholds"].items():
                with self.subTest(sensor=name, threshold=column):
                    ours = rf.get(column, {}).get("Reading")
                    if their_text == "N/A":
                        self.assertIsNone(ours)
                        continue
                    self.assertIsNotNone(ours)
                    self.assertAlmostEqual(ours, float(their_text), delta=self.tolerance(name))
                    cim_value = float(cim[CIM_THRESHOLDS[column]]) * 10 ** int(cim["UnitModifier"])
                    self.assertAlmostEqual(ours, cim_value, delta=self.tolerance(name))
                    compared += 1
        self.assertGreaterEqual(compared, 30)

    def test_health(self):
        compared = 0
        for name, theirs in self.fi.items():
            rf = self.redfish[name]
            with self.subTest(sensor=name):
                health = rf["Status"].get("Health")
                state = self.metric(name, "state")
                if theirs["state"] == "N/A":
                    self.assertIsNone(health)
                    self.assertTrue(math.isnan(state))
                    continue
                self.assertIsNotNone(health, rf)
                metric_state, cim_states, freeipmi_state = HEALTH[health]
                self.assertEqual(theirs["state"], freeipmi_state)
                self.assertEqual(state, metric_state)
                self.assertIn(self.cim[name]["HealthState"], cim_states)
                compared += 1
        self.assertGreaterEqual(compared, 40)


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
