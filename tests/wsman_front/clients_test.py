#!/usr/bin/python3
"""`bmcwsman serve --sim` with real WS-Management clients, over plain HTTP and over HTTPS:
curl (HTTP behaviour, Basic, Digest, client certificates), wsl (identify, get with selectors
taken from an EPR listing, wslenum in every mode, optimized or not), pywinrm (identify, get,
enumerate/pull in every mode, invoke with roles, faults) and python3-dracclient (its
enumerate/auto-pull loop, the one real scrapers run). Counts are the provider's own (`bmcwsman
--sim cim CLASS --json`). Usage: clients_test.py PATH_TO_BMCWSMAN [unittest args]
Raw envelopes here on purpose: what third-party clients (curl, wsl, pywinrm, dracclient) put on the wire is the test."""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wsman_harness as wh  # noqa: E402
from wsman_harness import (DMTF, ENUMERATE, GET, IDENTIFY, MODES, NS, PULL, USERS, basic,  # noqa: E402
                           check_fault, envelope, parse, post, provider, provider_ids,
                           pull_body, relates_to)

RECORD_LOG = {"InstanceID": "IPMI:SEL"}


def sensor_keys(instance):
    p = instance["properties"]
    return {k: p[k] for k in ("SystemCreationClassName", "SystemName", "CreationClassName", "DeviceID")}


def local(tag):
    return tag.rpartition("}")[2]


def child_text(element, name):
    for c in element:
        if local(c.tag) == name:
            return (c.text or "").strip()
    return None


# ---------------------------------------------------------------------------------------------
# curl and plain http.client: HTTP behaviour and authentication.

class HttpBehaviour(unittest.TestCase):
    def test_401_with_a_challenge_without_or_with_wrong_credentials(self):
        status, headers, body = post(IDENTIFY)
        self.assertEqual(status, 401)
        self.assertIn("Basic", " ".join(headers.get_all("WWW-Authenticate") or []))
        self.assertEqual(body, "")
        status, _, _ = post(IDENTIFY, {"Authorization": "Basic YW5uOndyb25n"})  # ann:wrong
        self.assertEqual(status, 401)

    def test_identify_unauthenticated_only_with_the_header(self):
        status, _, body = post(IDENTIFY, {"WSMANIDENTIFY": "unauthenticated"})
        self.assertEqual(status, 200)
        self.assertIn("<wsmid:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd</wsmid:ProtocolVersion>", body)
        self.assertNotIn("SecurityProfiles", body)
        # The header does not open anything else.
        status, _, body = post(envelope(GET, DMTF + "CIM_RecordLog", selectors=RECORD_LOG),
                               {"WSMANIDENTIFY": "unauthenticated"})
        self.assertEqual(status, 500)
        self.assertIn("wsman:AccessDenied", body)

    def test_methods_paths_and_size(self):
        self.assertEqual(post("", method="GET")[0], 405)
        self.assertEqual(post(IDENTIFY, basic("ann"), path="/other")[0], 404)
        # A body over the limit is refused from its Content-Length, before it is read.
        with socket.create_connection(("127.0.0.1", wh.SERVER.port), timeout=20) as sock:
            sock.sendall(b"POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
                         b"Content-Length: 614400\r\n\r\n<x>")
            self.assertTrue(sock.recv(100).startswith(b"HTTP/1.1 413"))

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        conn = wh.connection()
        for _ in range(3):
            status, headers, _ = post(IDENTIFY, basic("ann"), conn=conn)
            self.assertEqual(status, 200)
            self.assertEqual(headers.get("Connection"), "keep-alive")
        conn.close()

    def test_malformed_xml_and_soap11_are_faults(self):
        status, _, body = post("<s:Envelope", basic("ann"))
        self.assertEqual(status, 500)
        self.assertIn("wxf:InvalidRepresentation", body)
        status, _, body = post('<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>',
                               basic("ann"))
        self.assertEqual(status, 500)
        self.assertIn("VersionMismatch", body)


