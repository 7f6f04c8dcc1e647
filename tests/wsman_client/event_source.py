"""A small WS-Eventing event source for the client's tests, written from the shapes of
DSP0226 10 and WS-Eventing 2004/08 (Subscribe/Renew/GetStatus/Unsubscribe answers, faults,
events pushed to NotifyTo with the reference parameters as headers). It records every request
it parsed, so tests assert what the client put on the wire; deliver() POSTs events to a
subscriber's NotifyTo the way a source does and returns the sink's answer.
Raw envelopes here on purpose: it is the server the client is tested against, written apart from the client."""
import http.client
import http.server
import threading
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

S = "http://www.w3.org/2003/05/soap-envelope"
A = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
W = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
E = "http://schemas.xmlsoap.org/ws/2004/08/eventing"
N = "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
WSMAN_ACTIONS = "http://schemas.dmtf.org/wbem/wsman/1/wsman/"
MODES = {
    "http://schemas.xmlsoap.org/ws/2004/08/eventing/DeliveryModes/Push": "push",
    "http://schemas.dmtf.org/wbem/wsman/1/wsman/PushWithAck": "pushwithack",
    "http://schemas.dmtf.org/wbem/wsman/1/wsman/Events": "events",
    "http://schemas.dmtf.org/wbem/wsman/1/wsman/Pull": "pull",
}
INDICATION = ("<p:CIM_AlertIndication xmlns:p=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_AlertIndication\">"
              "<p:AlertType>6</p:AlertType><p:PerceivedSeverity>{severity}</p:PerceivedSeverity>"
              "<p:Message>{message}</p:Message><p:SystemName>bmc</p:SystemName></p:CIM_AlertIndication>")


def envelope(action, body, relates_to=None, headers=""):
    rel = f"<a:RelatesTo>{relates_to}</a:RelatesTo>" if relates_to else ""
    return (f'<s:Envelope xmlns:s="{S}" xmlns:a="{A}" xmlns:w="{W}" xmlns:e="{E}" xmlns:n="{N}"><s:Header>'
            f"<a:To>{A}/role/anonymous</a:To><a:Action>{action}</a:Action>"
            f"<a:MessageID>uuid:{uuid.uuid4()}</a:MessageID>{rel}{headers}</s:Header><s:Body>{body}</s:Body></s:Envelope>")


def fault(subcode, reason, relates_to):
    body = (f"<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>{subcode}</s:Value></s:Subcode></s:Code>"
            f'<s:Reason><s:Text xml:lang="en-US">{reason}</s:Text></s:Reason></s:Fault>')
    return envelope(E + "/fault", body, relates_to)


