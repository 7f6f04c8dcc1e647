"""Shared pieces of the socket-level tests of `bmcwsman --sim serve` (clients_test.py and
requests_test.py): the server under test (users file, certificates, both listeners), envelopes
with a fresh MessageID each, HTTP helpers, SOAP fault and enumeration checks, the provider's own
view of a class (`bmcwsman --sim cim CLASS --json`), HTTP Digest arithmetic, and main().

Everything is loopback only and bounded in time: sockets and subprocesses have timeouts and
main() arms a watchdog that kills the server and exits if a run hangs.
Raw envelopes here on purpose: the wsman_front tests check the server's parsing of exact request bytes."""
import base64
import faulthandler
import hashlib
import http.client
import io
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid
import warnings
import xml.etree.ElementTree as ET

SOAP = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
WSEN = "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
WXF = "http://schemas.xmlsoap.org/ws/2004/09/transfer"
WSMID = "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"
NS = {"s": SOAP, "wsa": WSA, "wsman": WSMAN, "wsen": WSEN, "wxf": WXF, "wsmid": WSMID}
ANONYMOUS = WSA + "/role/anonymous"
FAULT_DETAIL = "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/"
DMTF = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
GET = WXF + "/Get"
ENUMERATE = WSEN + "/Enumerate"
PULL = WSEN + "/Pull"
RELEASE = WSEN + "/Release"
MODES = (None, "EnumerateEPR", "EnumerateObjectAndEPR")  # None: objects only (the default)

REALM = "bmcwsman"
USERS = {"ann": ("reader-pw", "reader"), "olav": ("operator-pw", "operator")}
# Client-certificate subjects (RFC 2253 order) mapped to users in the users file.
CERT_SUBJECTS = {"ann": "CN=ann,O=Test"}

BMCWSMAN = None  # set by main()
SERVER = None    # the running Server, set by main()

IDENTIFY = ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">'
            '<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>')


def new_message_id():
    return "uuid:" + str(uuid.uuid4())


class Request(str):
    """An envelope (str) that remembers its wsa:MessageID."""
    message_id = None


def envelope(action, uri, body="", selectors=None, message_id=None, headers="", selector_items=None):
    """A WinRM-style request (the header set pywinrm sends) with a fresh MessageID unless one is
    given. selectors: dict; selector_items: list of (name, value) pairs (allows duplicates);
    headers: extra header XML appended to the header."""
    message_id = message_id or new_message_id()
    pairs = list((selectors or {}).items()) + list(selector_items or [])
    sel = ""
    if pairs:
        sel = "<w:SelectorSet>" + "".join(f'<w:Selector Name="{k}">{v}</w:Selector>' for k, v in pairs) + "</w:SelectorSet>"
    xml = ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
           'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
           'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" '
           'xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration"><s:Header>'
           '<a:To>http://windows-host:5985/wsman</a:To>'
           '<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>'
           f'<a:Action s:mustUnderstand="true">{action}</a:Action>'
           '<w:MaxEnvelopeSize s:mustUnderstand="true">512000</w:MaxEnvelopeSize>'
           f'<a:MessageID>{message_id}</a:MessageID>'
           '<w:Locale xml:lang="en-US" s:mustUnderstand="false"/>'
           f'<w:ResourceURI s:mustUnderstand="true">{uri}</w:ResourceURI>{sel}'
           f'<w:OperationTimeout>PT60S</w:OperationTimeout>{headers}'
           f'</s:Header><s:Body>{body}</s:Body></s:Envelope>')
    r = Request(xml)
    r.message_id = message_id
    return r


def enumerate_body(mode=None, optimized=False, max_elements=None, max_elements_ns="w"):
    parts = ["<n:Enumerate>"]
    if optimized:
        parts.append("<w:OptimizeEnumeration/>")
        if max_elements is not None:
            parts.append(f"<{max_elements_ns}:MaxElements>{max_elements}</{max_elements_ns}:MaxElements>")
    if mode:
        parts.append(f"<w:EnumerationMode>{mode}</w:EnumerationMode>")
    parts.append("</n:Enumerate>")
    return "".join(parts)


def pull_body(context, max_elements=None, max_elements_ns="n"):
    m = f"<{max_elements_ns}:MaxElements>{max_elements}</{max_elements_ns}:MaxElements>" if max_elements else ""
    return f"<n:Pull><n:EnumerationContext>{context}</n:EnumerationContext>{m}</n:Pull>"


