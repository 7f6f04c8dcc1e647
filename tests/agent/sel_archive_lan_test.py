#!/usr/bin/env python3
"""Issue 18: the SEL archive holds every SEL record once, across agent restarts and BMC SEL
clears.

`bmcwsman serve --lan --state-dir DIR` (poll every second) against ipmi_sim (run through
sim/ipmi_sim/with_ipmi_sim.py). Events are added through ipmi_sim's console (`sel_add`); the
agent is stopped and started again with the same state directory (an event added while it is
down); the BMC's SEL is cleared once over WS-Management (ClearLog on the BMC's log, an event
added just before it) and once while the agent is down (`bmcwsman sel --clear` over LAN); more
events follow each clear. What the BMC held in each period is read with `bmcwsman sel --json`
over LAN before its clear. Then the archive over WS-Management (an Enumerate of CIM_LogRecord,
the records whose LogName is "SEL archive", and its CIM_RecordLog) and `bmcwsman sel --archive`
(read-only, beside the running agent) must list exactly those records, each once, in order,
with sequences 1..N, and so must Redfish's SEL archive LogService (its entries' Id, EventId,
Message, SensorNumber and Created as the CLI reads them; an entry the BMC still holds reads
as its SEL entry does); ClearLog on the archive's own log is refused; a zero-filled tail on the
newest segment (power loss) is logged at the next start and loses nothing.

Usage: sel_archive_lan_test.py PATH_TO_BMCWSMAN [unittest args]"""
import datetime
import glob
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
POLL_INTERVAL = 1
ARCHIVE_LOG = "SEL archive"
ARCHIVE_LOG_ID = "bmcwsman:SELArchive"
RECORD_LOG = wh.DMTF + "CIM_RecordLog"


def bmc_entries():
    """The BMC's SEL now, as `bmcwsman sel --json` reads it over LAN: a list of 16-byte lists."""
    out = quirks.run("--json", "sel")
    if out.returncode != 0:
        raise AssertionError(out.stderr)
    return [r["bytes"] for r in json.loads(out.stdout)["records"]]


def log_event(n):
    """CPU1 Temp (sensor 1) Upper Critical going high, logged through ipmi_sim's console (it
    stamps the time); event data 3 = n, so the events can be told apart."""
    data = [0, 0, 0, 0, 0x20, 0x00, 0x04, 0x01, 0x01, 0x01, 0x59, 0x5C, n]
    quirks.control("console sel_add 0x20 0x02 " + " ".join(f"0x{b:02x}" for b in data))


def add_event(n):
    """log_event, checked: the BMC's SEL holds one more entry."""
    before = len(bmc_entries())
    log_event(n)
    if len(bmc_entries()) != before + 1:
        raise AssertionError(f"ipmi_sim did not log event {n}")


def start_agent(state, extra=()):
    agent = quirks.Agent(extra=("--state-dir", state) + tuple(extra), poll_interval=POLL_INTERVAL,
                         users=("ann", "olav"))
    wh.SERVER = agent
    return agent


def sequence_of(identity):
    archive_id, _, seq = identity.rpartition(":")
    return archive_id, int(seq)


def archived(tc):
    """The archive's CIM_LogRecord instances over WS-Management, in sequence order."""
    records = [r for r in quirks.enumerate_objects(tc, "CIM_LogRecord") if r.get("LogName") == ARCHIVE_LOG]
    return sorted(records, key=lambda r: sequence_of(r["RecordID"])[1])


def wait_for_count(tc, n, what):
    deadline = time.monotonic() + 10 * POLL_INTERVAL + 20
    got = archived(tc)
    while len(got) != n and time.monotonic() < deadline:
        time.sleep(0.5)
        got = archived(tc)
    tc.assertEqual(len(got), n, f"{what}: archived {[r['RecordID'] for r in got]}")
    return got


def invoke_clear_log(tc, instance_id):
    """ClearLog on the log with this InstanceID, as the operator, through bmcwsman-client."""
    p = subprocess.run([quirks.client_path(), "invoke", "ClearLog", f"{RECORD_LOG}?InstanceID={instance_id}", "@{}",
                        "-r", f"http://127.0.0.1:{wh.SERVER.port}/wsman", "-u", "olav", "--format", "json"],
                       capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                       env=dict(os.environ, WSMAN_PASS=wh.USERS["olav"][0]))
    tc.assertEqual(p.returncode, 0, p.stderr[:800])
    out = json.loads(p.stdout)
    tc.assertEqual(out["class"], "ClearLog_OUTPUT", p.stdout[:800])
    return int(out["properties"]["ReturnValue"])


