#!/usr/bin/env python3
"""An event sink written from DSP0226 section 10 and WS-Eventing 2004/08 (not from the agent's
code), for the tests: an HTTP server on a loopback port that keeps every event message it is
sent, per path, and answers as a subscriber does: an Ack (wsa:Action .../wsman/Ack,
wsa:RelatesTo = the message's wsa:MessageID, wsa:To anonymous, empty body) when the message
carries wsman:AckRequested, else an empty 200. Paths may be told to answer otherwise (a 500, a
wsman:DeliveryRefused fault, openwsman's misspelt Ack action). It may demand HTTP Digest
(RFC 7616, MD5, qop=auth) with a user and password, and, over HTTPS, a client certificate its
CA file vouches for; requests that fail either are not kept.

Used as a library (EventSink) or alone: event_sink.py [PORT] prints each message's action and
body size.
Raw envelopes here on purpose: an independent sink from the specs, so the agent's deliveries are not checked with the project's own client code."""
import hashlib
import http.server
import re
import secrets
import ssl
import sys
import threading
import time
import xml.etree.ElementTree as ET

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "w": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
    "e": "http://schemas.xmlsoap.org/ws/2004/08/eventing",
}
ACK = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Ack"
ACK_OPENWSMAN = "http://schemas.xmlsoap.org/wbmem/wsman/1/wsman/Ack"
ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"


class Message:
    """One event message as received: its headers and body element(s)."""

    def __init__(self, path, raw):
        self.received_at = time.monotonic()
        self.path = path
        self.raw = raw
        self.root = ET.fromstring(raw)
        header = self.root.find("s:Header", NS)
        self.action = (header.findtext("a:Action", "", NS) or "").strip()
        self.message_id = (header.findtext("a:MessageID", "", NS) or "").strip()
        self.to = (header.findtext("a:To", "", NS) or "").strip()
        self.ack_requested = header.find("w:AckRequested", NS) is not None
        bookmark = header.find("w:Bookmark", NS)
        self.bookmark = bookmark.text.strip() if bookmark is not None and bookmark.text else None
        self.headers = header
        body = self.root.find("s:Body", NS)
        events = body.find("w:Events", NS)
        if events is not None:  # Events mode: wsman:Events/wsman:Event[@Action]
            self.events = [list(e)[0] for e in events.findall("w:Event", NS) if len(e)]
        else:
            self.events = list(body)

    def properties(self, event):
        """An event instance's properties: {local name: text} (references: their EPR element)."""
        out = {}
        for p in event:
            name = p.tag.split("}")[1]
            out[name] = p if len(p) else (p.text or "")
        return out


def ack_for(message, action=ACK):
    return (f'<s:Envelope xmlns:s="{NS["s"]}" xmlns:a="{NS["a"]}"><s:Header><a:To>{ANONYMOUS}</a:To>'
            f'<a:Action>{action}</a:Action><a:RelatesTo>{message.message_id}</a:RelatesTo>'
            '</s:Header><s:Body/></s:Envelope>')


def delivery_refused():
    return (f'<s:Envelope xmlns:s="{NS["s"]}" xmlns:w="{NS["w"]}"><s:Body><s:Fault><s:Code>'
            '<s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:DeliveryRefused</s:Value></s:Subcode></s:Code>'
            '<s:Reason><s:Text xml:lang="en-US">not wanted</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>')


class EventSink:
    """Messages by path; behaviour by path: "ack" (default), "openwsman-ack", "500", "refuse"."""

    def __init__(self, tls=None, digest=None, client_ca=None):
        """tls: (certificate file, key file) to serve HTTPS; digest: (user, password) the
        sink demands with HTTP Digest; client_ca: a PEM file, and a TLS client certificate it
        vouches for is demanded."""
        self.messages = {}
        self.behaviour = {}
        self.cond = threading.Condition()
        self.digest = digest
        self.nonce = secrets.token_hex(16)
        self.challenged = 0  # 401s sent
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                if sink.digest and not sink.digest_ok(self.headers.get("Authorization", ""), self.path):
                    with sink.cond:
                        sink.challenged += 1
                    self.send_response(401)
                    self.send_header("WWW-Authenticate",
                                     f'Digest realm="sink", qop="auth", algorithm=MD5, nonce="{sink.nonce}"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if not self.headers.get("Content-Type", "").startswith("application/soap+xml"):
                    self.answer(415, b"")
                    return
                try:
                    message = Message(self.path, raw)
                except ET.ParseError:
                    self.answer(400, b"")
                    return
                how = sink.behaviour.get(self.path, "ack")
                with sink.cond:
                    sink.messages.setdefault(self.path, []).append(message)
                    sink.cond.notify_all()
                if how == "500":
                    self.answer(500, b"")
                elif how == "refuse":
                    self.answer(500, delivery_refused().encode())
                elif message.ack_requested:
                    self.answer(200, ack_for(message, ACK_OPENWSMAN if how == "openwsman-ack" else ACK).encode())
                else:
                    self.answer(200, b"")

            def answer(self, status, body):
                self.send_response(status)
                self.send_header("Content-Type", "application/soap+xml;charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        class Server(http.server.ThreadingHTTPServer):
            request_queue_size = 1024  # the listen backlog: many subscribers connect at once

        self.server = Server(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            if client_ca:
                context.verify_mode = ssl.CERT_REQUIRED
                context.load_verify_locations(client_ca)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def digest_ok(self, authorization, uri):
        """RFC 7616 3.4.1 with MD5 and qop=auth."""
        if not authorization.startswith("Digest "):
            return False
        p = {k: a or b for k, a, b in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]*))', authorization[7:])}
        user, password = self.digest
        if p.get("username") != user or p.get("nonce") != self.nonce or p.get("uri") != uri:
            return False
        md5 = lambda s: hashlib.md5(s.encode()).hexdigest()
        ha1 = md5(f"{user}:sink:{password}")
        ha2 = md5(f"POST:{uri}")
        want = md5(f"{ha1}:{self.nonce}:{p.get('nc')}:{p.get('cnonce')}:{p.get('qop')}:{ha2}")
        return p.get("response") == want

    def url(self, path):
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def received(self, path, action=None):
        with self.cond:
            return [m for m in self.messages.get(path, []) if action is None or m.action == action]

    def wait(self, path, predicate, timeout):
        """Waits until predicate(messages at path) holds; returns the messages."""
        with self.cond:
            self.cond.wait_for(lambda: predicate(self.messages.get(path, [])), timeout)
            return list(self.messages.get(path, []))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    sink = EventSink() if len(sys.argv) < 2 else None
    if sink is None:
        print("usage: event_sink.py", file=sys.stderr)
        sys.exit(2)
    print(f"listening on {sink.url('/')}", flush=True)
    seen = 0
    try:
        while True:
            msgs = sink.wait("/", lambda m: len(m) > seen, 3600)
            for m in msgs[seen:]:
                print(m.action, len(m.raw), flush=True)
            seen = len(msgs)
    except KeyboardInterrupt:
        sink.close()
