"""The simulated server: 45 readable sensors (plus one event-only), its FRU
images and SEL, described once. make_profile.py turns it into the profile that
both the in-process simulated BMC and the ipmi_sim configuration are built from.
"""
import datetime
import uuid

import fru_encode as fru
from sdr_encode import (CompactSensor, EventOnlySensor, Factors, FruLocator, FullSensor,
                        McLocator)

SYSTEM_UUID = uuid.UUID("4c4c4544-0042-3510-8052-b2c04f4e3332")

# IPMI 2.0 Table 43-15 unit codes and Table 42-3 sensor types used here.
DEG_C, VOLTS, AMPS, WATTS, CFM, RPM = 1, 4, 5, 6, 17, 18
T_TEMP, T_VOLT, T_CURRENT, T_FAN, T_PHYS_SEC, T_CPU, T_PSU, T_OTHER_UNITS = 0x01, 0x02, 0x03, 0x04, 0x05, 0x07, 0x08, 0x0B
T_MEMORY, T_DRIVE, T_BUTTON, T_ACPI, T_WATCHDOG2 = 0x0C, 0x0D, 0x14, 0x22, 0x23


def temp(number, name, reading, unc, uc, unr=None, entity=0x03, instance=1, fmt=0, lower=None, wave=0):
    thresholds = {"unc": unc, "uc": uc}
    if unr is not None:
        thresholds["unr"] = unr
    if lower:
        thresholds.update(lower)
    s = FullSensor(number, name, T_TEMP, entity_id=entity, entity_instance=instance, base_unit=DEG_C,
                   analog_format=fmt, thresholds=thresholds, settable=("lnc", "unc"), hysteresis=(2, 2),
                   nominal=reading, reading=reading, sensor_min=0x80 if fmt == 2 else 0,
                   sensor_max=0x7F if fmt == 2 else 0xFF)
    s.wave = wave
    return s


def volt(number, name, reading, factors, lc, lnc, unc, uc, wave=0):
    s = FullSensor(number, name, T_VOLT, entity_id=0x07, base_unit=VOLTS, factors=factors,
                   thresholds={"lc": lc, "lnc": lnc, "unc": unc, "uc": uc}, settable=("lnc", "unc"),
                   hysteresis=(1, 1), nominal=reading, reading=reading)
    s.wave = wave
    return s


def fan(number, name, reading, lnc, lc, wave=0):
    s = FullSensor(number, name, T_FAN, entity_id=0x1D, entity_instance=number - 0x40,
                   base_unit=RPM, factors=Factors(m=80), thresholds={"lnc": lnc, "lc": lc},
                   settable=("lnc",), hysteresis=(1, 1), reading=reading)
    s.wave = wave
    return s


