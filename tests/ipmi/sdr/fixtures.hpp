// Byte fixtures of every SDR record type the parser knows (IPMI 2.0 Tables 43-1..43-9, 43.12).
#pragma once

#include <cstdint>
#include <vector>

namespace sdr_fixtures {

using Bytes = std::vector<std::uint8_t>;

// Full sensor record (Table 43-1), every field set to a distinct value; ID "CPU Temp".
inline Bytes full_record() {
    return {
        0x34, 0x00, 0x51, 0x01, 0x33, // record 0034h, version 51h, type 01h, 51 bytes follow
        0x20,                         // 6: owner IPMB slave address 20h
        0x52,                         // 7: channel 5, LUN 2
        0x31,                         // 8: sensor number
        0x03, 0x81,                   // 9-10: entity 03h, logical, instance 1
        0xa5,                         // 11: initialization 1010 0101
        0xd9,                         // 12: capabilities 11 01 10 01
        0x01, 0x01,                   // 13-14: temperature, threshold
        0x95, 0x7a,                   // 15-16: assertion 7A95h
        0x95, 0x3a,                   // 17-18: deassertion 3A95h
        0x3f, 0x1b,                   // 19-20: readable 3Fh, settable 1Bh
        0x9b,                         // 21: 2's complement, per s, divide, percentage
        0x01, 0x16,                   // 22-23: degrees C / second
        0x00,                         // 24: linear
        0x2c, 0xd5,                   // 25-26: M = 32Ch (-212), tolerance 15h
        0x10, 0xaa,                   // 27-28: B = 210h (-496), accuracy low 2Ah
        0x5d,                         // 29: accuracy high 5h, accuracy exp 3, direction input
        0xe3,                         // 30: R exp -2, B exp 3
        0x05,                         // 31: nominal and normal min specified
        0x40, 0x50, 0x10, 0x7f, 0x80, // 32-36: nominal, normal max/min, sensor max/min
        0x60, 0x5a, 0x55,             // 37-39: UNR, UC, UNC
        0x05, 0x0a, 0x0f,             // 40-42: LNR, LC, LNC
        0x02, 0x03,                   // 43-44: hysteresis + / -
        0x00, 0x00,                   // 45-46: reserved
        0x77,                         // 47: OEM
        0xc8, 'C',  'P',  'U',  ' ',  'T', 'e', 'm', 'p', // 48-56: Latin-1, 8 bytes
    };
}

// Compact sensor record (Table 43-2): 4 shared DIMM sensors, numeric from 1, instance
// increments.
inline Bytes compact_record() {
    return {
        0x35, 0x00, 0x51, 0x02, 0x1f, // record 0035h, type 02h, 31 bytes follow
        0x20, 0x00, 0x40,             // owner 20h, LUN 0, sensor 40h
        0x20, 0x01,                   // entity 20h (memory device), instance 1
        0x03, 0x40,                   // initialization, capabilities (auto re-arm)
        0x0c, 0x6f,                   // memory, sensor-specific
        0x03, 0x00, 0x03, 0x00,       // assertion / deassertion masks
        0xff, 0x07,                   // reading mask 07FFh
        0x00, 0x00, 0x00,             // units: none
        0x84,                         // 24: direction output, numeric, share count 4
        0x81,                         // 25: instance increments, offset 1
        0x01, 0x02,                   // 26-27: hysteresis + / -
        0x00, 0x00, 0x00,             // 28-30 reserved
        0x99,                         // 31: OEM
        0xc4, 'D',  'I',  'M',  'M',  // 32-36: ID
    };
}

// Event-only record (Table 43-3): software-ID owner, two alpha-shared sensors from "D".
inline Bytes event_only_record() {
    return {
        0x36, 0x00, 0x51, 0x03, 0x15, // record 0036h, type 03h, 21 bytes follow
        0x41, 0x10, 0x50,             // software ID 20h, channel 1 LUN 0, sensor 50h
        0x0a, 0x02,                   // power supply entity, instance 2
        0x08, 0x0b,                   // power supply, redundancy
        0x52,                         // 13: direction input, alpha, share count 2
        0x03,                         // 14: same instance, offset 3
        0x00,                         // 15 reserved
        0x12,                         // 16 OEM
        0xc9, 'P',  'S',  ' ',  'R',  'e', 'd', 'u', 'n', 'd', // 17-26
    };
}

// FRU device locator (Table 43-7).
inline Bytes fru_locator_record() {
    return {
        0x37, 0x00, 0x51, 0x11, 0x0f, // record 0037h, type 11h, 15 bytes follow
        0x21,                         // 6: access address 20h (bit 0 reserved, set)
        0x05,                         // 7: FRU device ID 5
        0x8a,                         // 8: logical, LUN 1, private bus 2
        0x30,                         // 9: channel 3
        0x00,                         // 10: reserved
        0x10, 0x01,                   // 11-12: device type, modifier
        0x07, 0x01,                   // 13-14: entity system board, instance 1
        0x00,                         // 15: OEM
        0xc4, 'F',  'R',  'U',  '0',  // 16-20
    };
}

// Management controller device locator (Table 43-9).
inline Bytes mc_locator_record() {
    return {
        0x38, 0x00, 0x51, 0x12, 0x0e, // record 0038h, type 12h, 14 bytes follow
        0x20,                         // 6: slave address 20h
        0xf2,                         // 7: channel 2 (reserved high bits set)
        0xcd,                         // 8: ACPI system+device, logs errors, global init 01
        0xbf,                         // 9: capabilities, no bridge
        0x00, 0x00, 0x00,             // 10-12 reserved
        0x2e, 0x01,                   // 13-14: entity, instance
        0x00,                         // 15: OEM
        0xc3, 'B',  'M',  'C',        // 16-19
    };
}

// OEM record (section 43.12): Intel (000157h) and three bytes.
inline Bytes oem_record() {
    return {0x39, 0x00, 0x51, 0xc0, 0x06, 0x57, 0x01, 0x00, 0xaa, 0xbb, 0xcc};
}

// Entity association record (08h): not parsed, kept raw.
inline Bytes entity_association_record() {
    return {0x3a, 0x00, 0x51, 0x08, 0x03, 0x07, 0x01, 0x00};
}

} // namespace sdr_fixtures
