#!/usr/bin/env python3
"""Issue 18 end to end: SEL events pushed to subscribers the moment the BMC logs them.

`bmcwsman serve --lan --state-dir DIR` (full polls every 10 s, the SEL alone every second) against ipmi_sim (run through
sim/ipmi_sim/with_ipmi_sim.py), a reader ("ann") subscribing with raw WS-Eventing envelopes to
CIM_AlertIndication: a Push, a PushWithAck (with bookmarks), an Events (batched, acknowledged
with openwsman's misspelt Ack action) and a Pull subscriber; the sinks are event_sink.py
(written from the specification). Events are added through ipmi_sim's console (`sel_add`) and
by a threshold crossing (`sensor_set_value` above Exhaust Temp's upper thresholds). Each
subscriber must get exactly the records the SEL archive added after it subscribed, each once,
in order, with the CIM_AlertIndication properties of the record. Then the PushWithAck
subscriber leaves (keeping its last bookmark), an event is logged, the agent restarts, the
BMC's SEL is cleared and another event is logged: the persisted subscribers get exactly the
missed records once, and a new subscriber resuming from the bookmark gets the same.

Usage: eventing_lan_test.py PATH_TO_BMCWSMAN [unittest args]
Raw envelopes here on purpose: the Subscribe/Pull shapes other clients send (openwsman's misspelt Ack, Events batches) are the test; tests/eventing/client_lan_test.py does the same through bmcwsman-client."""
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
sys.path.insert(0, os.path.join(HERE, "..", "agent"))
sys.path.insert(0, os.path.join(HERE, "..", "wsman_front"))
import sdr_quirks_test as quirks  # noqa: E402  (its Agent: `serve --lan` on a loopback port)
import wsman_harness as wh  # noqa: E402
from event_sink import EventSink  # noqa: E402
from sel_archive_lan_test import bmc_entries, log_event as add_event  # noqa: E402  (`sel --json`, the console)

ENV = os.environ
EVT = "http://schemas.xmlsoap.org/ws/2004/08/eventing"
WSEN = "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
ALERT = wh.DMTF + "CIM_AlertIndication"
MODES = {"push": EVT + "/DeliveryModes/Push", "ack": "http://schemas.dmtf.org/wbem/wsman/1/wsman/PushWithAck",
         "events": "http://schemas.dmtf.org/wbem/wsman/1/wsman/Events",
         "pull": "http://schemas.dmtf.org/wbem/wsman/1/wsman/Pull"}
EVENT_ACTION = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Event"
EVENTS_ACTION = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Events"
ARCHIVE_LOG = "SEL archive"
POLL = 10  # full polls; the SEL alone is read every second between them (the default)
WAIT = 40  # seconds for anything to arrive (poll interval + delivery, on a loaded machine)


def sequence_of(identity):
    return int(identity.rpartition(":")[2])


def archived(tc):
    records = [r for r in quirks.enumerate_objects(tc, "CIM_LogRecord") if r.get("LogName") == ARCHIVE_LOG]
    return sorted(records, key=lambda r: sequence_of(r["RecordID"]))


def wait_archived(tc, n):
    """Waits until the archive holds n records; their identities."""
    deadline = time.monotonic() + WAIT
    got = archived(tc)
    while len(got) < n and time.monotonic() < deadline:
        time.sleep(0.5)
        got = archived(tc)
    tc.assertEqual(len(got), n, [r["RecordID"] for r in got])
    return [r["RecordID"] for r in got]


def post(tc, action, body, uri=ALERT, headers=""):
    req = wh.envelope(action, uri, body, headers=headers)
    answer = wh.post(req, wh.basic("ann"))
    tc.assertEqual(answer.status, 200, answer.body[:1500])
    root, _ = wh.parse(answer.raw)
    return root


def post_raw(action, body, uri=ALERT, headers=""):
    """The answer, fault or not."""
    return wh.post(wh.envelope(action, uri, body, headers=headers), wh.basic("ann"))


SECPROFILE = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/"
TRUST = "http://schemas.xmlsoap.org/ws/2005/02/trust"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"


