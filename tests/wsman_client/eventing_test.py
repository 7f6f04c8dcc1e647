#!/usr/bin/env python3
"""bmcwsman-client's eventing verbs against a small event source (event_source.py, written from
DSP0226 10 / WS-Eventing: it records the Subscribe/Renew/GetStatus/Unsubscribe it parsed), and
its `listen` event sink receiving what that source pushes: Acks matched by RelatesTo, each mode's
shape printed, and hostile senders (a 10 GB Content-Length, a chunked endless body, a slow
trickle, garbage) answered and dropped without holding up a well-behaved sender.

The C API's eventing half is driven the same way through c_api_events_test.

Usage: eventing_test.py PATH_TO_BMCWSMAN_CLIENT PATH_TO_C_API_EVENTS_TEST"""
import json
import os
import socket
import subprocess
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from event_source import A, E, W, WSMAN_ACTIONS, INDICATION, EventSource  # noqa: E402

CLIENT = os.path.abspath(sys.argv.pop(1))
C_API_EVENTS_TEST = os.path.abspath(sys.argv.pop(1))
SEL = "http://schemas.microsoft.com/wbem/wsman/1/logrecord/sel"


def client(*args, endpoint=None, timeout=30):
    cmd = [CLIENT, *args, "-a", "none"]
    if endpoint:
        cmd += ["-r", endpoint]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


