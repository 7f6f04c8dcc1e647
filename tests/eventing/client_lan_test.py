#!/usr/bin/env python3
"""Issue 18 with the project's own client (issue 15): `bmcwsman-client` subscribes to the real
agent (`bmcwsman serve --lan --state-dir DIR`, ipmi_sim over LAN through with_ipmi_sim.py) and
receives its events.

Two `bmcwsman-client listen` sinks on loopback take a Push and a PushWithAck subscription
(`bmcwsman-client subscribe CIM_AlertIndication --mode push|pushwithack --notify-to URL`, the
second with --send-bookmarks); a third subscription is Pull mode, read with `bmcwsman-client
pull --context`. `status` and `renew` answer for each. An event added through ipmi_sim's
console (`sel_add`, CPU1 Temp Upper Critical going high) reaches each subscriber exactly once,
as the SEL archive identifies it, with its CIM_AlertIndication properties; the PushWithAck sink's
Ack (listen answers it) is taken, so nothing is sent again. After `unsubscribe` of all three,
`status` faults, and another console event reaches no one (the Pull context is gone too).

Usage: client_lan_test.py PATH_TO_BMCWSMAN PATH_TO_BMCWSMAN_CLIENT [unittest args]"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eventing_lan_test as lan  # noqa: E402  (console events, the archive's identities)

quirks, wh = lan.quirks, lan.wh  # the agent over LAN (sdr_quirks_test), WS-Management helpers
ENV = os.environ
CLIENT = None
ALERT = wh.DMTF + "CIM_AlertIndication"
QUIET = 4  # seconds a sink must stay silent after Unsubscribe (the SEL is read every second)


def client(agent, *args, timeout=60):
    """`bmcwsman-client VERB ... -r <agent> -u ann -a basic` (the password in WSMAN_PASS)."""
    cmd = [CLIENT, *args, "-r", f"http://127.0.0.1:{agent.port}/wsman", "-u", "ann", "-a", "basic"]
    env = dict(ENV, WSMAN_PASS=wh.USERS["ann"][0])
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, env=env)


class Listener:
    """`bmcwsman-client listen --format json` on a loopback port the kernel picks; each printed
    notification is queued as it comes."""

    def __init__(self):
        self.proc = subprocess.Popen([CLIENT, "listen", "--listen", "http://127.0.0.1:0/eventsink", "--format", "json"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     stdin=subprocess.DEVNULL)
        first = self.proc.stderr.readline()
        if not first.startswith("listening on "):
            self.proc.kill()
            raise AssertionError("listen did not start: " + first)
        self.url = first.split()[-1]  # the sink's URL: events are taken at its path only
        self.printed, self.errors = [], []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: [self.errors.append(line) for line in self.proc.stderr], daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.printed.append(json.loads(line))
                self.cond.notify_all()

    def wait(self, n, timeout):
        with self.cond:
            self.cond.wait_for(lambda: len(self.printed) >= n, timeout)
            return list(self.printed)

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
        return self.proc.wait(10)


def events_of(printed):
    """The CIM_AlertIndication properties of every event in the printed notifications."""
    return [e["properties"] for n in printed if n["kind"] in ("Event", "Events") for e in n["events"]]


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV, "run through with_ipmi_sim.py")
class ClientSubscribesToTheAgent(unittest.TestCase):
    def ok(self, agent, *args, timeout=60):
        out = client(agent, *args, "--format", "json", timeout=timeout)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]

    def check_alert(self, event, identity):
        self.assertEqual(event["IndicationIdentifier"], identity)
        self.assertEqual(event["AlertType"], "6")       # Environmental Alert
        self.assertEqual(event["ProbableCause"], "51")  # Temperature Unacceptable
        self.assertEqual(event["PerceivedSeverity"], "6")
        self.assertEqual(event["AlertingElementFormat"], "2")
        self.assertTrue(event["SystemName"])
        self.assertEqual(event["AlertingManagedElement"]["SelectorSet"]["DeviceID"], "1.0.32")
        # cim:Datetime holds an xs:dateTime (DSP0230): ipmi_sim stamped the event just now.
        when = datetime.datetime.fromisoformat(event["IndicationTime"].replace("Z", "+00:00"))
        self.assertLess(abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds()), 300)
        self.assertTrue(event["MessageID"].startswith("IPMI.01.01."), event["MessageID"])
        self.assertTrue(event["Message"].startswith("Upper Critical - going high"), event["Message"])

    def test_subscribe_receive_renew_status_unsubscribe(self):
        state = tempfile.mkdtemp(prefix="bmcwsman-state-")
        push_sink, ack_sink = Listener(), Listener()
        agent = quirks.Agent(extra=("--state-dir", state), poll_interval=lan.POLL)
        wh.SERVER = agent
        try:
            before = lan.wait_archived(self, len(lan.bmc_entries()))
            push = self.ok(agent, "subscribe", ALERT, "--mode", "push", "--notify-to", push_sink.url)[0]
            ack = self.ok(agent, "subscribe", ALERT, "--mode", "pushwithack", "--notify-to", ack_sink.url,
                          "--send-bookmarks", "--expires", "600")[0]
            pull = self.ok(agent, "subscribe", ALERT, "--mode", "pull")[0]
            self.assertTrue(pull["enumeration_context"])
            subscriptions = {"push": push, "ack": ack, "pull": pull}
            self.assertEqual(len({s["identifier"] for s in subscriptions.values()}), 3)
            for who, s in subscriptions.items():
                with self.subTest(status=who):
                    self.assertTrue(s["expires"])
                    status = self.ok(agent, "status", ALERT, "--identifier", s["identifier"])[0]
                    self.assertEqual(status["identifier"], s["identifier"])
                    self.assertTrue(status["expires"])
                    renewed = self.ok(agent, "renew", ALERT, "--identifier", s["identifier"], "--expires", "1800")[0]
                    self.assertTrue(renewed["expires"])

            lan.add_event(1)
            expected = lan.wait_archived(self, len(before) + 1)[len(before):]
            got = {"push": events_of(push_sink.wait(1, lan.WAIT)), "ack": events_of(ack_sink.wait(1, lan.WAIT))}
            pulled = self.ok(agent, "pull", ALERT, "--context", pull["enumeration_context"], "--count", "1",
                             timeout=lan.WAIT + 30)
            got["pull"] = [item["properties"] for item in pulled]
            time.sleep(2)  # a second delivery (an Ack not taken) would come now
            got["push"] = events_of(push_sink.printed)
            got["ack"] = events_of(ack_sink.printed)
            for who, events in got.items():
                with self.subTest(subscriber=who):
                    self.assertEqual([e["IndicationIdentifier"] for e in events], expected)
                    self.check_alert(events[0], expected[0])
            self.assertFalse(push_sink.printed[0]["ack_requested"])
            self.assertTrue(ack_sink.printed[0]["ack_requested"])
            self.assertIn(expected[0], ack_sink.printed[0]["bookmark"])

            for who, s in subscriptions.items():
                with self.subTest(unsubscribe=who):
                    self.ok(agent, "unsubscribe", ALERT, "--identifier", s["identifier"])
                    gone = client(agent, "status", ALERT, "--identifier", s["identifier"])
                    self.assertEqual(gone.returncode, 1, gone.stdout + gone.stderr)  # a WS-Management fault
            lan.add_event(2)
            lan.wait_archived(self, len(before) + 2)
            time.sleep(QUIET)
            self.assertEqual(len(push_sink.printed), 1, push_sink.printed)
            self.assertEqual(len(ack_sink.printed), 1, ack_sink.printed)
            stale = client(agent, "pull", ALERT, "--context", pull["enumeration_context"], "--count", "1")
            self.assertEqual(stale.returncode, 1, stale.stdout + stale.stderr)
            self.assertEqual(push_sink.errors + ack_sink.errors, [])
            self.assertIsNone(agent.proc.poll(), "".join(agent.log)[-2000:])
        finally:
            agent.stop()
            wh.SERVER = None
            push_sink.close()
            ack_sink.close()
            shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    quirks.BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    CLIENT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
