"""`bmcwsman serve` as an operator runs it (issue 6): the configuration file and its errors, the
first look (`serve --sim` without users), SIGHUP (users and TLS files, open connections kept),
SIGTERM with a slow request in flight, the log, `bmcwsman status`, the privilege drop and the
exit codes of bad command lines.

Usage: serve_daemon_test.py PATH_TO_BMCWSMAN [unittest args]

Every test starts its own agent against the simulated BMC, on loopback only; every wait is
polled against a deadline; every process started is killed at the end, and a watchdog ends a
run that hangs.
Raw HTTP and envelopes here on purpose: connections held across SIGHUP and SIGTERM, slow and in-flight requests are the test; the Invoke goes through bmcwsman-client."""
import base64
import faulthandler
import hashlib
import http.client
import json
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wsman_front"))
import wsman_harness as wh  # noqa: E402  (envelopes, raw HTTP, fault and answer checks)

BMCWSMAN = None  # set in main
LIMIT_SECONDS = 170
USERS = {"ann": ("ann-pw-1", "reader"), "olav": ("olav-pw-2", "operator"), "bea": ("bea-pw-3", "reader")}
LINES = {}  # user -> users-file line from `bmcwsman hash-password --user`
TMP = None  # the run's directory
AGENTS = []  # every agent started, killed at the end
SYSTEM = "daemon-test-system"
POWER_URI = wh.DMTF + "CIM_PowerManagementService"
POWER_KEYS = {"SystemCreationClassName": "CIM_ComputerSystem", "SystemName": SYSTEM,
              "CreationClassName": "CIM_PowerManagementService", "Name": "Power Management Service"}


# ---------------------------------------------------------------------------------------------
# Processes.

def clean_env(extra=None):
    env = dict(os.environ)
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                "JOURNAL_STREAM", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
        env.pop(var, None)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env.update(extra or {})
    return env


