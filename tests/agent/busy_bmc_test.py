#!/usr/bin/env python3
"""Issue 14: a BMC that answers C0h (node busy) for a while does not turn the served sensors
No Contact while their last readings are younger than the maximum reading age; past it they
do; when it stops being busy everything is fresh again.

`bmcwsman serve --lan` (poll every second, --max-reading-age 6) against ipmi_sim with
sim/ipmi_sim/busy_plugin.c loaded (run through sim/ipmi_sim/with_ipmi_sim.py with
BMCWSMAN_IPMISIM_PLUGINS set); `busy on|off` goes to ipmi_sim's console through
with_ipmi_sim's control socket. Readings are compared with what was served before the BMC
was busy, and the agent's status socket and log are checked for what they say.

Usage: busy_bmc_test.py PATH_TO_BMCWSMAN [unittest args]"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "wsman_front"))
import sdr_quirks_test as quirks  # noqa: E402  (its Agent: `serve --lan` on a loopback port)
import wsman_harness as wh  # noqa: E402

ENV = os.environ
MAX_READING_AGE = 6
POLL_INTERVAL = 1
NO_CONTACT = "12"


def numeric_sensors(tc):
    """{ElementName: (CurrentReading, OperationalStatus)} of every CIM_NumericSensor served."""
    return {i["ElementName"]: (i.get("CurrentReading", ""), i.get("OperationalStatus", ""))
            for i in quirks.enumerate_objects(tc, "CIM_NumericSensor")}


def status(socket_path):
    out = subprocess.run([quirks.BMCWSMAN, "status", "--socket", socket_path, "--json"], capture_output=True,
                         text=True, timeout=30, check=False)
    return json.loads(out.stdout)


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and ENV.get("BMCWSMAN_IPMISIM_PLUGINS"),
                     "run through with_ipmi_sim.py with the busy plug-in (libopenipmi-dev)")
class BusyBmc(unittest.TestCase):
    def test_readings_held_while_busy_then_no_contact_past_the_maximum_age(self):
        self.assertIn("busy off", quirks.control("console busy off"))
        socket_dir = tempfile.mkdtemp(prefix="bmcwsman-busy-")
        agent_dir_socket = os.path.join(socket_dir, "status.sock")
        agent = quirks.Agent(extra=("--max-reading-age", str(MAX_READING_AGE), "--status-socket", agent_dir_socket),
                             poll_interval=POLL_INTERVAL)
        wh.SERVER = agent
        busy = False
        try:
            before = numeric_sensors(self)
            self.assertGreaterEqual(len(before), 30)
            self.assertFalse([n for n, (_, st) in before.items() if st == NO_CONTACT], before)

            self.assertIn("busy on", quirks.control("console busy on"))
            busy = True
            started = time.monotonic()
            time.sleep(3 * POLL_INTERVAL)  # three polls, each answered C0h
            held = numeric_sensors(self)
            age = time.monotonic() - started
            self.assertLess(age, MAX_READING_AGE, "the check came too late to prove anything")
            self.assertEqual(held, before, "readings younger than the maximum age are served as they were")
            st = status(agent_dir_socket)
            self.assertTrue(st["bmc_reachable"], st)
            self.assertTrue(st["bmc_busy"], st)
            self.assertGreaterEqual(st["held_readings"], len(before), st)
            self.assertGreater(st["oldest_reading_age_seconds"], 2 * POLL_INTERVAL, st)
            self.assertIn("the BMC is busy (C0h)", "".join(agent.log))

            # Past the maximum reading age: every numeric sensor says No Contact, no value.
            deadline = started + MAX_READING_AGE + 4 * POLL_INTERVAL + 5
            now = numeric_sensors(self)
            while time.monotonic() < deadline and any(st != NO_CONTACT for _, st in now.values()):
                time.sleep(0.5)
                now = numeric_sensors(self)
            self.assertEqual({n: st for n, (_, st) in now.items()}, {n: NO_CONTACT for n in before},
                             f"{time.monotonic() - started:.1f} s after the BMC turned busy")
            self.assertEqual({r for r, _ in now.values()}, {""})
            self.assertGreater(time.monotonic() - started, MAX_READING_AGE - 0.5, "No Contact too early")
            self.assertIn("now say No Contact", "".join(agent.log))

            self.assertIn("busy off", quirks.control("console busy off"))
            busy = False
            deadline = time.monotonic() + 4 * POLL_INTERVAL + 10
            after = numeric_sensors(self)
            while time.monotonic() < deadline and after != before:
                time.sleep(0.5)
                after = numeric_sensors(self)
            self.assertEqual(after, before, "fresh again once the BMC is no longer busy")
            self.assertIn("the BMC is no longer busy", "".join(agent.log))
            self.assertFalse(status(agent_dir_socket)["bmc_busy"])
            self.assertIsNone(agent.proc.poll(), "".join(agent.log)[-2000:])
        finally:
            if busy:
                quirks.control("console busy off")
            agent.stop()
            wh.SERVER = None
            shutil.rmtree(socket_dir, ignore_errors=True)


if __name__ == "__main__":
    quirks.BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
