#!/usr/bin/env python3
"""What `meson install` installs for the daemon (dist/meson.build).

Usage: install_test.py BUILD_DIR

Runs `meson install -C BUILD_DIR --destdir TMP --no-rebuild` and checks, under TMP: both
binaries, the systemd unit (ExecStart is the installed bmcwsman with `serve --config` and the
installed configuration; the sandboxing settings), the configuration (parses with tomllib,
holds every key), the man page (names every serve option the configuration mentions) and
the sysusers.d entry. Where each file goes comes from `meson introspect --installed`, so
any prefix works.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unittest

BUILD = ""
DEST = ""
INSTALLED = {}  # install path (absolute, no destdir) -> True, from meson introspect

# Every key of dist/bmcwsman.toml.in: the configuration the daemon reads.
CONFIG_KEYS = {
    "listen": ["https", "http", "allow_basic_over_http"],
    "tls": ["certificate", "key", "client_ca", "ciphers", "ciphersuites", "min_version"],
    "auth": ["users_file"],
    "bmc": ["transport", "kcs", "ssif", "bt", "openipmi_device", "lan_host", "lan_user", "lan_password_file",
            "lan_privilege", "lan_cipher_suite", "lan_workarounds", "timeout_ms", "sdr_cache_dir",
            "system_name", "raw_ipmi"],
    "model": ["poll_interval_seconds", "max_reading_age_seconds", "sel_poll_interval_ms"],
    "limits": ["workers", "max_connections", "max_connections_per_source", "max_header_bytes", "max_body_bytes",
               "header_timeout_seconds", "read_timeout_seconds", "send_timeout_seconds", "idle_timeout_seconds",
               "max_requests_per_connection"],
    "daemon": ["user", "log_level", "status_socket", "state_dir"],
    "sel_archive": ["max_mib", "hard_max_mib", "sync"],
    "eventing": ["max_subscriptions", "max_subscriptions_per_user", "notify_allow", "sink_ca_file",
                 "sink_client_cert", "sink_client_key"],
    "metrics": ["anonymous_loopback", "max_targets", "target_idle_seconds", "scrape_timeout_seconds"],
}

# Every option of `bmcwsman serve` that stands for a configuration key.
SERVE_OPTIONS = [
    "--config", "--https-listen", "--listen", "--allow-basic-over-http", "--tls-cert", "--tls-key",
    "--tls-client-ca", "--users", "--kcs", "--ssif", "--bt", "--openipmi", "--lan", "--sim", "--user", "--password-file",
    "--privilege", "--cipher-suite", "--lan-workarounds", "--timeout", "--sdr-cache-dir",
    "--system-name", "--raw-ipmi", "--poll-interval", "--max-reading-age", "--workers",
    "--max-connections", "--max-connections-per-source", "--header-timeout", "--read-timeout", "--idle-timeout",
    "--tls-min-version", "--run-as", "--log-level", "--status-socket", "--metrics-anonymous-loopback",
    "--metrics-max-targets", "--metrics-target-idle", "--metrics-scrape-timeout", "--state-dir",
    "--sel-archive-max-mib", "--sel-archive-hard-max-mib", "--sel-archive-sync", "--max-subscriptions", "--max-subscriptions-per-user",
    "--notify-allow", "--sink-ca-file", "--sink-client-cert", "--sink-client-key", "--sel-poll-interval",
]

UNIT_SETTINGS = {
    "Type": "exec",
    "ExecReload": "/bin/kill -HUP $MAINPID",
    "Restart": "on-failure",
    "KillSignal": "SIGTERM",
    "TimeoutStopSec": "30",
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "ProtectKernelTunables": "yes",
    "ProtectKernelModules": "yes",
    "ProtectControlGroups": "yes",
    "ProtectKernelLogs": "yes",
    "ProtectClock": "yes",
    "ProtectHostname": "yes",
    "RestrictNamespaces": "yes",
    "LockPersonality": "yes",
    "MemoryDenyWriteExecute": "yes",
    "RestrictRealtime": "yes",
    "RestrictSUIDSGID": "yes",
    "SystemCallArchitectures": "native",
    "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
    "CacheDirectory": "bmcwsman",
    "RuntimeDirectory": "bmcwsman",
    # /var/lib/bmcwsman: the SEL archive (state_dir), writable under ProtectSystem=strict.
    "StateDirectory": "bmcwsman",
    # CAP_CHOWN: the daemon gives its cache directory and status socket to its user first.
    "CapabilityBoundingSet": "CAP_SYS_RAWIO CAP_NET_BIND_SERVICE CAP_SETUID CAP_SETGID CAP_CHOWN",
    "DevicePolicy": "closed",
}


def meson():
    m = shutil.which("meson")
    return [m] if m else [sys.executable, "-m", "mesonbuild.mesonmain"]


def installed_path(suffix):
    """The one install path ending in `suffix` (from introspection), without the destdir."""
    hits = [p for p in INSTALLED if p.endswith(suffix)]
    if len(hits) != 1:
        raise AssertionError(f"expected one installed file ending in {suffix}, got {hits}")
    return hits[0]


def in_dest(path):
    return os.path.join(DEST, path.lstrip("/"))


def read(suffix):
    with open(in_dest(installed_path(suffix)), encoding="utf-8") as f:
        return f.read()


def unit_settings(text):
    """[Service] and [Unit] lines as (key, value) pairs, comments dropped, in order."""
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        key, sep, value = line.partition("=")
        if sep:
            pairs.append((key.strip(), value.strip()))
    return pairs


class InstallTest(unittest.TestCase):
    def test_every_file_is_installed(self):
        for suffix in ("/bin/bmcwsman", "/bin/bmcwsman-serve", "/lib/systemd/system/bmcwsman.service",
                       "/bmcwsman/bmcwsman.toml", "/man8/bmcwsman.8", "/lib/sysusers.d/bmcwsman.conf"):
            with self.subTest(file=suffix):
                path = in_dest(installed_path(suffix))
                self.assertTrue(os.path.isfile(path), path)
        for binary in ("/bin/bmcwsman", "/bin/bmcwsman-serve"):
            self.assertTrue(os.access(in_dest(installed_path(binary)), os.X_OK), binary)

    def test_unit_runs_the_installed_binary_with_the_installed_config(self):
        pairs = unit_settings(read("/bmcwsman.service"))
        exec_start = [v for k, v in pairs if k == "ExecStart"]
        self.assertEqual(len(exec_start), 1, exec_start)
        argv = exec_start[0].split()
        self.assertEqual(argv[0], installed_path("/bin/bmcwsman"))
        self.assertEqual(argv[1:3], ["serve", "--config"])
        self.assertEqual(argv[3], installed_path("/bmcwsman/bmcwsman.toml"))
        self.assertNotIn("@", exec_start[0])

    def test_unit_sandboxing(self):
        text = read("/bmcwsman.service")
        self.assertNotIn("@", re.sub(r"(?m)^#.*$", "", text), "an unsubstituted @VAR@")
        pairs = unit_settings(text)
        settings = dict(pairs)
        for key, value in UNIT_SETTINGS.items():
            with self.subTest(key=key):
                self.assertEqual(settings.get(key), value)
        devices = [v for k, v in pairs if k == "DeviceAllow"]
        self.assertEqual(sorted(devices), ["/dev/ipmi0 rw", "/dev/mem rw", "/dev/port rw", "char-i2c rw"])
        # PrivateDevices would hide /dev/ipmi0; the daemon drops privileges itself.
        self.assertNotIn("PrivateDevices", settings)
        self.assertNotIn("User", settings)
        self.assertTrue(settings.get("ReadOnlyPaths", "").endswith("/bmcwsman"))
        self.assertIn("WantedBy", settings)

    def test_config_parses_and_holds_every_key(self):
        config = tomllib.loads(read("/bmcwsman/bmcwsman.toml"))
        self.assertEqual(sorted(config), sorted(CONFIG_KEYS))
        for table, keys in CONFIG_KEYS.items():
            self.assertEqual(sorted(config[table]), sorted(keys), table)
        self.assertEqual(config["listen"]["https"], "0.0.0.0:5986")
        self.assertEqual(config["listen"]["http"], "")
        self.assertIs(config["listen"]["allow_basic_over_http"], False)
        self.assertIs(config["bmc"]["raw_ipmi"], False)
        self.assertIs(config["metrics"]["anonymous_loopback"], False)
        self.assertEqual(config["bmc"]["transport"], "auto")
        self.assertEqual(config["bmc"]["lan_cipher_suite"], 3)
        self.assertEqual(config["bmc"]["timeout_ms"], 5000)
        self.assertEqual(config["bmc"]["sdr_cache_dir"], "/var/cache/bmcwsman")
        self.assertEqual(config["model"], {"poll_interval_seconds": 10, "max_reading_age_seconds": 30,
                                           "sel_poll_interval_ms": 1000})
        self.assertEqual(config["limits"], {"workers": 0, "max_connections": 512, "max_connections_per_source": 256,
                                            "max_header_bytes": 16384, "max_body_bytes": 524288,
                                            "header_timeout_seconds": 10, "read_timeout_seconds": 10,
                                            "send_timeout_seconds": 10, "idle_timeout_seconds": 60,
                                            "max_requests_per_connection": 1000})
        self.assertEqual(config["daemon"], {"user": "bmcwsman", "log_level": "info",
                                            "status_socket": "/run/bmcwsman/status.sock",
                                            "state_dir": "/var/lib/bmcwsman"})
        self.assertEqual(config["sel_archive"], {"max_mib": 64, "hard_max_mib": 0, "sync": "every_append"})
        self.assertEqual(config["eventing"], {"max_subscriptions": 1000, "max_subscriptions_per_user": 100,
                                              "notify_allow": [], "sink_ca_file": "",
                                              "sink_client_cert": "", "sink_client_key": ""})
        etc = os.path.dirname(installed_path("/bmcwsman/bmcwsman.toml"))
        self.assertEqual(config["auth"]["users_file"], etc + "/users")
        self.assertEqual(config["tls"]["certificate"], etc + "/tls/cert.pem")
        self.assertEqual(config["tls"]["key"], etc + "/tls/key.pem")

    def test_config_comments_name_every_serve_option(self):
        text = read("/bmcwsman/bmcwsman.toml")
        comments = " ".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
        named = set(re.findall(r"--[a-z][a-z-]*", comments))
        self.assertLessEqual(set(SERVE_OPTIONS), named)

    def test_man_page_names_every_option_of_the_config(self):
        page = read("/man8/bmcwsman.8")
        # roff source to words: \- is a hyphen, \fB..\fR are font changes.
        plain = re.sub(r"\\f[BIRP]", "", page).replace("\\-", "-")
        text = read("/bmcwsman/bmcwsman.toml")
        comments = " ".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
        for option in sorted(set(re.findall(r"--[a-z][a-z-]*", comments))):
            with self.subTest(option=option):
                self.assertTrue(re.search(re.escape(option) + r"(?![a-z-])", plain), f"{option} not in the man page")
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "CONFIGURATION", "AUTHENTICATION",
                        "SIGNALS", "FILES", "EXIT STATUS", "SECURITY", "EXAMPLES", "SEE ALSO"):
            self.assertRegex(page, rf"(?m)^\.SH \"?{section}\"?$")

    def test_sysusers_entry(self):
        lines = [line for line in read("/lib/sysusers.d/bmcwsman.conf").splitlines()
                 if line.strip() and not line.startswith("#")]
        self.assertEqual(lines, ['u bmcwsman - "bmcwsman agent" /nonexistent'])


def main():
    global BUILD, DEST, INSTALLED
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    BUILD = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="bmcwsman-install-") as dest:
        DEST = dest
        run = subprocess.run(meson() + ["install", "-C", BUILD, "--destdir", dest, "--no-rebuild"],
                             capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            print(run.stdout, run.stderr, sep="\n", file=sys.stderr)
            return 1
        intro = subprocess.run(meson() + ["introspect", BUILD, "--installed"],
                               capture_output=True, text=True, timeout=60, check=True)
        INSTALLED = {path: True for path in json.loads(intro.stdout).values()}
        prog = unittest.main(argv=[sys.argv[0]] + sys.argv[2:], exit=False, verbosity=2)
        return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
