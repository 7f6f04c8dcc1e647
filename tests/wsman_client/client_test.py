#!/usr/bin/env python3
"""bmcwsman-client (and through it the wsman_client library) against the real agent
(`bmcwsman --sim serve` on loopback with users, HTTPS and client certificates, from
tests/wsman_front/wsman_harness.py), against a replay server serving the fixtures of
tests/data/wsman_client, and against hostile servers. Every result is compared with what the
agent itself says (`bmcwsman --sim cim CLASS --json`), never with numbers written here.

Usage: client_test.py PATH_TO_BMCWSMAN_CLIENT PATH_TO_C_API_TEST PATH_TO_LIBWSMAN_CLIENT PATH_TO_BMCWSMAN"""
import json
import os
import pty
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "wsman_front"))
sys.path.insert(0, HERE)
import wsman_harness as wh  # noqa: E402
from replay_server import ReplayServer  # noqa: E402
from wsmc import Wsmc  # noqa: E402

CLIENT = os.path.abspath(sys.argv.pop(1))
C_API_TEST = os.path.abspath(sys.argv.pop(1))
LIBWSMAN_CLIENT = os.path.abspath(sys.argv.pop(1))
DATA = os.path.join(HERE, "..", "data", "wsman_client")
EXIT = {"ok": 0, "fault": 1, "usage": 2, "connection": 3, "tls": 4, "auth": 5, "timeout": 6, "bad_answer": 7}


def run(*args, user="ann", password=None, endpoint=None, timeout=60, env=None):
    """bmcwsman-client with the password in WSMAN_PASS; (rc, stdout, stderr)."""
    cmd = [CLIENT, *args]
    e = dict(os.environ)
    e.pop("WSMAN_PASS", None)
    if user is not None:
        cmd += ["-u", user]
        e["WSMAN_PASS"] = wh.USERS[user][0] if password is None else password
    cmd += ["-r", endpoint or wh.SERVER.endpoint]
    e.update(env or {})
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=e, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def ok(*args, **kw):
    rc, out, err = run(*args, **kw)
    if rc != 0:
        raise AssertionError(f"{args}: exit {rc}: {err}")
    return out


