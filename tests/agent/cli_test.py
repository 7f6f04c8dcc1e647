#!/usr/bin/env python3
"""The bmcwsman CLI as a user runs it: detect and raw, their output and exit codes.

Usage: cli_test.py PATH_TO_BMCWSMAN
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import smbios_fixture as fx  # noqa: E402

BMCWSMAN = None


def run(*args, user=None, timeout=30):
    cmd = [BMCWSMAN, *args]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


class RawOverSimulatedBmc(unittest.TestCase):
    def check_device_id(self, result):
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0], "completion code 0x00 (command completed normally)")
        data = [int(b, 16) for b in lines[1].split()]
        # Get Device ID (IPMI 2.0 section 20.1): at least 11 bytes, IPMI version 2.0 at byte 5.
        self.assertGreaterEqual(len(data), 11)
        self.assertEqual(data[4], 0x02)
        return data

    def test_transport_before_and_after_subcommand_agree(self):
        before = self.check_device_id(run("--sim", "raw", "0x06", "0x01"))
        after = self.check_device_id(run("raw", "--sim", "0x06", "0x01"))
        self.assertEqual(before, after)

    def test_json(self):
        result = run("raw", "--sim", "--json", "0x06", "0x01")
        self.assertEqual(result.returncode, 0, result.stderr)
        answer = json.loads(result.stdout)
        self.assertEqual(answer["completion_code"], 0)
        self.assertEqual(answer["netfn"], 0x07)
        self.assertEqual(answer["cmd"], 0x01)
        self.assertGreaterEqual(len(answer["data"]), 11)

    def test_decimal_and_hex_arguments_are_the_same_command(self):
        hex_form = run("--sim", "raw", "0x06", "0x04")
        dec_form = run("--sim", "raw", "6", "4")
        self.assertEqual(hex_form.returncode, 0, hex_form.stderr)
        self.assertEqual(hex_form.stdout, dec_form.stdout)
        # Get Self Test Results: 55h = no error (IPMI 2.0 section 20.4).
        self.assertEqual(hex_form.stdout.splitlines()[1], "55 00")

    def test_unknown_command_is_a_completion_code_not_a_failure(self):
        result = run("--sim", "raw", "0x06", "0x7f")
        self.assertEqual(result.returncode, 3)
        self.assertTrue(result.stdout.startswith("completion code 0xc1 (invalid command)"))

    def test_bad_arguments(self):
        for args, needle in ((["0x07", "0x01"], "not a request network function"),
                             (["0x06", "0x100"], "does not fit in one byte"),
                             (["0x06", "zz"], "is not a number"),
                             (["0x06"], "NETFN and CMD")):
            result = run("--sim", "raw", *args)
            self.assertEqual(result.returncode, 2, args)
            self.assertIn(needle, result.stderr)
            self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)

    def test_two_transports_refused(self):
        result = run("--sim", "--kcs=io:0xca2", "raw", "0x06", "0x01")
        self.assertEqual(result.returncode, 2)
        self.assertIn("choose one transport", result.stderr)
        for pair in (["--ssif=/dev/i2c-0,0x10", "--bt=io:0xe4"], ["--sim", "--ssif"], ["--bt", "--kcs"]):
            result = run(*pair, "raw", "0x06", "0x01")
            self.assertEqual(result.returncode, 2, pair)
            self.assertIn("choose one transport", result.stderr)

    def test_bad_ssif_and_bt_specs_say_so(self):
        for flag, needle in (("--ssif=i2c-0", "bad SSIF specification"),
                             ("--ssif=/dev/i2c-0,0x80", "bad SSIF specification"),
                             ("--bt=io:zz", "bad BT port specification")):
            result = run(flag, "raw", "0x06", "0x01")
            self.assertEqual(result.returncode, 1, flag)
            self.assertIn(needle, result.stderr, flag)
            self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
        result = run("--lan", "127.0.0.1:1", "--openipmi", "raw", "0x06", "0x01")
        self.assertEqual(result.returncode, 2)


class RecordsOverSimulatedBmc(unittest.TestCase):
    def test_sdr_then_a_warm_cache_costs_one_transaction(self):
        cache = tempfile.mkdtemp(prefix="bmcwsman-sdrcache-")
        try:
            cold = json.loads(run("--sim", "sdr", "--json", "--sdr-cache-dir", cache).stdout)
            self.assertEqual(len(cold["records"]), 45)
            self.assertFalse(cold["from_cache"])
            first = cold["records"][0]
            self.assertEqual(first["type"], 0x01)
            self.assertEqual(len(first["bytes"]), 5 + first["length"])
            # A new process, a new simulated BMC with the same repository: a warm
            # start is one Get SDR Repository Info.
            warm = json.loads(run("--sim", "sdr", "--json", "--sdr-cache-dir", cache).stdout)
            self.assertTrue(warm["from_cache"])
            self.assertEqual(warm["transactions"], 1)
            self.assertEqual(warm["records"], cold["records"])
        finally:
            shutil.rmtree(cache)

    def test_sensors_readings_units_and_health(self):
        doc = json.loads(run("--sim", "sensors", "--json").stdout)
        sensors = {s["name"]: s for s in doc["sensors"]}
        self.assertEqual(len(sensors), 45)
        cpu = sensors["CPU1 Temp"]
        self.assertAlmostEqual(cpu["reading"], 48, delta=3)  # the profile's value and its wave
        self.assertEqual(cpu["unit"], "degrees C")
        self.assertEqual(cpu["thresholds"], {"upper_non_critical": 85.0, "upper_critical": 90.0,
                                             "upper_non_recoverable": 95.0})
        self.assertEqual(sensors["Cold Plate Temp"]["reading"], -5.0)      # two's complement
        self.assertEqual(sensors["Cold Plate Temp"]["health"], "ok")
        self.assertAlmostEqual(sensors["VBAT"]["reading"], 3.0)            # non-zero B
        self.assertAlmostEqual(sensors["CPU1 Vcore"]["reading"], 1.8, delta=0.03)
        self.assertEqual(sensors["FAN6"]["health"], "critical")            # below lower critical
        self.assertEqual(sensors["Drive 2"]["state_bits"], 0x0003)         # shared compact record
        self.assertEqual(sensors["PSU2 Status"]["state_bits"], 0x0009)
        self.assertEqual(sensors["PSU2 Status"]["states"],
                         ["Presence detected", "Power Supply input lost (AC/DC)"])  # Table 42-3
        self.assertEqual(sensors["PSU2 Status"]["health"], "critical")
        self.assertEqual(sensors["PSU1 Status"]["health"], "ok")
        self.assertEqual(sensors["PS Redundancy"]["states"], ["Redundancy Lost"])  # Table 42-2
        self.assertEqual(sensors["Drive 3"]["states"], [])
        self.assertEqual(sensors["PSU2 Status"]["sensor_type_name"], "Power Supply")
        self.assertNotIn("Power Button", sensors)                          # event-only
        # Non-linear: the simulator's reading factors give M = 1 + 90 / 64 = 2 -> 180 CFM.
        self.assertEqual(sensors["PSU Airflow"]["reading"], 180.0)
        # SDR repository info, 45 readings and one Get Sensor Reading Factors; SDR walk
        # of 45 whole records the first time (no cache directory given).
        self.assertEqual(doc["transactions"], 1 + 45 + 45 + 1)

    def test_sel_lists_the_profile_entries(self):
        out = json.loads(run("--sim", "sel", "--json").stdout)
        self.assertEqual(out["entries"], 12)
        self.assertEqual([r["record_id"] for r in out["records"]], list(range(1, 13)))
        self.assertEqual(out["records"][10]["record_type"], 0xC1)  # OEM timestamped
        self.assertIn("timestamp", out["records"][10])
        self.assertNotIn("timestamp", out["records"][11])          # OEM non-timestamped
        self.assertEqual(run("--sim", "sel", "--clear").stdout.strip(), "SEL cleared")

    def test_fru_bytes(self):
        out = json.loads(run("--sim", "fru", "--id", "0", "--json").stdout)
        self.assertEqual(out["fru_id"], 0)
        self.assertEqual(out["bytes"][0], 0x01)  # common header format version
        self.assertEqual(len(out["bytes"]), out["size"])
        self.assertEqual(sum(out["bytes"][:8]) % 256, 0)  # common header checksum
        # Without --id: device 0 and the FRU device the SDR's locator names (PSU1 FRU, ID 1).
        devices = json.loads(run("--sim", "fru", "--json").stdout)
        self.assertEqual([(d["fru_id"], d["name"]) for d in devices], [(0, "Default FRU Device"), (1, "PSU1 FRU")])
        self.assertEqual(devices[0]["product"]["product_name"], "SimServer 4410")
        self.assertEqual(devices[1]["board"]["manufacturer"], "Simulated Power")
        self.assertEqual(devices[0]["errors"], [])
        missing = run("--sim", "fru", "--id", "9")
        self.assertEqual(missing.returncode, 3)
        self.assertIn("not present", missing.stderr)


class Detect(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="bmcwsman-smbios-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_kcs_from_type_38_human_and_json(self):
        fx.write_tables(self.dir, [fx.bios(), fx.ipmi_device()])
        human = run("detect", "--smbios-dir", self.dir)
        self.assertEqual(human.returncode, 0, human.stderr)
        self.assertIn("KCS interface, IPMI 2.0", human.stdout)
        self.assertIn("0xca2", human.stdout)
        self.assertIn("--kcs=io:0xca2", human.stdout)
        answer = json.loads(run("detect", "--json", "--smbios-dir", self.dir).stdout)
        self.assertEqual(answer["interface"], "KCS")
        self.assertEqual(answer["address_space"], "io")
        self.assertEqual(answer["base_address"], 0xCA2)
        self.assertEqual(answer["register_spacing"], 1)
        self.assertEqual(answer["ipmi_version"], "2.0")
        self.assertEqual(answer["smbios_version"], "2.8")
        self.assertEqual(answer["source"], "smbios")
        self.assertEqual(answer["smbios_handle"], 0x3000)

    def test_smbios_3_memory_mapped_with_spacing_4(self):
        # Base 0xFED40000 in memory space, spacing 4 (bits 7:6 = 01b), LSB bit 4 set.
        fx.write_tables(self.dir, [fx.ipmi_device(base=0xFED40000, mod=0x50, irq=0)],
                        three=True)
        answer = json.loads(run("detect", "--json", "--smbios-dir", self.dir).stdout)
        self.assertEqual(answer["address_space"], "memory")
        self.assertEqual(answer["base_address"], 0xFED40001)
        self.assertEqual(answer["register_spacing"], 4)
        self.assertEqual(answer["smbios_version"], "3.0")

    def test_no_type_38(self):
        fx.write_tables(self.dir, [fx.bios()])
        result = run("detect", "--smbios-dir", self.dir)
        self.assertEqual(result.returncode, 1)
        self.assertIn("type 38", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)

    def test_missing_directory(self):
        result = run("detect", "--smbios-dir", os.path.join(self.dir, "absent"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("reading SMBIOS from", result.stderr)

    def test_corrupt_entry_point_checksum(self):
        fx.write_tables(self.dir, [fx.ipmi_device()])
        path = os.path.join(self.dir, "smbios_entry_point")
        data = bytearray(open(path, "rb").read())
        data[4] ^= 0xFF
        open(path, "wb").write(bytes(data))
        result = run("detect", "--smbios-dir", self.dir)
        self.assertEqual(result.returncode, 1)
        self.assertIn("checksum", result.stderr)

    def test_ssif_address(self):
        # SSIF: the base address field holds the SMBus address (8-bit form 0x20 -> 0x10).
        fx.write_tables(self.dir, [fx.ipmi_device(interface=4, base=0x20, mod=0, irq=0)])
        human = run("detect", "--smbios-dir", self.dir)
        self.assertEqual(human.returncode, 0, human.stderr)
        self.assertIn("SSIF interface", human.stdout)
        self.assertIn("SMBus address 0x10", human.stdout)
        answer = json.loads(run("detect", "--json", "--smbios-dir", self.dir).stdout)
        self.assertEqual(answer["address_space"], "smbus")
        self.assertEqual(answer["base_address"], 0x10)

    def test_raw_refuses_a_bt_interface(self):
        fx.write_tables(self.dir, [fx.ipmi_device(interface=3, base=0xE5)])
        result = run("raw", "--kcs", "--smbios-dir", self.dir, "0x06", "0x01")
        self.assertEqual(result.returncode, 1)
        self.assertIn("BT interface", result.stderr)


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("setpriv"),
                     "needs root to run the agent as an unprivileged user")
class Permissions(unittest.TestCase):
    def test_port_io_without_privilege_says_so(self):
        # The build tree may sit under a directory the unprivileged user cannot
        # enter: run a copy from a world-readable temporary directory.
        global BMCWSMAN
        tmp = tempfile.mkdtemp(prefix="bmcwsman-unpriv-")
        os.chmod(tmp, 0o755)
        copy = os.path.join(tmp, "bmcwsman")
        shutil.copy2(BMCWSMAN, copy)
        saved, BMCWSMAN = BMCWSMAN, copy
        try:
            result = run("raw", "--kcs=io:0xca2", "0x06", "0x01", user=65534)
        finally:
            BMCWSMAN = saved
            shutil.rmtree(tmp)
        self.assertEqual(result.returncode, 1)
        # Where the kernel has port I/O, the refusal names the privilege needed;
        # a kernel without ioperm() and /dev/port (some VMs) is named as such.
        self.assertTrue("CAP_SYS_RAWIO" in result.stderr or "unavailable" in result.stderr, result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