class Agent:
    """One `bmcwsman serve` process: stderr read for its whole life (lines, wait_for), the URLs
    of its 'serving WS-Management on' lines."""

    def __init__(self, args, env=None, listeners=1, wait=True):
        self.args = [BMCWSMAN, *args]
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=clean_env(env), cwd=TMP,
                                     encoding="utf-8", errors="replace")
        AGENTS.append(self)
        self.lines = []
        self.cond = threading.Condition()
        self.closed = False
        threading.Thread(target=self._drain, daemon=True).start()
        self.urls = []
        if wait:
            self.wait_ready(listeners)

    def _drain(self):
        for line in self.proc.stderr:
            with self.cond:
                self.lines.append(line)
                self.cond.notify_all()
        self.proc.stderr.close()
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    @property
    def pid(self):
        return self.proc.pid

    def text(self):
        with self.cond:
            return "".join(self.lines)

    def mark(self):
        with self.cond:
            return len(self.lines)

    def wait_for(self, pattern, timeout=10, since=0):
        """The first line (from index since) matching the regex, or None after timeout."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines[since:]:
                    if rx.search(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    return None
                self.cond.wait(min(left, 0.2))

    def wait_ready(self, listeners=1, timeout=40):
        deadline = time.monotonic() + timeout
        with self.cond:
            while sum("serving WS-Management on" in x for x in self.lines) < listeners:
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    break
                self.cond.wait(min(left, 0.2))
        text = self.text()
        self.urls = [(m.group(1), m.group(2), int(m.group(3)))
                     for m in re.finditer(r"serving WS-Management on (https?)://([^\s/]+):(\d+)/wsman", text)]
        if len(self.urls) < listeners:
            self.kill()
            raise AssertionError(f"agent did not start ({' '.join(self.args[1:])}):\n{self.text()}")
        return self

    def port(self, scheme="http"):
        for s, _, p in self.urls:
            if s == scheme:
                return p
        raise AssertionError(f"no {scheme} listener in:\n{self.text()}")

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=20):
        """SIGTERM; the exit status, or 'hung' when it had to be killed."""
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return "hung"

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                pass


def run_to_exit(args, timeout=15, env=None, stdin=None):
    """(exit status, stderr) of a command that should end by itself; ('still running', stderr)
    when it did not within timeout (it is killed)."""
    p = subprocess.Popen([BMCWSMAN, *args], stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env(env), cwd=TMP,
                         encoding="utf-8", errors="replace")
    try:
        out, err = p.communicate(stdin, timeout=timeout)
        return p.returncode, err, out
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate(timeout=10)
        return "still running", err, out


def status(socket_path, json_flag=True):
    args = ["status", "--socket", socket_path] + (["--json"] if json_flag else [])
    return run_to_exit(args, timeout=15)


def stderr_lines(text):
    return [x for x in text.splitlines() if x.strip()]


# ---------------------------------------------------------------------------------------------
# Files.

def tmpdir(name):
    d = tempfile.mkdtemp(prefix=name + "-", dir=TMP)
    return d


def write_atomic(path, text):
    tmp = path + ".new"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def users_file(directory, names=("ann", "olav")):
    path = os.path.join(directory, "users")
    write_atomic(path, "# test users\n" + "".join(LINES[n] + "\n" for n in names))
    return path


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return json.dumps(v)  # a TOML basic string


def write_config(directory, sections, name="bmcwsman.toml"):
    path = os.path.join(directory, name)
    out = []
    for section, keys in sections.items():
        out.append(f"[{section}]")
        out += [f"{k} = {toml_value(v)}" for k, v in keys.items()]
        out.append("")
    write_atomic(path, "\n".join(out))
    return path


def make_certificate(directory, stem):
    """A self-signed EC certificate for 127.0.0.1: (cert path, key path, SHA-256 of the DER)."""
    cert, key = os.path.join(directory, stem + ".pem"), os.path.join(directory, stem + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", f"/CN=127.0.0.1/O={stem}", "-addext",
                    "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   capture_output=True, check=True, timeout=30)
    with open(cert) as f:
        der = ssl.PEM_cert_to_DER_cert(f.read())
    return cert, key, hashlib.sha256(der).hexdigest()


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port):
    """Local addresses with a TCP socket listening on port (from /proc/net/tcp and tcp6)."""
    found = []
    for table, family in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 6)):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            addr, hexport = fields[1].split(":")
            if fields[3] != "0A" or int(hexport, 16) != port:
                continue
            if family == 4:
                found.append(socket.inet_ntop(socket.AF_INET, bytes.fromhex(addr)[::-1]))
            else:
                raw = b"".join(bytes.fromhex(addr[i:i + 8])[::-1] for i in range(0, 32, 8))
                found.append(socket.inet_ntop(socket.AF_INET6, raw))
    return found


# ---------------------------------------------------------------------------------------------
# HTTP.

def auth(user, password=None):
    password = USERS[user][0] if password is None else password
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def unverified_context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def connect(port, tls=False, timeout=15):
    if tls:
        return http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout, context=unverified_context())
    return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)


def post(port, body, headers=None, conn=None, tls=False, timeout=15):
    own = conn is None
    conn = conn or connect(port, tls, timeout)
    h = {"Content-Type": "application/soap+xml;charset=UTF-8"}
    h.update(headers or {})
    conn.request("POST", "/wsman", body=body.encode() if isinstance(body, str) else body, headers=h)
    r = conn.getresponse()
    answer = wh.Answer(r.status, r.msg, r.read())
    if own:
        conn.close()
    return answer


def identify(port, user=None, password=None, conn=None, tls=False):
    return post(port, wh.IDENTIFY, auth(user, password) if user else None, conn=conn, tls=tls)


def invoke_request():
    body = (f'<p:RequestPowerStateChange_INPUT xmlns:p="{POWER_URI}"><p:PowerState>2</p:PowerState>'
            "</p:RequestPowerStateChange_INPUT>")
    return wh.envelope(POWER_URI + "/RequestPowerStateChange", POWER_URI, body, POWER_KEYS)


def client_invoke(tc, port, user="olav"):
    """RequestPowerStateChange(2) through the project's client (bmcwsman-client, in BMCWSMAN_CLIENT):
    the request is not what these tests are about, the agent's log lines are."""
    target = POWER_URI + "?" + "+".join(f"{k}={v}" for k, v in POWER_KEYS.items())
    p = subprocess.run([os.environ["BMCWSMAN_CLIENT"], "invoke", "RequestPowerStateChange", target, '@{PowerState="2"}',
                        "-r", f"http://127.0.0.1:{port}/wsman", "-u", user, "--format", "json"],
                       capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                       env=dict(os.environ, WSMAN_PASS=USERS[user][0]))
    tc.assertEqual(p.returncode, 0, p.stderr)
    return p.stdout


def raw_request(body, headers):
    data = body.encode()
    head = "POST /wsman HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    head += f"Content-Length: {len(data)}\r\n\r\n"
    return head.encode() + data


def peer_fingerprint(conn):
    return hashlib.sha256(conn.sock.getpeercert(binary_form=True)).hexdigest()


def server_fingerprint(port):
    pem = ssl.get_server_certificate(("127.0.0.1", port), timeout=10)
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()


# ---------------------------------------------------------------------------------------------