def data_fields(entry):
    """What RecordData must hold of a SEL entry's bytes: record ID, type and bytes 3-6 (the
    timestamp, or OEM data) in order (every record layout starts so), and its last byte last."""
    b = entry
    return f"*{b[0]} {b[1]}*{b[2]}*{b[3]} {b[4]} {b[5]} {b[6]}", f"{b[15]}*"


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV, "run through with_ipmi_sim.py")
class SelArchiveOverLan(unittest.TestCase):
    def check_archive(self, state, expected):
        # Over WS-Management: every record once, in order, its bytes in RecordData.
        records = archived(self)
        self.assertEqual(len(records), len(expected), [r["RecordID"] for r in records])
        ids = {sequence_of(r["RecordID"])[0] for r in records}
        self.assertEqual(len(ids), 1, ids)
        self.assertEqual([sequence_of(r["RecordID"])[1] for r in records], list(range(1, len(expected) + 1)))
        for record, entry in zip(records, expected):
            head, tail = data_fields(entry)
            self.assertIn(head, record["RecordData"], (record["RecordID"], entry))
            self.assertTrue(record["RecordData"].endswith(tail), (record["RecordID"], entry))
        logs = {log["InstanceID"]: log for log in quirks.enumerate_objects(self, "CIM_RecordLog")}
        self.assertIn(ARCHIVE_LOG_ID, logs)
        self.assertEqual(int(logs[ARCHIVE_LOG_ID]["CurrentNumberOfRecords"]), len(expected))
        self.assertEqual(logs[ARCHIVE_LOG_ID]["ElementName"], ARCHIVE_LOG)
        # `bmcwsman sel --archive`, read-only beside the running agent: the same records.
        out = quirks.run("--json", "sel", "--archive", "--state-dir", state)
        self.assertEqual(out.returncode, 0, out.stderr)
        cli = json.loads(out.stdout)
        self.assertEqual([r["bytes"] for r in cli["records"]], expected)
        self.assertEqual([r["identity"] for r in cli["records"]], [r["RecordID"] for r in records])
        self.assertEqual(cli["truncated_bytes"], 0)
        self.check_redfish(cli["records"])
        text = quirks.run("sel", "--archive", "--state-dir", state)
        self.assertEqual(text.returncode, 0, text.stderr)
        lines = text.stdout.splitlines()
        self.assertIn(f"{len(expected)} records", lines[0])
        self.assertEqual([int(line.split("|")[0]) for line in lines[1:]], list(range(1, len(expected) + 1)))
        self.assertTrue(all("CPU1 Temp" in line for line in lines[-2:]), lines[-2:])
        # The agent's metrics count the same.
        metrics = wh.post("", wh.basic("ann"), path="/metrics", method="GET")
        self.assertEqual(metrics.status, 200)
        values = dict(line.rsplit(" ", 1) for line in metrics.body.splitlines()
                      if line.startswith("bmcwsman_sel_archive_"))
        self.assertEqual(float(values["bmcwsman_sel_archive_records"]), len(expected))
        self.assertEqual(float(values["bmcwsman_sel_archive_write_failures_total"]), 0)
        if shutil.which("promtool"):  # the new families pass Prometheus' own lint
            ours = "".join(line + "\n" for line in metrics.body.splitlines() if "bmcwsman_sel_archive_" in line)
            lint = subprocess.run(["promtool", "check", "metrics"], input=ours, capture_output=True, text=True,
                                  timeout=60)
            self.assertEqual(lint.returncode, 0, lint.stdout + lint.stderr)

    def check_redfish(self, records):
        """Redfish's SEL archive LogService against `bmcwsman sel --archive --json`'s records."""
        def get(path):
            reply = wh.post("", wh.basic("ann"), path="/redfish/v1/Systems/1/LogServices/" + path, method="GET")
            self.assertEqual(reply.status, 200, reply.body[:800])
            return json.loads(reply.body)

        entries = get("SELArchive/Entries")["Members"]
        self.assertEqual([e["Id"] for e in entries], [str(r["sequence"]) for r in records])
        self.assertEqual([e["EventId"] for e in entries], [r["identity"] for r in records])
        self.assertEqual([e["Message"] for e in entries], [r["text"] for r in records])
        self.assertEqual([e.get("SensorNumber") for e in entries], [r.get("sensor_number") for r in records])
        self.assertEqual([e.get("Created") for e in entries],
                         [datetime.datetime.fromtimestamp(r["timestamp"], datetime.timezone.utc)
                          .strftime("%Y-%m-%dT%H:%M:%SZ") if "timestamp" in r and not r["pre_init"]
                          and r["timestamp"] != 0xFFFFFFFF else None for r in records])
        self.assertEqual(get("SELArchive")["LogEntryType"], "SEL")
        # What the BMC still holds reads the same in both logs (Message, Severity, codes, time).
        sel = {e["Id"]: e for e in get("SEL/Entries")["Members"]}
        bmc = bmc_entries()
        same = [(e, sel[str(r["record_id"])]) for e, r in zip(entries, records) if r["bytes"] in bmc]
        self.assertEqual(len(same), len(bmc))
        for archived_entry, sel_entry in same:
            for name in ("Message", "Severity", "EntryCode", "SensorType", "SensorNumber", "Created"):
                self.assertEqual(archived_entry.get(name), sel_entry.get(name), (name, archived_entry["Id"]))

    def test_every_record_once_across_restarts_and_clears(self):
        state = tempfile.mkdtemp(prefix="bmcwsman-state-")
        periods = []  # what the BMC held before each clear
        agent = start_agent(state)
        try:
            initial = bmc_entries()
            self.assertTrue(initial, "the profile's SEL has entries")
            add_event(1)
            add_event(2)
            current = bmc_entries()
            self.assertEqual(len(current), len(initial) + 2)
            wait_for_count(self, len(current), "the profile's entries and two events")

            # A restart, with an event logged while the agent was down (and a hard bound below
            # the archive's bound, which the agent takes as the bound and says so).
            agent.stop()
            add_event(3)
            agent = start_agent(state, ("--sel-archive-max-mib", "8", "--sel-archive-hard-max-mib", "4"))
            current = bmc_entries()
            wait_for_count(self, len(current), "after a restart")
            self.assertIn("SEL archive", "".join(agent.log))
            self.assertIn("sel_archive.hard_max_mib 4 is below max_mib 8", "".join(agent.log))

            # ClearLog over WS-Management, an event logged just before it: archived first.
            add_event(4)
            periods.append(bmc_entries())
            self.assertEqual(invoke_clear_log(self, "IPMI:SEL"), 0)
            self.assertEqual(bmc_entries(), [])
            add_event(5)
            add_event(6)
            current = bmc_entries()
            before = [e[:2] for e in periods[0]]
            reused = [e[:2] for e in current if e[:2] in before]
            print(f"  info: record IDs after the clear: {[e[0] | e[1] << 8 for e in current]}, "
                  f"{len(reused)} reused", file=sys.stderr)
            wait_for_count(self, len(periods[0]) + len(current), "after ClearLog")

            # The archive's own log cannot be cleared.
            self.assertNotEqual(invoke_clear_log(self, ARCHIVE_LOG_ID), 0)

            # Cleared while the agent is down, then more events.
            agent.stop()
            periods.append(bmc_entries())
            cleared = quirks.run("sel", "--clear")
            self.assertEqual(cleared.returncode, 0, cleared.stderr)
            add_event(7)
            agent = start_agent(state)
            current = bmc_entries()
            expected = [e for period in periods for e in period] + current
            wait_for_count(self, len(expected), "after a clear while the agent was down")
            print(f"  info: {len(expected)} records expected, in {len(periods) + 1} periods", file=sys.stderr)
            self.check_archive(state, expected)

            # Once more with nothing new, after a power loss left a zero-filled tail on the newest
            # segment: the damage is logged, the good records kept, nothing is appended twice.
            agent.stop()
            segments = sorted(glob.glob(os.path.join(state, "sel-archive", "segment-*.sel")))
            self.assertTrue(segments, os.listdir(state))
            with open(segments[-1], "ab") as f:
                f.write(bytes(4096))
            agent = start_agent(state)
            time.sleep(3 * POLL_INTERVAL)
            self.check_archive(state, expected)
            self.assertIn("zero-filled", "".join(agent.log))
            self.assertIsNone(agent.proc.poll(), "".join(agent.log)[-2000:])
        finally:
            agent.stop()
            wh.SERVER = None
            shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    quirks.BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