class Https(unittest.TestCase):
    def test_basic_over_tls_and_the_certificate(self):
        conn = wh.connection(tls=True)
        status, _, body = post(IDENTIFY, basic("ann"), conn=conn)
        self.assertEqual(status, 200)
        self.assertIn("secprofile/https/basic", body)
        status, headers, _ = post(IDENTIFY, conn=conn)
        self.assertEqual(status, 401)
        conn.close()

    def test_tls_below_1_2_is_refused(self):
        import ssl
        ctx = wh.tls_context()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # that is the point
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        ctx.set_ciphers("ALL:@SECLEVEL=0")
        import http.client
        conn = http.client.HTTPSConnection("127.0.0.1", wh.SERVER.tls_port, timeout=20, context=ctx)
        with self.assertRaises((ssl.SSLError, ConnectionResetError, OSError)):
            post(IDENTIFY, basic("ann"), conn=conn)

    def test_plain_http_on_the_tls_port_gets_nothing(self):
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", wh.SERVER.tls_port, timeout=20)
        with self.assertRaises((http.client.HTTPException, ConnectionResetError, OSError)):
            post(IDENTIFY, basic("ann"), conn=conn)


def curl(args, request=None, timeout=40):
    """curl with a request body from a file: (exit code, HTTP status or 0, body, stderr)."""
    d = tempfile.mkdtemp(prefix="curl-")
    try:
        out = os.path.join(d, "out")
        cmd = ["curl", "-sS", "--max-time", "20", "-o", out, "-w", "%{http_code}",
               "-H", "Content-Type: application/soap+xml;charset=UTF-8"]
        if request is not None:
            req = os.path.join(d, "req")
            with open(req, "w") as f:
                f.write(request)
            cmd += ["--data-binary", "@" + req]
        p = subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=timeout)
        body = open(out, encoding="utf-8", errors="replace").read() if os.path.exists(out) else ""
        code = int(p.stdout) if p.stdout.strip().isdigit() else 0
        return p.returncode, code, body, p.stderr
    finally:
        shutil.rmtree(d)