def json_lines(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


class AgainstAgent(unittest.TestCase):
    def sensor_ids(self):
        return wh.provider_ids("CIM_NumericSensor")

    def test_identify_with_and_without_credentials(self):
        out = ok("identify")
        self.assertTrue(out.startswith("IdentifyResponse\n    ProtocolVersion = http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"))
        self.assertIn("SecurityProfileName = ", out)
        anon = ok("identify", "--unauthenticated", user=None)
        self.assertIn("ProductVendor = ", anon)
        self.assertNotIn("SecurityProfile", anon)

    def test_must_show_numeric_sensors_in_text_xml_and_json(self):
        ids = self.sensor_ids()
        text = ok("enumerate", "CIM_NumericSensor")
        self.assertEqual(text.count("CIM_NumericSensor\n"), len(ids) + text.count("CreationClassName = CIM_NumericSensor\n"))
        self.assertEqual(sorted(line.split(" = ")[1] for line in text.splitlines() if line.startswith("    DeviceID = ")), ids)
        xml = ok("enumerate", "cimv2/CIM_NumericSensor", "--format", "xml")
        root = ET.fromstring(xml)
        self.assertEqual(root.tag, "{http://schemas.dmtf.org/wbem/wsman/1/wsman/results}Results")
        cls = "{%sCIM_NumericSensor}" % wh.DMTF
        self.assertEqual(sorted(i.findtext(cls + "DeviceID") for i in root), ids)
        items = json_lines(ok("enumerate", wh.DMTF + "CIM_NumericSensor", "--format", "json"))
        self.assertEqual(sorted(i["properties"]["DeviceID"] for i in items), ids)
        by_id = {i["properties"]["DeviceID"]: i["properties"] for i in wh.provider("CIM_NumericSensor")}
        for item in items:
            want = by_id[item["properties"]["DeviceID"]]
            self.assertEqual(item["properties"]["ElementName"], want["ElementName"])
            self.assertEqual(item["properties"]["CreationClassName"], "CIM_NumericSensor")
        pretty = ok("enumerate", "CIM_NumericSensor", "--format", "pretty")
        self.assertEqual(len(ET.fromstring(pretty)), len(ids))

    def test_batches_and_modes_give_the_same_instances(self):
        ids = self.sensor_ids()
        for args in (["--max-elements", "3"], ["--no-optimize", "--max-elements", "1"], ["--max-elements", "1000"]):
            with self.subTest(args=args):
                items = json_lines(ok("e", "CIM_NumericSensor", "--json", *args))
                self.assertEqual(sorted(i["properties"]["DeviceID"] for i in items), ids)
        eprs = json_lines(ok("e", "CIM_NumericSensor", "--json", "--return-type", "epr"))
        self.assertEqual(sorted(i["epr"]["SelectorSet"]["DeviceID"] for i in eprs), ids)
        self.assertTrue(all("properties" not in i for i in eprs))
        both = json_lines(ok("e", "CIM_NumericSensor", "--json", "--return-type", "objectandepr"))
        self.assertEqual(sorted(i["epr"]["SelectorSet"]["DeviceID"] for i in both), ids)
        self.assertTrue(all(i["epr"]["SelectorSet"]["DeviceID"] == i["properties"]["DeviceID"] for i in both))

    def test_shallow_and_base_properties_only(self):
        deep = json_lines(ok("e", "CIM_Sensor", "--json"))
        self.assertIn("CIM_NumericSensor", {i["class"] for i in deep})
        shallow = json_lines(ok("e", "CIM_Sensor", "--json", "--shallow"))
        self.assertEqual({i["class"] for i in shallow}, {"CIM_Sensor"})
        self.assertLess(len(shallow), len(deep))
        base = json_lines(ok("e", "CIM_Sensor", "--json", "--base-properties-only"))
        self.assertEqual(len(base), len(deep))
        self.assertTrue(all("CurrentReading" not in i["properties"] for i in base))

    def test_filters(self):
        numeric = wh.provider("CIM_NumericSensor")
        hot = sorted(i["properties"]["DeviceID"] for i in numeric if i["properties"].get("BaseUnits") == 2)
        wql = json_lines(ok("e", "CIM_NumericSensor", "--json", "--filter",
                            "SELECT * FROM CIM_NumericSensor WHERE BaseUnits = 2"))
        self.assertEqual(sorted(i["properties"]["DeviceID"] for i in wql), hot)
        one = numeric[0]["properties"]["DeviceID"]
        sel = json_lines(ok("e", "CIM_NumericSensor", "--json", "--dialect", "selector", "--filter", f'{{DeviceID="{one}"}}'))
        self.assertEqual([i["properties"]["DeviceID"] for i in sel], [one])
        fan = json_lines(ok("e", "CIM_Fan", "--json", "--return-type", "epr"))[0]["epr"]["SelectorSet"]
        obj = "CIM_Fan?" + "+".join(f"{k}={v}" for k, v in fan.items())
        tach = json_lines(ok("e", "CIM_NumericSensor", "--json", "--dialect", "association", "--filter",
                             f"{{Object={obj};ResultClassName=CIM_NumericSensor}}"))
        self.assertTrue(tach)
        self.assertTrue(all(i["class"] == "CIM_NumericSensor" for i in tach))
        links = json_lines(ok("e", "CIM_AssociatedSensor", "--json", "--associations", "--dialect", "association",
                              "--filter", f"{{Object={obj};AssociationClassName=CIM_AssociatedSensor}}"))
        self.assertEqual(len(links), len(tach))
        self.assertTrue(all(i["class"] == "CIM_AssociatedSensor" for i in links))

    def test_get_put_invoke_and_faults(self):
        sensor = json_lines(ok("e", "CIM_NumericSensor", "--json", "--return-type", "objectandepr",
                               "--filter", "SELECT * FROM CIM_NumericSensor WHERE SettableThresholds = 1"))[0]
        uri = "CIM_NumericSensor?" + "+".join(f"{k}={v}" for k, v in sensor["epr"]["SelectorSet"].items())
        got = json_lines(ok("get", uri, "--json"))[0]
        self.assertEqual(got["properties"]["DeviceID"], sensor["properties"]["DeviceID"])
        current = int(got["properties"]["UpperThresholdNonCritical"])
        new = current - 1
        rc, _, err = run("set", uri, f'@{{UpperThresholdNonCritical="{new}"}}')
        self.assertEqual(rc, EXIT["fault"], err)  # ann is a reader
        self.assertIn("AccessDenied", err)
        ok("set", uri, f'@{{UpperThresholdNonCritical="{new}"}}', user="olav")
        after = json_lines(ok("get", uri, "--json"))[0]["properties"]["UpperThresholdNonCritical"]
        self.assertLessEqual(abs(int(after) - new), 1)
        ok("set", uri, f'@{{UpperThresholdNonCritical="{current}"}}', user="olav")
        # Invoke: the power service, as the operator; a reader is refused.
        svc = json_lines(ok("e", "CIM_PowerManagementService", "--json", "--return-type", "epr"))[0]["epr"]["SelectorSet"]
        svc_uri = "CIM_PowerManagementService?" + "+".join(f"{k}={v}" for k, v in svc.items())
        out = ok("invoke", "RequestPowerStateChange", svc_uri, '@{PowerState="2"}', user="olav")
        self.assertIn("RequestPowerStateChange_OUTPUT\n", out)
        self.assertIn("    ReturnValue = 0\n", out)
        rc, _, err = run("invoke", "RequestPowerStateChange", svc_uri, '@{PowerState="2"}')
        self.assertEqual(rc, EXIT["fault"])
        # Create and Delete: the agent has nothing to create or delete; its fault is typed.
        for args in (["create", "CIM_NumericSensor", '@{DeviceID="x"}'], ["delete", uri]):
            rc, _, err = run(*args, user="olav")
            self.assertEqual(rc, EXIT["fault"], err)
            self.assertIn("WSManFault\n    Code = ", err)
        rc, _, err = run("get", "CIM_NumericSensor?DeviceID=no-such", "--json")
        self.assertEqual(rc, EXIT["fault"])
        self.assertEqual(json.loads(err)["fault"]["subcode"].split(":")[1], "DestinationUnreachable")

    def test_digest_utf16_password_file_and_auth_failures(self):
        ids = self.sensor_ids()
        items = json_lines(ok("e", "CIM_NumericSensor", "--json", "-a", "digest", "--encoding", "utf-16"))
        self.assertEqual(sorted(i["properties"]["DeviceID"] for i in items), ids)
        with tempfile.NamedTemporaryFile("w") as f:
            f.write(wh.USERS["ann"][0] + "\n")
            f.flush()
            self.assertIn("IdentifyResponse", ok("identify", "--password-file", f.name, "-a", "digest"))
        for auth in ("basic", "digest"):
            rc, _, err = run("identify", "-a", auth, password="wrong")
            self.assertEqual(rc, EXIT["auth"], err)
        rc, _, err = run("identify", "-p", "secret")
        self.assertEqual(rc, EXIT["usage"])
        self.assertIn("not taken on the command line", err)
        for bad in (["frobnicate"], ["get"], ["get", "a/b/c"], ["enumerate", "CIM_X", "--return-type", "all"],
                    ["get", "CIM_X", '@{A="b"}'], ["set", "CIM_X", "@{A=b}"]):
            rc, _, _ = run(*bad)
            self.assertEqual(rc, EXIT["usage"], bad)

    def test_https_ca_host_name_and_client_certificates(self):
        tls = wh.SERVER.tls_endpoint
        self.assertIn("IdentifyResponse", ok("identify", "--cacert", wh.SERVER.cert, endpoint=tls))
        rc, _, err = run("identify", endpoint=tls)  # the system's CAs do not know it
        self.assertEqual(rc, EXIT["tls"], err)
        wrong_name = f"https://localhost:{wh.SERVER.tls_port}/wsman"  # the certificate names 127.0.0.1 only
        rc, _, err = run("identify", "--cacert", wh.SERVER.cert, endpoint=wrong_name)
        self.assertEqual(rc, EXIT["tls"], err)
        ok("identify", "--cacert", wh.SERVER.cert, "--skip-cn-check", endpoint=wrong_name)
        ok("identify", "--skip-ca-check", "--skip-cn-check", endpoint=wrong_name)
        if not wh.SERVER.client_ca_supported:
            self.skipTest("the agent has no --tls-client-ca")
        cert, key = wh.SERVER.client_cert("ann")
        items = json_lines(ok("e", "CIM_NumericSensor", "--json", "--cacert", wh.SERVER.cert, "--cert", cert,
                              "--key", key, user=None, endpoint=tls))
        self.assertEqual(sorted(i["properties"]["DeviceID"] for i in items), self.sensor_ids())
        cert, key = wh.SERVER.client_cert("nobody")
        rc, _, err = run("e", "CIM_NumericSensor", "--cacert", wh.SERVER.cert, "--cert", cert, "--key", key,
                         user=None, endpoint=tls)
        self.assertEqual(rc, EXIT["auth"], err)

    def test_c_api_from_a_c_program(self):
        env = dict(os.environ, WSMAN_PASS=wh.USERS["ann"][0])
        p = subprocess.run([C_API_TEST, wh.SERVER.endpoint, "ann"], capture_output=True, text=True, timeout=60, env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(lines[0], "identify 0 has-version")
        sensors = [line.split(" ", 1)[1].split("|") for line in lines if line.startswith("sensor ")]
        by_id = {i["properties"]["DeviceID"]: i["properties"] for i in wh.provider("CIM_NumericSensor")}
        self.assertEqual(sorted(s[0] for s in sensors), sorted(by_id))
        for device_id, name, cls in sensors:
            self.assertEqual(name, by_id[device_id]["ElementName"] or "(nil)")
            self.assertEqual(cls, "CIM_NumericSensor")
        self.assertIn(f"enumerate 0 {len(by_id)}", lines)
        self.assertIn("stopped 0 2", lines)
        fault = next(line for line in lines if line.startswith("fault "))
        self.assertRegex(fault, r"^fault 11 \w+:DestinationUnreachable 500$")
        self.assertIn("wrong-password 4", lines)
        # four threads, five enumerations each, through the one session
        self.assertEqual([line for line in lines if line.startswith("thread ")], [f"thread 0 {5 * len(by_id)}"] * 4)

    def test_winrm_switch_forms_option_set_and_proxy(self):
        ids = self.sensor_ids()
        # winrm's -Name:value forms, names in any case
        out = ok("enumerate", "CIM_NumericSensor", "-ReturnType:EPR", "-MaxElements:7", "--format", "json")
        eprs = json_lines(out)
        self.assertEqual(sorted(i["epr"]["SelectorSet"]["DeviceID"] for i in eprs), ids)
        one = "CIM_NumericSensor?" + "+".join(f"{k}={v}" for k, v in eprs[0]["epr"]["SelectorSet"].items())
        # wsman:OptionSet: sent (the agent accepts options it does not know unless MustComply)
        out = ok("get", one, "--options", '{Tag="x";Empty=$null}', "--format", "json")
        self.assertEqual(json.loads(out)["properties"]["DeviceID"], eprs[0]["epr"]["SelectorSet"]["DeviceID"])
        rc, _, err = run("get", one, "--fragment", "CurrentReading")
        self.assertEqual(rc, EXIT["fault"], err)  # the agent does not do fragments: its fault, not ours
        self.assertIn("FragmentTransfer", err)
        # An explicit HTTP proxy carries the requests; http_proxy in the environment is honoured
        # unless --no-proxy.
        import http.client
        import http.server
        import threading
        import urllib.parse
        seen = []

        class Forward(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_POST(self):
                seen.append(self.path)
                url = urllib.parse.urlsplit(self.path)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                c = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                c.request("POST", url.path, body, {k: v for k, v in self.headers.items() if k.lower() not in ("host", "proxy-connection")})
                r = c.getresponse()
                data = r.read()
                self.send_response(r.status)
                for k, v in r.getheaders():
                    if k.lower() not in ("content-length", "connection", "transfer-encoding"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                c.close()

        proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forward)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        purl = f"http://127.0.0.1:{proxy.server_address[1]}"
        try:
            self.assertIn("ProductVendor = ", ok("identify", "--proxy", purl))
            self.assertEqual(len(seen), 1)
            self.assertTrue(seen[0].startswith("http://127.0.0.1:") and seen[0].endswith("/wsman"), seen)
            self.assertIn("ProductVendor = ", ok("identify", env={"http_proxy": purl, "no_proxy": "", "NO_PROXY": ""}))
            self.assertEqual(len(seen), 2)
            rc, _, err = run("identify", env={"http_proxy": "http://127.0.0.1:9", "no_proxy": "", "NO_PROXY": ""})
            self.assertEqual(rc, EXIT["connection"], err)
            self.assertIn("ProductVendor = ", ok("identify", "--no-proxy", env={"http_proxy": "http://127.0.0.1:9", "no_proxy": "", "NO_PROXY": ""}))
            self.assertEqual(len(seen), 2)
        finally:
            proxy.shutdown()
            proxy.server_close()
        rc, _, err = run("identify", "--proxy", purl, "--no-proxy")
        self.assertEqual(rc, EXIT["usage"], err)

    def sensor_with_thresholds(self):
        sensor = json_lines(ok("e", "CIM_NumericSensor", "--json", "--return-type", "objectandepr",
                               "--filter", "SELECT * FROM CIM_NumericSensor WHERE SettableThresholds = 1"))[0]
        return "CIM_NumericSensor?" + "+".join(f"{k}={v}" for k, v in sensor["epr"]["SelectorSet"].items())

    def test_set_and_invoke_with_file_input(self):
        uri = self.sensor_with_thresholds()
        xml = ok("get", uri, "--format", "xml")
        current = int(json_lines(ok("get", uri, "--json"))[0]["properties"]["UpperThresholdNonCritical"])
        new = current - 1
        changed = xml.replace(f"UpperThresholdNonCritical>{current}<", f"UpperThresholdNonCritical>{new}<")
        self.assertNotEqual(changed, xml)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "instance.xml")
            with open(path, "w") as f:
                f.write(changed)
            rc, _, err = run("set", uri, "--file", path, f'@{{UpperThresholdNonCritical="{new}"}}', user="olav")
            self.assertEqual(rc, EXIT["usage"], err)  # either @{} or --file
            ok("set", uri, "--file", path, user="olav")
            after = int(json_lines(ok("get", uri, "--json"))[0]["properties"]["UpperThresholdNonCritical"])
            self.assertLessEqual(abs(after - new), 1)
            ok("set", uri, f'@{{UpperThresholdNonCritical="{current}"}}', user="olav")
            svc = json_lines(ok("e", "CIM_PowerManagementService", "--json", "--return-type", "epr"))[0]["epr"]["SelectorSet"]
            svc_uri = "CIM_PowerManagementService?" + "+".join(f"{k}={v}" for k, v in svc.items())
            pms = wh.DMTF + "CIM_PowerManagementService"
            path = os.path.join(d, "input.xml")
            with open(path, "w") as f:
                f.write(f'<p:RequestPowerStateChange_INPUT xmlns:p="{pms}"><p:PowerState>2</p:PowerState>'
                        "</p:RequestPowerStateChange_INPUT>")
            out = json_lines(ok("invoke", "RequestPowerStateChange", svc_uri, "--file", path, "--json", user="olav"))
            self.assertEqual((out[0]["class"], out[0]["properties"]["ReturnValue"]), ("RequestPowerStateChange_OUTPUT", "0"))

    def test_password_from_a_terminal_prompt(self):
        """No file, no environment variable: the password is asked on the terminal, not echoed."""
        password = wh.USERS["ann"][0]
        env = {k: v for k, v in os.environ.items() if k != "WSMAN_PASS"}
        for given, want in ((password, 0), ("wrong", EXIT["auth"])):
            pid, fd = pty.fork()
            if pid == 0:
                os.execve(CLIENT, [CLIENT, "identify", "-u", "ann", "-r", wh.SERVER.endpoint], env)
            seen = b""
            deadline = time.monotonic() + 20
            while b"Password for ann: " not in seen and time.monotonic() < deadline:
                seen += os.read(fd, 1024)
            os.write(fd, given.encode() + b"\n")
            rest = b""
            try:
                while True:
                    chunk = os.read(fd, 4096)
                    if not chunk:
                        break
                    rest += chunk
            except OSError:  # EIO: the child closed the terminal
                pass
            _, status = os.waitpid(pid, 0)
            os.close(fd)
            with self.subTest(given=given):
                self.assertIn(b"Password for ann: ", seen)
                self.assertEqual(os.waitstatus_to_exitcode(status), want, rest[-500:])
                self.assertNotIn(given.encode(), rest)  # not echoed
                if want == 0:
                    self.assertIn(b"IdentifyResponse", rest)
        rc, _, err = run("identify", user="ann", env={"WSMAN_PASS": ""}, password="")
        self.assertEqual(rc, EXIT["auth"], err)  # an empty password from the environment is still one

    def test_ca_directory(self):
        """--capath: a hashed directory of CA certificates (openssl rehash), as /etc/ssl/certs."""
        tls = wh.SERVER.tls_endpoint
        with tempfile.TemporaryDirectory() as d:
            h = subprocess.run(["openssl", "x509", "-hash", "-noout", "-in", wh.SERVER.cert], capture_output=True,
                               text=True, check=True).stdout.strip()
            shutil.copy(wh.SERVER.cert, os.path.join(d, h + ".0"))
            self.assertIn("IdentifyResponse", ok("identify", "--capath", d, endpoint=tls))
            os.remove(os.path.join(d, h + ".0"))
            rc, _, err = run("identify", "--capath", d, endpoint=tls)  # the system's CAs do not know it
            self.assertEqual(rc, EXIT["tls"], err)

    def test_connection_refused(self):
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        rc, _, err = run("identify", endpoint=f"127.0.0.1:{port}")
        self.assertEqual(rc, EXIT["connection"], err)


class AgainstReplayAndHostileServers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.replay = ReplayServer(DATA)

    @classmethod
    def tearDownClass(cls):
        cls.replay.stop()

    def at(self, path, *args, timeout_ms=3000):
        t = time.monotonic()
        rc, out, err = run(*args, "--timeout", str(timeout_ms), user=None, endpoint=self.replay.url(path))
        return rc, out, err, time.monotonic() - t

    def test_fixtures_parse(self):
        rc, out, _, _ = self.at("/fixture/winrm_identify.xml", "identify")
        self.assertEqual(rc, 0)
        self.assertIn("SecurityProfileName = http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/http/basic, "
                      "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/http/spnego-kerberos", out)
        rc, out, _, _ = self.at("/fixture/winrm_get_utf16.xml", "get", "wmi/root/hardware/NumericSensor?DeviceID=1", "--json")
        self.assertEqual(rc, 0)
        props = json.loads(out)["properties"]
        self.assertEqual(props["DeviceID"], "Température CPU 1")
        self.assertIsNone(props["Description"])
        self.assertEqual(props["OperationalStatus"], ["2", "5"])
        rc, out, _, _ = self.at("/fixture/amt_get_sensor.xml", "get", "CIM_Sensor?DeviceID=Sensor 2")
        self.assertEqual(rc, 0)
        self.assertIn("    PossibleStates = Bad, Good, Unknown\n", out)
        rc, out, _, _ = self.at("/fixture/openwsman_enumerate_epr.xml", "e", "CIM_ComputerSystem", "--return-type", "epr", "--json")
        self.assertEqual(json.loads(out)["epr"]["SelectorSet"]["Name"], "host & co")
        rc, out, _, _ = self.at("/fixture/winrm_enumerate_object_and_epr.xml", "e", "CIM_AssociatedSensor",
                                "--return-type", "objectandepr", "--json")
        self.assertEqual(json.loads(out)["properties"]["Antecedent"]["SelectorSet"]["DeviceID"], "7.1")

    def test_faults_with_and_without_detail(self):
        rc, _, err, _ = self.at("/fixture/winrm_fault_wmi.xml", "get", "CIM_X?a=b")
        self.assertEqual(rc, EXIT["fault"])
        self.assertIn("    Subcode = w:QuotaLimit\n", err)
        self.assertIn("Error number:  -2144108123 0x803381A5", err)
        rc, _, err, _ = self.at("/fixture/winrm_fault_wsmanfault.xml", "get", "CIM_X?a=b", "--json")
        fault = json.loads(err)["fault"]
        self.assertEqual(fault["error_code"], 2150858843)
        self.assertTrue(fault["fault_detail"].endswith("/UnexpectedSelectors"))
        rc, _, err, _ = self.at("/fixture/openwsman_fault_no_detail.xml", "get", "CIM_X?a=b")
        self.assertEqual(rc, EXIT["fault"])
        self.assertIn("Subcode = wsa:DestinationUnreachable", err)

    def test_enumeration_follows_pulls_to_the_end(self):
        rc, out, err, _ = self.at("/enumeration", "e", "http://schemas.dell.com/wbem/wscim/1/cim-schema/2/DCIM_CPUView", "--json")
        self.assertEqual(rc, 0, err)
        self.assertEqual([i["properties"]["FQDD"] for i in json_lines(out)], ["CPU.Socket.1", "CPU.Socket.2", "CPU.Socket.3"])
        pulls = [b for p, _, b in self.replay.requests if p == "/enumeration" and b"enumeration/Pull<" in b]
        self.assertEqual(len(pulls), 2)

    def test_hostile_servers_give_clear_errors_in_time(self):
        """Each case: the exit code of its kind, "Error: ..." on stderr, within 6 s for a 3 s
        timeout, and the client's peak memory (its rusage's maxrss) bounded whatever the server
        sends or announces: under 128 MiB, four times the 32 MiB answer limit (a body without a
        length grows by doubling; a parsed element costs ~150 bytes, 200,000 at most)."""
        cases = [("/garbage", EXIT["bad_answer"]), ("/not-xml", EXIT["bad_answer"]), ("/endless", EXIT["bad_answer"]),
                 ("/huge", EXIT["bad_answer"]), ("/redirect", EXIT["connection"]), ("/deep", EXIT["bad_answer"]),
                 ("/wide", EXIT["bad_answer"]), ("/trickle", EXIT["timeout"]), ("/close-mid-answer", EXIT["connection"]),
                 ("/empty-500", EXIT["connection"])]
        peaks = {}
        for path, code in cases:
            with self.subTest(path):
                t = time.monotonic()
                p = subprocess.Popen([CLIENT, "identify", "--timeout", "3000", "-r", self.replay.url(path)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
                err = p.stderr.read().decode(errors="replace")
                _, status, usage = os.wait4(p.pid, 0)
                p.returncode = os.waitstatus_to_exitcode(status)
                p.stderr.close()
                took = time.monotonic() - t
                self.assertEqual(p.returncode, code, err)
                self.assertTrue(err.startswith("Error: "), err)
                self.assertLess(took, 6.0, f"{path} took {took:.1f} s")
                self.assertLess(usage.ru_maxrss, 128 * 1024, f"{path}: {usage.ru_maxrss} KiB peak")
                peaks[path] = usage.ru_maxrss // 1024
        print(f"peak RSS (MiB) per hostile server: {peaks}", file=sys.stderr)

    def test_options_are_on_the_wire(self):
        """Locale, MaxEnvelopeSize, OperationTimeout, OptionSet and UTF-16 as the request carries them."""
        rc, _, err, _ = self.at("/fixture/amt_get_sensor.xml", "get", "CIM_Sensor?DeviceID=Sensor 2", "--locale", "de-DE",
                                "--max-envelope-size", "153600", "--operation-timeout", "7250", "--options", '{Tag="x"}')
        self.assertEqual(rc, 0, err)
        _, headers, body = self.replay.requests[-1]
        root = ET.fromstring(body)
        h = root.find("{http://www.w3.org/2003/05/soap-envelope}Header")
        w = "{http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd}"
        self.assertEqual(h.find(w + "Locale").get("{http://www.w3.org/XML/1998/namespace}lang"), "de-DE")
        self.assertEqual(h.findtext(w + "MaxEnvelopeSize"), "153600")
        self.assertEqual(h.findtext(w + "OperationTimeout"), "PT7.25S")
        self.assertEqual([(o.get("Name"), o.text) for o in h.find(w + "OptionSet")], [("Tag", "x")])
        self.assertEqual(h.findtext(w + "SelectorSet/" + w + "Selector"), "Sensor 2")
        self.assertIn("charset=utf-8", headers["content-type"].lower())
        rc, _, err, _ = self.at("/fixture/amt_get_sensor.xml", "get", "CIM_Sensor?DeviceID=Température", "--encoding", "utf-16")
        self.assertEqual(rc, 0, err)
        _, headers, body = self.replay.requests[-1]
        self.assertIn("charset=utf-16", headers["content-type"].lower())
        text = body.decode("utf-16")
        self.assertIn("Température", text)

    def test_keep_alive_and_no_keep_alive(self):
        """An enumeration (Enumerate and two Pulls) on one connection, or one each with --no-keep-alive."""
        uri = "http://schemas.dell.com/wbem/wscim/1/cim-schema/2/DCIM_CPUView"
        for extra, connections in (((), 1), (("--no-keep-alive",), 3)):
            with self.subTest(extra=extra):
                before = self.replay.connections
                rc, out, err, _ = self.at("/enumeration", "e", uri, "--json", *extra)
                self.assertEqual(rc, 0, err)
                self.assertEqual(len(json_lines(out)), 3)
                self.assertEqual(self.replay.connections - before, connections)

    def test_create_and_delete(self):
        rc, out, err, _ = self.at("/fixture/winrm_create_response.xml", "create", "winrm/config/listener?Address=*+Transport=HTTPS",
                                  '@{Hostname="bmc1";Enabled="true"}')
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, "ResourceCreated\n    ResourceURI = http://schemas.microsoft.com/wbem/wsman/1/config/listener\n"
                              "    Selector: Address = *\n    Selector: Transport = HTTPS\n")
        _, _, body = self.replay.requests[-1]
        root = ET.fromstring(body)
        s = "{http://www.w3.org/2003/05/soap-envelope}"
        self.assertEqual(root.findtext(f"{s}Header/{{http://schemas.xmlsoap.org/ws/2004/08/addressing}}Action"),
                         "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create")
        created = root.find(f"{s}Body")[0]
        listener = "{http://schemas.microsoft.com/wbem/wsman/1/config/listener}"
        self.assertEqual(created.tag, listener + "listener")
        self.assertEqual([(c.tag, c.text) for c in created], [(listener + "Hostname", "bmc1"), (listener + "Enabled", "true")])
        rc, out, err, _ = self.at("/fixture/openwsman_delete_response.xml", "delete", "CIM_Thing?Name=x")
        self.assertEqual((rc, out), (0, ""), err)
        root = ET.fromstring(self.replay.requests[-1][2])
        self.assertEqual(root.findtext(f"{s}Header/{{http://schemas.xmlsoap.org/ws/2004/08/addressing}}Action"),
                         "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete")

    def test_stopping_early_releases_the_enumeration(self):
        """The C API (from Python through ctypes): a callback that stops after the first item; the
        library sends wsen:Release with the context it holds."""
        lib = Wsmc(LIBWSMAN_CLIENT)
        seen = []
        with lib.session(self.replay.url("/enumeration"), auth="none", timeout_ms=3000) as session:
            session.enumerate("http://schemas.dell.com/wbem/wscim/1/cim-schema/2/DCIM_CPUView",
                              lambda item: seen.append(item.value("FQDD")) or True, max_elements=1)
        self.assertEqual(seen, ["CPU.Socket.1"])
        path, _, body = self.replay.requests[-1]
        self.assertEqual(path, "/enumeration")
        self.assertIn(b"enumeration/Release<", body)
        self.assertIn(b"ctx-a-0001", body)


if __name__ == "__main__":
    wh.main(sys.argv, 280)