def issued_tokens(url, user=None, password=None, thumbprint=None):
    """wst:IssuedTokens as openwsman's `wsman subscribe -n -z --delivery-thumbprint` sends them."""
    tokens = ""
    if user is not None:
        tokens += (f"<wst:RequestSecurityTokenResponse><wst:TokenType>http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-username-token-profile-1.0#UsernameToken</wst:TokenType>"
                   f"<wst:RequestedSecurityToken><wsse:UsernameToken><wsse:Username>{user}</wsse:Username>"
                   f"<wsse:Password>{password}</wsse:Password></wsse:UsernameToken></wst:RequestedSecurityToken>"
                   f"<wsp:AppliesTo><a:EndpointReference><a:Address>{url}</a:Address></a:EndpointReference>"
                   "</wsp:AppliesTo></wst:RequestSecurityTokenResponse>")
    if thumbprint is not None:
        tokens += ("<wst:RequestSecurityTokenResponse><wst:TokenType>"
                   "http://schemas.dmtf.org/wbem/wsman/1/wsman/token/certificateThumbprint</wst:TokenType>"
                   f"<wst:RequestedSecurityToken><w:CertificateThumbprint>{thumbprint}</w:CertificateThumbprint>"
                   "</wst:RequestedSecurityToken></wst:RequestSecurityTokenResponse>")
    return (f'<wst:IssuedTokens xmlns:wst="{TRUST}" xmlns:wsse="{WSSE}" '
            f'xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" s:mustUnderstand="true">{tokens}'
            "</wst:IssuedTokens>")


def auth(profile):
    return f'<w:Auth Profile="{SECPROFILE}{profile}"/>'


def self_signed(work, name):
    """A certificate and key for 127.0.0.1, and its SHA-1 thumbprint as openssl prints it (colons)."""
    cert, key = os.path.join(work, name + ".pem"), os.path.join(work, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   capture_output=True, check=True, timeout=60)
    out = subprocess.run(["openssl", "x509", "-noout", "-fingerprint", "-sha1", "-in", cert],
                         capture_output=True, check=True, text=True, timeout=60).stdout
    return cert, key, out.strip().partition("=")[2]


def tear_down(agent, sinks, work):
    agent.stop()
    wh.SERVER = None
    for sink in sinks:
        sink.close()
    shutil.rmtree(work, ignore_errors=True)


def subscribe(tc, mode, sink_url=None, delivery_extra="", rest=""):
    notify = (f"<e:NotifyTo><a:Address>{sink_url}</a:Address><a:ReferenceParameters>"
              f"<t:Subscriber xmlns:t=\"urn:test\">{mode}</t:Subscriber></a:ReferenceParameters></e:NotifyTo>"
              if sink_url else "")
    body = (f'<e:Subscribe xmlns:e="{EVT}"><e:Delivery Mode="{MODES[mode]}">{notify}{delivery_extra}</e:Delivery>'
            f"<e:Expires>PT3600.000000S</e:Expires>{rest}</e:Subscribe>")
    root = post(tc, EVT + "/Subscribe", body)
    identifier = root.find(f".//{{{EVT}}}SubscriptionManager//{{{EVT}}}Identifier").text.strip()
    context = root.find(f".//{{{WSEN}}}EnumerationContext")
    return identifier, (context.text.strip() if context is not None else None)


def unsubscribe(tc, identifier):
    post(tc, EVT + "/Unsubscribe", f'<e:Unsubscribe xmlns:e="{EVT}"/>',
         headers=f'<e:Identifier xmlns:e="{EVT}">{identifier}</e:Identifier>')


def pull_all(tc, context):
    """Pulls until an answer brings nothing (a held Pull answered at the heartbeat); the events'
    properties."""
    out = []
    for _ in range(50):
        root = post(tc, wh.PULL, wh.pull_body(context, max_elements=20))
        items = root.find(f".//{{{WSEN}}}Items")
        got = [props(e) for e in (list(items) if items is not None else [])]
        if not got:
            return out
        out += got
    return out


def props(event):
    out = {}
    for p in event:
        name = p.tag.rpartition("}")[2]
        out[name] = p if len(p) else (p.text or "").strip()
    return out


def delivered(sink, path):
    """Every event a sink path got, in order, as properties."""
    out = []
    for m in sink.received(path):
        if m.action in (EVENT_ACTION, EVENTS_ACTION):
            out += [props(e) for e in m.events]
    return out


def wait_delivered(sink, path, n):
    deadline = time.monotonic() + WAIT
    while len(delivered(sink, path)) < n and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.5)  # anything sent twice would come now
    return delivered(sink, path)


