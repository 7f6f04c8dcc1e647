// SEL records (IPMI 2.0 section 32, Tables 32-1..32-3) decoded from the 16 bytes Get SEL Entry
// returns: system event records (02h), OEM timestamped (C0h-DFh), OEM non-timestamped
// (E0h-FFh); other types are kept as they are.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <system_error>
#include <variant>

namespace ipmi::sel {

using Bytes16 = std::array<std::uint8_t, 16>;

// Section 37.1: timestamps at or below 20000000h count from the SEL device's initialisation,
// not from 1970: they were taken before the clock was set ("pre-init", relative; FreeIPMI
// prints them as "PostInit", i.e. after the device's own initialisation). FFFFFFFFh is an
// unspecified time.
inline constexpr std::uint32_t last_pre_init_timestamp = 0x20000000;
inline constexpr std::uint32_t unspecified_timestamp = 0xffffffff;
[[nodiscard]] constexpr bool pre_init(std::uint32_t timestamp) { return timestamp <= last_pre_init_timestamp; }

// The class of an event/reading type code (Table 42-1): 01h threshold, 02h-0Ch generic
// discrete, 6Fh sensor-specific, 70h-7Fh OEM; 00h and 0Dh-6Eh are unspecified/reserved.
enum class EventClass : std::uint8_t { threshold, generic_discrete, sensor_specific, oem, reserved };
[[nodiscard]] constexpr EventClass event_class(std::uint8_t event_reading_type) {
    if (event_reading_type == 0x01) {
        return EventClass::threshold;
    }
    if (event_reading_type >= 0x02 && event_reading_type <= 0x0c) {
        return EventClass::generic_discrete;
    }
    if (event_reading_type == 0x6f) {
        return EventClass::sensor_specific;
    }
    if (event_reading_type >= 0x70 && event_reading_type <= 0x7f) {
        return EventClass::oem;
    }
    return EventClass::reserved;
}

// What event data 2 and 3 hold, from event data 1 bits 7:6 and 5:4 (Table 29-6). For
// threshold events 01b is the trigger reading (ED2) / trigger threshold (ED3); for discrete
// events 01b in ED2 is the previous state and severity, and 01b in ED3 is reserved.
enum class DataUse : std::uint8_t { unspecified = 0, reading_or_state = 1, oem_code = 2, sensor_specific = 3 };

// Table 32-1 bytes 8-9 (Generator ID, section 5.5).
struct GeneratorId {
    std::uint8_t id = 0;        // byte 8 bits 7:1: IPMB slave address or system software ID
    bool software = false;      // byte 8 bit 0
    std::uint8_t channel = 0;   // byte 9 bits 7:4
    std::uint8_t lun = 0;       // byte 9 bits 1:0
    // The byte as IPMB writes it (20h for the BMC), comparable with an SDR sensor owner.
    [[nodiscard]] std::uint8_t address() const {
        return static_cast<std::uint8_t>((static_cast<unsigned>(id) << 1) | (software ? 1U : 0U));
    }
    friend bool operator==(const GeneratorId&, const GeneratorId&) = default;
};

// Table 32-1: system event record.
struct SystemEvent {
    std::uint32_t timestamp = 0; // bytes 4-7, seconds
    GeneratorId generator;       // bytes 8-9
    std::uint8_t evm_revision = 0;       // byte 10: 04h for IPMI 1.5/2.0
    std::uint8_t sensor_type = 0;        // byte 11, Table 42-3
    std::uint8_t sensor_number = 0;      // byte 12
    bool deassertion = false;            // byte 13 bit 7
    std::uint8_t event_reading_type = 0; // byte 13 bits 6:0, Table 42-1
    std::array<std::uint8_t, 3> event_data{}; // bytes 14-16

    // Event data 1 (Table 29-6): the offset in bits 3:0, what event data 2 and 3 hold in
    // bits 7:6 and 5:4 (00b unspecified, 01b trigger reading / previous state, 10b OEM code,
    // 11b sensor-specific extension or trigger threshold).
    [[nodiscard]] std::uint8_t offset() const { return static_cast<std::uint8_t>(event_data[0] & 0x0fU); }
    [[nodiscard]] DataUse data2_use() const {
        return static_cast<DataUse>((static_cast<unsigned>(event_data[0]) >> 6U) & 0x03U);
    }
    [[nodiscard]] DataUse data3_use() const {
        return static_cast<DataUse>((static_cast<unsigned>(event_data[0]) >> 4U) & 0x03U);
    }
    [[nodiscard]] EventClass event_class() const { return sel::event_class(event_reading_type); }
    friend bool operator==(const SystemEvent&, const SystemEvent&) = default;
};

// Table 32-2: OEM timestamped record (C0h-DFh).
struct OemTimestamped {
    std::uint32_t timestamp = 0;       // bytes 4-7
    std::uint32_t manufacturer_id = 0; // bytes 8-10, LS byte first
    std::array<std::uint8_t, 6> data{}; // bytes 11-16
    friend bool operator==(const OemTimestamped&, const OemTimestamped&) = default;
};

// Table 32-3: OEM non-timestamped record (E0h-FFh).
struct OemNonTimestamped {
    std::array<std::uint8_t, 13> data{}; // bytes 4-16
    friend bool operator==(const OemNonTimestamped&, const OemNonTimestamped&) = default;
};

// A record type the spec reserves (03h-BFh, 00h, 01h): kept as bytes.
struct UnknownRecord {
    friend bool operator==(const UnknownRecord&, const UnknownRecord&) = default;
};

struct Record {
    std::uint16_t record_id = 0; // bytes 1-2
    std::uint8_t record_type = 0; // byte 3
    std::variant<SystemEvent, OemTimestamped, OemNonTimestamped, UnknownRecord> body;
    Bytes16 raw{};

    [[nodiscard]] const SystemEvent* system_event() const { return std::get_if<SystemEvent>(&body); }
    // The timestamp of system and OEM timestamped records.
    [[nodiscard]] std::optional<std::uint32_t> timestamp() const;
};

// Every 16-byte entry decodes: there is nothing to refuse in a fixed-size record; reserved
// types become UnknownRecord, reserved bits are kept in the raw bytes.
[[nodiscard]] Record decode(const Bytes16& entry);
// The data of a Get SEL Entry answer (Table 31-5, bytes 4:N): Errc::sel_entry_malformed unless
// it is exactly one 16-byte record.
[[nodiscard]] std::expected<Record, std::error_code> decode(std::span<const std::uint8_t> entry);

} // namespace ipmi::sel
