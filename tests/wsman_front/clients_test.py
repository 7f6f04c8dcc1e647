#!/usr/bin/python3
"""`bmcwsman serve --sim` with real WS-Management clients: curl (HTTP behaviour and
authentication), wsl (identify, enumerate in every mode, get) and pywinrm (Get, a
python-dracclient-style Enumerate/Pull loop, Invoke with roles). Usage:
clients_test.py PATH_TO_BMCWSMAN"""
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

BMCWSMAN = None
DMTF = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
USERS = {"ann": ("reader-pw", "reader"), "olav": ("operator-pw", "operator")}

IDENTIFY = ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">'
            '<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>')


def envelope(action, uri, body="", selectors=None):
    sel = ""
    if selectors:
        sel = "<w:SelectorSet>" + "".join(f'<w:Selector Name="{k}">{v}</w:Selector>' for k, v in selectors.items()) + "</w:SelectorSet>"
    return ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
            'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" '
            'xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration"><s:Header>'
            '<a:To>http://windows-host:5985/wsman</a:To>'
            '<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>'
            f'<a:Action s:mustUnderstand="true">{action}</a:Action>'
            '<w:MaxEnvelopeSize s:mustUnderstand="true">512000</w:MaxEnvelopeSize>'
            '<a:MessageID>uuid:5a7d6d44-2c2f-4d8b-9e38-000000000001</a:MessageID>'
            '<w:Locale xml:lang="en-US" s:mustUnderstand="false"/>'
            f'<w:ResourceURI s:mustUnderstand="true">{uri}</w:ResourceURI>{sel}'
            '<w:OperationTimeout>PT60S</w:OperationTimeout>'
            f'</s:Header><s:Body>{body}</s:Body></s:Envelope>')


class Server:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="bmcwsman-serve-")
        lines = []
        for user, (password, role) in USERS.items():
            h = subprocess.run([BMCWSMAN, "hash-password"], input=password + "\n", capture_output=True,
                               text=True, check=True).stdout.strip()
            self.assert_hash(h)
            lines.append(f"{user}:{h}:{role}")
        self.users = os.path.join(self.dir, "users")
        with open(self.users, "w") as f:
            f.write("# test users\n" + "\n".join(lines) + "\n")
        # A self-signed certificate for 127.0.0.1 (HTTPS listener).
        self.cert = os.path.join(self.dir, "cert.pem")
        self.key = os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", self.key,
                        "-out", self.cert], capture_output=True, check=True)
        self.proc = subprocess.Popen([BMCWSMAN, "--sim", "serve", "--listen", "127.0.0.1:0", "--users", self.users,
                                      "--allow-basic-over-http", "--https-listen", "127.0.0.1:0", "--tls-cert",
                                      self.cert, "--tls-key", self.key, "--poll-interval", "1"],
                                     stderr=subprocess.PIPE, text=True)
        lines = [self.proc.stderr.readline(), self.proc.stderr.readline()]
        http = [re.search(r"http://127\.0\.0\.1:(\d+)/wsman", line) for line in lines]
        https = [re.search(r"https://127\.0\.0\.1:(\d+)/wsman", line) for line in lines]
        if not any(http) or not any(https):
            self.proc.kill()
            raise RuntimeError("server did not start: " + "".join(lines) + self.proc.stderr.read())
        self.port = int([m for m in http if m][0].group(1))
        self.tls_port = int([m for m in https if m][0].group(1))
        self.endpoint = f"http://127.0.0.1:{self.port}/wsman"

    @staticmethod
    def assert_hash(h):
        if not h.startswith("$6$"):
            raise AssertionError("not a SHA-512 crypt hash: " + h)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=20)
        shutil.rmtree(self.dir)
        return rc


SERVER = None