def sensors():
    v = Factors
    out = [
        temp(0x01, "CPU1 Temp", 48, 85, 90, 95, wave=3),
        temp(0x02, "CPU2 Temp", 51, 85, 90, 95, instance=2, wave=3),
        temp(0x03, "Inlet Temp", 23, 38, 42, entity=0x37, wave=1),
        temp(0x04, "Exhaust Temp", 36, 70, 75, entity=0x37, instance=2),
        temp(0x05, "DIMM AB Temp", 39, 80, 85, entity=0x20),
        temp(0x06, "DIMM CD Temp", 38, 80, 85, entity=0x20, instance=2),
        temp(0x07, "PCH Temp", 55, 95, 100, entity=0x07),
        temp(0x08, "VR CPU1 Temp", 60, 100, 105, entity=0x14),
        temp(0x09, "PSU1 Temp", 41, 90, 95, entity=0x0A),
        # Two's complement readings and negative thresholds (a liquid cold plate).
        temp(0x0A, "Cold Plate Temp", 0xFB, 40, 45, entity=0x07, instance=3, fmt=2,
             lower={"lnc": 0xF6, "lc": 0xF1}),
        volt(0x10, "12V", 200, v(m=60, r_exp=-3), 180, 186, 214, 220),
        volt(0x11, "5V", 200, v(m=25, r_exp=-3), 180, 186, 214, 220),
        volt(0x12, "3.3V", 192, v(m=17, r_exp=-3), 175, 180, 205, 210),
        # Non-zero B: y = (10x + 100*10^1) * 10^-3 = 0.01x + 1.0 V.
        volt(0x13, "VBAT", 200, v(m=10, b=100, b_exp=1, r_exp=-3), 160, 170, 240, 250),
        # Negative B: y = (10x - 100) * 10^-3 V.
        volt(0x14, "CPU1 Vcore", 190, v(m=10, b=-100, r_exp=-3), 60, 70, 210, 220, wave=2),
        volt(0x15, "CPU2 Vcore", 188, v(m=10, b=-100, r_exp=-3), 60, 70, 210, 220),
        volt(0x16, "VDIMM AB", 120, v(m=10, r_exp=-3), 108, 112, 128, 132),
        volt(0x17, "1.05V PCH", 105, v(m=10, r_exp=-3), 95, 99, 111, 115),
        fan(0x41, "FAN1", 105, 20, 15, wave=4),
        fan(0x42, "FAN2", 107, 20, 15),
        fan(0x43, "FAN3", 104, 20, 15),
        fan(0x44, "FAN4", 106, 20, 15),
        fan(0x45, "FAN5", 103, 20, 15),
        fan(0x46, "FAN6", 0, 20, 15),  # a dead fan: below lower critical
        FullSensor(0x50, "PSU1 Current", T_CURRENT, entity_id=0x0A, base_unit=AMPS,
                   factors=Factors(m=2, r_exp=-1), thresholds={"unc": 180, "uc": 200},
                   settable=("unc",), reading=52),
        FullSensor(0x51, "PSU2 Current", T_CURRENT, entity_id=0x0A, entity_instance=2,
                   base_unit=AMPS, factors=Factors(m=2, r_exp=-1),
                   thresholds={"unc": 180, "uc": 200}, settable=("unc",), reading=0),
        FullSensor(0x52, "12V Current", T_CURRENT, entity_id=0x07, base_unit=AMPS,
                   factors=Factors(m=5, r_exp=-1), thresholds={"unc": 200, "uc": 220},
                   settable=("unc",), reading=61),
        FullSensor(0x58, "PSU1 Input Power", T_OTHER_UNITS, entity_id=0x0A, base_unit=WATTS,
                   factors=Factors(m=4), thresholds={"unc": 200, "uc": 225}, settable=("unc",),
                   reading=78),
        FullSensor(0x59, "PSU2 Input Power", T_OTHER_UNITS, entity_id=0x0A, entity_instance=2,
                   base_unit=WATTS, factors=Factors(m=4), thresholds={"unc": 200, "uc": 225},
                   settable=("unc",), reading=0),
        FullSensor(0x5A, "System Power", T_OTHER_UNITS, entity_id=0x07, base_unit=WATTS,
                   factors=Factors(m=5), thresholds={"unc": 160, "uc": 180}, settable=("unc",),
                   reading=60),
        # Linearizable (sqrt, Table 43-1 byte 24 = 0Ah): y = sqrt(4x) CFM.
        FullSensor(0x5B, "System Airflow", T_OTHER_UNITS, entity_id=0x07, base_unit=CFM,
                   factors=Factors(m=4, linearization=0x0A), thresholds={"lnc": 25},
                   settable=("lnc",), reading=144),
        # Non-linear (70h): factors come from Get Sensor Reading Factors.
        FullSensor(0x5C, "PSU Airflow", T_OTHER_UNITS, entity_id=0x0A, base_unit=CFM,
                   factors=Factors(m=1, linearization=0x70), thresholds={}, settable=(),
                   reading=90),
        # Discrete sensors (sensor-specific offsets, Table 42-3).
        CompactSensor(0x60, "PSU1 Status", T_PSU, entity_id=0x0A, assertion_mask=0x000F,
                      deassertion_mask=0x000F, discrete_mask=0x000F, states=(0x0001,)),
        CompactSensor(0x61, "PSU2 Status", T_PSU, entity_id=0x0A, entity_instance=2,
                      assertion_mask=0x000F, deassertion_mask=0x000F, discrete_mask=0x000F,
                      states=(0x0009,)),
        # Generic redundancy offsets (event/reading type 0Bh, Table 42-2).
        CompactSensor(0x62, "PS Redundancy", T_PSU, event_reading_type=0x0B, entity_id=0x0A,
                      assertion_mask=0x003F, deassertion_mask=0x003F, discrete_mask=0x003F,
                      states=(0x0002,)),
        CompactSensor(0x63, "Chassis Intru", T_PHYS_SEC, entity_id=0x17, assertion_mask=0x0001,
                      deassertion_mask=0x0001, discrete_mask=0x0001, states=(0x0000,)),
        CompactSensor(0x64, "CPU1 Status", T_CPU, entity_id=0x03, assertion_mask=0x0081,
                      deassertion_mask=0x0081, discrete_mask=0x0081, states=(0x0080,)),
        CompactSensor(0x65, "CPU2 Status", T_CPU, entity_id=0x03, entity_instance=2,
                      assertion_mask=0x0081, deassertion_mask=0x0081, discrete_mask=0x0081,
                      states=(0x0080,)),
        # One record, four sensors 0x66-0x69: "Drive 0" .. "Drive 3".
        CompactSensor(0x66, "Drive", T_DRIVE, entity_id=0x04, share_count=4,
                      entity_instance_increments=True, assertion_mask=0x0003,
                      deassertion_mask=0x0003, discrete_mask=0x0003,
                      states=(0x0001, 0x0001, 0x0003, 0x0000)),
        CompactSensor(0x6A, "Watchdog", T_WATCHDOG2, entity_id=0x07, assertion_mask=0x000F,
                      deassertion_mask=0x0000, discrete_mask=0x000F, states=(0x0000,)),
        CompactSensor(0x6B, "ACPI State", T_ACPI, entity_id=0x07, assertion_mask=0x0021,
                      deassertion_mask=0x0000, discrete_mask=0x0021, states=(0x0001,)),
        CompactSensor(0x6C, "Memory ECC", T_MEMORY, entity_id=0x20, assertion_mask=0x0003,
                      deassertion_mask=0x0003, discrete_mask=0x0003, states=(0x0000,)),
        EventOnlySensor(0x70, "Power Button", T_BUTTON, entity_id=0x17),
    ]
    return out


