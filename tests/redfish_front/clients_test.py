#!/usr/bin/env python3
"""Issue 19, real Redfish clients from Debian against `bmcwsman serve --lan` over HTTPS (the
ipmi_sim that with_ipmi_sim.py started): redfishtool 1.1.5 (sensors, Thermal, Power, SEL
entries, system identity, reset, session login), python3-sushy 4.3.3 (system, chassis,
manager) and HPE's ilorest 3.6 (login, then a rawget of every resource the tree links).
Each reads the values FreeIPMI reads from the same BMC.

Usage: clients_test.py PATH_TO_BMCWSMAN"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import redfish_harness as rh  # noqa: E402

BMCWSMAN = None
ENV = os.environ
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with python3-sushy


def close(a, b, tolerance=0.006):
    return abs(float(a) - float(b)) <= tolerance


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and shutil.which("redfishtool") and shutil.which("ilorest")
                     and shutil.which("ipmi-sensors"),
                     "run through with_ipmi_sim.py with redfishtool, ilorest, python3-sushy and freeipmi-tools")
class RedfishClients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.agent = rh.Agent(BMCWSMAN)
        cls.fi = rh.freeipmi_sensors()
        cls.sensors = {m["@odata.id"]: rh.get(cls.agent, m["@odata.id"])
                       for m in rh.get(cls.agent, "/redfish/v1/Chassis/1/Sensors")["Members"]}

    @classmethod
    def tearDownClass(cls):
        cls.agent.stop()

    def redfishtool(self, *args, user="ann", auth="Basic", check=True):
        r = subprocess.run(["redfishtool", "-r", f"127.0.0.1:{self.agent.tls_port}", "-u", user, "-p",
                            rh.USERS[user][0], "-S", "Always", "-A", auth, *args], capture_output=True, text=True,
                           timeout=120)
        if check:
            self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        return r

    def test_redfishtool_sensors(self):
        out = self.redfishtool("Chassis", "-I", "1", "Sensors").stdout
        by_id = {s["Id"]: s for s in self.sensors.values()}
        rows = [line.split() for line in out.splitlines()[1:] if line.strip()]
        sensor_rows = [r for r in rows if r[0] in by_id]
        self.assertEqual(len(sensor_rows), len(by_id), out)
        compared = 0
        for row in sensor_rows:
            s = by_id[row[0]]
            theirs = self.fi[s["Name"]]
            with self.subTest(sensor=s["Name"]):
                if theirs["reading"] != "N/A" and "ReadingType" in s:
                    self.assertTrue(close(row[1], theirs["reading"], 0.01), (row, theirs))
                    compared += 1
                if theirs["thresholds"]["UpperCritical"] != "N/A":
                    self.assertTrue(close(row[2], theirs["thresholds"]["UpperCritical"], 0.01), (row, theirs))
        self.assertGreaterEqual(compared, 25)

    def test_redfishtool_thermal_and_power(self):
        thermal = json.loads(self.redfishtool("Chassis", "-I", "1", "Thermal").stdout)
        power = json.loads(self.redfishtool("Chassis", "-I", "1", "Power").stdout)
        temperatures = {t["Name"]: t for t in thermal["Temperatures"]}
        voltages = {v["Name"]: v for v in power["Voltages"]}
        expected_temps = {n for n, s in self.fi.items() if s["unit"] == "C"}
        expected_volts = {n for n, s in self.fi.items() if s["unit"] == "V"}
        self.assertEqual(set(temperatures), expected_temps)
        self.assertEqual(set(voltages), expected_volts)
        self.assertGreater(len(expected_temps), 3)
        for name, t in temperatures.items():
            with self.subTest(temperature=name):
                self.assertTrue(close(t["ReadingCelsius"], self.fi[name]["reading"], 0.01))
                if self.fi[name]["thresholds"]["UpperCritical"] != "N/A":
                    self.assertTrue(close(t["UpperThresholdCritical"], self.fi[name]["thresholds"]["UpperCritical"], 0.01))
        for name, v in voltages.items():
            with self.subTest(voltage=name):
                self.assertTrue(close(v["ReadingVolts"], self.fi[name]["reading"], 0.01))
        fans = {f["Name"]: f for f in thermal["Fans"]}
        self.assertEqual(set(fans), {n for n, s in self.fi.items() if s["type"] == "Fan" and s["unit"] in ("RPM", "%")})
        for name, f in fans.items():
            with self.subTest(fan=name):
                self.assertTrue(close(f["Reading"], self.fi[name]["reading"], 0.5))

    def test_redfishtool_sel_entries(self):
        entries = json.loads(self.redfishtool("Systems", "-I", "1", "Logs", "-i", "SEL", "-E").stdout)
        theirs = rh.freeipmi("ipmi-sel", "--no-header-output", "--comma-separated-output", "--non-abbreviated-units")
        their_ids = [int(line.split(",")[0]) for line in theirs.splitlines() if line.strip()]
        ours = json.loads(subprocess.run([BMCWSMAN, *rh.quirks.lan_args(), "--json", "sel"], capture_output=True,
                                         text=True, timeout=120, check=True,
                                         env=dict(ENV, BMCWSMAN_PASSWORD=ENV["BMCWSMAN_TEST_LAN_PASSWORD"])).stdout)
        texts = {r["record_id"]: r for r in ours["records"]}
        self.assertEqual(entries["Members@odata.count"], len(their_ids))
        self.assertGreater(len(their_ids), 0)
        ids = []
        for m in entries["Members"]:
            e = json.loads(self.redfishtool("raw", "GET", m["@odata.id"]).stdout)
            ids.append(int(e["Id"]))
            with self.subTest(entry=e["Id"]):
                self.assertEqual(e["EntryType"], "SEL")
                r = texts[int(e["Id"])]
                self.assertEqual(e["Message"], r["text"])  # as `bmcwsman sel` words it
                if "sensor_number" in r:
                    self.assertEqual(e["SensorNumber"], r["sensor_number"])
                    self.assertIn(e["Severity"], ("OK", "Warning", "Critical"))
                if "timestamp" in r and not r["pre_init"]:
                    self.assertEqual(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(r["timestamp"])), e["Created"])
        self.assertEqual(sorted(ids), sorted(their_ids))

    def test_redfishtool_system_identity(self):
        system = json.loads(self.redfishtool("Systems", "-I", "1").stdout)
        self.assertEqual(system["PowerState"], "On" if rh.chassis_power_on() else "Off")
        fru = rh.freeipmi("ipmi-fru")

        def field(label):
            m = re.search(rf"^\s*FRU {label}:\s*(.*?)\s*$", fru, re.M)
            return m.group(1) if m else None

        self.assertEqual(system.get("Manufacturer"), field("Product Manufacturer Name"))
        self.assertEqual(system.get("Model"), field("Product Name"))
        self.assertEqual(system.get("SerialNumber"), field("Product Serial Number"))
        self.assertEqual(system["Id"], "1")
        self.assertIn("On", system["Actions"]["#ComputerSystem.Reset"]["ResetType@Redfish.AllowableValues"])

    def test_redfishtool_reset_changes_the_bmc(self):
        self.assertNotEqual(self.redfishtool("Systems", "-I", "1", "reset", "ForceOff", check=False).returncode, 0,
                            "a reader may not reset")
        self.assertTrue(rh.chassis_power_on(), "the reader's reset reached the BMC")
        self.redfishtool("Systems", "-I", "1", "reset", "ForceOff", user="olav")
        self.assertFalse(rh.chassis_power_on())
        self.redfishtool("Systems", "-I", "1", "reset", "On", user="olav", auth="Session")
        self.assertTrue(rh.chassis_power_on())

    def test_redfishtool_session_login(self):
        system = json.loads(self.redfishtool("Systems", "-I", "1", auth="Session").stdout)
        self.assertEqual(system["@odata.id"], "/redfish/v1/Systems/1")

    def test_sushy_system_chassis_manager(self):
        script = f"""
