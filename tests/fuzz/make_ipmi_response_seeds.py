#!/usr/bin/env python3
"""Writes seeds for tests/fuzz/ipmi_response_fuzz's modes 0, 1 and 3 into
tests/fuzz/corpus/ipmi_response/, from the fixtures already in the corpora: the profile's SDR
records (ipmi_response/sdr-*), its SEL (sel/profile_sel.bin) and FRU 0 (fru/profile_FRU_0.bin).

  mode 0 (first byte 00h): response data every command decoder is tried on;
  mode 1 (01h): an SDR cache file as ipmi/sdr_cache.cpp writes it (magic, key, records, FNV-1a);
  mode 3 (03h): a BMC conversation, one [length][completion code][data] per command, in the
    order the target asks: the SDR walk (whole records, chained by next-record ID), Get Sensor
    Reading for the walk's two sensors, Get SEL Info and the SEL entries, Get SEL Info again
    (unchanged), Get FRU Inventory Area Info and Read FRU Data in 64-byte parts.
"""
import struct
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
OUT = CORPUS / "ipmi_response"


def sdr_records():
    # The mode 2 seeds: 02h, then one record each (full, compact, MC and FRU locators).
    return [p.read_bytes()[1:] for p in sorted(OUT.glob("sdr-*"))]


def answer(data, cc=0):
    assert len(data) <= 255
    return bytes([len(data), cc]) + bytes(data)


def transcript():
    out = bytearray([3])
    records = sdr_records()
    for i, record in enumerate(records):
        nxt = 0xFFFF if i == len(records) - 1 else i + 1
        out += answer(struct.pack("<H", nxt) + record)
    sensors = sum(1 for r in records if r[3] in (0x01, 0x02))
    for _ in range(sensors):
        out += answer([0x40, 0xC0, 0x00, 0x80])  # reading, scanning enabled, state bytes
    sel = (CORPUS / "sel" / "profile_sel.bin").read_bytes()[4:]  # after the 4 conversion bytes
    entries = [sel[i:i + 16] for i in range(0, len(sel) - 15, 16)][:4]
    info = struct.pack("<BHHIIB", 0x51, len(entries), 0xFFFF, 0x5F5E1000, 0, 0x0A)
    out += answer(info)
    for i, entry in enumerate(entries):
        nxt = 0xFFFF if i == len(entries) - 1 else struct.unpack_from("<H", entries[i + 1])[0]
        out += answer(struct.pack("<H", nxt) + entry)
    out += answer(info)
    fru = (CORPUS / "fru" / "profile_FRU_0.bin").read_bytes()
    out += answer(struct.pack("<HB", len(fru), 0))
    for at in range(0, len(fru), 64):
        part = fru[at:at + 64]
        out += answer(bytes([len(part)]) + part)
    return bytes(out)


def fnv1a(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def sdr_cache():
    identity = b"\x20\x01\x01\x02\x02\xbf\xa2\x02\x00\x00\x01\x00\x00\x00\x00"
    records = sdr_records()
    body = bytearray(b"BMCWSMAN-SDR\n") + bytes([1])
    body += struct.pack("<H", len(identity)) + identity
    body += struct.pack("<BHIIB", 0x51, len(records), 0x5F5E1000, 0, 0xFF)
    body += struct.pack("<I", len(records))
    for r in records:
        body += struct.pack("<H", len(r)) + r
    return bytes([1]) + bytes(body) + struct.pack("<Q", fnv1a(body))


def decoder_inputs():
    return {
        # Get Device ID (IPMI 2.0 20.1): the simulated BMC's answer.
        "decode-device-id": bytes.fromhex("2001010202bfa202000001000000 00".replace(" ", "")),
        # Get SEL Info (31.2), Get Chassis Status (28.2), Get Sensor Reading (35.14).
        "decode-sel-info": struct.pack("<BHHIIB", 0x51, 3, 0xFFFF, 1, 2, 0x0A),
        "decode-chassis-status": bytes([0x01, 0x10, 0x40, 0x00]),
        "decode-sensor-reading": bytes([0x40, 0xC0, 0x01, 0x80]),
    }


def main():
    seeds = {"transcript-profile": transcript(), "sdr-cache-profile": sdr_cache()}
    for name, data in decoder_inputs().items():
        seeds[name] = bytes([0]) + data
    for name, data in seeds.items():
        (OUT / name).write_bytes(data)
        print(f"{OUT / name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