def locators():
    return [McLocator("BMC"), FruLocator(1, "PSU1 FRU", entity_id=0x0A)]


def fru_images():
    made = datetime.datetime(2025, 3, 14, 9, 26, tzinfo=datetime.timezone.utc)
    board = fru.image(
        chassis=fru.chassis_area(0x17, fru.text8("CHS-4410-01"), fru.packed6("SIMCH0001"),
                                 custom=(fru.text8("Rack 7"),)),
        board=fru.board_area(made, fru.text8("Simulated Systems"), fru.text8("SIM-MB-2S"),
                             fru.text8("MB0042XYZ"), fru.text8("MB-4410-A2"), fru.text8("board.xml"),
                             custom=(fru.text8("Rev A2"),)),
        product=fru.product_area(fru.text8("Simulated Systems"), fru.text8("SimServer 4410"),
                                 fru.text8("SS-4410"), fru.text8("2.1"), fru.text8("SRV0042"),
                                 fru.text8("ASSET-7781"), fru.text8("prod.xml")),
        multi=fru.multirecord([
            (0x00, fru.power_supply_info(800, 900, 30, 5, 9000, 26400, 0, 0, 47, 63, 20, 0x05, 850, 2)),
            (0x01, fru.dc_output(1, False, 1200, -60, 60, 120, 0, 60000)),
            (0x01, fru.dc_output(2, True, 500, -25, 25, 50, 0, 3000)),
            (0x03, fru.management_uuid(SYSTEM_UUID)),
        ]))
    psu = fru.image(
        board=fru.board_area(made, fru.text8("Simulated Power"), fru.text8("SP-800W"),
                             fru.text8("PSU1SN0001"), fru.text8("SP-800-12"), fru.text8("")),
        product=fru.product_area(fru.text8("Simulated Power"), fru.text8("800W PSU"),
                                 fru.text8("SP-800-12"), fru.text8("A0"), fru.text8("PSU1SN0001"),
                                 fru.text8(""), fru.text8("")))
    return {0: board, 1: psu}


def sel_entries():
    """(record_type, 13 bytes after the type) as Get SEL Entry returns them (section 32)."""
    def system(ts, sensor_type, number, ert, ed1, ed2=0xFF, ed3=0xFF, deassert=False):
        return (0x02, ts.to_bytes(4, "little") + bytes([0x20, 0x00, 0x04, sensor_type, number,
                                                       (0x80 if deassert else 0) | ert, ed1, ed2, ed3]))
    base = 1_764_000_000  # 2025-11-24
    return [
        # Upper critical going high (offset 09h) with trigger reading and threshold in ED2/ED3.
        system(base, T_TEMP, 0x01, 0x01, 0x59, 92, 90),
        system(base + 60, T_TEMP, 0x01, 0x01, 0x59, 88, 90, deassert=True),
        system(base + 120, T_PSU, 0x61, 0x6F, 0x03),          # Power Supply input lost
        system(base + 180, T_PHYS_SEC, 0x63, 0x6F, 0x00),     # General Chassis Intrusion
        system(base + 200, T_PHYS_SEC, 0x63, 0x6F, 0x00, deassert=True),
        system(base + 240, T_CPU, 0x64, 0x6F, 0x00),          # Processor IERR
        system(base + 300, T_MEMORY, 0x6C, 0x6F, 0xA0, 0x00, 0x01),  # Correctable ECC, DIMM 1
        system(base + 360, T_PSU, 0x62, 0x0B, 0x01),          # Redundancy lost
        system(base + 420, T_DRIVE, 0x68, 0x6F, 0x01),        # Drive fault (Drive 2)
        system(0x00000100, T_BUTTON, 0x70, 0x6F, 0x00),       # pre-init timestamp, power button
        (0xC1, (base + 480).to_bytes(4, "little") + bytes([0x57, 0x01, 0x00, 1, 2, 3, 4, 5, 6])),
        (0xE0, bytes(range(0x10, 0x1D))),
    ]
