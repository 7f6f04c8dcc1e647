#!/usr/bin/env python3
"""Issue 20: the .deb in a clean Debian 12 root, as an operator uses it, every step checked.

    deb_install_test.py PATH/TO/bmcwsman_VERSION_ARCH.deb [OTHER.deb ...]

The first .deb is the agent's; the others (bmcwsman-client, libwsman-client0) are installed
with it, and bmcwsman-client then enumerates the agent from inside the root.

A minimal bookworm root is made with mmdebstrap (variant apt, from this machine's apt
sources), then inside it with chroot:
  install   apt-get install of the .deb: the user bmcwsman exists, /etc/bmcwsman/users is an
            empty file mode 0640 root:bmcwsman, bmcwsman.toml is a conffile, the unit is
            installed but not enabled, nothing listens;
  start     a certificate in /etc/bmcwsman/tls, a users line from `bmcwsman hash-password`,
            the conffile edited (HTTPS on a free loopback port, [bmc] transport "sim"); the
            agent started as the unit's ExecStart says; inside the root the packaged
            bmcwsman-client sends an Identify and an Enumerate of CIM_NumericSensor over HTTPS
            with Basic, the certificate verified (the 32 numeric sensors of the simulated BMC,
            JSON lines); SIGTERM stops it with status 0;
  upgrade   to the same package repacked with a higher version: the edited conffile and the
            users file are unchanged, the agent starts and answers again;
  remove    binaries gone, configuration kept;
  purge     the package's files in /etc and /var/cache gone, the operator's own
            certificate left.
The chroot shares this machine's network namespace (loopback only is used). Needs root,
mmdebstrap and network access to the Debian mirror apt uses here.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SOURCES = "/etc/apt/sources.list.d/debian.sources"
STEP_TIMEOUT = 300
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


def run(cmd, timeout=STEP_TIMEOUT, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Root:
    def __init__(self, base):
        self.path = os.path.join(base, "rootfs")
        self.mounted = []

    def make(self):
        sources = SOURCES if os.path.exists(SOURCES) else "bookworm"
        r = run(["mmdebstrap", "--mode=root", "--variant=apt", "bookworm", self.path, sources], timeout=900)
        if r.returncode != 0:
            raise RuntimeError("mmdebstrap failed:\n" + r.stderr[-3000:])
        run(["mount", "-t", "proc", "proc", os.path.join(self.path, "proc")])
        self.mounted.append(os.path.join(self.path, "proc"))

    def sh(self, script, timeout=STEP_TIMEOUT):
        return run(["chroot", self.path, "/bin/sh", "-ec", script], timeout=timeout,
                   env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive",
                        "LC_ALL": "C.UTF-8"})

    def file(self, rel):
        return os.path.join(self.path, rel.lstrip("/"))

    def stage(self, *files):
        """Copies files into a directory made for them in the root; their paths as the root
        sees them."""
        d = tempfile.mkdtemp(prefix="debs-", dir=self.path)
        inside = "/" + os.path.relpath(d, self.path)
        for f in files:
            shutil.copy(f, d)
        return [f"{inside}/{os.path.basename(f)}" for f in files]

    def close(self):
        for m in reversed(self.mounted):
            run(["umount", "-l", m])
        with open("/proc/mounts") as f:
            still = [line for line in f if f" {self.path}/" in line or f" {self.path} " in line]
        if still:  # never delete through a mount point
            print("not removing the root: still mounted:\n" + "".join(still))
            return False
        return True


def identify_and_enumerate(root, label, port, password):
    """Identify and an Enumerate of CIM_NumericSensor over HTTPS (certificate verified) with the
    packaged bmcwsman-client inside the root: the package's client is what is checked, no
    envelope is written here."""
    client = (f"WSMAN_PASS='{password}' bmcwsman-client -r https://localhost:{port}/wsman -u ann "
              "--cacert /etc/bmcwsman/tls/cert.pem --timeout 20000")
    r = root.sh(f"{client} identify --format json")
    try:
        vendor = json.loads(r.stdout)["IdentifyResponse"]["ProductVendor"]
    except (ValueError, KeyError, TypeError):
        vendor = None
    check(r.returncode == 0 and vendor == "bmcwsman project",
          f"{label}: the packaged bmcwsman-client's Identify over verified HTTPS: ProductVendor {vendor!r} "
          f"(exit {r.returncode}, {r.stderr.strip()[-300:]})")
    r = root.sh(f"{client} enumerate CIM_NumericSensor --json")
    lines = [x for x in r.stdout.splitlines() if x.startswith("{")]
    classes = {json.loads(x).get("class") for x in lines}
    check(r.returncode == 0 and len(lines) == 32 and classes == {"CIM_NumericSensor"},
          f"{label}: the packaged bmcwsman-client enumerates 32 CIM_NumericSensor over verified HTTPS "
          f"({len(lines)} lines, exit {r.returncode}, {r.stderr.strip()[-300:]})")


def start_agent(root, label):
    """The agent as the installed unit starts it (its ExecStart), in the root, with the
    directories systemd would make for the unit's RuntimeDirectory= and CacheDirectory=."""
    with open(root.file("/lib/systemd/system/bmcwsman.service")) as f:
        unit = f.read()
    exec_start = re.search(r"^ExecStart=(.+)$", unit, re.M).group(1).split()
    for key, parent in (("RuntimeDirectory", "/run"), ("CacheDirectory", "/var/cache")):
        name = re.search(rf"^{key}=(\S+)$", unit, re.M).group(1)
        mode = re.search(rf"^{key}Mode=(\S+)$", unit, re.M).group(1)
        root.sh(f"install -d -m {mode} -o bmcwsman -g bmcwsman {parent}/{name}")
    proc = subprocess.Popen(["chroot", root.path, *exec_start], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines, ready = [], threading.Event()

    def drain():
        for line in proc.stderr:
            lines.append(line)
            if "serving WS-Management" in line:
                ready.set()
        ready.set()

    threading.Thread(target=drain, daemon=True).start()
    ready.wait(60)
    check(proc.poll() is None and any("serving WS-Management" in x for x in lines),
          f"{label}: `{' '.join(exec_start)}` serves ({''.join(lines)[-600:].strip()})")
    return proc, lines


def stop_agent(proc, lines, label):
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait(10)
    check(rc == 0, f"{label}: SIGTERM stops the agent with status 0 (got {rc}; {''.join(lines)[-300:].strip()})")


def repack(deb, work):
    """The same package with a higher version (an upgrade as dpkg sees one)."""
    tree = os.path.join(work, "repack")
    run(["dpkg-deb", "-R", deb, tree], timeout=120)
    control = os.path.join(tree, "DEBIAN", "control")
    with open(control) as f:
        text = f.read()
    old = re.search(r"^Version: (\S+)$", text, re.M).group(1)
    new = old + "+upgradetest1"
    with open(control, "w") as f:
        f.write(text.replace(f"Version: {old}", f"Version: {new}"))
    out = os.path.join(work, f"bmcwsman_{new}.deb")
    r = run(["dpkg-deb", "--root-owner-group", "-b", tree, out], timeout=300)
    if r.returncode != 0:
        raise RuntimeError("dpkg-deb -b failed: " + r.stderr)
    return out, new


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    deb = os.path.abspath(sys.argv[1])
    others = [os.path.abspath(x) for x in sys.argv[2:]]
    if os.geteuid() != 0 or not shutil.which("mmdebstrap"):
        print("FAIL: needs root and mmdebstrap")
        return 1
    if not any(os.path.basename(x).startswith("bmcwsman-client_") for x in others):
        print("FAIL: the bmcwsman-client .deb is needed too (the agent is checked through it)")
        return 1
    base = tempfile.mkdtemp(prefix="bmcwsman-deb-")
    root = Root(base)
    agent = None
    t0 = time.monotonic()
    try:
        root.make()
        print(f"clean bookworm root in {time.monotonic() - t0:.0f} s", flush=True)
        debs = root.stage(deb, *others)

        # -- install ---------------------------------------------------------------------------
        r = root.sh("apt-get update -q && apt-get install -y -q " + " ".join(debs), timeout=600)
        check(r.returncode == 0, "install: apt-get install of the .deb with its dependencies "
                                 f"({r.stderr.strip()[-400:]})")
        r = root.sh("getent passwd bmcwsman; stat -c '%a %U:%G %s' /etc/bmcwsman/users; "
                    "grep -c /etc/bmcwsman/bmcwsman.toml /var/lib/dpkg/info/bmcwsman.conffiles")
        lines = r.stdout.splitlines()
        check(r.returncode == 0 and lines[0].startswith("bmcwsman:"), f"install: the user bmcwsman ({r.stdout!r})")
        check(len(lines) > 1 and lines[1] == "640 root:bmcwsman 0",
              f"install: /etc/bmcwsman/users empty, 0640 root:bmcwsman ({lines[1:2]})")
        check(len(lines) > 2 and lines[2] == "1", "install: bmcwsman.toml is a conffile")
        check(os.path.exists(root.file("/lib/systemd/system/bmcwsman.service")) and
              not os.path.lexists(root.file("/etc/systemd/system/multi-user.target.wants/bmcwsman.service")),
              "install: the unit is installed and not enabled (no listener until configured)")

        # -- configure and start -----------------------------------------------------------------
        port = free_port()
        password = "deb-install-test-pw"
        tls = root.file("/etc/bmcwsman/tls")
        os.makedirs(tls)
        cert = os.path.join(tls, "cert.pem")
        r = run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                 "-addext", "subjectAltName=DNS:localhost", "-keyout", os.path.join(tls, "key.pem"), "-out", cert])
        check(r.returncode == 0, "start: a certificate for localhost")
        r = root.sh(f"chgrp bmcwsman /etc/bmcwsman/tls/key.pem; chmod 0640 /etc/bmcwsman/tls/key.pem; "
                    f"echo '{password}' | bmcwsman hash-password --user ann --role reader >> /etc/bmcwsman/users; "
                    f"sed -i -e 's|^https = .*|https = \"127.0.0.1:{port}\"|' "
                    f"-e 's|^transport = \"auto\"|transport = \"sim\"|' /etc/bmcwsman/bmcwsman.toml; "
                    f"grep -c '^ann:' /etc/bmcwsman/users; grep -c '127.0.0.1:{port}' /etc/bmcwsman/bmcwsman.toml")
        check(r.returncode == 0 and r.stdout.split() == ["1", "1"],
              f"start: users line and configuration written ({r.stdout!r} {r.stderr.strip()[-300:]})")
        before = root.sh("md5sum /etc/bmcwsman/users /etc/bmcwsman/bmcwsman.toml").stdout
        agent, log = start_agent(root, "start")
        identify_and_enumerate(root, "start", port, password)
        stop_agent(agent, log, "start")
        agent = None

        # -- upgrade -----------------------------------------------------------------------------
        newer, version = repack(deb, base)
        r = root.sh(f"apt-get install -y -q {root.stage(newer)[0]}; dpkg-query -W -f '${{Version}}' bmcwsman",
                    timeout=600)
        check(r.returncode == 0 and r.stdout.strip().endswith(version),
              f"upgrade: to {version} ({r.stdout.strip()[-80:]} {r.stderr.strip()[-300:]})")
        after = root.sh("md5sum /etc/bmcwsman/users /etc/bmcwsman/bmcwsman.toml").stdout
        check(before == after and before, "upgrade: the edited configuration and the users file are unchanged")
        agent, log = start_agent(root, "upgrade")
        identify_and_enumerate(root, "upgrade", port, password)
        stop_agent(agent, log, "upgrade")
        agent = None

        # -- remove, purge ---------------------------------------------------------------------
        r = root.sh("apt-get remove -y -q bmcwsman")
        check(r.returncode == 0 and not os.path.exists(root.file("/usr/bin/bmcwsman")) and
              os.path.exists(root.file("/etc/bmcwsman/bmcwsman.toml")) and
              os.path.exists(root.file("/etc/bmcwsman/users")),
              "remove: binaries gone, configuration and users kept")
        r = root.sh("dpkg --purge bmcwsman")
        check(r.returncode == 0 and not os.path.exists(root.file("/etc/bmcwsman/bmcwsman.toml")) and
              not os.path.exists(root.file("/etc/bmcwsman/users")) and
              not os.path.exists(root.file("/var/cache/bmcwsman")) and
              not os.path.exists(root.file("/lib/systemd/system/bmcwsman.service")),
              f"purge: configuration, users file, cache and unit gone ({r.stderr.strip()[-300:]})")
        check(os.path.exists(cert), "purge: the operator's own certificate is left")
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
        check(False, f"the run: {e}")
    finally:
        if agent is not None and agent.poll() is None:
            agent.kill()
        if root.close():
            shutil.rmtree(base, ignore_errors=True)
    print(f"total {time.monotonic() - t0:.0f} s")
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