def post(body, headers=None, path="/wsman", method="POST", conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", SERVER.port, timeout=20)
    hdrs = {"Content-Type": "application/soap+xml;charset=UTF-8"}
    hdrs.update(headers or {})
    conn.request(method, path, body=body.encode() if isinstance(body, str) else body, headers=hdrs)
    r = conn.getresponse()
    data = r.read().decode(errors="replace")
    result = (r.status, dict(r.getheaders()), data)
    if own:
        conn.close()
    return result


def basic(user):
    import base64
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{USERS[user][0]}".encode()).decode()}


class HttpBehaviour(unittest.TestCase):
    def test_401_with_a_challenge_without_or_with_wrong_credentials(self):
        status, headers, body = post(IDENTIFY)
        self.assertEqual(status, 401)
        self.assertIn("Basic", headers.get("WWW-Authenticate", ""))
        self.assertEqual(body, "")
        status, _, _ = post(IDENTIFY, {"Authorization": "Basic YW5uOndyb25n"})  # ann:wrong
        self.assertEqual(status, 401)

    def test_identify_unauthenticated_only_with_the_header(self):
        status, _, body = post(IDENTIFY, {"WSMANIDENTIFY": "unauthenticated"})
        self.assertEqual(status, 200)
        self.assertIn("<wsmid:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd</wsmid:ProtocolVersion>", body)
        self.assertNotIn("SecurityProfiles", body)
        # The header does not open anything else.
        status, _, body = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", DMTF + "CIM_RecordLog",
                                        selectors={"InstanceID": "IPMI:SEL"}), {"WSMANIDENTIFY": "unauthenticated"})
        self.assertEqual(status, 500)
        self.assertIn("wsman:AccessDenied", body)

    def test_methods_paths_and_size(self):
        self.assertEqual(post("", method="GET")[0], 405)
        self.assertEqual(post(IDENTIFY, basic("ann"), path="/other")[0], 404)
        # A body over the limit is refused from its Content-Length, before it is read.
        import socket
        with socket.create_connection(("127.0.0.1", SERVER.port), timeout=20) as sock:
            sock.sendall(b"POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
                         b"Content-Length: 614400\r\n\r\n<x>")
            self.assertTrue(sock.recv(100).startswith(b"HTTP/1.1 413"))

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        conn = http.client.HTTPConnection("127.0.0.1", SERVER.port, timeout=20)
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


def have_winrm():
    try:
        import winrm  # noqa: F401
        return True
    except ImportError:
        return False


class Https(unittest.TestCase):
    def context(self):
        import ssl
        ctx = ssl.create_default_context(cafile=SERVER.cert)
        return ctx

    def test_basic_over_tls_and_the_certificate(self):
        conn = http.client.HTTPSConnection("127.0.0.1", SERVER.tls_port, timeout=20, context=self.context())
        status, _, body = post(IDENTIFY, basic("ann"), conn=conn)
        self.assertEqual(status, 200)
        self.assertIn("secprofile/https/basic", body)
        status, headers, _ = post(IDENTIFY, conn=conn)
        self.assertEqual(status, 401)
        conn.close()

    def test_tls_below_1_2_is_refused(self):
        import ssl
        ctx = self.context()
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        ctx.set_ciphers("ALL:@SECLEVEL=0")
        conn = http.client.HTTPSConnection("127.0.0.1", SERVER.tls_port, timeout=20, context=ctx)
        with self.assertRaises((ssl.SSLError, ConnectionResetError, OSError)):
            post(IDENTIFY, basic("ann"), conn=conn)

    def test_plain_http_on_the_tls_port_gets_nothing(self):
        conn = http.client.HTTPConnection("127.0.0.1", SERVER.tls_port, timeout=20)
        with self.assertRaises((http.client.HTTPException, ConnectionResetError, OSError)):
            post(IDENTIFY, basic("ann"), conn=conn)

    def test_pywinrm_over_https(self):
        if not have_winrm():
            self.skipTest("python3-winrm is needed (Debian's /usr/bin/python3)")
        import winrm.protocol
        p = winrm.protocol.Protocol(endpoint=f"https://127.0.0.1:{SERVER.tls_port}/wsman", transport="ssl",
                                    username="ann", password=USERS["ann"][0], message_encryption="never",
                                    server_cert_validation="validate", ca_trust_path=SERVER.cert)
        xml = p.send_message(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", DMTF + "CIM_RecordLog",
                                      selectors={"InstanceID": "IPMI:SEL"}))
        self.assertIn(b"<p:InstanceID>IPMI:SEL</p:InstanceID>", xml)


@unittest.skipUnless(shutil.which("wsl") and shutil.which("uuidgen"), "wsl and uuid-runtime are needed")
class Wsl(unittest.TestCase):
    def wsl(self, *args, stdout_only=False):
        home = tempfile.mkdtemp(prefix="wsl-")
        env = dict(os.environ, HOME=home, KEEPHISTORY="0", WSAUTOMATED="1", WSENDPOINT=f"127.0.0.1:{SERVER.port}",
                   WSUSER="ann", WSPASS=USERS["ann"][0], WSNOSSL="1")
        try:
            out = subprocess.run(list(args), cwd=home, env=env, capture_output=True, text=True, timeout=120).stdout
            # wslenum prints every item; wsl writes the last answer to response.xml.
            response = os.path.join(home, "response.xml")
            if not stdout_only and os.path.exists(response):
                with open(response) as f:
                    out += f.read()
            return out
        finally:
            shutil.rmtree(home)

    def test_identify(self):
        self.assertIn("ProductVendor>bmcwsman project<", self.wsl("wsl", "identify", "check"))

    def test_enumerate_every_sensor(self):
        out = self.wsl("wslenum", DMTF + "CIM_Sensor", stdout_only=True)
        self.assertEqual(out.count("<p:DeviceID>"), 45)  # discrete and numeric (subclass) sensors

    def test_enumerate_eprs_optimized(self):
        out = self.wsl("wslenum", DMTF + "CIM_NumericSensor", "-mode", "epr", "-opti", "10", stdout_only=True)
        self.assertEqual(out.count('<wsman:Selector Name="DeviceID">'), 32)

    def test_get(self):
        out = self.wsl("wsl", "get", DMTF + "CIM_RecordLog", "InstanceID=IPMI:SEL")
        self.assertIn("<p:CurrentNumberOfRecords>12</p:CurrentNumberOfRecords>", out)