# ---------------------------------------------------------------------------------------------
# The provider's own view (the CLI runs the same provider against the same simulated BMC).

_provider_cache = {}


def provider(cls):
    """Instances of cls as `bmcwsman --sim cim CLS --json` prints them (a list of
    {"class", "namespace", "properties"})."""
    if cls not in _provider_cache:
        out = subprocess.run([BMCWSMAN, "--sim", "cim", cls, "--json"], capture_output=True, text=True,
                             timeout=60, check=True).stdout
        _provider_cache[cls] = json.loads(out)
    return _provider_cache[cls]


def provider_ids(cls):
    return sorted(i["properties"]["DeviceID"] for i in provider(cls))


# ---------------------------------------------------------------------------------------------
# The server under test.

def hash_password(password):
    h = subprocess.run([BMCWSMAN, "hash-password"], input=password + "\n", capture_output=True, text=True,
                       check=True, timeout=30).stdout.strip()
    if not h.startswith("$6$"):
        raise AssertionError("not a SHA-512 crypt hash: " + h)
    return h


def ha1(user, password, algorithm):
    h = hashlib.md5 if algorithm.upper().startswith("MD5") else hashlib.sha256
    return h(f"{user}:{REALM}:{password}".encode()).hexdigest()


def serve_help():
    return subprocess.run([BMCWSMAN, "serve", "--help"], capture_output=True, text=True, timeout=30).stdout


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, check=True, timeout=60)


class Server:
    """`bmcwsman --sim serve` on 127.0.0.1 with an HTTP and an HTTPS listener (ports chosen by
    the kernel), a users file (ann: reader, olav: operator) and a self-signed certificate. The
    users file carries the Digest HA1 and certificate-subject attributes; a binary that refuses
    them is started again with the plain `name:hash:role` lines (users_extended tells which).
    With a binary that has --tls-client-ca, a test CA and client certificates are made too."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="bmcwsman-serve-")
        self.log = []
        self.hashes = {u: hash_password(pw) for u, (pw, _) in USERS.items()}
        # A self-signed certificate for 127.0.0.1 (HTTPS listener).
        self.cert = os.path.join(self.dir, "cert.pem")
        self.key = os.path.join(self.dir, "key.pem")
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", self.key, "-out", self.cert, cwd=self.dir)
        self.client_ca_supported = "--tls-client-ca" in serve_help()
        if self.client_ca_supported:
            self.make_client_certificates()
        self.users = os.path.join(self.dir, "users")
        self.startup_note = ""
        for extended in (True, False):
            self.write_users(extended)
            try:
                self.start()
                self.users_extended = extended
                break
            except RuntimeError as e:
                if not extended:
                    raise
                self.startup_note = f"extended users file refused ({e}); started with name:hash:role lines"

    def make_client_certificates(self):
        """ca.pem signs ann.pem (O=Test, CN=ann) and nobody.pem (a subject no user has);
        other-ca.pem signs other-ann.pem (same subject as ann, wrong issuer)."""
        d = self.dir
        ext = os.path.join(d, "client.ext")
        with open(ext, "w") as f:
            f.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n")
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for ca in ("ca", "other-ca"):
            openssl("req", "-x509", *ec, "-days", "2", "-subj", f"/O=Test/CN=bmcwsman test {ca}",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                    "-keyout", f"{ca}.key", "-out", f"{ca}.pem", cwd=d)
        for name, ca, subject in (("ann", "ca", "/O=Test/CN=ann"), ("nobody", "ca", "/O=Test/CN=nobody"),
                                  ("other-ann", "other-ca", "/O=Test/CN=ann")):
            openssl("req", "-new", *ec, "-subj", subject, "-keyout", f"{name}.key", "-out", f"{name}.csr", cwd=d)
            openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
                    "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", f"{name}.pem", cwd=d)
        self.client_ca = os.path.join(d, "ca.pem")

    def client_cert(self, name):
        return os.path.join(self.dir, f"{name}.pem"), os.path.join(self.dir, f"{name}.key")

    def write_users(self, extended):
        lines = []
        for user, (password, role) in USERS.items():
            line = f"{user}:{self.hashes[user]}:{role}"
            if extended:
                line += f":md5ha1={ha1(user, password, 'MD5')}:sha256ha1={ha1(user, password, 'SHA-256')}"
                if user in CERT_SUBJECTS:
                    line += f":subject={CERT_SUBJECTS[user]}"
            lines.append(line)
        with open(self.users, "w") as f:
            f.write("# test users\n" + "\n".join(lines) + "\n")

    def start(self):
        args = [BMCWSMAN, "--sim", "serve", "--listen", "127.0.0.1:0", "--users", self.users,
                "--allow-basic-over-http", "--https-listen", "127.0.0.1:0", "--tls-cert", self.cert,
                "--tls-key", self.key, "--poll-interval", "1"]
        if self.client_ca_supported:
            args += ["--tls-client-ca", self.client_ca]
        self.proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        ready = threading.Event()
        log = []

        def drain():  # the server's stderr, read for the whole run so the pipe never fills
            for line in self.proc.stderr:
                log.append(line)
                if sum("serving WS-Management on" in x for x in log) >= 2:
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        ready.wait(30)
        text = "".join(log)
        http_port = re.search(r"http://127\.0\.0\.1:(\d+)/wsman", text)
        https_port = re.search(r"https://127\.0\.0\.1:(\d+)/wsman", text)
        if not http_port or not https_port:
            self.proc.kill()
            self.proc.wait(10)
            raise RuntimeError("server did not start: " + text.strip())
        self.log = log
        self.port = int(http_port.group(1))
        self.tls_port = int(https_port.group(1))
        self.endpoint = f"http://127.0.0.1:{self.port}/wsman"
        self.tls_endpoint = f"https://127.0.0.1:{self.tls_port}/wsman"

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """SIGTERM; the exit status, or 'hung' if it had to be killed."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
            rc = "hung"
        shutil.rmtree(self.dir, ignore_errors=True)
        return rc