class DaemonTest(unittest.TestCase):
    def setUp(self):
        self.dir = tmpdir(self.id().rsplit(".", 1)[-1])
        self.agents = []

    def tearDown(self):
        for a in self.agents:
            a.kill()

    def agent(self, args, **kw):
        a = Agent(args, **kw)
        self.agents.append(a)
        return a

    def http_agent(self, extra=(), users=("ann", "olav"), env=None):
        """`serve --sim` on loopback HTTP with Basic and a users file."""
        self.users = users_file(self.dir, users)
        return self.agent(["serve", "--sim", "--users", self.users, "--allow-basic-over-http", "--listen",
                           "127.0.0.1:0", *extra], env=env)

    def assert_stopped_cleanly(self, agent):
        rc = agent.stop()
        self.assertEqual(rc, 0, "exit status after SIGTERM:\n" + agent.text())

    def ask(self, agent, port, user=None, password=None, conn=None, tls=False):
        """Identify (Basic when user is given); a connection error fails the test with the
        agent's exit status and stderr."""
        try:
            return identify(port, user, password, conn=conn, tls=tls)
        except (OSError, http.client.HTTPException) as e:
            self.fail(f"Identify on port {port} failed: {e!r}; agent exit status {agent.proc.poll()}; stderr:\n"
                      + agent.text())

    def assert_ok(self, answer, what, agent=None):
        self.assertEqual(answer.status, 200,
                         f"{what}: HTTP {answer.status} {answer.body[:300]}\n" + (agent.text() if agent else ""))


# 1. The configuration file.
class ConfigurationFileTest(DaemonTest):
    def base(self, port=0):
        return {"listen": {"http": f"127.0.0.1:{port}", "allow_basic_over_http": True},
                "auth": {"users_file": users_file(self.dir)},
                "bmc": {"transport": "sim"},
                "model": {"poll_interval_seconds": 1},
                "daemon": {"log_level": "debug", "status_socket": os.path.join(self.dir, "status.sock")}}

    def test_the_file_is_served(self):
        port = free_port()
        sections = self.base(port)
        config = write_config(self.dir, sections)
        a = self.agent(["serve", "--config", config])  # no --sim: bmc.transport says it
        self.assertEqual(a.urls, [("http", "127.0.0.1", port)], a.text())
        self.assertIn("sim", a.wait_for("serving WS-Management on", 1) or "", "bmc.transport = sim")
        self.assert_ok(self.ask(a, port, "ann"), "Identify with Basic (users from auth.users_file)", a)
        self.assertEqual(self.ask(a, port, "ann", "wrong").status, 401, "a wrong password is refused")
        sock = sections["daemon"]["status_socket"]
        rc, err, out = status(sock)
        self.assertEqual(rc, 0, f"bmcwsman status on daemon.status_socket: {err}\n{a.text()}")
        first = json.loads(out)
        self.assertIn("sim", first["transport"])
        # model.poll_interval_seconds = 1: polls keep coming (the default would be one per 10 s).
        deadline = time.monotonic() + 8
        polls = first["polls"]
        while time.monotonic() < deadline and polls < first["polls"] + 2:
            time.sleep(0.5)
            polls = json.loads(status(sock)[2])["polls"]
        self.assertGreaterEqual(polls, first["polls"] + 2, "polls every model.poll_interval_seconds (1 s)")
        self.assert_stopped_cleanly(a)

    def test_a_flag_overrides_the_file(self):
        port, other = free_port(), free_port()
        config = write_config(self.dir, self.base(port))
        a = self.agent(["serve", "--config", config, "--listen", f"127.0.0.1:{other}"])
        self.assertEqual(a.urls, [("http", "127.0.0.1", other)], a.text())
        self.assert_ok(self.ask(a, other, "ann"), "Identify on the --listen port", a)
        with self.assertRaises(ConnectionRefusedError, msg="the file's listen.http must not be served too"):
            identify(port, "ann")
        self.assert_stopped_cleanly(a)

    def test_bad_files_are_refused_with_the_key_named(self):
        def with_(section, key, value):
            s = self.base()
            s.setdefault(section, {})[key] = value
            return s

        cases = [
            ("unknown key", with_("listen", "htttp", "127.0.0.1:0"), "listen.htttp"),
            ("unknown section", with_("nosuchsection", "x", 1), "nosuchsection"),
            ("wrong type (string for a number)", with_("model", "poll_interval_seconds", "10"),
             "model.poll_interval_seconds"),
            ("wrong type (string for a flag)", with_("listen", "allow_basic_over_http", "yes"),
             "listen.allow_basic_over_http"),
            ("out of range (0)", with_("model", "poll_interval_seconds", 0), "model.poll_interval_seconds"),
            ("out of range (too many workers)", with_("limits", "workers", 100000), "limits.workers"),
            ("lan without lan_host", with_("bmc", "transport", "lan"), "lan_host"),
            ("unknown transport", with_("bmc", "transport", "serial"), "bmc.transport"),
            ("unknown log level", with_("daemon", "log_level", "loud"), "log"),
        ]
        for name, sections, key in cases:
            with self.subTest(name):
                config = write_config(self.dir, sections, name="bad.toml")
                rc, err, _ = run_to_exit(["serve", "--config", config])
                self.assertEqual(rc, 2, f"exit status; stderr: {err}")
                lines = stderr_lines(err)
                self.assertEqual(len(lines), 1, f"one stderr line: {err!r}")
                self.assertIn(key, lines[0], "the line names the key")
        with self.subTest("TOML syntax error"):
            path = os.path.join(self.dir, "broken.toml")
            write_atomic(path, "[listen]\nhttp = \"127.0.0.1:0\n")
            rc, err, _ = run_to_exit(["serve", "--config", path])
            self.assertEqual(rc, 2, f"exit status; stderr: {err}")
            self.assertEqual(len(stderr_lines(err)), 1, f"one stderr line: {err!r}")
            self.assertIn("broken.toml:2", err, "file and line")


