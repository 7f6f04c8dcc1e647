#!/usr/bin/env python3
"""Differential test on FRU image files: `bmcwsman fru --file F --json` and FreeIPMI's
`ipmi-fru --fru-file F` decode the same bytes and must print the same fields and report
errors for the same areas. The images are written here with sim/profile/fru_encode.py (an
encoder written from the FRU specification, independent of the C++ parser) and by hand:
the profile's FRU devices 0 and 1, every type/length encoding, a non-English language code,
every decoded multirecord type and sub-record, the four predictive-fail wordings, OEM records
with long data, and corrupt areas and records. See fru_lines.py for the deliberate
differences (BCD plus, board date 0, IANA names).

Usage: fru_file_freeipmi_test.py PATH_TO_BMCWSMAN
       fru_file_freeipmi_test.py --write-seeds tests/fuzz/corpus/fru   (the images as fuzz seeds)"""
import datetime
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "sim", "profile"))
import fru_encode as f  # noqa: E402
import server45  # noqa: E402
from fru_lines import error_areas, expected_lines, iana_number_only, parse_ipmi_fru  # noqa: E402

BMCWSMAN = None
MADE = datetime.datetime(2024, 2, 29, 23, 59, tzinfo=datetime.timezone.utc)


def resum(area: bytearray) -> bytes:
    """The area's checksum byte fixed after an edit."""
    area[-1] = f.checksum(bytes(area[:-1]))
    return bytes(area)


def psu(flags=0x05, tach=0, peak_w=850, combined=b"\0\0\0", peak_va=900):
    data = bytearray(f.power_supply_info(800, peak_va, 30, 5, 9000, 26400, 18000, 26400, 47, 63, 20, flags,
                                         peak_w, 2))
    data[20:23] = combined
    data[23] = tach
    return bytes(data)


def dc_load(number, nominal, low, high, ripple, min_ma, max_ma):
    """Record type 02h (section 18.3), 13 bytes."""
    return struct.pack("<BhhhHHH", number, nominal, low, high, ripple, min_ma, max_ma)


def images():
    profile = server45.fru_images()
    out = {"profile FRU 0": profile[0], "profile FRU 1": profile[1]}
    out["encodings"] = f.image(
        chassis=f.chassis_area(0x11, f.binary(b"\x01\xab\xcd"), f.packed6("AB12 -CZ"),
                               custom=(f.binary(b"\x00"), f.text8(""), f.packed6("IPMI"), f.text8("Caf\xe9"))),
        board=f.board_area(MADE, f.text8("M\xe9ker"), f.binary(bytes(range(10))), f.packed6("SN-0001"),
                           f.packed6("P"), f.binary(b"\xab\xcd"), custom=(f.text8("x" * 63),)),
        product=f.product_area(f.text8("Ma"), f.packed6("NAME"), f.text8(""), f.text8("v1"), f.text8(""),
                               f.binary(b"\x42"), f.text8(""), custom=(f.text8("c1"), f.text8("c2"))))
    board = bytearray(f.board_area(MADE, f.text8("Maker"), f.packed6("NAME"), f.binary(b"\x12"), f.text8("PN"),
                                   f.text8("")))
    board[2] = 7  # Aymara: 8-bit fields are 16-bit Unicode in the spec; refused
    out["languages"] = f.image(board=resum(board), product=resum(bytearray(f.product_area(
        f.text8("Ma"), f.text8("Nm"), f.text8(""), f.text8(""), f.text8(""), f.text8(""), f.text8("")))))
    legacy = bytearray(f.product_area(f.text8("Ma"), f.text8("Nm"), f.text8(""), f.text8(""), f.text8(""),
                                      f.text8(""), f.text8("")))
    legacy[2] = 0
    out["language 0"] = f.image(product=resum(legacy))
    out["unknown chassis type"] = f.image(chassis=f.chassis_area(0x30, f.text8("CP"), f.text8("CS")))
    records = [
        (0x00, psu(flags=0x1F, tach=7, peak_w=0xFFF, combined=b"\x13\x20\x03", peak_va=0xFFFF)),
        (0x01, f.dc_output(3, True, -1200, -60, 60, 120, 0, 60000)),
        (0x02, dc_load(0xF3, 1200, 1140, 1260, 100, 500, 20000)),
        (0x02, dc_load(0x01, -500, -525, -475, 50, 0, 100)),
        (0x04, bytes([0x57, 0x01, 0x00, 0x0A, 0x12, 0xB4, 0xFF, 0x0F])),
        (0x05, bytes([0x00, 0x00, 0x00, 0x07, 0x01, 0x02])),
    ]
    for sub, value in ((1, b"http://bmc/"), (2, b"srv1"), (3, b"10.0.0.1"), (4, b"http://c/"), (5, b"comp"),
                       (6, b"10.0.0.2"), (8, b"\x01\x02")):
        records.append((0x03, bytes([sub]) + value))
    records.append((0x03, f.management_uuid(server45.SYSTEM_UUID)))
    records.append((0xC0, bytes([0x57, 0x01, 0x00]) + bytes(range(0x10, 0x1C))))
    records.append((0xFF, bytes([0x01, 0x00, 0x00, 0xAA])))
    out["multirecords"] = f.image(multi=f.multirecord(records))
    for flags, tach in ((0x01, 0), (0x01, 5), (0x11, 0), (0x11, 5), (0x00, 5)):
        out[f"predictive fail {flags:02X}h/{tach}"] = f.image(multi=f.multirecord([(0x00, psu(flags=flags, tach=tach))]))
    undated = bytearray(f.board_area(MADE, f.text8("Mx"), f.text8(""), f.text8(""), f.text8(""), f.text8("")))
    undated[3:6] = b"\0\0\0"
    out["board date 0"] = f.image(board=resum(undated))

    good_chassis = f.chassis_area(0x17, f.text8("CP"), f.text8("CS"))
    bad = bytearray(good_chassis)
    bad[-1] ^= 1
    out["chassis checksum"] = f.image(chassis=bytes(bad), product=f.product_area(
        f.text8("Ma"), f.text8("Nm"), f.text8(""), f.text8(""), f.text8(""), f.text8(""), f.text8("")))
    v2 = bytearray(good_chassis)
    v2[0] = 0x02
    out["chassis version 2"] = f.image(chassis=resum(v2), board=f.board_area(
        MADE, f.text8("Mx"), f.text8(""), f.text8(""), f.text8(""), f.text8("")))
    no_end = bytearray([1, 1, 0x17, 0xC2, ord("a"), ord("b"), 0])
    no_end.append(f.checksum(bytes(no_end)))
    out["no C1h"] = f.image(chassis=bytes(no_end))
    overrun = bytearray([1, 1, 0x17, 0xCF, ord("a"), ord("b"), ord("c")])
    overrun.append(f.checksum(bytes(overrun)))
    out["field past the area"] = f.image(chassis=bytes(overrun))
    multi = bytearray(f.multirecord([(0x01, f.dc_output(1, False, 1200, -60, 60, 120, 0, 60000)),
                                     (0x01, f.dc_output(2, True, 500, -25, 25, 50, 0, 3000))]))
    data_bad = bytearray(multi)
    data_bad[5 + 13 + 5 + 2] ^= 1  # the second record's data
    out["multirecord data checksum"] = f.image(multi=bytes(data_bad))
    head_bad = bytearray(multi)
    head_bad[5 + 13 + 4] ^= 1  # the second record's header checksum
    out["multirecord header checksum"] = f.image(multi=bytes(head_bad))
    return out


