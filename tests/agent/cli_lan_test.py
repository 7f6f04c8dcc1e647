#!/usr/bin/env python3
"""`bmcwsman raw --lan` against ipmi_sim (run through sim/ipmi_sim/with_ipmi_sim.py):
the password from a file or the environment, never the command line; errors
named in one line. Usage: cli_lan_test.py PATH_TO_BMCWSMAN"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

BMCWSMAN = None
ENV = os.environ


def run(*args, env=None, timeout=60):
    return subprocess.run([BMCWSMAN, *args], capture_output=True, text=True, timeout=timeout,
                          env=env if env is not None else dict(ENV), check=False)


def lan_args():
    return ["--lan", ENV["BMCWSMAN_TEST_LAN_HOST"], "--user", ENV["BMCWSMAN_TEST_LAN_USER"],
            "--lan-workarounds", ENV["BMCWSMAN_TEST_LAN_WORKAROUNDS"]]


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV, "run through with_ipmi_sim.py")
class RawOverLan(unittest.TestCase):
    def test_password_from_the_environment(self):
        env = dict(ENV, BMCWSMAN_PASSWORD=ENV["BMCWSMAN_TEST_LAN_PASSWORD"])
        result = run(*lan_args(), "--json", "raw", "0x06", "0x01", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        answer = json.loads(result.stdout)
        self.assertEqual(answer["completion_code"], 0)
        data = answer["data"]
        # The profile's identity: device 0x20, manufacturer 0x0002A2, product 0x4410.
        self.assertEqual(data[0], 0x20)
        self.assertEqual(data[6] | data[7] << 8 | data[8] << 16, 0x0002A2)
        self.assertEqual(data[9] | data[10] << 8, 0x4410)

    def test_password_from_a_file(self):
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write(ENV["BMCWSMAN_TEST_LAN_PASSWORD"] + "\n")
        try:
            env = dict(ENV)
            env.pop("BMCWSMAN_PASSWORD", None)
            result = run(*lan_args(), "--password-file", f.name, "raw", "0x00", "0x01", env=env)
        finally:
            os.unlink(f.name)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.startswith("completion code 0x00"))

    def test_no_password_anywhere(self):
        env = dict(ENV)
        env.pop("BMCWSMAN_PASSWORD", None)
        result = run(*lan_args(), "raw", "0x06", "0x01", env=env)
        self.assertEqual(result.returncode, 1)
        self.assertIn("BMCWSMAN_PASSWORD", result.stderr)

    def test_chassis_status_and_power_control_reach_the_bmc(self):
        env = dict(ENV, BMCWSMAN_PASSWORD=ENV["BMCWSMAN_TEST_LAN_PASSWORD"])
        status = run(*lan_args(), "--json", "chassis", "status", env=env)
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertIn("power_on", json.loads(status.stdout))
        log = os.path.join(ENV["BMCWSMAN_TEST_IPMISIM_DIR"], "chassis", "chassis.log")
        before = open(log).read().splitlines() if os.path.exists(log) else []
        off = run(*lan_args(), "chassis", "power", "off", env=env)
        self.assertEqual(off.returncode, 0, off.stderr)
        self.assertEqual(off.stdout.strip(), "Chassis power off: done")
        after = open(log).read().splitlines()
        self.assertEqual(after[len(before):], ["power 0"])  # ipmi_sim's chassis_control program ran
        self.assertEqual(run(*lan_args(), "chassis", "power", "on", env=env).returncode, 0)
        bad = run(*lan_args(), "chassis", "power", "sideways", env=env)
        self.assertEqual(bad.returncode, 2)

    def test_privilege_and_cipher_suite(self):
        env = dict(ENV, BMCWSMAN_PASSWORD=ENV["BMCWSMAN_TEST_LAN_PASSWORD"])
        ok = run(*lan_args(), "--privilege", "operator", "--cipher-suite", "3", "raw", "0x06", "0x01", env=env)
        self.assertEqual(ok.returncode, 0, ok.stderr)
        bad = run(*lan_args(), "--privilege", "root", "raw", "0x06", "0x01", env=env)
        self.assertEqual(bad.returncode, 2)

    def test_sdr_sel_and_fru_over_lan(self):
        env = dict(ENV, BMCWSMAN_PASSWORD=ENV["BMCWSMAN_TEST_LAN_PASSWORD"])
        cache = tempfile.mkdtemp(prefix="bmcwsman-sdrcache-")
        try:
            cold = run(*lan_args(), "--json", "sdr", "--sdr-cache-dir", cache, env=env)
            self.assertEqual(cold.returncode, 0, cold.stderr)
            cold_out = json.loads(cold.stdout)
            self.assertEqual(len(cold_out["records"]), 45)
            warm_out = json.loads(run(*lan_args(), "--json", "sdr", "--sdr-cache-dir", cache, env=env).stdout)
            self.assertTrue(warm_out["from_cache"])
            self.assertEqual(warm_out["transactions"], 1)  # one Get SDR Repository Info
            self.assertEqual(warm_out["records"], cold_out["records"])
        finally:
            os.system(f"rm -rf '{cache}'")
        sel = run(*lan_args(), "--json", "sel", env=env)
        self.assertEqual(sel.returncode, 0, sel.stderr)
        self.assertGreaterEqual(json.loads(sel.stdout)["entries"], 1)
        fru = run(*lan_args(), "--json", "fru", "--id", "0", env=env)
        self.assertEqual(fru.returncode, 0, fru.stderr)
        self.assertEqual(json.loads(fru.stdout)["bytes"][0], 0x01)

    def test_wrong_password_is_one_clear_line(self):
        env = dict(ENV, BMCWSMAN_PASSWORD="wrong")
        result = run(*lan_args(), "raw", "0x06", "0x01", env=env)
        self.assertEqual(result.returncode, 1)
        self.assertIn("password", result.stderr.lower())
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