# 2. The first look.
class FirstLookTest(DaemonTest):
    def test_demo_user_curl_and_wslenum_lines(self):
        # The true first look is `serve --sim` with nothing else (127.0.0.1:5985); another
        # port only when something else holds 5985 on this machine.
        args = ["serve", "--sim"]
        expected_port = 5985
        if listening_addresses(5985):
            expected_port = free_port()
            args += ["--listen", f"127.0.0.1:{expected_port}"]
        a = self.agent(args)
        a.wait_for("wslenum", 5)  # the demo lines follow the 'serving' line
        text = a.text()
        self.assertEqual(a.urls, [("http", "127.0.0.1", expected_port)], text)
        m = re.search(r"demo user[^:]*:\s*(\S+)\s*/\s*(\S+)", text)
        self.assertIsNotNone(m, "a demo user and password line:\n" + text)
        user, password = m.groups()
        curl = [x.strip() for x in text.splitlines() if x.strip().startswith("curl ")]
        wslenum = [x.strip() for x in text.splitlines() if "wslenum " in x]
        self.assertEqual(len(curl), 1, "one curl line:\n" + text)
        self.assertEqual(len(wslenum), 1, "one wslenum line:\n" + text)
        self.assertIn(f"{user}:{password}", curl[0])
        self.assertIn(f"127.0.0.1:{expected_port}", curl[0])
        # Only loopback listens on that port.
        self.assertEqual(listening_addresses(expected_port), ["127.0.0.1"], "listeners on the port")
        # The printed curl line, as a user pastes it, with the identify.xml the README means.
        with open(os.path.join(self.dir, "identify.xml"), "w") as f:
            f.write(wh.IDENTIFY)
        r = subprocess.run(["bash", "-c", curl[0]], cwd=self.dir, capture_output=True, text=True, timeout=30,
                           env=clean_env())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("IdentifyResponse", r.stdout, "the curl line's answer: " + r.stdout[:500])
        self.assertIn("ProtocolVersion", r.stdout)
        # The printed wslenum line too, when wsl is installed.
        if shutil.which("wslenum"):
            r = subprocess.run(["bash", "-c", wslenum[0]], cwd=self.dir, capture_output=True, text=True,
                               timeout=60, env=clean_env({"TMPDIR": self.dir}))
            self.assertEqual(r.returncode, 0, r.stdout[-500:] + r.stderr[-500:])
            self.assertIn("CurrentReading", r.stdout, "wslenum lists sensors: " + r.stdout[:500])
        self.assertEqual(self.ask(a, expected_port, user, password + "x").status, 401, "the password matters")
        self.assert_stopped_cleanly(a)

    def test_no_users_off_loopback_is_refused(self):
        port = free_port()
        rc, err, _ = run_to_exit(["serve", "--sim", "--listen", f"0.0.0.0:{port}"])
        self.assertEqual(rc, 2, "plain HTTP on 0.0.0.0: " + err)
        self.assertIn("0.0.0.0", err)
        self.assertEqual(listening_addresses(port), [], "nothing may have listened")