def winrm_protocol(user):
    import winrm.protocol
    return winrm.protocol.Protocol(endpoint=SERVER.endpoint, transport="plaintext", username=user,
                                   password=USERS[user][0], message_encryption="never",
                                   server_cert_validation="ignore")


@unittest.skipUnless(have_winrm(), "python3-winrm is needed (Debian's /usr/bin/python3)")
class PyWinRM(unittest.TestCase):
    def test_get(self):
        xml = winrm_protocol("ann").send_message(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get",
                                                          DMTF + "CIM_RecordLog", selectors={"InstanceID": "IPMI:SEL"}))
        self.assertIn(b"<p:InstanceID>IPMI:SEL</p:InstanceID>", xml)

    def test_dracclient_style_enumerate_pull_loop(self):
        p = winrm_protocol("ann")
        uri = DMTF + "CIM_NumericSensor"
        xml = p.send_message(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", uri,
                                      "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>7</w:MaxElements></n:Enumerate>")).decode()
        items = xml.count("<p:DeviceID>")
        context = re.search(r"<wsen:EnumerationContext>([^<]+)</wsen:EnumerationContext>", xml)
        rounds = 0
        while context and "EndOfSequence" not in xml:  # python-dracclient keeps pulling while a context exists
            rounds += 1
            self.assertLess(rounds, 20)
            xml = p.send_message(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull", uri,
                                          f"<n:Pull><n:EnumerationContext>{context.group(1)}</n:EnumerationContext>"
                                          "<n:MaxElements>7</n:MaxElements></n:Pull>")).decode()
            items += xml.count("<p:DeviceID>")
            context = re.search(r"<wsen:EnumerationContext>([^<]+)</wsen:EnumerationContext>", xml)
        self.assertEqual(items, 32)
        self.assertIsNone(context)

    def test_wql_filtered_enumeration(self):
        body = ('<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>50</w:MaxElements>'
                '<w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">'
                "SELECT ElementName FROM CIM_NumericSensor WHERE ElementName LIKE 'FAN%'</w:Filter></n:Enumerate>")
        xml = winrm_protocol("ann").send_message(envelope(
            "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", DMTF + "CIM_NumericSensor", body)).decode()
        self.assertEqual(sorted(re.findall(r"<p:ElementName>([^<]+)</p:ElementName>", xml)),
                         ["FAN1", "FAN2", "FAN3", "FAN4", "FAN5", "FAN6"])
        self.assertNotIn("<p:CurrentReading>", xml)

    def test_invoke_needs_the_operator_role(self):
        import winrm.exceptions
        uri = DMTF + "CIM_PowerManagementService"
        service = winrm_protocol("ann").send_message(envelope(
            "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", uri,
            "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>5</w:MaxElements></n:Enumerate>")).decode()
        system = re.search(r"<p:SystemName>([^<]+)</p:SystemName>", service).group(1)
        keys = {"SystemCreationClassName": "CIM_ComputerSystem", "SystemName": system,
                "CreationClassName": "CIM_PowerManagementService", "Name": "Power Management Service"}
        body = (f'<p:RequestPowerStateChange_INPUT xmlns:p="{uri}"><p:PowerState>2</p:PowerState>'
                "</p:RequestPowerStateChange_INPUT>")
        with self.assertRaises(winrm.exceptions.WinRMError) as denied:
            winrm_protocol("ann").send_message(envelope(uri + "/RequestPowerStateChange", uri, body, keys))
        self.assertIn("AccessDenied", str(denied.exception))
        xml = winrm_protocol("olav").send_message(envelope(uri + "/RequestPowerStateChange", uri, body, keys))
        self.assertIn(b"<p:ReturnValue>0</p:ReturnValue>", xml)


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    SERVER = Server()
    try:
        result = unittest.main(verbosity=2, exit=False).result
    finally:
        rc = SERVER.stop()
    if rc != 0:
        print(f"server exited with {rc} after SIGTERM", file=sys.stderr)
        sys.exit(1)
    sys.exit(0 if result.wasSuccessful() else 1)