class CurlDigest(unittest.TestCase):
    """Digest (MD5 and SHA-256, realm bmcwsman): curl --digest and computed by hand. Run only
    when the 401 challenge offers Digest."""

    @classmethod
    def setUpClass(cls):
        if not wh.digest_offered():
            raise unittest.SkipTest("the server's 401 offers no Digest challenge (feature not in this binary)")

    def get(self):
        return envelope(GET, DMTF + "CIM_RecordLog", selectors=RECORD_LOG)

    def assert_record_log(self, body, request=None):
        self.assertIn("<p:InstanceID>IPMI:SEL</p:InstanceID>", body)
        if request is not None:
            self.assertEqual(relates_to(parse(body)[0]), request.message_id)

    def test_challenges_for_each_scheme_and_algorithm(self):
        status, headers, _ = post(IDENTIFY)
        self.assertEqual(status, 401)
        values = headers.get_all("WWW-Authenticate") or []
        self.assertTrue(any(v.lower().startswith("basic") for v in values), values)
        challenges = wh.digest_challenges(headers)
        self.assertEqual(sorted(c["algorithm"].upper() for c in challenges), ["MD5", "SHA-256"], values)
        for c in challenges:
            self.assertEqual(c.get("realm"), wh.REALM)
            self.assertIn("auth", [q.strip() for q in c.get("qop", "").split(",")])
            self.assertTrue(c.get("nonce"))

    def test_curl_digest_over_http(self):
        req = self.get()
        rc, code, body, err = curl(["--digest", "-u", f"ann:{USERS['ann'][0]}", wh.SERVER.endpoint], req)
        self.assertEqual((rc, code), (0, 200), err + body[:500])
        self.assert_record_log(body, req)
        rc, code, body, err = curl(["--digest", "-u", "ann:wrong-pw", wh.SERVER.endpoint], self.get())
        self.assertEqual(code, 401, err)
        self.assertNotIn("IPMI:SEL", body)

    def test_curl_digest_over_https(self):
        req = self.get()
        rc, code, body, err = curl(["--digest", "--http1.1", "--cacert", wh.SERVER.cert, "-u",
                                    f"olav:{USERS['olav'][0]}", wh.SERVER.tls_endpoint], req)
        self.assertEqual((rc, code), (0, 200), err + body[:500])
        self.assert_record_log(body, req)
        rc, code, _, err = curl(["--digest", "--http1.1", "--cacert", wh.SERVER.cert, "-u", "olav:wrong-pw",
                                 wh.SERVER.tls_endpoint], self.get())
        self.assertEqual(code, 401, err)

    def test_a_replayed_curl_authorization_is_refused(self):
        req = self.get()
        rc, code, body, err = curl(["-v", "--digest", "-u", f"ann:{USERS['ann'][0]}", wh.SERVER.endpoint], req)
        self.assertEqual(code, 200, err)
        sent = re.findall(r"^> Authorization: (Digest .*?)\r?$", err, re.M)
        self.assertEqual(len(sent), 1, err)
        answer = post(req, {"Authorization": sent[0]})
        self.assertEqual(answer.status, 401, "a replayed Digest Authorization was accepted")
        self.assertNotIn("IPMI:SEL", answer.body)

    def test_md5_and_sha256_by_hand(self):
        for algorithm in ("MD5", "SHA-256"):
            with self.subTest(algorithm=algorithm):
                conn = wh.connection()
                status, headers, _ = post(IDENTIFY, conn=conn)
                self.assertEqual(status, 401)
                ch = [c for c in wh.digest_challenges(headers) if c["algorithm"].upper() == algorithm]
                self.assertEqual(len(ch), 1, headers.get_all("WWW-Authenticate"))
                req = self.get()
                auth = wh.digest_authorization(ch[0], "olav", USERS["olav"][0])
                answer = post(req, {"Authorization": auth}, conn=conn)
                self.assertEqual(answer.status, 200, answer.body[:500])
                self.assert_record_log(answer.body, req)
                conn.close()
                # The same header again (same nonce and nonce count): a replay.
                self.assertEqual(post(req, {"Authorization": auth}).status, 401, "replay accepted")
                # A wrong password and an unknown user, on fresh challenges.
                for user, password in (("olav", "wrong-pw"), ("nobody", "x")):
                    _, headers, _ = post(IDENTIFY)
                    ch = [c for c in wh.digest_challenges(headers) if c["algorithm"].upper() == algorithm][0]
                    self.assertEqual(post(req, {"Authorization": wh.digest_authorization(ch, user, password)}).status, 401)


class CurlClientCertificate(unittest.TestCase):
    """TLS client certificates (users file subject=CN=ann,O=Test; --tls-client-ca). Run only when
    `bmcwsman serve --help` mentions --tls-client-ca."""

    @classmethod
    def setUpClass(cls):
        if not wh.SERVER.client_ca_supported:
            raise unittest.SkipTest("`bmcwsman serve --help` has no --tls-client-ca (feature not in this binary)")

    def curl_cert(self, name):
        cert, key = wh.SERVER.client_cert(name)
        req = envelope(GET, DMTF + "CIM_RecordLog", selectors=RECORD_LOG)
        return req, curl(["--http1.1", "--cacert", wh.SERVER.cert, "--cert", cert, "--key", key,
                          wh.SERVER.tls_endpoint], req)

    def test_certificate_of_a_user(self):
        req, (rc, code, body, err) = self.curl_cert("ann")
        self.assertEqual((rc, code), (0, 200), err + body[:500])
        self.assertIn("<p:InstanceID>IPMI:SEL</p:InstanceID>", body)
        self.assertEqual(relates_to(parse(body)[0]), req.message_id)

    def test_certificate_from_another_ca_is_refused(self):
        _, (rc, code, body, err) = self.curl_cert("other-ann")
        self.assertTrue(rc != 0 or code in (401, 403), f"curl rc {rc}, HTTP {code}: {err}")
        self.assertNotEqual(code, 200)
        self.assertNotIn("IPMI:SEL", body)

    def test_certificate_without_a_user_gets_401(self):
        _, (rc, code, body, err) = self.curl_cert("nobody")
        self.assertEqual(code, 401, f"curl rc {rc}: {err}")
        self.assertNotIn("IPMI:SEL", body)