# ---------------------------------------------------------------------------------------------
# HTTP.

def tls_context(cafile=None):
    return ssl.create_default_context(cafile=cafile or SERVER.cert)


def connection(tls=False, timeout=20):
    if tls:
        return http.client.HTTPSConnection("127.0.0.1", SERVER.tls_port, timeout=timeout, context=tls_context())
    return http.client.HTTPConnection("127.0.0.1", SERVER.port, timeout=timeout)


class Answer:
    """status, headers (http.client.HTTPMessage: case-insensitive, get_all), body (str) and raw
    (bytes); unpacks as (status, headers, body)."""

    def __init__(self, status, headers, raw):
        self.status, self.headers, self.raw = status, headers, raw
        self.body = raw.decode("utf-8", errors="replace")

    def __iter__(self):
        return iter((self.status, self.headers, self.body))

    def __getitem__(self, i):
        return (self.status, self.headers, self.body)[i]


def post(body, headers=None, path="/wsman", method="POST", conn=None, tls=False, timeout=20):
    own = conn is None
    conn = conn or connection(tls, timeout)
    hdrs = {"Content-Type": "application/soap+xml;charset=UTF-8"}
    hdrs.update(headers or {})
    conn.request(method, path, body=body.encode() if isinstance(body, str) else body, headers=hdrs)
    r = conn.getresponse()
    answer = Answer(r.status, r.msg, r.read())
    if own:
        conn.close()
    return answer


def basic(user, password=None):
    password = USERS[user][0] if password is None else password
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def read_http_response(sock, buf=b"", deadline=20):
    """One HTTP/1.1 response read from a raw socket: (status, headers dict lower-case, body,
    rest). Reads the body by Content-Length, or to the close."""
    sock.settimeout(deadline)
    while b"\r\n\r\n" not in buf:
        data = sock.recv(65536)
        if not data:
            raise ConnectionError("closed before a complete response head: %r" % buf[:200])
        buf += data
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if status == 100 or 100 < status < 200:
        return status, headers, b"", buf
    if "content-length" in headers:
        n = int(headers["content-length"])
        while len(buf) < n:
            data = sock.recv(65536)
            if not data:
                break
            buf += data
        return status, headers, buf[:n], buf[n:]
    while True:
        data = sock.recv(65536)
        if not data:
            return status, headers, buf, b""
        buf += data


# ---------------------------------------------------------------------------------------------
# XML answers.

def parse(raw):
    """(root element, {prefix: uri} over the whole document)."""
    if isinstance(raw, str):
        raw = raw.encode()
    nsmap = {}
    root = None
    for event, item in ET.iterparse(io.BytesIO(raw), events=("start-ns", "start")):
        if event == "start-ns":
            nsmap.setdefault(item[0], item[1])
        elif root is None:
            root = item
    # iterparse builds the full tree; the first start element is the root.
    return root, nsmap