@unittest.skipUnless(shutil.which("ipmi-fru"), "needs freeipmi-tools")
class FruFilesAgreeWithFreeIpmi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="bmcwsman-fru-files-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def decode_both(self, name, image):
        path = os.path.join(self.dir, name.replace(" ", "_").replace("/", "_") + ".bin")
        with open(path, "wb") as out:
            out.write(image)
        ours = subprocess.run([BMCWSMAN, "--json", "fru", "--file", path], capture_output=True, text=True,
                              timeout=60, check=True)
        # ipmi-fru prints 8-bit fields as they are stored: Latin-1.
        # (ipmi-fru exits 1 after some errors, having printed what it read.)
        theirs = subprocess.run(["ipmi-fru", f"--fru-file={path}"], capture_output=True, timeout=60, check=False)
        return json.loads(ours.stdout), parse_ipmi_fru(theirs.stdout.decode("latin-1")).get("file", [])

    def test_every_image(self):
        compared = 0
        for name, image in images().items():
            with self.subTest(image=name):
                ours, theirs = self.decode_both(name, image)
                fields = iana_number_only([kv for kv in theirs if "error" not in kv[0].lower()])
                self.assertEqual(expected_lines(ours), fields)
                compared += len(fields)
                self.assertEqual({e["area"] for e in ours["errors"]}, error_areas(theirs),
                                 f"ours: {ours['errors']}, theirs: {theirs}")
        self.assertGreater(compared, 200)  # the images are decoded, not all refused

    def test_the_comparison_can_fail(self):
        """A changed byte in a field changes our line and no longer matches ipmi-fru's."""
        ours, theirs = self.decode_both("profile FRU 1", images()["profile FRU 1"])
        ours["board"]["manufacturer"] = "Someone Else"
        self.assertNotEqual(expected_lines(ours), theirs)


def write_seeds(directory):
    """The images as fuzz seeds (tests/fuzz/corpus/fru/)."""
    for name, image in images().items():
        with open(os.path.join(directory, name.replace(" ", "_").replace("/", "_") + ".bin"), "wb") as out:
            out.write(image)


if __name__ == "__main__":
    if sys.argv[1] == "--write-seeds":  # fru_file_freeipmi_test.py --write-seeds tests/fuzz/corpus/fru
        write_seeds(sys.argv[2])
        sys.exit(0)
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