# ---------------------------------------------------------------------------------------------
# wsl (Dell's WS-Man shell scripts around curl).

class WslRun:
    def __init__(self, stdout, exchanges, log):
        self.stdout, self.exchanges, self.log = stdout, exchanges, log  # exchanges: [(MessageID, answer)]


def wsl_message_id(request):
    m = re.search(rb"<wsa:MessageID[^>]*>([^<]+)</wsa:MessageID>", request)
    return m.group(1).decode().strip() if m else None


class WslBase:
    tls = False

    def wsl(self, *args, user="ann", cert=None):
        home = tempfile.mkdtemp(prefix="wsl-")
        port = wh.SERVER.tls_port if self.tls else wh.SERVER.port
        env = {k: v for k, v in os.environ.items() if not k.startswith("WS")}
        env.update(HOME=home, SHELL="/bin/bash", KEEPHISTORY="0", WSAUTOMATED="1", WSENDPOINT=f"127.0.0.1:{port}",
                   WSUSER=user, WSPASS=USERS[user][0])
        if self.tls:
            # wsl passes `--cacert <WSENDPOINT>.crt` to curl when that file is in its working dir
            # (else --insecure).
            shutil.copy(cert or wh.SERVER.cert, os.path.join(home, f"127.0.0.1:{port}.crt"))
        else:
            env["WSNOSSL"] = "1"
        try:
            out = subprocess.run(list(args), cwd=home, env=env, capture_output=True, text=True, timeout=120).stdout
            exchanges = []
            n = 1
            while os.path.exists(os.path.join(home, f"response-{n}.xml")):
                with open(os.path.join(home, f"request-{n}.xml"), "rb") as f:
                    mid = wsl_message_id(f.read())
                with open(os.path.join(home, f"response-{n}.xml"), "rb") as f:
                    exchanges.append((mid, f.read()))
                n += 1
            log = ""
            if os.path.exists(os.path.join(home, "log.txt")):
                with open(os.path.join(home, "log.txt"), errors="replace") as f:
                    log = f.read()
            return WslRun(re.sub(r"\x1b\[[0-9;]*m", "", out), exchanges, log)
        finally:
            shutil.rmtree(home)

    def assert_transport(self, run):
        self.assertTrue(run.exchanges, "wsl sent nothing: " + run.stdout[-500:] + run.log[-500:])
        self.assertIn("https://" if self.tls else "http://", run.log)
        if self.tls:
            self.assertIn("--cacert", run.log)  # the certificate was checked, not --insecure

    def wslenum(self, cls, mode=None, opti=None):
        args = ["wslenum", DMTF + cls]
        if mode:
            args += ["-mode", {"EnumerateEPR": "epr", "EnumerateObjectAndEPR": "objepr"}[mode]]
        if opti:
            args += ["-opti", str(opti)]
        run = self.wsl(*args)
        self.assert_transport(run)
        check = wh.EnumerationChecker(self, mode, opti, optimized=bool(opti))
        for mid, answer in run.exchanges:
            check.answer(mid, answer)
        self.assertTrue(check.done, "wslenum stopped before EndOfSequence")
        self.assertEqual(len(check.ids), len(set(check.ids)), "duplicates")
        self.assertEqual(sorted(check.ids), provider_ids(cls))
        # What wslenum printed.
        if mode != "EnumerateEPR":
            self.assertEqual(run.stdout.count("<p:DeviceID>"), len(provider(cls)))
        if mode:
            self.assertEqual(run.stdout.count('<wsman:Selector Name="DeviceID">'), len(provider(cls)))
        return check

    def test_identify(self):
        run = self.wsl("wsl", "identify", "check")
        self.assert_transport(run)
        root, _ = parse(run.exchanges[-1][1])
        self.assertEqual(root.findtext("s:Body/wsmid:IdentifyResponse/wsmid:ProductVendor", None, NS), "bmcwsman project")
        self.assertEqual(root.findtext("s:Body/wsmid:IdentifyResponse/wsmid:ProtocolVersion", None, NS), wh.WSMAN)
        self.assertIsNotNone(root.find("s:Body/wsmid:IdentifyResponse/wsmid:SecurityProfiles", NS))

    def test_get_record_log(self):
        run = self.wsl("wsl", "get", DMTF + "CIM_RecordLog", "InstanceID=IPMI:SEL")
        self.assert_transport(run)
        mid, answer = run.exchanges[-1]
        self.assertIn(b"<p:CurrentNumberOfRecords>12</p:CurrentNumberOfRecords>", answer)
        self.assertEqual(relates_to(parse(answer)[0]), mid)

    def test_get_with_selectors_from_an_epr_listing(self):
        run = self.wsl("wslenum", DMTF + "CIM_NumericSensor", "-mode", "epr", "-opti", "100")
        self.assert_transport(run)
        eprs = []
        for _, answer in run.exchanges:
            root, _ = parse(answer)
            eprs += root.findall(".//wsa:EndpointReference", NS)
        self.assertEqual(len(eprs), len(provider("CIM_NumericSensor")))
        for epr in (eprs[0], eprs[len(eprs) // 2], eprs[-1]):
            selectors = {s.get("Name"): (s.text or "").strip()
                         for s in epr.iterfind("wsa:ReferenceParameters/wsman:SelectorSet/wsman:Selector", NS)}
            uri = epr.findtext("wsa:ReferenceParameters/wsman:ResourceURI", "", NS).strip()
            with self.subTest(device=selectors.get("DeviceID")):
                got = self.wsl("wsl", "get", uri, *[f"{k}={v}" for k, v in selectors.items()])
                mid, answer = got.exchanges[-1]
                root, _ = parse(answer)
                self.assertEqual(relates_to(root), mid)
                instance = root.find("s:Body/{%sCIM_NumericSensor}CIM_NumericSensor" % DMTF, NS)
                self.assertIsNotNone(instance, answer[:600])
                self.assertEqual(child_text(instance, "DeviceID"), selectors["DeviceID"])
                self.assertIn(selectors["DeviceID"], provider_ids("CIM_NumericSensor"))

    every_mode_class = "CIM_Sensor"  # the superclass: numeric and discrete sensors

    def test_enumerate_in_every_mode(self):
        for mode in MODES:
            with self.subTest(cls=self.every_mode_class, mode=mode or "objects"):
                self.wslenum(self.every_mode_class, mode)

    def optimized_cases(self):
        return [(n, mode) for n in (1, 7, 100) for mode in MODES]

    def test_enumerate_optimized(self):
        for n, mode in self.optimized_cases():
            with self.subTest(opti=n, mode=mode or "objects"):
                check = self.wslenum("CIM_NumericSensor", mode, n)
                total = len(provider("CIM_NumericSensor"))
                self.assertGreaterEqual(check.answers, -(-total // n))  # at least ceil(total / n) answers


@unittest.skipUnless(shutil.which("wsl") and shutil.which("uuidgen"), "wsl and uuid-runtime are needed")
class WslHttp(WslBase, unittest.TestCase):
    tls = False


@unittest.skipUnless(shutil.which("wsl") and shutil.which("uuidgen"), "wsl and uuid-runtime are needed")
class WslHttps(WslBase, unittest.TestCase):
    tls = True
    every_mode_class = "CIM_NumericSensor"  # the subclass (CIM_Sensor is done over HTTP)

    def optimized_cases(self):  # every N and every mode, without the whole cross product (time)
        return [(1, None), (7, "EnumerateEPR"), (100, "EnumerateObjectAndEPR")]

    def test_a_wrong_certificate_fails(self):
        other = os.path.join(wh.SERVER.dir, "other-cert.pem")
        if not os.path.exists(other):
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                            "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                            "-keyout", other + ".key", "-out", other], capture_output=True, check=True, timeout=30)
        run = self.wsl("wsl", "identify", "check", cert=other)
        self.assertIn("--cacert", run.log)
        answers = b"".join(a for _, a in run.exchanges)
        self.assertNotIn(b"ProductVendor", answers)


# ---------------------------------------------------------------------------------------------
# pywinrm (winrm.protocol.Protocol.send_message with our envelopes).

def have_winrm():
    try:
        import winrm  # noqa: F401
        return True
    except ImportError:
        return False


class PyWinRMBase:
    tls = False

    def tearDown(self):
        for p in getattr(self, "protocols", {}).values():
            session = getattr(p.transport, "session", None)
            if session is not None:
                session.close()

    def protocol(self, user="ann"):
        """One pywinrm client (one keep-alive session) per user and test, like a real script."""
        if not hasattr(self, "protocols"):
            self.protocols = {}
        if user not in self.protocols:
            self.protocols[user] = self.new_protocol(user)
        return self.protocols[user]

    def new_protocol(self, user):
        import winrm.protocol
        if self.tls:
            return winrm.protocol.Protocol(endpoint=wh.SERVER.tls_endpoint, transport="ssl", username=user,
                                           password=USERS[user][0], message_encryption="never",
                                           server_cert_validation="validate", ca_trust_path=wh.SERVER.cert)
        return winrm.protocol.Protocol(endpoint=wh.SERVER.endpoint, transport="plaintext", username=user,
                                       password=USERS[user][0], message_encryption="never",
                                       server_cert_validation="ignore")

    def fault(self, request, subcodes, user="ann", detail=None):
        """The request must fail with one of subcodes through pywinrm: the transport sees HTTP 500
        with a well-formed fault, and Protocol.send_message raises WinRMError naming the subcode."""
        import winrm.exceptions
        p = self.protocol(user)
        try:
            p.transport.send_message(request)
        except winrm.exceptions.WinRMTransportError as ex:
            check_fault(self, ex.code, None, ex.response_text, subcodes, detail, request.message_id)
        else:
            self.fail(f"no fault for {request[:300]}")
        with self.assertRaises(winrm.exceptions.WinRMError) as raised:
            p.send_message(request)
        self.assertTrue(any(s.split(":")[1] in str(raised.exception) for s in subcodes), str(raised.exception))

    def ok(self, request, user="ann"):
        xml = self.protocol(user).send_message(request)
        root, _ = parse(xml)
        if getattr(request, "message_id", None):
            self.assertEqual(relates_to(root), request.message_id, "wsa:RelatesTo")
        return xml, root

    def test_identify(self):
        xml, root = self.ok(IDENTIFY)
        r = root.find("s:Body/wsmid:IdentifyResponse", NS)
        self.assertEqual(r.findtext("wsmid:ProtocolVersion", None, NS), wh.WSMAN)
        self.assertTrue(r.findtext("wsmid:ProductVendor", "", NS))
        self.assertIsNotNone(r.find("wsmid:SecurityProfiles", NS), "authenticated Identify lists SecurityProfiles")
        profiles = [(e.text or "").strip() for e in r.iterfind("wsmid:SecurityProfiles/wsmid:SecurityProfileName", NS)]
        self.assertTrue(any(("https" if self.tls else "http") + "/basic" in p for p in profiles), profiles)

    def test_get(self):
        xml, _ = self.ok(envelope(GET, DMTF + "CIM_RecordLog", selectors=RECORD_LOG))
        self.assertIn(b"<p:InstanceID>IPMI:SEL</p:InstanceID>", xml)

    def test_get_a_sensor_by_its_keys(self):
        instances = provider("CIM_NumericSensor")
        for inst in (instances[0], instances[-1]):
            keys = sensor_keys(inst)
            with self.subTest(device=keys["DeviceID"]):
                _, root = self.ok(envelope(GET, DMTF + "CIM_NumericSensor", selectors=keys))
                got = root.find("s:Body/{%sCIM_NumericSensor}CIM_NumericSensor" % DMTF, NS)
                self.assertIsNotNone(got)
                self.assertEqual(child_text(got, "DeviceID"), keys["DeviceID"])
                self.assertEqual(child_text(got, "ElementName"), inst["properties"]["ElementName"])

    def enumerate(self, cls, **kw):
        p = self.protocol()
        ids = wh.run_enumeration(self, p.send_message, DMTF + cls, **kw)
        self.assertEqual(len(ids), len(set(ids)), "duplicate DeviceIDs")
        self.assertEqual(len(ids), len(provider(cls)))
        self.assertEqual(sorted(ids), provider_ids(cls))
        return ids

    def test_enumerate_in_every_mode(self):
        for cls in ("CIM_Sensor", "CIM_NumericSensor"):
            for mode in MODES:
                with self.subTest(cls=cls, mode=mode or "objects"):
                    self.enumerate(cls, mode=mode)

    def test_enumerate_optimized(self):
        for n in (1, 7, 100):
            for mode in MODES:
                with self.subTest(max_elements=n, mode=mode or "objects"):
                    self.enumerate("CIM_NumericSensor", mode=mode, optimized=True, max_elements=n)

    def test_wql_filtered_enumeration(self):
        body = ('<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>50</w:MaxElements>'
                '<w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">'
                "SELECT ElementName FROM CIM_NumericSensor WHERE ElementName LIKE 'FAN%'</w:Filter></n:Enumerate>")
        xml, _ = self.ok(envelope(ENUMERATE, DMTF + "CIM_NumericSensor", body))
        expected = sorted(i["properties"]["ElementName"] for i in provider("CIM_NumericSensor")
                          if i["properties"]["ElementName"].upper().startswith("FAN"))
        self.assertTrue(expected)
        self.assertEqual(sorted(re.findall(r"<p:ElementName>([^<]+)</p:ElementName>", xml.decode())), expected)
        self.assertNotIn(b"<p:CurrentReading>", xml)

    def test_invoke_needs_the_operator_role(self):
        uri = DMTF + "CIM_PowerManagementService"
        service, _ = self.ok(envelope(ENUMERATE, uri, "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>5</w:MaxElements></n:Enumerate>"))
        system = re.search(r"<p:SystemName>([^<]+)</p:SystemName>", service.decode()).group(1)
        keys = {"SystemCreationClassName": "CIM_ComputerSystem", "SystemName": system,
                "CreationClassName": "CIM_PowerManagementService", "Name": "Power Management Service"}
        body = (f'<p:RequestPowerStateChange_INPUT xmlns:p="{uri}"><p:PowerState>2</p:PowerState>'
                "</p:RequestPowerStateChange_INPUT>")
        self.fault(envelope(uri + "/RequestPowerStateChange", uri, body, keys), ["wsman:AccessDenied"], user="ann")
        xml, root = self.ok(envelope(uri + "/RequestPowerStateChange", uri, body, keys), user="olav")
        out = root.find("s:Body/{%s}RequestPowerStateChange_OUTPUT" % uri, NS)
        self.assertIsNotNone(out, xml[:600])
        self.assertEqual(out.findtext("{%s}ReturnValue" % uri), "0")

    def test_faults(self):
        cases = [
            ("unknown resource URI", envelope(GET, DMTF + "CIM_NoSuchClass", selectors={"InstanceID": "x"}),
             "wsa:DestinationUnreachable"),
            ("bad selector", envelope(GET, DMTF + "CIM_RecordLog", selectors={"NoSuchKey": "IPMI:SEL"}),
             "wsman:InvalidSelectors"),
            ("forged context", envelope(PULL, DMTF + "CIM_NumericSensor", pull_body(wh.new_message_id())),
             "wsen:InvalidEnumerationContext"),
            ("unknown action", envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/DeEnumerate",
                                        DMTF + "CIM_NumericSensor", "<n:Enumerate/>"), "wsa:ActionNotSupported"),
        ]
        for name, request, subcode in cases:
            with self.subTest(name):
                self.fault(request, [subcode])


@unittest.skipUnless(have_winrm(), "python3-winrm is needed (Debian's /usr/bin/python3)")
class PyWinRMHttp(PyWinRMBase, unittest.TestCase):
    tls = False


@unittest.skipUnless(have_winrm(), "python3-winrm is needed (Debian's /usr/bin/python3)")
class PyWinRMHttps(PyWinRMBase, unittest.TestCase):
    tls = True

    def test_certificate_is_validated(self):
        import winrm.protocol
        import requests.exceptions
        other = "/etc/ssl/certs/ca-certificates.crt"  # public CAs: not the server's self-signed one
        p = winrm.protocol.Protocol(endpoint=wh.SERVER.tls_endpoint, transport="ssl", username="ann",
                                    password=USERS["ann"][0], message_encryption="never",
                                    server_cert_validation="validate", ca_trust_path=other)
        with self.assertRaises(requests.exceptions.SSLError):
            p.send_message(IDENTIFY)


# ---------------------------------------------------------------------------------------------
# python3-dracclient: dracclient.wsman.Client.enumerate(..., auto_pull=True).

def have_dracclient():
    try:
        import dracclient.wsman  # noqa: F401
        return True
    except ImportError:
        return False


class DracClientBase:
    tls = False

    def client(self):
        from dracclient import wsman
        port = wh.SERVER.tls_port if self.tls else wh.SERVER.port
        # dracclient posts with requests.post(..., verify=False): it never checks the certificate.
        c = wsman.Client("127.0.0.1", "ann", USERS["ann"][0], port=port, path="/wsman",
                         protocol="https" if self.tls else "http", ssl_retries=1, ssl_retry_delay=0)
        c.pulls = 0
        pull = c.pull

        def bounded_pull(*args, **kw):  # dracclient pulls while a context is present: bound it
            c.pulls += 1
            if c.pulls > 200:
                raise AssertionError("dracclient still pulling after 200 Pulls (a context beside EndOfSequence?)")
            return pull(*args, **kw)

        c.pull = bounded_pull
        return c

    def test_enumerate_auto_pull(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # urllib3's InsecureRequestWarning (verify=False)
            for cls in ("CIM_NumericSensor", "CIM_Sensor"):
                for n in (7, 100):
                    with self.subTest(cls=cls, max_elems=n):
                        c = self.client()
                        xml = c.enumerate(DMTF + cls, optimization=True, max_elems=n, auto_pull=True)
                        items = xml.find(".//{%s}Items" % wh.WSMAN)
                        self.assertIsNotNone(items, "no wsman:Items in the Enumerate answer")
                        ids = [child_text(i, "DeviceID") for i in items]
                        self.assertEqual(len(ids), len(provider(cls)))
                        self.assertEqual(len(set(ids)), len(ids), "duplicates")
                        self.assertEqual(sorted(ids), provider_ids(cls))
                        # MaxElements is honoured: no batch was larger than max_elems.
                        self.assertGreaterEqual(c.pulls, -(-len(ids) // n) - 1, "fewer Pulls than max_elems allows")


@unittest.skipUnless(have_dracclient(), "python3-dracclient is needed")
class DracClientHttp(DracClientBase, unittest.TestCase):
    tls = False


@unittest.skipUnless(have_dracclient(), "python3-dracclient is needed")
class DracClientHttps(DracClientBase, unittest.TestCase):
    tls = True


if __name__ == "__main__":
    wh.main(sys.argv, limit_seconds=280)