def qname(text, nsmap):
    """'p:Local' resolved against nsmap: (uri, local)."""
    text = (text or "").strip()
    prefix, _, local = text.rpartition(":")
    return nsmap.get(prefix), local


def relates_to(root):
    e = root.find("s:Header/wsa:RelatesTo", NS)
    return None if e is None else (e.text or "").strip()


def resolve_expected(name):
    prefix, local = name.split(":")
    return NS[prefix], local


def check_fault(tc, status, content_type, raw, subcodes, detail=None, message_id=None, relates="required"):
    """A WS-Management fault answer: HTTP 500, Content-Type application/soap+xml, a SOAP 1.2
    s:Fault with Code/Value (s:Sender or s:Receiver, or s:MustUnderstand when that is one of the
    accepted subcodes), Subcode/Value one of subcodes ('wsman:InvalidSelectors', ...),
    Reason/Text, the FaultDetail when detail is given, and wsa:RelatesTo = message_id
    (relates='required'), or absent-or-equal (relates='if-present'). content_type None: the
    client library did not expose it. Returns the fault root."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    tc.assertEqual(status, 500, "a fault must be HTTP 500: " + text[:600])
    if content_type is not None:
        tc.assertTrue(content_type.replace(" ", "").lower().startswith("application/soap+xml"),
                      f"fault Content-Type {content_type!r}, not application/soap+xml")
    try:
        root, nsmap = parse(raw)
    except ET.ParseError as e:
        tc.fail(f"fault body is not XML ({e}): {text[:600]}")
    tc.assertEqual(root.tag, f"{{{SOAP}}}Envelope", "not a SOAP 1.2 envelope: " + text[:300])
    fault = root.find("s:Body/s:Fault", NS)
    tc.assertIsNotNone(fault, "no s:Body/s:Fault: " + text[:600])
    code = fault.find("s:Code/s:Value", NS)
    tc.assertIsNotNone(code, "no s:Code/s:Value")
    code_q = qname(code.text, nsmap)
    expected = [resolve_expected(s) for s in subcodes]
    must_understand = (SOAP, "MustUnderstand")
    sub = fault.find("s:Code/s:Subcode/s:Value", NS)
    if must_understand in expected and code_q == must_understand:
        pass  # SOAP 1.2 MustUnderstand fault: the code itself names it, a subcode is optional
    else:
        tc.assertIn(code_q, [(SOAP, "Sender"), (SOAP, "Receiver")], f"Code/Value {code.text!r}")
        tc.assertIsNotNone(sub, "no s:Code/s:Subcode/s:Value: " + text[:600])
        tc.assertIn(qname(sub.text, nsmap), expected,
                    f"Subcode {sub.text!r} (resolved {qname(sub.text, nsmap)}), expected one of {subcodes}")
    reason = fault.find("s:Reason/s:Text", NS)
    tc.assertTrue(reason is not None and (reason.text or "").strip(), "no s:Reason/s:Text")
    if detail is not None:
        details = [(e.text or "").strip() for e in fault.iterfind("s:Detail/wsman:FaultDetail", NS)]
        tc.assertIn(FAULT_DETAIL + detail, details, "FaultDetail")
    if message_id is not None:
        got = relates_to(root)
        if relates == "required" or got is not None:
            tc.assertEqual(got, message_id, "wsa:RelatesTo of the fault")
    return root


def check_answer_fault(tc, answer, subcodes, request=None, detail=None, relates="required"):
    mid = getattr(request, "message_id", None)
    return check_fault(tc, answer.status, answer.headers.get("Content-Type"), answer.raw, subcodes, detail, mid, relates)


def check_ok(tc, answer, request=None):
    """HTTP 200, a SOAP 1.2 envelope without a fault, RelatesTo = the request's MessageID."""
    tc.assertEqual(answer.status, 200, answer.body[:800])
    root, _ = parse(answer.raw)
    tc.assertEqual(root.tag, f"{{{SOAP}}}Envelope")
    tc.assertIsNone(root.find("s:Body/s:Fault", NS), answer.body[:800])
    if request is not None and getattr(request, "message_id", None):
        tc.assertEqual(relates_to(root), request.message_id, "wsa:RelatesTo")
    return root


# ---------------------------------------------------------------------------------------------
# Enumeration.

def _local(tag):
    return tag.rpartition("}")[2]


