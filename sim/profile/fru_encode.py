"""FRU image encoder (Platform Management FRU Information Storage Definition
v1.0 rev 1.3), written independently of the C++ ipmi/fru parser."""
import datetime
import struct
import uuid

FRU_EPOCH = datetime.datetime(1996, 1, 1, tzinfo=datetime.timezone.utc)


def checksum(data: bytes) -> int:
    """Zero checksum: the byte that makes the sum 0 modulo 256."""
    return (-sum(data)) & 0xFF


def text8(s: str) -> bytes:
    """Type/length 11b, 8-bit ASCII+Latin1 (section 13)."""
    raw = s.encode("latin-1")
    if len(raw) > 63:
        raise ValueError("field longer than 63 bytes")
    if len(raw) == 1:
        # C1h would be read as the end-of-fields marker (section 13).
        raise ValueError(f"one-character 8-bit field {s!r} encodes as C1h, the end marker")
    return bytes([0xC0 | len(raw)]) + raw


def packed6(s: str) -> bytes:
    """Type/length 10b, 6-bit packed ASCII: 4 characters in 3 bytes, LSB first."""
    codes = [ord(c) - 0x20 for c in s.upper()]
    if any(not 0 <= c < 64 for c in codes):
        raise ValueError(f"{s!r} has characters outside 6-bit ASCII")
    bits = 0
    for i, c in enumerate(codes):
        bits |= c << (6 * i)
    nbytes = (len(codes) * 6 + 7) // 8
    return bytes([0x80 | nbytes]) + bits.to_bytes(nbytes, "little")


def binary(data: bytes) -> bytes:
    """Type/length 00b, binary."""
    return bytes([len(data)]) + data


END = b"\xC1"


def _area(version_and_fields: bytes) -> bytes:
    """Pads to a multiple of 8 bytes (length byte second), adds the checksum."""
    body = bytearray(version_and_fields) + END
    total = (len(body) + 1 + 7) // 8 * 8
    body += b"\0" * (total - len(body) - 1)
    body[1] = total // 8
    return bytes(body) + bytes([checksum(body)])


def chassis_area(chassis_type: int, part: bytes, serial: bytes, custom=()) -> bytes:
    return _area(bytes([0x01, 0, chassis_type]) + part + serial + b"".join(custom))


def board_area(made: datetime.datetime, manufacturer: bytes, product: bytes, serial: bytes,
               part: bytes, file_id: bytes, custom=()) -> bytes:
    minutes = int((made - FRU_EPOCH).total_seconds() // 60)
    return _area(bytes([0x01, 0, 25]) + minutes.to_bytes(3, "little") + manufacturer + product
                 + serial + part + file_id + b"".join(custom))


def product_area(manufacturer: bytes, name: bytes, part: bytes, version: bytes, serial: bytes,
                 asset: bytes, file_id: bytes, custom=()) -> bytes:
    return _area(bytes([0x01, 0, 25]) + manufacturer + name + part + version + serial + asset
                 + file_id + b"".join(custom))


def multirecord(records) -> bytes:
    """records: (type_id, data) pairs; section 16.1 headers with checksums."""
    out = bytearray()
    for i, (type_id, data) in enumerate(records):
        last = i == len(records) - 1
        head = bytes([type_id, 0x02 | (0x80 if last else 0), len(data), checksum(data)])
        out += head + bytes([checksum(head)]) + data
    return bytes(out)


def power_supply_info(capacity_w: int, peak_va: int, inrush_a: int, inrush_ms: int,
                      low1_mv10: int, high1_mv10: int, low2_mv10: int, high2_mv10: int,
                      low_hz: int, high_hz: int, dropout_ms: int, flags: int,
                      peak_w: int, holdup_s: int) -> bytes:
    """Record type 00h (section 18.1), 24 bytes."""
    return (struct.pack("<HHBBHHHHBBBB", capacity_w & 0x0FFF, peak_va, inrush_a, inrush_ms,
                        low1_mv10, high1_mv10, low2_mv10, high2_mv10, low_hz, high_hz,
                        dropout_ms, flags)
            + struct.pack("<H", (holdup_s << 12) | (peak_w & 0x0FFF)) + b"\0\0\0" + b"\0")


def dc_output(number: int, standby: bool, nominal_mv10: int, neg_mv10: int, pos_mv10: int,
              ripple_mv: int, min_ma: int, max_ma: int) -> bytes:
    """Record type 01h (section 18.2), 13 bytes."""
    return struct.pack("<BhhhHHH", (0x80 if standby else 0) | (number & 0x0F), nominal_mv10,
                       neg_mv10, pos_mv10, ripple_mv, min_ma, max_ma)


def management_uuid(system_uuid: uuid.UUID) -> bytes:
    """Record type 03h (section 18.7) with sub-record 07h, System Unique ID.

    The 16 bytes use the SMBIOS byte order (first three fields little-endian).
    """
    return bytes([0x07]) + system_uuid.bytes_le


def image(chassis: bytes = b"", board: bytes = b"", product: bytes = b"",
          multi: bytes = b"", internal: bytes = b"") -> bytes:
    """Common header (section 8) followed by the areas in the usual order."""
    offset = 8
    offsets = []
    body = b""
    for area in (internal, chassis, board, product, multi):
        if area:
            offsets.append(offset // 8)
            if area is internal:
                area = bytes([0x01]) + area
                area += b"\0" * ((-len(area)) % 8)
            body += area
            offset += len(area)
        else:
            offsets.append(0)
    head = bytes([0x01, *offsets, 0])
    return head + bytes([checksum(head)]) + body
