#!/usr/bin/env python3
"""Writes the simulated server's profile as JSON: SDR records, sensor readings
and behaviour, FRU images, SEL entries, identity.

Usage: make_profile.py OUT.json [VARIANT]

VARIANT (default server45) gives repositories with the quirks real BMCs have:
  locators-first  the same records with the short locator records first (a 19-byte MC
                  device locator, 12h, opens the walk: ipmi_sim pads whole-record answers)
  corrupt-record  one full sensor record in the middle cut short (its header's length
                  matches what is stored, but a full record needs 43 bytes after the
                  header: IPMI 2.0 Table 43-1); every other record as in server45
  server200       server45 and 155 more temperature sensors on the free sensor numbers:
                  200 readable sensors, the larger profile of the metrics benchmark
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server45  # noqa: E402
from sdr_encode import CompactSensor, EventOnlySensor, FullSensor  # noqa: E402


VARIANTS = ("server45", "locators-first", "corrupt-record", "server200")
EXTRA_SENSORS = 155  # server200: 45 + 155 readable sensors
CORRUPT_SENSOR = 0x13  # VBAT: record 14 of 46 in server45's order


def cut_short(record: bytes, body: int = 20) -> bytes:
    """The record's header with its length byte set to `body` and the first `body` bytes."""
    return record[:4] + bytes([body]) + record[5:5 + body]


def extra_sensors(used):
    """server200's additional temperature sensors, on sensor numbers server45 leaves free."""
    free = [n for n in range(0x01, 0xFF) if n not in used][:EXTRA_SENSORS]
    return [server45.temp(n, f"Extra Temp {i}", 30 + i % 25, 85, 90, entity=0x03, instance=1 + i % 100)
            for i, n in enumerate(free)]


def build(variant: str = "server45"):
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}: one of {', '.join(VARIANTS)}")
    sdrs = []
    sensors = []
    record_id = 1
    corrupt = []
    if variant == "locators-first":
        for loc in server45.locators():
            sdrs.append(loc.record(record_id).hex())
            record_id += 1
    all_sensors = server45.sensors()
    if variant == "server200":
        all_sensors += extra_sensors({s.number + i for s in all_sensors for i in range(getattr(s, "share_count", 1))})
    for s in all_sensors:
        if variant == "corrupt-record" and s.number == CORRUPT_SENSOR:
            sdrs.append(cut_short(s.record(record_id)).hex())
            corrupt.append({"record_id": record_id, "sensor": s.name})
            record_id += 1
            continue
        sdrs.append(s.record(record_id).hex())
        record_id += 1
        if isinstance(s, FullSensor):
            sensors.append({
                "number": s.number, "lun": s.lun, "name": s.name, "sensor_type": s.sensor_type,
                "event_reading_type": s.event_reading_type, "kind": "threshold",
                "reading": s.reading, "scanning": s.scanning, "signed": s.analog_format == 2,
                "thresholds": s.thresholds, "settable": [t for t in s.settable if t in s.thresholds],
                "hysteresis": list(s.hysteresis), "wave": getattr(s, "wave", 0),
                "nonlinear": s.factors.linearization >= 0x70,
            })
        elif isinstance(s, CompactSensor):
            for i in range(s.share_count):
                # FreeIPMI and ipmitool put a space between the ID string and the modifier.
                name = f"{s.name} {s.modifier_offset + i}" if s.share_count > 1 else s.name
                sensors.append({
                    "number": s.number + i, "lun": s.lun, "name": name,
                    "sensor_type": s.sensor_type, "event_reading_type": s.event_reading_type,
                    "kind": "discrete", "states": s.states[i], "scanning": s.scanning,
                    "assertion_mask": s.assertion_mask, "deassertion_mask": s.deassertion_mask,
                })
        elif isinstance(s, EventOnlySensor):
            sensors.append({"number": s.number, "lun": s.lun, "name": s.name,
                            "sensor_type": s.sensor_type,
                            "event_reading_type": s.event_reading_type, "kind": "event-only"})
    if variant != "locators-first":
        for loc in server45.locators():
            sdrs.append(loc.record(record_id).hex())
            record_id += 1
    return {
        "name": variant if variant in ("server45", "server200") else f"server45-{variant}",
        # Records left corrupt on purpose (their sensors are not in "sensors").
        "corrupt_records": corrupt,
        "device": {"device_id": 0x20, "device_revision": 1, "firmware_major": 1,
                   "firmware_minor": 0x02, "ipmi_version": 0x02, "additional_support": 0xBF,
                   "manufacturer_id": 0x0002A2, "product_id": 0x4410, "provides_sdrs": True},
        "system_uuid": str(server45.SYSTEM_UUID),
        "sdr": sdrs,
        "sensors": sensors,
        "fru": {str(k): v.hex() for k, v in server45.fru_images().items()},
        "sel": [{"record_type": t, "data": d.hex()} for t, d in server45.sel_entries()],
        "chassis": {"power_on": True, "restore_policy": "always-on"},
    }


def main():
    profile = build(sys.argv[2] if len(sys.argv) > 2 else "server45")
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(profile, out, indent=1, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    main()