def device_id_of(tc, item, mode):
    """DeviceID of one enumeration item in the given mode (and, for ObjectAndEPR, the object and
    its EPR agree)."""
    def from_object(obj):
        for child in obj:
            if _local(child.tag) == "DeviceID":
                return (child.text or "").strip()
        return None

    def from_epr(epr):
        tc.assertEqual(epr.tag, f"{{{WSA}}}EndpointReference", "an EPR item")
        tc.assertEqual((epr.findtext("wsa:Address", "", NS) or "").strip(), ANONYMOUS)
        for s in epr.iterfind("wsa:ReferenceParameters/wsman:SelectorSet/wsman:Selector", NS):
            if s.get("Name") == "DeviceID":
                return (s.text or "").strip()
        return None

    if mode is None:
        return from_object(item)
    if mode == "EnumerateEPR":
        return from_epr(item)
    tc.assertEqual(item.tag, f"{{{WSMAN}}}Item", "an ObjectAndEPR item is a wsman:Item")
    children = list(item)
    tc.assertEqual(len(children), 2, "wsman:Item holds the object and its EPR")
    obj, epr = children
    a, b = from_object(obj), from_epr(epr)
    tc.assertEqual(a, b, "the object's DeviceID and its EPR's selector")
    return a


class EnumerationChecker:
    """Checks a sequence of Enumerate/Pull answers: RelatesTo; every non-final answer has a
    non-empty wsen:EnumerationContext; the final one has EndOfSequence (wsman: in an optimized
    Enumerate answer, wsen: in a Pull answer) and no non-empty context; batches no larger than
    max_elements. Collects DeviceIDs."""

    def __init__(self, tc, mode=None, max_elements=None, optimized=False):
        self.tc, self.mode, self.max, self.optimized = tc, mode, max_elements, optimized
        self.ids = []
        self.answers = 0
        self.done = False

    def answer(self, message_id, raw):
        """One answer; the context to pull with next, or None at the end."""
        tc = self.tc
        tc.assertFalse(self.done, "an answer after EndOfSequence")
        first = self.answers == 0
        self.answers += 1
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        root, _ = parse(raw)
        tc.assertIsNone(root.find("s:Body/s:Fault", NS), text[:800])
        if message_id is not None:
            tc.assertEqual(relates_to(root), message_id, "wsa:RelatesTo")
        response = root.find("s:Body/wsen:EnumerateResponse" if first else "s:Body/wsen:PullResponse", NS)
        tc.assertIsNotNone(response, ("EnumerateResponse" if first else "PullResponse") + " expected: " + text[:800])
        items = response.find("wsman:Items" if first else "wsen:Items", NS)
        if first and not self.optimized:
            tc.assertIsNone(items, "items in a non-optimized Enumerate answer")
        batch = [] if items is None else list(items)
        if self.max is not None:
            tc.assertLessEqual(len(batch), self.max, f"batch larger than MaxElements {self.max}")
        for item in batch:
            self.ids.append(device_id_of(tc, item, self.mode))
        end = response.find("wsman:EndOfSequence" if first else "wsen:EndOfSequence", NS)
        context = response.find("wsen:EnumerationContext", NS)
        context = None if context is None else (context.text or "").strip()
        if end is not None:
            tc.assertFalse(context, "a non-empty EnumerationContext beside EndOfSequence (clients keep pulling)")
            self.done = True
            return None
        tc.assertTrue(context, "a non-final answer without an EnumerationContext: " + text[-600:])
        return context


def run_enumeration(tc, send, uri, mode=None, optimized=False, max_elements=None, pull_max=None, limit=500,
                    selectors=None):
    """Enumerate then Pull to EndOfSequence through send(Request) -> raw 200 answer; returns the
    DeviceIDs in order."""
    if optimized and pull_max is None:
        pull_max = max_elements
    limit_batch = max(x for x in (max_elements if optimized else None, pull_max, 0) if x is not None) or None
    check = EnumerationChecker(tc, mode, limit_batch, optimized)
    req = envelope(ENUMERATE, uri, enumerate_body(mode, optimized, max_elements), selectors=selectors)
    context = check.answer(req.message_id, send(req))
    while context is not None:
        tc.assertLess(check.answers, limit, "no EndOfSequence after %d answers" % limit)
        req = envelope(PULL, uri, pull_body(context, pull_max), selectors=selectors)
        context = check.answer(req.message_id, send(req))
    return check.ids


# ---------------------------------------------------------------------------------------------
# HTTP Digest (RFC 7616) for the tests that drive it by hand.