# 3. SIGHUP.
class ReloadTest(DaemonTest):
    def wait_sighup(self, a, since, what="SIGHUP"):
        line = a.wait_for(what, 10, since)
        self.assertIsNotNone(line, f"no log line matching {what!r} after SIGHUP:\n" + a.text())
        return line

    def test_sighup_adds_a_user_and_keeps_connections(self):
        a = self.http_agent(users=("ann",))
        port = a.port()
        keep = connect(port)
        self.assert_ok(self.ask(a, port, "ann", conn=keep), "ann before SIGHUP", a)
        sock, local = keep.sock, keep.sock.getsockname()
        self.assertEqual(self.ask(a, port, "bea").status, 401, "bea is not a user yet")
        # The line an operator makes: `bmcwsman hash-password --user bea --role reader`.
        rc, err, line = run_to_exit(["hash-password", "--user", "bea", "--role", "reader"],
                                    stdin=USERS["bea"][0] + "\n")
        self.assertEqual(rc, 0, err)
        with open(self.users) as f:
            current = f.read()
        write_atomic(self.users, current + line.strip() + "\n")
        mark = a.mark()
        a.signal(signal.SIGHUP)
        self.wait_sighup(a, mark, r"SIGHUP.*users")
        self.assert_ok(self.ask(a, port, "bea"), "bea after SIGHUP (new connection)", a)
        self.assertIsNone(a.proc.poll(), "the agent was not restarted")
        answer = self.ask(a, port, "ann", conn=keep)
        self.assert_ok(answer, "ann on the keep-alive connection opened before SIGHUP", a)
        self.assertIs(keep.sock, sock, "the same socket answered (http.client did not reconnect)")
        self.assertEqual(keep.sock.getsockname(), local)
        self.assert_ok(self.ask(a, port, "bea", conn=keep), "bea on the old connection", a)
        self.assertIs(keep.sock, sock)
        keep.close()
        self.assert_stopped_cleanly(a)

    def test_sighup_with_a_broken_users_file_keeps_the_old_users(self):
        a = self.http_agent(users=("ann", "olav"))
        port = a.port()
        self.assert_ok(self.ask(a, port, "ann"), "ann before", a)
        write_atomic(self.users, "this is not a users line\nann:$6$x:nosuchrole\n")
        mark = a.mark()
        a.signal(signal.SIGHUP)
        line = self.wait_sighup(a, mark, r"SIGHUP")
        self.assertRegex(line, r"error", "logged as an error: " + line)
        self.assertRegex(line, r"not reloaded", line)
        self.assert_ok(self.ask(a, port, "ann"), "ann after the broken reload", a)
        self.assert_ok(self.ask(a, port, "olav"), "olav after the broken reload", a)
        self.assertIsNone(a.proc.poll())
        self.assert_stopped_cleanly(a)

    def tls_agent(self):
        self.cert, self.key, fp = make_certificate(self.dir, "first")
        self.users = users_file(self.dir, ("ann",))
        a = self.agent(["serve", "--sim", "--users", self.users, "--tls-cert", self.cert, "--tls-key", self.key,
                        "--https-listen", "127.0.0.1:0"])
        return a, a.port("https"), fp

    def test_sighup_reloads_the_certificate(self):
        a, port, fp1 = self.tls_agent()
        old = connect(port, tls=True)
        self.assert_ok(self.ask(a, port, "ann", conn=old, tls=True), "HTTPS before SIGHUP", a)
        sock = old.sock
        self.assertEqual(peer_fingerprint(old), fp1, "the first certificate is served")
        new_cert, new_key, fp2 = make_certificate(self.dir, "second")
        self.assertNotEqual(fp1, fp2)
        os.replace(new_key, self.key)
        os.replace(new_cert, self.cert)
        mark = a.mark()
        a.signal(signal.SIGHUP)
        self.wait_sighup(a, mark, r"SIGHUP.*TLS")
        fresh = connect(port, tls=True)
        self.assert_ok(self.ask(a, port, "ann", conn=fresh, tls=True), "HTTPS on a new connection", a)
        self.assertEqual(peer_fingerprint(fresh), fp2, "a new TLS connection sees the new certificate")
        fresh.close()
        self.assert_ok(self.ask(a, port, "ann", conn=old, tls=True), "the old keep-alive TLS connection", a)
        self.assertIs(old.sock, sock, "the same TLS socket answered")
        self.assertEqual(peer_fingerprint(old), fp1, "the old connection keeps its session")
        old.close()
        self.assert_stopped_cleanly(a)

    def test_a_tls_handshake_without_a_request_leaves_the_agent_serving(self):
        # What ssl.get_server_certificate, monitoring probes and port scanners do.
        a, port, fp1 = self.tls_agent()
        for how in ("close", "unwrap"):
            with self.subTest(how):
                s = unverified_context().wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10))
                self.assertEqual(hashlib.sha256(s.getpeercert(binary_form=True)).hexdigest(), fp1)
                if how == "unwrap":
                    s = s.unwrap()
                s.close()
                deadline = time.monotonic() + 1
                while a.proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.1)
                self.assertIsNone(a.proc.poll(), "the agent died (exit status %s):\n%s" % (a.proc.poll(), a.text()))
                self.assertEqual(server_fingerprint(port), fp1, "ssl.get_server_certificate")
                self.assert_ok(self.ask(a, port, "ann", tls=True), "HTTPS after a bare handshake", a)
        self.assert_stopped_cleanly(a)

    def test_sighup_with_a_broken_certificate_keeps_the_old_one(self):
        a, port, fp1 = self.tls_agent()
        write_atomic(self.cert, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
        mark = a.mark()
        a.signal(signal.SIGHUP)
        line = self.wait_sighup(a, mark, r"SIGHUP.*TLS")
        self.assertRegex(line, r"error.*not reloaded", line)
        conn = connect(port, tls=True)
        self.assert_ok(self.ask(a, port, "ann", conn=conn, tls=True), "HTTPS after the broken reload", a)
        self.assertEqual(peer_fingerprint(conn), fp1, "the old certificate is still served")
        conn.close()
        self.assert_stopped_cleanly(a)


# 4. SIGTERM with a slow request in flight.
class StopTest(DaemonTest):
    def test_sigterm_finishes_the_request_in_flight(self):
        # A warm SDR cache (written by the CLI with the fast simulated BMC) so that the slowed
        # agent does not walk the SDR at start-up; each command then takes ~0.1 s.
        cache = os.path.join(self.dir, "sdr-cache")
        os.mkdir(cache)
        rc, err, _ = run_to_exit(["--sim", "sdr", "--sdr-cache-dir", cache], timeout=30)
        self.assertEqual(rc, 0, err)
        a = self.http_agent(["--sdr-cache-dir", cache, "--system-name", SYSTEM, "--poll-interval", "3600"],
                            env={"BMCWSMAN_SIM_DELAY_US": "5000"})
        port = a.port()
        request = invoke_request()
        sent = threading.Event()
        result = {}

        def call():
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=30)
                s.sendall(raw_request(request, auth("olav")))
                result["sent"] = time.monotonic()
                sent.set()
                result["answer"] = wh.read_http_response(s, deadline=30)
                result["answered"] = time.monotonic()
                s.close()
            except Exception as e:  # noqa: BLE001 (reported by the test)
                result["error"] = repr(e)
                result["answered"] = time.monotonic()
                sent.set()

        t = threading.Thread(target=call, daemon=True)
        t.start()
        self.assertTrue(sent.wait(10), "the request was not sent")
        time.sleep(0.2)  # the agent has read it and is talking to the slow BMC
        in_flight = "answered" not in result
        term = time.monotonic()
        a.signal(signal.SIGTERM)
        stopping = a.wait_for("SIGTERM", 5)
        # New connections while stopping (the in-flight request still running): not at the
        # instant of the log line, which the agent writes just before it stops accepting.
        time.sleep(0.3)
        probe = None
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2)
            try:
                s.sendall(raw_request(wh.IDENTIFY, auth("olav")))
                st, _, _, _ = wh.read_http_response(s, deadline=2)
                probe = f"accepted and answered HTTP {st}"
            except (OSError, ConnectionError) as e:
                probe = f"accepted (not refused), then {e!r}"
            finally:
                s.close()
        except ConnectionRefusedError:
            probe = "refused"
        except OSError as e:
            probe = f"connect failed with {e!r}"
        probe_in_flight = "answered" not in result
        t.join(30)
        try:
            rc = a.proc.wait(max(0.1, term + 20 - time.monotonic()))
        except subprocess.TimeoutExpired:
            rc = "still running 20 s after SIGTERM"
        elapsed = time.monotonic() - term
        log = a.text()
        self.assertTrue(in_flight, "the request was answered before SIGTERM: the test proves nothing\n" + log)
        self.assertIsNotNone(stopping, "no SIGTERM log line:\n" + log)
        self.assertNotIn("error", result, f"the in-flight request got no complete answer: {result}\n{log}")
        status_code, headers, body, _ = result["answer"]
        answer = wh.Answer(status_code, None, body)
        if status_code == 200:
            root = wh.check_ok(self, answer, request)
            out = root.find("s:Body/{%s}RequestPowerStateChange_OUTPUT" % POWER_URI, wh.NS)
            self.assertIsNotNone(out, answer.body[:600])
        else:
            wh.check_fault(self, status_code, headers.get("content-type"), body,
                           ["wsman:TimedOut", "wsa:EndpointUnavailable", "wsman:InternalError"],
                           message_id=request.message_id, relates="if-present")
        self.assertGreater(result["answered"], term, "answered after SIGTERM")
        self.assertEqual(rc, 0, f"exit status after SIGTERM ({elapsed:.1f} s):\n{log}")
        self.assertLess(elapsed, 20)
        self.assertEqual(probe, "refused",
                         f"a new connection 0.3 s after SIGTERM (invoke still in flight: {probe_in_flight}) was {probe}; "
                         f"stderr:\n{log}")
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()