class Listener:
    """`bmcwsman-client listen` on a free loopback port; its stdout read line by line."""

    def __init__(self, *extra, env=None, listen="http://127.0.0.1:0/eventsink"):
        self.proc = subprocess.Popen([CLIENT, "listen", "--listen", listen, "--format", "json", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=dict(os.environ, **(env or {})))
        first = self.proc.stderr.readline()
        if not first.startswith("listening on "):
            raise AssertionError("listen did not start: " + first + self.proc.stderr.read())
        self.url = first.split()[-1]  # http://127.0.0.1:PORT/PATH, the one path events are taken at
        self.port = int(self.url.split("/")[2].rsplit(":", 1)[1])
        self.errors = []
        threading.Thread(target=lambda: [self.errors.append(l) for l in self.proc.stderr], daemon=True).start()

    def next_json(self, timeout=10):
        result = []
        t = threading.Thread(target=lambda: result.append(self.proc.stdout.readline()), daemon=True)
        t.start()
        t.join(timeout)
        if not result or not result[0]:
            raise AssertionError("listen printed nothing within %s s" % timeout)
        return json.loads(result[0])

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
        rc = self.proc.wait(10)
        self.proc.stdout.close()
        return rc


class Eventing(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.source = EventSource()

    @classmethod
    def tearDownClass(cls):
        cls.source.close()

    def subscribe(self, *args):
        rc, out, err = client("subscribe", SEL, "--format", "json", *args, endpoint=self.source.endpoint)
        self.assertEqual(rc, 0, err)
        return json.loads(out)

    def test_subscribe_sends_every_option_and_push_with_ack_is_acked(self):
        sink = Listener()
        try:
            sub = self.subscribe("--mode", "pushwithack", "--notify-to", sink.url,
                                 "--reference", '<r:Tag xmlns:r="urn:test">fleet-7</r:Tag>', "--expires", "600",
                                 "--heartbeat", "30", "--filter", "SELECT * FROM CIM_AlertIndication",
                                 "--send-bookmarks", "--bookmark", "earliest", "--end-to", sink.url)
            rec = self.source.subscriptions[sub["identifier"]]
            self.assertEqual(sub["manager"], self.source.endpoint)
            self.assertEqual(sub["expires"], "PT600S")
            self.assertEqual(rec["mode"], "pushwithack")
            self.assertEqual(rec["resource_uri"], SEL)
            self.assertEqual(rec["notify_to"], sink.url)
            self.assertEqual(rec["end_to"], sink.url)
            self.assertEqual([(r.tag, r.text) for r in rec["references"]], [("{urn:test}Tag", "fleet-7")])
            self.assertEqual(rec["expires"], "PT600S")
            self.assertEqual(rec["heartbeats"], "PT30S")
            self.assertEqual(rec["filter"], ("http://schemas.microsoft.com/wbem/wsman/1/WQL", "SELECT * FROM CIM_AlertIndication"))
            self.assertTrue(rec["send_bookmarks"])
            self.assertEqual(rec["bookmark"].text, "http://schemas.dmtf.org/wbem/wsman/1/wsman/bookmark/earliest")

            message_id, status, answer = self.source.deliver(
                sub["identifier"], [INDICATION.format(severity=6, message="Fan 2 &amp; Fan 3 failed")], bookmark="<b>17</b>")
            self.assertEqual(status, 200)
            header = answer.find("{http://www.w3.org/2003/05/soap-envelope}Header")
            self.assertEqual(header.findtext(f"{{{A}}}Action"), WSMAN_ACTIONS + "Ack")
            self.assertEqual(header.findtext(f"{{{A}}}RelatesTo"), message_id)
            printed = sink.next_json()
            self.assertEqual(printed["kind"], "Event")
            self.assertEqual(printed["message_id"], message_id)
            self.assertTrue(printed["ack_requested"])
            self.assertIn("17", printed["bookmark"])
            self.assertIn("fleet-7", printed["reference_parameters"][0])
            self.assertEqual(len(printed["events"]), 1)
            event = printed["events"][0]
            self.assertEqual(event["class"], "CIM_AlertIndication")
            self.assertEqual(event["properties"]["PerceivedSeverity"], "6")
            self.assertEqual(event["properties"]["Message"], "Fan 2 & Fan 3 failed")

            # A heartbeat is acked too and printed as one.
            hb_id, status, answer = self.source.deliver(sub["identifier"], [])
            self.assertEqual(status, 200)
            self.assertEqual(answer.find("{http://www.w3.org/2003/05/soap-envelope}Header").findtext(f"{{{A}}}RelatesTo"), hb_id)
            printed = sink.next_json()
            self.assertEqual((printed["kind"], printed["events"]), ("Heartbeat", []))
        finally:
            self.assertEqual(sink.close(), 0)

    def test_push_is_not_acked_and_events_batches_are(self):
        sink = Listener()
        try:
            push = self.subscribe("--mode", "push", "--notify-to", sink.url)
            self.assertEqual(self.source.subscriptions[push["identifier"]]["mode"], "push")
            _, status, answer = self.source.deliver(push["identifier"], [INDICATION.format(severity=2, message="ok")])
            self.assertEqual((status, answer), (200, None))
            printed = sink.next_json()
            self.assertFalse(printed["ack_requested"])
            self.assertEqual(printed["events"][0]["properties"]["Message"], "ok")

            batch = self.subscribe("--mode", "events", "--notify-to", sink.url, "--max-elements", "5")
            self.assertEqual(self.source.subscriptions[batch["identifier"]]["max_elements"], "5")
            message_id, status, answer = self.source.deliver(
                batch["identifier"], [INDICATION.format(severity=s, message=f"m{s}") for s in (3, 4, 5)])
            self.assertEqual(status, 200)
            self.assertEqual(answer.find("{http://www.w3.org/2003/05/soap-envelope}Header").findtext(f"{{{A}}}RelatesTo"), message_id)
            printed = sink.next_json()
            self.assertEqual(printed["kind"], "Events")
            self.assertEqual([e["properties"]["Message"] for e in printed["events"]], ["m3", "m4", "m5"])
            self.assertEqual({e["action"] for e in printed["events"]}, {WSMAN_ACTIONS + "Event"})
        finally:
            sink.close()

    def test_renew_status_unsubscribe_address_the_subscription(self):
        sub = self.subscribe("--mode", "pull", "--expires", "60")
        self.assertEqual(sub["enumeration_context"], sub["identifier"])
        rc, out, err = client("renew", SEL, "--identifier", sub["identifier"], "--expires", "120", "--format", "json",
                              endpoint=self.source.endpoint)
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["expires"], "PT120S")
        action, env = self.source.requests[-1]
        self.assertEqual(action, E + "/Renew")
        self.assertEqual(env.findtext(f"{{http://www.w3.org/2003/05/soap-envelope}}Header/{{{E}}}Identifier").strip(),
                         sub["identifier"])
        rc, out, err = client("status", "--identifier", sub["identifier"], endpoint=self.source.endpoint)
        self.assertEqual((rc, out), (0, "GetStatusResponse\n    Expires = PT120S\n"), err)
        rc, out, err = client("unsubscribe", "--identifier", sub["identifier"], endpoint=self.source.endpoint)
        self.assertEqual((rc, out), (0, ""), err)
        self.assertNotIn(sub["identifier"], self.source.subscriptions)
        # Gone now: the source's fault is the client's exit code 1 with the subcode shown.
        rc, out, err = client("renew", "--identifier", sub["identifier"], endpoint=self.source.endpoint)
        self.assertEqual(rc, 1)
        self.assertIn("UnableToRenew", err)

    def test_pull_mode_events_are_pulled_through_timeouts(self):
        sub = self.subscribe("--mode", "pull", "--heartbeat", "10")
        self.assertEqual(self.source.subscriptions[sub["identifier"]]["heartbeats"], "PT10S")
        before = self.source.timeouts
        # Nothing queued yet: the first Pulls time out (wsman:TimedOut) and the client pulls again.
        timer = threading.Timer(0.5, lambda: self.source.queued.setdefault(sub["identifier"], []).extend(
            INDICATION.format(severity=s, message=f"pulled {s}") for s in (2, 3, 4)))
        timer.start()
        rc, out, err = client("pull", SEL, "--context", sub["enumeration_context"], "--count", "3", "--max-elements", "2",
                              "--operation-timeout", "300", "--format", "json", endpoint=self.source.endpoint)
        timer.join()
        self.assertEqual(rc, 0, err)
        self.assertEqual([json.loads(l)["properties"]["Message"] for l in out.splitlines()], ["pulled 2", "pulled 3", "pulled 4"])
        self.assertGreater(self.source.timeouts, before)
        rc, _, err = client("pull", SEL, "--context", "uuid:none", endpoint=self.source.endpoint)
        self.assertEqual(rc, 1, err)

    def test_pull_paces_instant_timeouts_and_stops_at_duration(self):
        """The source answers wsman:TimedOut at once (it does not wait the OperationTimeout out):
        the client waits the rest of the OperationTimeout before each next Pull instead of
        spinning, and --duration ends the run with exit 0."""
        sub = self.subscribe("--mode", "pull")
        before = self.source.timeouts
        t0 = time.monotonic()
        rc, out, err = client("pull", SEL, "--context", sub["enumeration_context"], "--operation-timeout", "1000",
                              "--duration", "3", "--format", "json", endpoint=self.source.endpoint)
        took = time.monotonic() - t0
        pulls = self.source.timeouts - before
        self.assertEqual((rc, out), (0, ""), err)
        self.assertGreaterEqual(took, 2.9)
        self.assertLess(took, 6.0)
        # one Pull per OperationTimeout (1 s) in 3 s: 3, or 4 with the edges; a spinning client
        # makes hundreds
        self.assertIn(pulls, (3, 4), pulls)
        # events still come at once when they are there, and --count ends the run
        self.source.queued.setdefault(sub["identifier"], []).extend(
            INDICATION.format(severity=2, message=f"paced {n}") for n in range(2))
        t0 = time.monotonic()
        rc, out, err = client("pull", SEL, "--context", sub["enumeration_context"], "--operation-timeout", "5000",
                              "--count", "2", "--format", "json", endpoint=self.source.endpoint)
        self.assertEqual(rc, 0, err)
        self.assertEqual([json.loads(l)["properties"]["Message"] for l in out.splitlines()], ["paced 0", "paced 1"])
        self.assertLess(time.monotonic() - t0, 3.0)
        rc, _, err = client("pull", SEL, "--context", sub["enumeration_context"], "--duration", "soon",
                            endpoint=self.source.endpoint)
        self.assertEqual(rc, 2, err)

    def test_listen_takes_events_at_its_path_only(self):
        import http.client
        body = open(os.path.join(HERE, "..", "fuzz", "corpus", "wsman_event_request", "push_with_ack"), "rb").read()
        body = body[body.index(b"\r\n\r\n") + 4:]

        def post(port, path):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("POST", path, body, {"Content-Type": "application/soap+xml;charset=UTF-8"})
            r = c.getresponse()
            r.read()
            c.close()
            return r.status, r.reason

        for listen, extra, good, bad in (
                ("http://127.0.0.1:0/eventsink", (), "/eventsink",
                 ("/", "/eventsink/", "/eventsinks", "/EventSink", "/other/eventsink")),
                ("127.0.0.1:0", (), "/", ("/eventsink", "//")),
                ("http://127.0.0.1:0/ignored", ("--path", "/wsman/sink"), "/wsman/sink", ("/ignored", "/wsman"))):
            with self.subTest(listen=listen, extra=extra):
                sink = Listener(*extra, listen=listen)
                try:
                    self.assertTrue(sink.url.endswith(":%d%s" % (sink.port, good)), sink.url)
                    for path in bad:
                        self.assertEqual(post(sink.port, path), (404, "Not Found"), path)
                    self.assertEqual(post(sink.port, good)[0], 200)
                    self.assertEqual(sink.next_json()["kind"], "Event")
                    # a subscription whose NotifyTo is the sink's URL is delivered to
                    sub = self.subscribe("--mode", "pushwithack", "--notify-to", sink.url)
                    _, status, _ = self.source.deliver(sub["identifier"], [INDICATION.format(severity=2, message="here")])
                    self.assertEqual(status, 200)
                    self.assertEqual(sink.next_json()["events"][0]["properties"]["Message"], "here")
                finally:
                    self.assertEqual(sink.close(), 0)
        for bad in (["--listen", "https://127.0.0.1:0/x"], ["--listen", "127.0.0.1:0", "--path", "nope"],
                    ["--listen", "127.0.0.1:0", "--path", "/a?b"]):
            p = subprocess.run([CLIENT, "listen", *bad], capture_output=True, text=True, timeout=10)
            self.assertEqual(p.returncode, 2, (bad, p.stderr))

    def test_usage_errors(self):
        for args in (["subscribe", SEL, "--mode", "push"], ["subscribe", SEL, "--mode", "pull", "--notify-to", "http://x/"],
                     ["subscribe", SEL, "--mode", "sometimes", "--notify-to", "http://x/"], ["renew"],
                     ["subscribe", SEL, "--notify-to", "http://x/", "--reference", "<unclosed>"]):
            rc, _, err = client(*args, endpoint=self.source.endpoint)
            self.assertEqual(rc, 2, (args, err))

    def test_hostile_senders_are_answered_and_dropped(self):
        sink = Listener("--request-timeout", "1500", "--max-body", "100000")
        try:
            good = self.subscribe("--mode", "pushwithack", "--notify-to", sink.url)

            def raw(data, read=True, timeout=10):
                s = socket.create_connection(("127.0.0.1", sink.port), timeout=timeout)
                s.sendall(data)
                out = b""
                if read:
                    try:
                        while True:
                            chunk = s.recv(65536)
                            if not chunk:
                                break
                            out += chunk
                    except OSError:
                        pass
                s.close()
                return out

            start = time.monotonic()
            self.assertTrue(raw(b"POST /eventsink HTTP/1.1\r\nContent-Type: application/soap+xml\r\n"
                                b"Content-Length: 10000000000\r\n\r\n<").startswith(b"HTTP/1.1 413 "))
            self.assertTrue(raw(b"POST /eventsink HTTP/1.1\r\nContent-Type: application/soap+xml\r\n"
                                b"Transfer-Encoding: chunked\r\n\r\n" + b"1000\r\n" + b"<" * 4096).startswith(b"HTTP/1.1 411 "))
            self.assertTrue(raw(b"\x16\x03\x01 garbage\r\n\r\n").startswith(b"HTTP/1.1 400 "))
            self.assertTrue(raw(b"POST /eventsink HTTP/1.1\r\nContent-Type: application/soap+xml\r\nContent-Length: 9\r\n\r\nnot xml!!")
                            .startswith(b"HTTP/1.1 400 "))
            self.assertTrue(raw(b"GET /eventsink HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.1 405 "))
            self.assertLess(time.monotonic() - start, 5)

            # A trickle: one byte every 200 ms. Meanwhile a real event is acked at once; the
            # trickle is cut off at the request timeout (1.5 s) with 408.
            trickle = socket.create_connection(("127.0.0.1", sink.port), timeout=10)
            head = b"POST /eventsink HTTP/1.1\r\nContent-Type: application/soap+xml\r\nContent-Length: 50000\r\n\r\n"
            trickle.sendall(head)
            answered = []

            def drip():
                try:
                    for _ in range(100):
                        trickle.sendall(b"<")
                        time.sleep(0.2)
                except OSError:
                    pass
                try:
                    answered.append(trickle.recv(4096))
                except OSError:
                    answered.append(b"")

            t0 = time.monotonic()
            dripper = threading.Thread(target=drip)
            dripper.start()
            time.sleep(0.3)
            t1 = time.monotonic()
            message_id, status, answer = self.source.deliver(good["identifier"], [INDICATION.format(severity=5, message="during")])
            self.assertLess(time.monotonic() - t1, 1.0)
            self.assertEqual(status, 200)
            self.assertEqual(answer.find("{http://www.w3.org/2003/05/soap-envelope}Header").findtext(f"{{{A}}}RelatesTo"), message_id)
            self.assertEqual(sink.next_json()["events"][0]["properties"]["Message"], "during")
            dripper.join(30)
            self.assertLess(time.monotonic() - t0, 6)
            self.assertTrue(answered and (answered[0].startswith(b"HTTP/1.1 408 ") or answered[0] == b""), answered)
            trickle.close()

            # Still serving after all that.
            _, status, _ = self.source.deliver(good["identifier"], [INDICATION.format(severity=2, message="after")])
            self.assertEqual(status, 200)
            self.assertEqual(sink.next_json()["events"][0]["properties"]["Message"], "after")
            self.assertTrue(any("413" in e for e in sink.errors) or sink.proc.poll() is None)
        finally:
            self.assertEqual(sink.close(), 0)

    def test_c_api_subscribes_listens_acks_renews_and_unsubscribes(self):
        p = subprocess.Popen([C_API_EVENTS_TEST, self.source.endpoint, SEL], stdout=subprocess.PIPE, text=True)
        try:
            first = p.stdout.readline().split()
            self.assertEqual(first[0], "subscribed", first)
            identifier, notify_to, expires = first[1:]
            self.assertEqual(expires, "PT60S")
            rec = self.source.subscriptions[identifier]
            self.assertEqual((rec["mode"], rec["notify_to"], rec["heartbeats"]), ("pushwithack", notify_to, "PT5S"))
            message_id, status, answer = self.source.deliver(identifier, [INDICATION.format(severity=4, message="from C")])
            self.assertEqual(status, 200)
            self.assertEqual(answer.find("{http://www.w3.org/2003/05/soap-envelope}Header").findtext(f"{{{A}}}RelatesTo"), message_id)
            rest = p.stdout.read().splitlines()
            self.assertEqual(p.wait(30), 0, rest)
        finally:
            if p.poll() is None:
                p.kill()
            p.stdout.close()
        self.assertEqual(rest, [f"notification Event {message_id} ack=1 events=1", "event CIM_AlertIndication|from C",
                                "renewed PT120S", "status PT120S", "unsubscribed",
                                "renew after unsubscribe: 11 e:UnableToRenew"])

    def test_listen_with_basic_credentials(self):
        import base64
        import http.client
        sink = Listener("--sink-user", "collector", env={"WSMAN_SINK_PASS": "s3cret:with colon"})
        try:
            sub = self.subscribe("--mode", "pushwithack", "--notify-to", sink.url)
            _, status, _ = self.source.deliver(sub["identifier"], [INDICATION.format(severity=2, message="anon")])
            self.assertEqual(status, 401)  # the source sent no credentials
            body = open(os.path.join(HERE, "..", "fuzz", "corpus", "wsman_event_request", "push_with_ack"), "rb").read()
            body = body[body.index(b"\r\n\r\n") + 4:]
            for password, want in (("wrong", 401), ("s3cret:with colon", 200)):
                token = base64.b64encode(f"collector:{password}".encode()).decode()
                c = http.client.HTTPConnection("127.0.0.1", sink.port, timeout=10)
                c.request("POST", "/eventsink", body, {"Content-Type": "application/soap+xml;charset=UTF-8",
                                                       "Authorization": "Basic " + token})
                r = c.getresponse()
                r.read()
                c.close()
                self.assertEqual(r.status, want, password)
            self.assertEqual(sink.next_json()["kind"], "Event")
        finally:
            sink.close()

    def test_listen_stops_after_count(self):
        sink = Listener("--count", "1")
        sub = self.subscribe("--mode", "pushwithack", "--notify-to", sink.url)
        message_id, status, answer = self.source.deliver(sub["identifier"], [INDICATION.format(severity=2, message="x")])
        self.assertEqual(status, 200)  # the Ack goes out before listen exits
        self.assertEqual(answer.find("{http://www.w3.org/2003/05/soap-envelope}Header").findtext(f"{{{A}}}RelatesTo"), message_id)
        self.assertEqual(sink.close(), 0)


if __name__ == "__main__":
    unittest.main()
