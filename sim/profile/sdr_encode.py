"""SDR record encoders for the simulated BMC's profile (IPMI 2.0 section 43).

Written from the spec tables, independently of the C++ ipmi/ decoders, so a
shared mistake cannot cancel out in tests.
"""
from dataclasses import dataclass, field
from typing import Optional

SDR_VERSION = 0x51
BMC_ADDRESS = 0x20

# Threshold order of SDR bytes 37-42 reversed: (unr, uc, unc, lnr, lc, lnc) in the
# record; the readable/settable masks use bit 0 = LNC ... bit 5 = UNR (Table 43-1).
THRESHOLD_BITS = {"lnc": 0, "lc": 1, "lnr": 2, "unc": 3, "uc": 4, "unr": 5}


def id_string(text: str) -> bytes:
    """Type/length byte 8-bit ASCII+Latin1 (11b) and the string (section 43.15)."""
    raw = text.encode("latin-1")
    if len(raw) > 16:
        raise ValueError(f"ID string {text!r} longer than 16 bytes")
    return bytes([0xC0 | len(raw)]) + raw


def header(record_id: int, record_type: int, body: bytes) -> bytes:
    return bytes([record_id & 0xFF, record_id >> 8, SDR_VERSION, record_type, len(body)]) + body


def _u16(v: int) -> bytes:
    return bytes([v & 0xFF, (v >> 8) & 0xFF])


def _twos(value: int, bits: int) -> int:
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        raise ValueError(f"{value} does not fit {bits}-bit two's complement")
    return value & ((1 << bits) - 1)


@dataclass
class Factors:
    """Conversion factors y = L[(M*x + B*10^Bexp) * 10^Rexp] (section 36.3)."""
    m: int = 1
    b: int = 0
    r_exp: int = 0
    b_exp: int = 0
    tolerance: int = 0
    accuracy: int = 0
    accuracy_exp: int = 0
    linearization: int = 0  # 00h linear ... 0Bh cube root; 70h-7Fh non-linear

    def encode(self, direction: int = 0) -> bytes:
        m = _twos(self.m, 10)
        b = _twos(self.b, 10)
        return bytes([
            m & 0xFF,
            ((m >> 8) << 6) | (self.tolerance & 0x3F),
            b & 0xFF,
            ((b >> 8) << 6) | (self.accuracy & 0x3F),
            ((self.accuracy >> 6) << 4) | ((self.accuracy_exp & 0x3) << 2) | (direction & 0x3),
            (_twos(self.r_exp, 4) << 4) | _twos(self.b_exp, 4),
        ])


@dataclass
class FullSensor:
    """A full sensor record (type 01h, Table 43-1) plus the simulated reading."""
    number: int
    name: str
    sensor_type: int
    event_reading_type: int = 0x01  # threshold
    entity_id: int = 0x07           # system board
    entity_instance: int = 1
    base_unit: int = 0
    modifier_unit: int = 0
    modifier_use: int = 0           # units 1 bits 2:1
    rate_unit: int = 0
    percentage: bool = False
    analog_format: int = 0          # 0 unsigned, 1 one's complement, 2 two's complement
    factors: Factors = field(default_factory=Factors)
    thresholds: dict = field(default_factory=dict)  # name -> raw byte
    settable: tuple = ("lnc", "unc")
    hysteresis: tuple = (1, 1)      # raw positive, negative
    nominal: Optional[int] = None
    normal_max: Optional[int] = None
    normal_min: Optional[int] = None
    sensor_max: int = 0xFF
    sensor_min: int = 0x00
    reading: int = 0                # raw reading served by the BMC
    owner: int = BMC_ADDRESS
    lun: int = 0
    assertion_mask: int = 0
    deassertion_mask: int = 0
    discrete_mask: int = 0          # for non-threshold full records
    scanning: bool = True

    @property
    def threshold_based(self) -> bool:
        return self.event_reading_type == 0x01

    def masks(self) -> bytes:
        if not self.threshold_based:
            return _u16(self.assertion_mask) + _u16(self.deassertion_mask) + _u16(self.discrete_mask)
        readable = sum(1 << THRESHOLD_BITS[t] for t in self.thresholds)
        settable = sum(1 << THRESHOLD_BITS[t] for t in self.settable if t in self.thresholds)
        # Bytes 15-18: bits 14:12 say which lower (resp. upper) threshold
        # comparisons are returned; bits 11:0 the events: for threshold bit n,
        # bit 2n is "going low" and 2n+1 "going high" (lower thresholds assert
        # going low, upper ones going high).
        lower = readable & 0x07
        upper = (readable >> 3) & 0x07
        events = 0
        for t in self.thresholds:
            bit = THRESHOLD_BITS[t]
            events |= 1 << (bit * 2 + (1 if t.startswith("u") else 0))
        assert_mask = (lower << 12) | events
        deassert_mask = (upper << 12) | events
        return _u16(assert_mask) + _u16(deassert_mask) + bytes([readable, settable])

    def capabilities(self) -> int:
        # bit 6 auto re-arm; hysteresis readable (01b) for thresholds; threshold
        # access: readable and settable (10b) when any is settable, else readable.
        if not self.threshold_based:
            return 0x40 | 0x01  # entire-sensor event control
        threshold_access = 0x2 if any(t in self.thresholds for t in self.settable) else 0x1
        return 0x40 | (0x1 << 4) | (threshold_access << 2) | 0x1

    def body(self) -> bytes:
        flags = 0
        nominal = normal_max = normal_min = 0
        if self.nominal is not None:
            flags |= 0x1
            nominal = self.nominal
        if self.normal_max is not None:
            flags |= 0x2
            normal_max = self.normal_max
        if self.normal_min is not None:
            flags |= 0x4
            normal_min = self.normal_min
        units1 = (self.analog_format << 6) | (self.rate_unit << 3) | (self.modifier_use << 1) | int(self.percentage)
        t = self.thresholds
        return (bytes([self.owner, self.lun & 0x3, self.number, self.entity_id, self.entity_instance & 0x7F,
                       0x7F if self.scanning else 0x7E, self.capabilities(), self.sensor_type,
                       self.event_reading_type])
                + self.masks()
                + bytes([units1, self.base_unit, self.modifier_unit, self.factors.linearization & 0x7F])
                + self.factors.encode()
                + bytes([flags, nominal, normal_max, normal_min, self.sensor_max, self.sensor_min,
                         t.get("unr", 0), t.get("uc", 0), t.get("unc", 0),
                         t.get("lnr", 0), t.get("lc", 0), t.get("lnc", 0),
                         self.hysteresis[0], self.hysteresis[1], 0, 0, 0])
                + id_string(self.name))

    def record(self, record_id: int) -> bytes:
        return header(record_id, 0x01, self.body())