# 5. The log.
class LoggingTest(DaemonTest):
    def test_authentication_failure_is_logged_without_the_password(self):
        a = self.http_agent()
        secret = "Wr0ng-Secret-Pw"
        mark = a.mark()
        self.assertEqual(self.ask(a, a.port(), "ann", secret).status, 401)
        line = a.wait_for("authentication failed", 10, mark)
        self.assertIsNotNone(line, "no 'authentication failed' line:\n" + a.text())
        self.assertIn("ann", line)
        self.assertIn("127.0.0.1", line)
        self.assert_stopped_cleanly(a)
        text = a.text()
        self.assertNotIn(secret, text, "the password is never logged")
        self.assertNotIn(base64.b64encode(f"ann:{secret}".encode()).decode(), text)

    def test_invoke_is_logged_with_method_user_and_source(self):
        a = self.http_agent(["--system-name", SYSTEM])
        mark = a.mark()
        client_invoke(self, a.port())
        line = a.wait_for("RequestPowerStateChange", 10, mark)
        self.assertIsNotNone(line, "no line naming the method:\n" + a.text())
        self.assertIn("olav", line)
        self.assertIn("127.0.0.1", line)
        self.assertNotIn(USERS["olav"][0], a.text())
        self.assert_stopped_cleanly(a)

    def test_control_characters_in_a_user_name_cannot_forge_lines(self):
        a = self.http_agent()
        port = a.port()
        # No colon in them: Basic ends the user name at the first one.
        names = ["evil\nbmcwsman error FORGED-1", "evil\r\n<3>FORGED-2 journald level prefix",
                 "evil\rFORGED-3", "evil\x1b[2K\x1b[1GFORGED-4", "evil\x0bFORGED-5\x7f", "evil\x00FORGED-6"]
        for name in names:
            with self.subTest(repr(name)):
                mark = a.mark()
                self.assertEqual(self.ask(a, port, name, "pw").status, 401)
                line = a.wait_for("authentication failed", 10, mark)
                self.assertIsNotNone(line, "no 'authentication failed' line:\n" + a.text())
                self.assert_ok(self.ask(a, port, "ann"), "a success (clears the failure delay)", a)
                time.sleep(0.1)
                with a.cond:
                    new = a.lines[mark:]
                self.assertEqual(len(new), 1, f"exactly one new line: {new!r}")
                self.assertIn("FORGED", new[0], "the name is in the one line")
                self.assertTrue(new[0].startswith("bmcwsman: "), repr(new[0]))
                self.assertNotRegex(new[0].rstrip("\n"), r"[\x00-\x1f\x7f]", "no control characters left")
        self.assert_stopped_cleanly(a)

    def test_log_level_error_suppresses_notices_and_warnings(self):
        a = self.http_agent(["--log-level", "error", "--system-name", SYSTEM])
        port = a.port()
        self.assertEqual(self.ask(a, port, "ann", "wrong").status, 401)
        client_invoke(self, port)
        a.signal(signal.SIGHUP)  # a notice ("users reloaded")
        time.sleep(0.5)
        self.assert_stopped_cleanly(a)
        text = a.text()
        for word in ("authentication failed", "RequestPowerStateChange", "warning:", "notice:", "info:",
                     "running as root", "reloaded"):
            self.assertNotIn(word, text, "--log-level error keeps it out")


