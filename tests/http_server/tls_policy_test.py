#!/usr/bin/python3
"""The HTTPS listener's TLS policy as sslscan (Debian's sslscan) sees it: TLS 1.3, and TLS
1.2 with ECDHE key exchange and AEAD ciphers only (Mozilla "intermediate"); no SSL, TLS 1.0
or 1.1, no RSA key exchange, no CBC; then the same agent with --tls-min-version 1.3 accepts
no TLS 1.2 at all. Usage: tls_policy_test.py PATH_TO_BMCWSMAN [unittest args]"""
import os
import re
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wsman_front"))
import wsman_harness as wh  # noqa: E402


def sslscan(port):
    """[(protocol, cipher)] of every 'Accepted' or 'Preferred' line."""
    out = subprocess.run(["sslscan", "--no-colour", "--no-heartbleed", "--no-renegotiation", "--no-compression",
                          "--no-fallback", "--no-groups", "--no-check-certificate", f"127.0.0.1:{port}"],
                         capture_output=True, text=True, timeout=120).stdout
    accepted = re.findall(r"^(?:Preferred|Accepted)\s+(\S+)\s+\d+ bits\s+(\S+)", out, re.M)
    return accepted, out


def aead_ecdhe(cipher):
    return cipher.startswith("ECDHE-") and ("GCM" in cipher or "CHACHA20" in cipher)


@unittest.skipIf(shutil.which("sslscan") is None, "sslscan is not installed")
class TlsPolicy(unittest.TestCase):
    def test_only_tls13_and_tls12_ecdhe_aead(self):
        accepted, out = sslscan(wh.SERVER.tls_port)
        self.assertTrue(accepted, out)
        protocols = {p for p, _ in accepted}
        self.assertEqual(protocols, {"TLSv1.2", "TLSv1.3"}, out)
        for protocol, cipher in accepted:
            if protocol == "TLSv1.2":
                self.assertTrue(aead_ecdhe(cipher), f"TLS 1.2 accepts {cipher}:\n{out}")
            else:
                self.assertTrue(cipher.startswith("TLS_") and ("GCM" in cipher or "CHACHA20" in cipher), cipher)
        tls12 = {c for p, c in accepted if p == "TLSv1.2"}
        self.assertIn("ECDHE-RSA-AES128-GCM-SHA256", tls12)
        self.assertIn("ECDHE-RSA-CHACHA20-POLY1305", tls12)
        for weak in ("AES256-SHA", "AES128-SHA", "AES256-GCM-SHA384", "ECDHE-RSA-AES256-SHA", "ECDHE-RSA-AES128-SHA"):
            self.assertNotIn(weak, tls12)

    def test_min_version_13_accepts_no_tls12(self):
        s = wh.SERVER
        proc = subprocess.Popen([wh.BMCWSMAN, "--sim", "serve", "--users", s.users, "--https-listen", "127.0.0.1:0",
                                 "--tls-cert", s.cert, "--tls-key", s.key, "--tls-min-version", "1.3"],
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        try:
            port = None
            for line in proc.stderr:
                m = re.search(r"https://127\.0\.0\.1:(\d+)/wsman", line)
                if m:
                    port = int(m.group(1))
                    break
            self.assertIsNotNone(port, "the agent did not start")
            accepted, out = sslscan(port)
            self.assertTrue(accepted, out)
            self.assertEqual({p for p, _ in accepted}, {"TLSv1.3"}, out)
        finally:
            proc.terminate()
            proc.wait(20)

    def test_a_bad_policy_is_refused_at_start(self):
        s = wh.SERVER
        r = subprocess.run([wh.BMCWSMAN, "--sim", "serve", "--users", s.users, "--https-listen", "127.0.0.1:0",
                            "--tls-cert", s.cert, "--tls-key", s.key, "--tls-min-version", "1.1"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("1.2 or 1.3", r.stderr)


if __name__ == "__main__":
    wh.main(sys.argv, limit_seconds=280)