import json, sushy, sushy.auth
s = sushy.Sushy("https://127.0.0.1:{self.agent.tls_port}/redfish/v1", verify="{self.agent.cert}",
                auth=sushy.auth.BasicAuth("ann", "{rh.USERS['ann'][0]}"))
system = s.get_system()
chassis = s.get_chassis("/redfish/v1/Chassis/1")
manager = s.get_manager()
print(json.dumps({{"power": str(system.power_state), "manufacturer": system.manufacturer,
                  "resets": sorted(str(v) for v in system.get_allowed_reset_system_values()),
                  "chassis_type": str(chassis.chassis_type),
                  "temps": {{t.name: t.reading_celsius for t in chassis.thermal.temperatures}},
                  "fans": {{f.name: f.reading for f in chassis.thermal.fans}},
                  "firmware": manager.firmware_version, "manager_type": str(manager.manager_type)}}))
"""
        # requests lets REQUESTS_CA_BUNDLE override a session's verify: the agent's certificate
        # is the one to trust here.
        env = {k: v for k, v in ENV.items() if k not in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")}
        r = subprocess.run([SYSTEM_PYTHON, "-c", script], capture_output=True, text=True, timeout=120, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        got = json.loads(r.stdout.strip().splitlines()[-1])
        self.assertIn("on" if rh.chassis_power_on() else "off", got["power"].lower())
        self.assertGreaterEqual(len(got["resets"]), 6)
        m = re.search(r"^Firmware Revision\s*:\s*(\S+)", rh.freeipmi("bmc-info"), re.M)
        self.assertEqual(got["firmware"], m.group(1))
        self.assertIn("bmc", got["manager_type"].lower())
        self.assertEqual(set(got["temps"]), {n for n, s in self.fi.items() if s["unit"] == "C"})
        for name, value in got["temps"].items():
            self.assertTrue(close(value, self.fi[name]["reading"], 0.01), (name, value, self.fi[name]))
        self.assertGreater(len(got["fans"]), 0)

    def test_ilorest_reads_every_resource(self):
        paths = sorted(rh.walk(self.agent, user="ann"))
        self.assertGreater(len(paths), 40)
        home = tempfile.mkdtemp(prefix="bmcwsman-ilorest-")
        env = dict(ENV, HOME=home)

        def ilorest(*args):
            return subprocess.run(["ilorest", "--nologo", "--cache-dir", os.path.join(home, "cache"), *args],
                                  capture_output=True, text=True, timeout=300, env=env)

        try:
            login = ilorest("login", f"https://127.0.0.1:{self.agent.tls_port}", "-u", "ann", "-p", rh.USERS["ann"][0])
            self.assertEqual(login.returncode, 0, login.stdout + login.stderr)
            for path in paths:
                with self.subTest(path=path):
                    r = ilorest("rawget", path)
                    self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                    self.assertEqual(json.loads(r.stdout[r.stdout.index("{"):])["@odata.id"], path)
            ilorest("logout")
        finally:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