# 6. bmcwsman status.
class StatusTest(DaemonTest):
    def test_status_reports_the_agent(self):
        sock = os.path.join(self.dir, "status.sock")
        a = self.http_agent(["--status-socket", sock, "--poll-interval", "1"])
        port = a.port()
        deadline = time.monotonic() + 15
        rc, err, out = status(sock)
        while rc != 0 and time.monotonic() < deadline:
            time.sleep(0.3)
            rc, err, out = status(sock)
        self.assertEqual(rc, 0, f"status --json: {err}\n{a.text()}")
        j = json.loads(out)
        self.assertIs(j["bmc_reachable"], True)
        self.assertIn("sim", j["transport"])
        self.assertEqual(j["pid"], a.pid)
        urls = [x["url"] for x in j["listeners"]]
        self.assertEqual(urls, [f"http://127.0.0.1:{port}/wsman"])
        before = j["listeners"][0]["requests"]
        for _ in range(3):
            self.assert_ok(self.ask(a, port, "ann"), "Identify", a)
        after = json.loads(status(sock)[2])["listeners"][0]["requests"]
        self.assertGreaterEqual(after, before + 3, "request count grows")
        rc, err, text = status(sock, json_flag=False)
        self.assertEqual(rc, 0, err)
        self.assertIn(f"http://127.0.0.1:{port}/wsman", text)
        self.assertRegex(text, r"\d+ requests")
        self.assert_stopped_cleanly(a)
        self.assertFalse(os.path.exists(sock), "the socket is removed at exit")

    def test_status_without_an_agent(self):
        missing = os.path.join(self.dir, "nothing.sock")
        stale = os.path.join(self.dir, "stale.sock")
        s = socket.socket(socket.AF_UNIX)
        s.bind(stale)
        s.close()  # a socket file nobody listens on (an agent that died)
        for path in (missing, stale):
            for json_flag in (True, False):
                with self.subTest(path=os.path.basename(path), json=json_flag):
                    rc, err, out = status(path, json_flag)
                    self.assertEqual(rc, 1, err)
                    lines = stderr_lines(err)
                    self.assertEqual(len(lines), 1, f"one stderr line: {err!r}")
                    self.assertIn(path, lines[0])
                    self.assertEqual(out.strip(), "", "nothing on stdout")


