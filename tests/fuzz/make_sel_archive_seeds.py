#!/usr/bin/env python3
"""Writes seeds for tests/fuzz/sel_archive_fuzz into tests/fuzz/corpus/sel_archive/, from the
format as docs/SEL_ARCHIVE.md describes it (written here independently of sel_archive/):
frames alone (the target puts them after a good header) and whole segment files, good and
damaged (torn, flipped bit, zero-filled tail, impossible length, unknown kind), and a record
identity as text."""
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent / "corpus" / "sel_archive"
ARCHIVE = bytes([1, 2, 3, 4, 5, 6, 0x47, 8, 0x89, 9, 10, 11, 12, 13, 14, 15])


def frame(payload):
    length = struct.pack("<I", len(payload))
    return length + struct.pack("<I", zlib.crc32(length + payload)) + payload


def entry(sequence, record_id, stamp):
    sel = struct.pack("<HBI", record_id, 0x02, stamp) + bytes([0x20, 0x00, 0x04, 0x01, 0x30, 0x01, 0x52, 0x0F, 0xFF])
    return frame(bytes([1]) + struct.pack("<Qq", sequence, 1700000000123456) + sel)


def sel_set(kind, entries):
    body = b"".join(struct.pack("<HBI", rid, 2, stamp) + bytes(9) for rid, stamp in entries)
    return frame(bytes([kind]) + struct.pack("<I", len(entries)) + body)


def header():
    h = b"BWSELARC" + struct.pack("<HH", 1, 0) + ARCHIVE + bytes(4)
    return h + struct.pack("<I", zlib.crc32(h))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    frames = sel_set(3, []) + entry(1, 1, 100) + entry(2, 2, 101) + sel_set(2, [(1, 100)]) + entry(3, 1, 200)
    seeds = {
        "frames": frames,
        "frames-view": sel_set(3, [(1, 100), (2, 101)]) + entry(3, 3, 102),
        "segment": header() + frames,
        "segment-torn": (header() + frames)[:-7],
        "segment-flipped": (lambda b: b[:60] + bytes([b[60] ^ 0x10]) + b[61:])(header() + frames),
        "segment-zero-tail": header() + frames + bytes(256),
        "frames-huge-length": entry(1, 1, 100) + struct.pack("<II", 0x7FFFFFFF, 0) + b"x" * 16,
        "frames-unknown-kind": frame(bytes([9, 1, 2, 3])),
        "frames-out-of-order": entry(5, 5, 5) + entry(4, 4, 4),
        "identity": b"0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9:1234567",
    }
    for name, data in seeds.items():
        (OUT / name).write_bytes(data)


if __name__ == "__main__":
    main()
