"""Builds SMBIOS entry points and structure tables for CLI tests (DSP0134 5.2, 6.1).

Written independently of smbios/ so a shared mistake cannot cancel out.
"""
import os
import struct


def _checksum(data: bytes) -> int:
    return (-sum(data)) & 0xFF


def structure(stype: int, handle: int, body: bytes, strings=()) -> bytes:
    """One structure: header (type, length, handle), formatted body, string set."""
    formatted = struct.pack("<BBH", stype, 4 + len(body), handle) + body
    if strings:
        tail = b"".join(s.encode() + b"\0" for s in strings) + b"\0"
    else:
        tail = b"\0\0"
    return formatted + tail


def end_of_table(handle: int = 0xFEFF) -> bytes:
    return structure(127, handle, b"")


def ipmi_device(interface=1, revision=0x20, i2c=0x20, base=0xCA3, mod=0x01, irq=5,
                handle=0x3000) -> bytes:
    """Type 38 (DSP0134 7.39); defaults are QEMU's isa-ipmi-kcs record."""
    body = struct.pack("<BBBBQBB", interface, revision, i2c, 0, base, mod, irq)
    return structure(38, handle, body)


def entry_point_2x(table_len: int, count: int, major=2, minor=8, address=0x000F0000) -> bytes:
    """A 31-byte `_SM_` entry point with its `_DMI_` intermediate part (DSP0134 5.2.1)."""
    inter = b"_DMI_" + b"\0" + struct.pack("<HIHB", table_len, address, count,
                                            (major << 4) | (minor & 0xF))
    inter = inter[:5] + bytes([_checksum(inter)]) + inter[6:]
    head = b"_SM_" + b"\0" + struct.pack("<BBBHB5s", 0x1F, major, minor, 0x100, 0, b"\0" * 5)
    ep = head + inter
    return ep[:4] + bytes([_checksum(ep)]) + ep[5:]


def entry_point_3x(table_len: int, major=3, minor=0, address=0x000F0000) -> bytes:
    """A 24-byte `_SM3_` entry point (DSP0134 5.2.2)."""
    ep = b"_SM3_" + b"\0" + struct.pack("<BBBBBBIQ", 0x18, major, minor, 0, 1, 0,
                                        table_len, address)
    return ep[:5] + bytes([_checksum(ep)]) + ep[6:]


def write_tables(directory: str, structures, three=False) -> None:
    table = b"".join(structures) + end_of_table()
    count = len(structures) + 1
    ep = entry_point_3x(len(table)) if three else entry_point_2x(len(table), count)
    with open(os.path.join(directory, "smbios_entry_point"), "wb") as f:
        f.write(ep)
    with open(os.path.join(directory, "DMI"), "wb") as f:
        f.write(table)


def bios() -> bytes:
    """A minimal type 0 so the table holds more than the IPMI record."""
    body = struct.pack("<BBHBBQ", 1, 2, 0xE800, 3, 0x0F, 0x08)
    return structure(0, 0x0000, body, ("Test Vendor", "1.0", "01/01/2026"))