# 7. The privilege drop.
@unittest.skipUnless(os.geteuid() == 0, "needs root")
class PrivilegeTest(DaemonTest):
    def test_run_as_nobody(self):
        nobody = pwd.getpwnam("nobody")
        sock = os.path.join(self.dir, "status.sock")
        a = self.http_agent(["--run-as", "nobody", "--status-socket", sock])
        with open(f"/proc/{a.pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f.read().splitlines() if ":" in line)
        self.assertEqual(nobody.pw_uid, 65534)
        self.assertEqual(fields["Uid"].split(), [str(nobody.pw_uid)] * 4, "real, effective, saved, fs uid")
        self.assertEqual(fields["Gid"].split(), [str(nobody.pw_gid)] * 4)
        self.assertEqual(fields["Groups"].split(), [str(nobody.pw_gid)], "supplementary groups")
        self.assertEqual(int(fields["CapEff"], 16), 0, "CapEff")
        self.assertEqual(int(fields["CapPrm"], 16), 0, "CapPrm")
        self.assertEqual(fields["NoNewPrivs"].strip(), "1")
        for task in os.listdir(f"/proc/{a.pid}/task"):
            with open(f"/proc/{a.pid}/task/{task}/status") as f:
                uid = re.search(r"^Uid:\s*(.*)$", f.read(), re.M).group(1).split()
            self.assertEqual(uid, [str(nobody.pw_uid)] * 4, f"thread {task}")
        self.assert_ok(self.ask(a, a.port(), "ann"), "serving as nobody", a)
        self.assertEqual(os.stat(sock).st_uid, nobody.pw_uid, "the status socket belongs to nobody")
        rc, err, out = status(sock)
        self.assertEqual(rc, 0, err)
        self.assertRegex(a.text(), r"running as nobody")
        self.assert_stopped_cleanly(a)

    def test_run_as_an_unknown_user(self):
        users = users_file(self.dir)
        rc, err, _ = run_to_exit(["serve", "--sim", "--users", users, "--allow-basic-over-http", "--listen",
                                  "127.0.0.1:0", "--run-as", "no-such-user-xyz"])
        self.assertEqual(rc, 1, err)
        self.assertIn("no-such-user-xyz", err)
        self.assertNotIn("serving WS-Management", err, "nothing served before the drop failed")


# 8. Bad command lines.
class CommandLineTest(DaemonTest):
    def test_bad_command_lines(self):
        users = users_file(self.dir)
        cert, key, _ = make_certificate(self.dir, "cert")
        http = ["--allow-basic-over-http", "--listen", "127.0.0.1:0"]
        cases = [
            ("--tls-cert without --tls-key", ["--sim", "--users", users, "--tls-cert", cert], "--tls-key"),
            ("--tls-key without --tls-cert", ["--sim", "--users", users, "--tls-key", key], "--tls-cert"),
            ("--tls-client-ca without HTTPS", ["--sim", "--users", users, *http, "--tls-client-ca", cert],
             "--tls-client-ca"),
            ("no users and no --sim", http, "--users"),
            ("plain HTTP off loopback with users", ["--sim", "--users", users, "--allow-basic-over-http",
                                                    "--listen", "192.0.2.1:5985"], "192.0.2.1"),
            ("bad --listen", ["--sim", "--users", users, "--allow-basic-over-http", "--listen", "nonsense"],
             "--listen"),
            ("unknown flag", ["--sim", "--users", users, *http, "--no-such-flag"], "--no-such-flag"),
            ("bad --log-level", ["--sim", "--users", users, *http, "--log-level", "loud"], "--log-level"),
        ]
        for name, args, word in cases:
            with self.subTest(name):
                rc, err, _ = run_to_exit(["serve", *args])
                self.assertEqual(rc, 2, f"exit status; stderr: {err}")
                self.assertIn(word, err, "the message names it")
                self.assertNotIn("serving WS-Management", err)


# ---------------------------------------------------------------------------------------------

def setUpModule():
    for user, (password, role) in USERS.items():
        r = subprocess.run([BMCWSMAN, "hash-password", "--user", user, "--role", role], input=password + "\n",
                           capture_output=True, text=True, timeout=30)
        if r.returncode != 0 or not r.stdout.startswith(user + ":"):
            raise RuntimeError(f"hash-password --user {user}: {r.returncode} {r.stderr}")
        LINES[user] = r.stdout.strip()


def kill_all():
    for a in AGENTS:
        try:
            a.kill()
        except Exception:  # noqa: BLE001
            pass


def main():
    global BMCWSMAN, TMP
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    TMP = tempfile.mkdtemp(prefix="bmcwsman-daemon-")
    os.chmod(TMP, 0o755)

    def watchdog():
        print(f"\nwatchdog: the run took longer than {LIMIT_SECONDS} s; stacks:", file=sys.stderr)
        faulthandler.dump_traceback(file=sys.stderr)
        kill_all()
        os._exit(2)

    timer = threading.Timer(LIMIT_SECONDS, watchdog)
    timer.daemon = True
    timer.start()
    try:
        result = unittest.main(module="__main__", argv=sys.argv, verbosity=2, exit=False).result
    finally:
        kill_all()
        timer.cancel()
        shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