def digest_challenges(headers):
    """The Digest challenges of a 401 (one dict per WWW-Authenticate value)."""
    out = []
    for value in headers.get_all("WWW-Authenticate") or []:
        if not value.strip().lower().startswith("digest"):
            continue
        params = {k.lower(): (q if q or v == '""' else v)
                  for k, v, q in re.findall(r'(\w+)=("([^"]*)"|[^,\s]*)', value.strip()[6:])}
        params.setdefault("algorithm", "MD5")
        out.append(params)
    return out


def digest_authorization(ch, user, password, method="POST", uri="/wsman", nc=1, cnonce=None):
    alg = ch.get("algorithm", "MD5")
    h = (lambda s: hashlib.md5(s.encode()).hexdigest()) if alg.upper().startswith("MD5") else \
        (lambda s: hashlib.sha256(s.encode()).hexdigest())
    cnonce = cnonce or uuid.uuid4().hex
    a1 = h(f"{user}:{ch.get('realm', '')}:{password}")
    if alg.lower().endswith("-sess"):
        a1 = h(f"{a1}:{ch['nonce']}:{cnonce}")
    a2 = h(f"{method}:{uri}")
    qops = [q.strip() for q in ch.get("qop", "").split(",") if q.strip()]
    fields = {"username": f'"{user}"', "realm": f'"{ch.get("realm", "")}"', "nonce": f'"{ch["nonce"]}"',
              "uri": f'"{uri}"', "algorithm": alg}
    if "auth" in qops:
        ncs = f"{nc:08x}"
        fields.update(qop="auth", nc=ncs, cnonce=f'"{cnonce}"')
        fields["response"] = '"%s"' % h(f"{a1}:{ch['nonce']}:{ncs}:{cnonce}:auth:{a2}")
    else:
        fields["response"] = '"%s"' % h(f"{a1}:{ch['nonce']}:{a2}")
    if "opaque" in ch:
        fields["opaque"] = f'"{ch["opaque"]}"'
    return "Digest " + ", ".join(f"{k}={v}" for k, v in fields.items())


def digest_offered():
    _, headers, _ = post(IDENTIFY)
    return any("digest" in v.lower() for v in headers.get_all("WWW-Authenticate") or [])


# ---------------------------------------------------------------------------------------------

def main(argv, limit_seconds):
    """argv: [script, PATH_TO_BMCWSMAN, unittest args...]. Starts the server, runs the tests of
    __main__, stops the server (a non-zero exit after SIGTERM fails the run). A watchdog kills
    the server and exits 2 after limit_seconds."""
    global BMCWSMAN, SERVER
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "http_proxy", "https_proxy",
                "HTTP_PROXY", "HTTPS_PROXY"):
        os.environ.pop(var, None)  # they override certificate checks and routes of the clients
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    BMCWSMAN = os.path.abspath(argv.pop(1))
    SERVER = Server()
    if SERVER.startup_note:
        print("note: " + SERVER.startup_note, file=sys.stderr)

    def watchdog():
        print(f"\nwatchdog: the run took longer than {limit_seconds} s; stacks:", file=sys.stderr)
        faulthandler.dump_traceback(file=sys.stderr)
        SERVER.proc.kill()
        os._exit(2)

    timer = threading.Timer(limit_seconds, watchdog)
    timer.daemon = True
    timer.start()
    if os.environ.get("BMCWSMAN_TEST_DURATIONS"):  # print each test's duration to stderr
        run = unittest.TestCase.run

        def timed(self, result=None):
            t = time.monotonic()
            try:
                return run(self, result)
            finally:
                print(f"  [{time.monotonic() - t:6.2f} s] {self.id()}", file=sys.stderr)

        unittest.TestCase.run = timed
    # Client libraries leave pooled sockets to the garbage collector; unittest would print a
    # ResourceWarning for each (an explicit warnings option keeps unittest from resetting this).
    warnings.simplefilter("ignore", ResourceWarning)
    sys.warnoptions.append("ignore::ResourceWarning")
    try:
        result = unittest.main(module="__main__", argv=argv, verbosity=2, exit=False).result
    finally:
        alive = SERVER.alive()
        rc = SERVER.stop()
        timer.cancel()
    ok = result.wasSuccessful()
    if not alive:
        print("the server was not running at the end of the tests", file=sys.stderr)
        ok = False
    elif rc != 0:
        print(f"server exited with {rc} after SIGTERM", file=sys.stderr)
        ok = False
    sys.exit(0 if ok else 1)