class EventSource:
    def __init__(self):
        self.requests = []        # (action, parsed envelope) in arrival order
        self.subscriptions = {}   # identifier -> dict(mode, notify_to, references, expires, ...)
        self.queued = {}          # Pull-mode identifier -> events waiting for a Pull
        self.timeouts = 0         # Pulls answered wsman:TimedOut (nothing queued)
        self.lock = threading.Lock()
        source = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, answer = source.answer(body)
                data = answer.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/soap+xml;charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}/wsman"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, raw):
        root = ET.fromstring(raw)
        header = root.find(f"{{{S}}}Header")
        body = root.find(f"{{{S}}}Body")
        action = header.findtext(f"{{{A}}}Action", "").strip()
        message_id = header.findtext(f"{{{A}}}MessageID", "").strip()
        with self.lock:
            self.requests.append((action, root))
        identifier = (header.findtext(f"{{{E}}}Identifier") or "").strip()
        if action == E + "/Subscribe":
            return self.subscribe(body.find(f"{{{E}}}Subscribe"), header, message_id)
        if action in (E + "/Renew", E + "/GetStatus", E + "/Unsubscribe"):
            sub = self.subscriptions.get(identifier)
            if sub is None:
                return 400, fault("e:UnableToRenew" if action.endswith("Renew") else "e:InvalidMessage",
                                  "no subscription " + identifier, message_id)
            if action.endswith("/Unsubscribe"):
                del self.subscriptions[identifier]
                return 200, envelope(E + "/UnsubscribeResponse", "", message_id)
            if action.endswith("/Renew"):
                expires = body.findtext(f"{{{E}}}Renew/{{{E}}}Expires")
                if expires is not None:
                    sub["expires"] = expires.strip()
                return 200, envelope(E + "/RenewResponse", f"<e:RenewResponse><e:Expires>{sub['expires']}</e:Expires></e:RenewResponse>",
                                     message_id)
            return 200, envelope(E + "/GetStatusResponse",
                                 f"<e:GetStatusResponse><e:Expires>{sub['expires']}</e:Expires></e:GetStatusResponse>", message_id)
        if action == N + "/Pull":
            # DSP0226 10.2.9.6: a Pull-mode subscription's events; none queued is wsman:TimedOut.
            ctx = (body.findtext(f"{{{N}}}Pull/{{{N}}}EnumerationContext") or "").strip()
            if self.subscriptions.get(ctx, {}).get("mode") != "pull":
                return 400, fault("n:InvalidEnumerationContext", "no such context", message_id)
            with self.lock:
                waiting = self.queued.get(ctx, [])
                if not waiting:
                    self.timeouts += 1
                    return 500, fault("w:TimedOut", "no event within the operation timeout", message_id)
                most = int(body.findtext(f"{{{N}}}Pull/{{{N}}}MaxElements") or "1")
                batch, self.queued[ctx] = waiting[:most], waiting[most:]
            return 200, envelope(N + "/PullResponse", f"<n:PullResponse><n:EnumerationContext>{ctx}</n:EnumerationContext>"
                                 f"<n:Items>{''.join(batch)}</n:Items></n:PullResponse>", message_id)
        return 400, fault("a:ActionNotSupported", "not an eventing action", message_id)

    def subscribe(self, sub, header, message_id):
        if sub is None:
            return 400, fault("e:InvalidMessage", "no wse:Subscribe", message_id)
        delivery = sub.find(f"{{{E}}}Delivery")
        if delivery is None:
            return 400, fault("e:InvalidMessage", "no Delivery", message_id)
        mode = MODES.get(delivery.get("Mode", "http://schemas.xmlsoap.org/ws/2004/08/eventing/DeliveryModes/Push"))
        if mode is None:
            return 400, fault("e:DeliveryModeRequestedUnavailable", "mode", message_id)
        notify = delivery.find(f"{{{E}}}NotifyTo")
        if (notify is None) != (mode == "pull"):
            return 400, fault("e:InvalidMessage", "NotifyTo", message_id)
        expires = sub.findtext(f"{{{E}}}Expires")
        if expires is not None and expires.strip() in ("PT0S", "PT0.000S"):
            return 400, fault("e:InvalidExpirationTime", "zero", message_id)
        identifier = f"uuid:{uuid.uuid4()}"
        filt = sub.find(f"{{{W}}}Filter")
        record = {
            "mode": mode,
            "resource_uri": (header.findtext(f"{{{W}}}ResourceURI") or "").strip(),
            "notify_to": notify.findtext(f"{{{A}}}Address").strip() if notify is not None else None,
            "references": list(notify.find(f"{{{A}}}ReferenceParameters") or []) if notify is not None else [],
            "expires": (expires or "PT3600S").strip(),
            "heartbeats": delivery.findtext(f"{{{W}}}Heartbeats"),
            "max_elements": delivery.findtext(f"{{{W}}}MaxElements"),
            "filter": (filt.get("Dialect"), filt.text) if filt is not None else None,
            "send_bookmarks": sub.find(f"{{{W}}}SendBookmarks") is not None,
            "bookmark": sub.find(f"{{{W}}}Bookmark"),
            "end_to": sub.findtext(f"{{{E}}}EndTo/{{{A}}}Address"),
        }
        self.subscriptions[identifier] = record
        context = f"<n:EnumerationContext>{identifier}</n:EnumerationContext>" if mode == "pull" else ""
        body = (f"<e:SubscribeResponse><e:SubscriptionManager><a:Address>{self.endpoint}</a:Address>"
                f"<a:ReferenceParameters><e:Identifier>{identifier}</e:Identifier></a:ReferenceParameters>"
                f"</e:SubscriptionManager><e:Expires>{record['expires']}</e:Expires>{context}</e:SubscribeResponse>")
        return 200, envelope(E + "/SubscribeResponse", body, message_id)

    def deliver(self, identifier, events=None, action=None, bookmark=None):
        """POSTs one notification to the subscription's NotifyTo as its mode says: Push and
        PushWithAck one event, Events a wsman:Events batch, a Heartbeat when events is empty.
        Returns (message_id, http status, parsed answer envelope or None)."""
        sub = self.subscriptions[identifier]
        refs = "".join(ET.tostring(r, encoding="unicode") for r in sub["references"])
        message_id = f"uuid:{uuid.uuid4()}"
        ack = "<w:AckRequested/>" if sub["mode"] in ("pushwithack", "events") else ""
        mark = f"<w:Bookmark>{bookmark}</w:Bookmark>" if bookmark else ""
        if not events:
            act, body = WSMAN_ACTIONS + "Heartbeat", ""
        elif sub["mode"] == "events":
            act = WSMAN_ACTIONS + "Events"
            body = "<w:Events>" + "".join(f'<w:Event Action="{WSMAN_ACTIONS}Event">{e}</w:Event>' for e in events) + "</w:Events>"
        else:
            act, body = action or WSMAN_ACTIONS + "Event", events[0]
        url = urllib.parse.urlsplit(sub["notify_to"])
        env = (f'<s:Envelope xmlns:s="{S}" xmlns:a="{A}" xmlns:w="{W}"><s:Header><a:To>{sub["notify_to"]}</a:To>'
               f'<a:Action s:mustUnderstand="true">{act}</a:Action><a:MessageID>{message_id}</a:MessageID>'
               f"<a:ReplyTo><a:Address>{A}/role/anonymous</a:Address></a:ReplyTo>{ack}{mark}{refs}"
               f"</s:Header><s:Body>{body}</s:Body></s:Envelope>").encode()
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("POST", url.path or "/", env, {"Content-Type": "application/soap+xml;charset=UTF-8"})
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return message_id, r.status, (ET.fromstring(data) if data else None)