@dataclass
class CompactSensor:
    """A compact sensor record (type 02h, Table 43-2), discrete, possibly shared."""
    number: int
    name: str
    sensor_type: int
    event_reading_type: int = 0x6F
    entity_id: int = 0x07
    entity_instance: int = 1
    share_count: int = 1
    modifier_alpha: bool = False
    modifier_offset: int = 0
    entity_instance_increments: bool = False
    assertion_mask: int = 0
    deassertion_mask: int = 0
    discrete_mask: int = 0
    states: tuple = (0,)            # state bits 0-14 per shared instance
    owner: int = BMC_ADDRESS
    lun: int = 0
    scanning: bool = True

    def body(self) -> bytes:
        sharing1 = ((1 if self.modifier_alpha else 0) << 4) | (self.share_count & 0xF)
        sharing2 = (0x80 if self.entity_instance_increments else 0) | (self.modifier_offset & 0x7F)
        return (bytes([self.owner, self.lun & 0x3, self.number, self.entity_id, self.entity_instance & 0x7F,
                       0x7F if self.scanning else 0x7E, 0x41, self.sensor_type, self.event_reading_type])
                + _u16(self.assertion_mask) + _u16(self.deassertion_mask) + _u16(self.discrete_mask)
                + bytes([0xC0, 0, 0, sharing1, sharing2, 0, 0, 0, 0, 0, 0])
                + id_string(self.name))

    def record(self, record_id: int) -> bytes:
        return header(record_id, 0x02, self.body())


@dataclass
class EventOnlySensor:
    """An event-only record (type 03h, Table 43-3)."""
    number: int
    name: str
    sensor_type: int
    event_reading_type: int = 0x6F
    entity_id: int = 0x07
    entity_instance: int = 1
    owner: int = BMC_ADDRESS
    lun: int = 0

    def record(self, record_id: int) -> bytes:
        body = (bytes([self.owner, self.lun & 0x3, self.number, self.entity_id, self.entity_instance & 0x7F,
                       self.sensor_type, self.event_reading_type, 0x01, 0x00, 0, 0])
                + id_string(self.name))
        return header(record_id, 0x03, body)


@dataclass
class FruLocator:
    """A FRU device locator (type 11h, Table 43-7) for a logical FRU device."""
    fru_id: int
    name: str
    entity_id: int = 0x07
    entity_instance: int = 1

    def record(self, record_id: int) -> bytes:
        body = (bytes([BMC_ADDRESS, self.fru_id, 0x80, 0x00, 0x00, 0x10, 0x00, self.entity_id,
                       self.entity_instance, 0]) + id_string(self.name))
        return header(record_id, 0x11, body)


@dataclass
class McLocator:
    """A management controller device locator (type 12h, Table 43-9)."""
    name: str
    address: int = BMC_ADDRESS
    capabilities: int = 0xBF

    def record(self, record_id: int) -> bytes:
        body = (bytes([self.address, 0x00, 0x00, self.capabilities, 0, 0, 0, 0x2E, 0x01, 0])
                + id_string(self.name))
        return header(record_id, 0x12, body)