def ids(events):
    return [e["IndicationIdentifier"] for e in events]


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV, "run through with_ipmi_sim.py")
class EventingOverLan(unittest.TestCase):
    def check_alert(self, event, device_id):
        self.assertEqual(event["AlertType"], "6")          # Environmental Alert
        self.assertEqual(event["ProbableCause"], "51")     # Temperature Unacceptable
        self.assertIn(event["PerceivedSeverity"], ("3", "6"))
        self.assertTrue(event["SystemName"])
        self.assertEqual(event["AlertingElementFormat"], "2")
        selectors = {s.get("Name"): s.text for s in event["AlertingManagedElement"].iter(f"{{{WSMAN}}}Selector")}
        self.assertEqual(selectors["DeviceID"], device_id)
        self.assertIsNotNone(event["IndicationTime"].find("{http://schemas.dmtf.org/wbem/wscim/1/common}Datetime"))
        self.assertTrue(event["MessageID"].startswith("IPMI.01.01."), event["MessageID"])
        self.assertIn("going high", event["Message"])

    def test_events_reach_every_kind_of_subscriber_once_across_restart_and_clear(self):
        state = tempfile.mkdtemp(prefix="bmcwsman-state-")
        sink = EventSink()
        sink.behaviour["/events"] = "openwsman-ack"
        agent = quirks.Agent(extra=("--state-dir", state), poll_interval=POLL)
        wh.SERVER = agent
        try:
            before = wait_archived(self, len(bmc_entries()))
            push, _ = subscribe(self, "push", sink.url("/push"))
            ack, _ = subscribe(self, "ack", sink.url("/ack"), rest="<w:SendBookmarks/>")
            subscribe(self, "events", sink.url("/events"),
                      "<w:MaxElements>10</w:MaxElements><w:MaxTime>PT0.500S</w:MaxTime>")
            # Heartbeats: a Pull with nothing new is held that long, then answered empty (not
            # wsman:TimedOut at the OperationTimeout).
            _, context = subscribe(self, "pull", delivery_extra="<w:Heartbeats>PT2.000S</w:Heartbeats>",
                                   rest="<w:SendBookmarks/>")
            self.assertTrue(context)

            entries = len(bmc_entries())
            logged = time.monotonic()
            add_event(1)
            # Well before the next full poll: the SEL read between polls found it.
            first = sink.wait("/push", lambda m: len(m) >= 1, WAIT)
            self.assertTrue(first)
            self.assertLess(first[0].received_at - logged, 5.0, "delivered by the 1 s SEL read, not the 10 s poll")
            add_event(2)
            # A threshold crossing: Exhaust Temp (sensor 4; UNC 70, UC 75) read 76 with events on.
            quirks.control("console sensor_set_value 0x20 0 0x04 0x4c 1")
            new = len(bmc_entries()) - entries
            self.assertGreaterEqual(new, 3, "the console events and at least one threshold event were logged")
            expected = wait_archived(self, len(before) + new)[len(before):]

            got = {path: wait_delivered(sink, path, len(expected)) for path in ("/push", "/ack", "/events")}
            got["pull"] = pull_all(self, context)
            for who, events in got.items():
                with self.subTest(subscriber=who):
                    self.assertEqual(ids(events), expected)
            first = got["/push"][0]
            self.check_alert(first, "1.0.32")
            self.assertEqual(first["PerceivedSeverity"], "6")
            self.assertTrue(first["Message"].startswith("Upper Critical - going high"), first["Message"])
            for event in got["/push"][2:]:
                self.check_alert(event, "4.0.32")
            # Reference parameters travel as headers; PushWithAck asks for Acks, bookmarks follow.
            m = sink.received("/push")[0]
            self.assertEqual(m.headers.findtext("{urn:test}Subscriber"), "push")
            self.assertFalse(m.ack_requested)
            acked = sink.received("/ack", EVENT_ACTION)
            self.assertTrue(all(x.ack_requested for x in acked))
            bookmark = acked[-1].bookmark
            self.assertEqual(bookmark, expected[-1])

            # The PushWithAck subscriber leaves; an event; restart; the BMC's SEL cleared; an event.
            unsubscribe(self, ack)
            add_event(3)
            wait_archived(self, len(before) + new + 1)
            agent.stop()
            agent = quirks.Agent(extra=("--state-dir", state), poll_interval=POLL)
            wh.SERVER = agent
            cleared = quirks.run("sel", "--clear")
            self.assertEqual(cleared.returncode, 0, cleared.stderr)
            add_event(4)
            missed = wait_archived(self, len(before) + new + 2)[len(before) + new:]
            resumed, _ = subscribe(self, "ack", sink.url("/resumed"), rest=f"<w:Bookmark>{bookmark}</w:Bookmark>")
            self.assertEqual(ids(wait_delivered(sink, "/resumed", len(missed))), missed)
            self.assertEqual(ids(wait_delivered(sink, "/push", len(expected) + 2)), expected + missed)
            self.assertEqual(ids(wait_delivered(sink, "/events", len(expected) + 2)), expected + missed)
            self.assertEqual(ids(pull_all(self, context)), missed)
            self.assertEqual(len(sink.received("/ack")), len(acked), "nothing after Unsubscribe")
            for identifier in (push, resumed):
                unsubscribe(self, identifier)
            self.assertIsNone(agent.proc.poll(), "".join(agent.log)[-2000:])
        finally:
            agent.stop()
            wh.SERVER = None
            sink.close()
            shutil.rmtree(state, ignore_errors=True)

    def test_https_sinks_are_verified_against_the_configured_ca(self):
        work = tempfile.mkdtemp(prefix="bmcwsman-tls-sink-")

        trusted, stranger = self_signed(work, "trusted")[:2], self_signed(work, "stranger")[:2]
        client = self_signed(work, "client")
        good, bad, plain = EventSink(tls=trusted), EventSink(tls=stranger), EventSink()
        mutual = EventSink(tls=trusted, client_ca=client[0])
        agent = quirks.Agent(extra=("--state-dir", os.path.join(work, "state"), "--sink-ca-file", trusted[0]),
                             poll_interval=POLL)
        wh.SERVER = agent
        try:
            kept = wait_archived(self, len(bmc_entries()))
            earliest = "<w:Bookmark>http://schemas.dmtf.org/wbem/wsman/1/wsman/bookmark/earliest</w:Bookmark>"
            subscribe(self, "push", good.url("/tls"), rest=earliest)
            self.assertEqual(ids(wait_delivered(good, "/tls", len(kept))), kept)
            # A sink whose certificate the CA file does not vouch for gets nothing; after the
            # retries the subscription ends with DeliveryFailure to EndTo.
            # No client certificate configured: the https/mutual profiles are refused.
            refused = post_raw(EVT + "/Subscribe",
                               f'<e:Subscribe xmlns:e="{EVT}"><e:Delivery><e:NotifyTo><a:Address>'
                               f'{mutual.url("/m")}</a:Address></e:NotifyTo>{auth("https/mutual")}</e:Delivery>'
                               "</e:Subscribe>")
            self.assertEqual(refused.status, 500, refused.body[:1500])
            self.assertIn("UnsupportedFeature", refused.body)
            self.assertIn("AuthorizationMode", refused.body)
            # A sink whose certificate the CA file does not vouch for, and one that demands a
            # client certificate, get nothing; after the retries each subscription ends with
            # DeliveryFailure to EndTo.
            end_to = f"<e:EndTo><a:Address>{plain.url('/end')}</a:Address></e:EndTo>"
            for n, (sink, path) in enumerate(((bad, "/tls"), (mutual, "/m")), 1):
                body = (f'<e:Subscribe xmlns:e="{EVT}">{end_to}<e:Delivery><e:NotifyTo><a:Address>{sink.url(path)}'
                        '</a:Address></e:NotifyTo><w:ConnectionRetry Total="1">PT0.1S</w:ConnectionRetry>'
                        f"</e:Delivery>{earliest}</e:Subscribe>")
                post(self, EVT + "/Subscribe", body)
                ended = plain.wait("/end", lambda m, n=n: len(m) >= n, WAIT)
                self.assertEqual(len(ended), n)
                self.assertEqual(ended[-1].root.findtext(f".//{{{EVT}}}Status").strip(), EVT + "/DeliveryFailure")
                self.assertEqual(sink.received(path), [])
        finally:
            tear_down(agent, (good, bad, plain, mutual), work)

    def test_sink_credentials_digest_client_certificate_and_pins(self):
        """wsman:Auth profiles and wst:IssuedTokens (DSP0226 10.2.2; openwsman's `wsman subscribe
        -s ... -n -z --delivery-thumbprint`): Digest toward a sink that demands it, the configured
        client certificate toward a sink that demands one (https/mutual), a pinned thumbprint
        instead of the CA (a match is delivered; a mismatch ends with DeliveryFailure and
        delivers nothing), and an unknown profile refused."""
        work = tempfile.mkdtemp(prefix="bmcwsman-sink-auth-")
        trusted, client, stranger = self_signed(work, "trusted"), self_signed(work, "client"), self_signed(work, "s")
        digest = EventSink(digest=("sinkuser", "sink pw"))
        mutual = EventSink(tls=trusted[:2], client_ca=client[0])
        pinned = EventSink(tls=stranger[:2])  # not under --sink-ca-file: only its pin vouches for it
        plain = EventSink()
        agent = quirks.Agent(extra=("--state-dir", os.path.join(work, "state"), "--sink-ca-file", trusted[0],
                                    "--sink-client-cert", client[0], "--sink-client-key", client[1]),
                             poll_interval=POLL)
        wh.SERVER = agent
        earliest = "<w:Bookmark>http://schemas.dmtf.org/wbem/wsman/1/wsman/bookmark/earliest</w:Bookmark>"
        end_to = f"<e:EndTo><a:Address>{plain.url('/end')}</a:Address></e:EndTo>"

        def push(url, delivery_extra="", headers="", endto=""):
            body = (f'<e:Subscribe xmlns:e="{EVT}">{endto}<e:Delivery><e:NotifyTo><a:Address>{url}</a:Address>'
                    f"</e:NotifyTo>{delivery_extra}</e:Delivery>{earliest}</e:Subscribe>")
            return post_raw(EVT + "/Subscribe", body, headers=headers)

        try:
            kept = wait_archived(self, len(bmc_entries()))
            a = push(digest.url("/d"), auth("http/digest"), issued_tokens(digest.url("/d"), "sinkuser", "sink pw"))
            self.assertEqual(a.status, 200, a.body[:1500])
            a = push(mutual.url("/m"), auth("https/mutual"))
            self.assertEqual(a.status, 200, a.body[:1500])
            a = push(pinned.url("/p"), "", issued_tokens(pinned.url("/p"), thumbprint=stranger[2]))
            self.assertEqual(a.status, 200, a.body[:1500])
            self.assertEqual(ids(wait_delivered(digest, "/d", len(kept))), kept)
            self.assertGreater(digest.challenged, 0, "the sink's Digest challenge was answered")
            self.assertEqual(ids(wait_delivered(mutual, "/m", len(kept))), kept)
            self.assertEqual(ids(wait_delivered(pinned, "/p", len(kept))), kept)
            # The trusted sink's certificate under another's pin: nothing, then DeliveryFailure.
            wrong = push(mutual.url("/wrong"), auth("https/mutual") + '<w:ConnectionRetry Total="1">PT0.1S'
                         "</w:ConnectionRetry>", issued_tokens(mutual.url("/wrong"), thumbprint=stranger[2]), end_to)
            self.assertEqual(wrong.status, 200, wrong.body[:1500])
            ended = plain.wait("/end", lambda m: len(m) >= 1, WAIT)
            self.assertEqual(len(ended), 1)
            self.assertEqual(ended[0].root.findtext(f".//{{{EVT}}}Status").strip(), EVT + "/DeliveryFailure")
            self.assertEqual(mutual.received("/wrong"), [])
            # Refused at Subscribe: an unknown profile, Kerberos, an https profile for http, a bad pin.
            for extra, headers in ((auth("https/unknown"), ""), (auth("http/spnego-kerberos"), ""),
                                   (auth("https/basic"), ""), ("", issued_tokens(plain.url("/x"), thumbprint="ab"))):
                with self.subTest(extra=extra, headers=headers):
                    a = push(plain.url("/x"), extra, headers)
                    self.assertEqual(a.status, 500, a.body[:1500])
                    self.assertTrue("UnsupportedFeature" in a.body or "InvalidMessage" in a.body, a.body[:1500])
            self.assertEqual(plain.received("/x"), [])
            self.assertIsNone(agent.proc.poll(), "".join(agent.log)[-2000:])
        finally:
            tear_down(agent, (digest, mutual, pinned, plain), work)


if __name__ == "__main__":
    quirks.BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
