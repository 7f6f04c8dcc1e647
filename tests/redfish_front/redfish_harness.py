"""Shared by the Redfish tests: `bmcwsman serve --lan` against the ipmi_sim that
with_ipmi_sim.py started, with an HTTPS listener (a self-signed certificate for 127.0.0.1)
and loopback HTTP, three users (reader, operator, admin); Redfish requests over either;
FreeIPMI's view of the same BMC."""
import base64
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "agent"))
import sdr_quirks_test as quirks  # noqa: E402  (lan_args: the LAN options for ipmi_sim)

ENV = os.environ
USERS = {"ann": ("reader-pw", "reader"), "olav": ("operator-pw", "operator"), "ada": ("admin-pw", "admin")}
THRESHOLD_COLUMNS = ("LowerFatal", "LowerCritical", "LowerCaution", "UpperCaution", "UpperCritical", "UpperFatal")
INSECURE = ssl.create_default_context()
INSECURE.check_hostname = False
INSECURE.verify_mode = ssl.CERT_NONE


NO_SDR = ("ipmi-chassis", "bmc-info")  # tools without SDR cache options


def freeipmi(tool, *args):
    """stdout of a FreeIPMI tool against the ipmi_sim over LAN."""
    host, port = ENV["BMCWSMAN_TEST_LAN_HOST"].split(":")
    cache = tempfile.mkdtemp(prefix="bmcwsman-rf-fi-")
    try:
        return subprocess.run([tool, "-h", f"{host}:{port}", "-u", ENV["BMCWSMAN_TEST_LAN_USER"], "-p",
                               ENV["BMCWSMAN_TEST_LAN_PASSWORD"], "-l", "ADMIN", "-D", "LAN_2_0", "-W", "opensesspriv",
                               *([] if tool in NO_SDR else [f"--sdr-cache-directory={cache}", "--quiet-cache"]), *args],
                              capture_output=True, text=True, timeout=120, check=True).stdout
    finally:
        shutil.rmtree(cache)


def freeipmi_sensors():
    """{name: {"type", "state", "reading", "unit", "thresholds": {Redfish name: text}}} from ipmi-sensors."""
    out = freeipmi("ipmi-sensors", "--shared-sensors", "--no-header-output", "--comma-separated-output",
                   "--output-sensor-thresholds", "--output-sensor-state")
    sensors = {}
    for line in out.splitlines():
        f = line.split(",")
        # ID,Name,Type,State,Reading,Units,Lower NR,Lower C,Lower NC,Upper NC,Upper C,Upper NR,Event
        sensors[f[1]] = {"id": int(f[0]), "type": f[2], "state": f[3], "reading": f[4], "unit": f[5],
                         "thresholds": dict(zip(THRESHOLD_COLUMNS, f[6:12]))}
    return sensors


def chassis_power_on():
    out = freeipmi("ipmi-chassis", "--get-chassis-status")
    m = re.search(r"^System Power\s*:\s*(\w+)", out, re.M)
    return m.group(1) == "on"


class Agent(quirks.Agent):
    """`bmcwsman serve` over LAN with HTTPS and loopback HTTP on ports the kernel picks (its
    stop() is sdr_quirks_test's)."""

    def __init__(self, bmcwsman, extra=(), basic_over_http=True):
        self.dir = tempfile.mkdtemp(prefix="bmcwsman-redfish-")
        password_file = os.path.join(self.dir, "lan-password")
        with open(password_file, "w") as f:
            f.write(ENV["BMCWSMAN_TEST_LAN_PASSWORD"] + "\n")
        os.chmod(password_file, 0o600)
        lines = [subprocess.run([bmcwsman, "hash-password", "--user", name, "--role", role], input=pw + "\n",
                                capture_output=True, text=True, timeout=30, check=True).stdout.strip()
                 for name, (pw, role) in USERS.items()]
        users = os.path.join(self.dir, "users")
        with open(users, "w") as f:
            f.write("\n".join(lines) + "\n")
        cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key,
                        "-out", cert], capture_output=True, check=True, timeout=30)
        no_smbios = os.path.join(self.dir, "no-smbios")
        os.makedirs(no_smbios)
        args = [bmcwsman, "serve", *quirks.lan_args(), "--password-file", password_file, "--smbios-dir", no_smbios,
                "--users", users, "--listen", "127.0.0.1:0", *(["--allow-basic-over-http"] if basic_over_http else []),
                "--tls-cert", cert,
                "--tls-key", key, "--https-listen", "127.0.0.1:0", "--max-reading-age", "600", *extra]
        self.log = []
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        ready = threading.Event()

        def drain():
            for text in self.proc.stderr:
                self.log.append(text)
                if len(re.findall(r"serving WS-Management on", "".join(self.log))) >= 2:
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        ready.wait(90)
        text = "".join(self.log)
        http = re.search(r"serving WS-Management on http://127\.0\.0\.1:(\d+)/", text)
        https = re.search(r"serving WS-Management on https://127\.0\.0\.1:(\d+)/", text)
        if not http or not https:
            self.stop()
            raise RuntimeError("the agent did not start: " + text[-3000:])
        self.port, self.tls_port = int(http.group(1)), int(https.group(1))
        self.cert = cert

    def base(self, tls=True):
        return f"https://127.0.0.1:{self.tls_port}" if tls else f"http://127.0.0.1:{self.port}"


def basic(user):
    return "Basic " + base64.b64encode(f"{user}:{USERS[user][0]}".encode()).decode()


class Reply:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.text = status, headers, body

    def json(self):
        return json.loads(self.text)


def call(agent, method, path, body=None, user="ann", token=None, headers=None, tls=True, raw=None, timeout=60):
    """One request; `user` None sends no credentials, `raw` a body as given (bytes)."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(agent.base(tls) + path, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if user:
        req.add_header("Authorization", basic(user))
    if token:
        req.add_header("X-Auth-Token", token)
    try:
        with urllib.request.urlopen(req, timeout=timeout, context=INSECURE if tls else None) as r:
            return Reply(r.status, r.headers, r.read().decode())
    except urllib.error.HTTPError as e:
        return Reply(e.code, e.headers, e.read().decode())


def get(agent, path, **kw):
    r = call(agent, "GET", path, **kw)
    if r.status != 200:
        raise AssertionError(f"GET {path}: {r.status} {r.text[:500]}")
    return r.json()


def walk(agent, user="ada"):
    """Every resource the service links to from the root: {path: body} (JSON-pointer members and
    action targets excluded)."""
    seen, queue = {}, ["/redfish/v1/"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        body = get(agent, path, user=user)
        seen[path] = body

        def links(node):
            if isinstance(node, dict):
                for k, v in node.items():
                    if k == "@odata.id" and isinstance(v, str) and "#" not in v and v != path:
                        yield v
                    elif k not in ("Actions",):
                        yield from links(v)
            elif isinstance(node, list):
                for item in node:
                    yield from links(item)

        for link in links(body):
            if link not in seen:
                queue.append(link)
    return seen
