// SDR record types as plain structs and parse_sdr (IPMI 2.0 section 43: full 01h Table 43-1,
// compact 02h Table 43-2, event-only 03h Table 43-3, FRU device locator 11h Table 43-7, MC
// device locator 12h Table 43-9, OEM C0h section 43.12; other types are kept raw).
#pragma once

#include "ipmi/sdr/factors.hpp"
#include "ipmi/sdr/header.hpp"
#include "ipmi/sdr/id_string.hpp"
#include "ipmi/sdr/units.hpp"

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

namespace ipmi::sdr {

// Sensor records bytes 6-7 (Tables 43-1..43-3).
struct SensorOwner {
    std::uint8_t id = 0;      // byte 6 bits 7:1: IPMB slave address (7-bit) or software ID
    bool software_id = false; // byte 6 bit 0: 1 = system software ID
    std::uint8_t channel = 0; // byte 7 bits 7:4
    std::uint8_t lun = 0;     // byte 7 bits 1:0

    // The byte as IPMB writes it (20h for the BMC, 41h for BIOS software ID 20h).
    [[nodiscard]] std::uint8_t address() const {
        return static_cast<std::uint8_t>((id << 1) | (software_id ? 1 : 0));
    }
    friend bool operator==(const SensorOwner&, const SensorOwner&) = default;
};

// Entity ID and instance (section 39; sensor records bytes 9-10).
struct Entity {
    std::uint8_t id = 0;
    std::uint8_t instance = 0; // bits 6:0
    bool logical = false;      // bit 7: 1 = logical container entity

    friend bool operator==(const Entity&, const Entity&) = default;
};

// Sensor Initialization, byte 11 of full and compact records.
struct SensorInitialization {
    bool settable = false;         // bit 7
    bool init_scanning = false;    // bit 6
    bool init_events = false;      // bit 5
    bool init_thresholds = false;  // bit 4
    bool init_hysteresis = false;  // bit 3
    bool init_sensor_type = false; // bit 2
    bool events_enabled = false;   // bit 1: event generation enabled at power-up
    bool scanning_enabled = false; // bit 0: sensor scanning enabled at power-up

    friend bool operator==(const SensorInitialization&, const SensorInitialization&) = default;
};

// Sensor Capabilities, byte 12 of full and compact records.
struct SensorCapabilities {
    bool ignore_sensor = false;             // bit 7: ignore if the entity is absent or disabled
    bool auto_rearm = false;                // bit 6
    std::uint8_t hysteresis_support = 0;    // bits 5:4: none, readable, readable+settable, fixed
    std::uint8_t threshold_access = 0;      // bits 3:2: none, readable, readable+settable, fixed
    std::uint8_t event_message_control = 0; // bits 1:0: per threshold/state, entire, global, none

    friend bool operator==(const SensorCapabilities&, const SensorCapabilities&) = default;
};

// Threshold bit positions: readable/settable masks (bytes 19-20), Get Sensor Reading byte 3.
enum class Threshold : std::uint8_t {
    lower_non_critical = 0,
    lower_critical = 1,
    lower_non_recoverable = 2,
    upper_non_critical = 3,
    upper_critical = 4,
    upper_non_recoverable = 5,
};

// Bytes 15-20 as 16-bit LS-first values. For threshold sensors (event/reading type 01h) the
// bytes carry threshold masks, decoded by the accessors.
struct EventMasks {
    std::uint16_t assertion = 0;   // bytes 15-16
    std::uint16_t deassertion = 0; // bytes 17-18
    std::uint16_t reading = 0;     // bytes 19-20 (discrete reading mask: bits 14:0)

    // Threshold assertion/deassertion event bits 11:0 (Table 42-2 offsets 00h-0Bh).
    [[nodiscard]] std::uint16_t threshold_assertion_events() const { return assertion & 0x0fffU; }
    [[nodiscard]] std::uint16_t threshold_deassertion_events() const {
        return deassertion & 0x0fffU;
    }
    // Byte 16 bits 6:4: LNR, LC, LNC comparison returned (bit 0 = LNC).
    [[nodiscard]] std::uint8_t lower_threshold_reading_mask() const {
        return static_cast<std::uint8_t>((assertion >> 12) & 0x07U);
    }
    // Byte 18 bits 6:4: UNR, UC, UNC comparison returned (bit 0 = UNC).
    [[nodiscard]] std::uint8_t upper_threshold_reading_mask() const {
        return static_cast<std::uint8_t>((deassertion >> 12) & 0x07U);
    }
    // Byte 19 bits 5:0 and byte 20 bits 5:0, bit n = Threshold n.
    [[nodiscard]] std::uint8_t readable_thresholds() const {
        return static_cast<std::uint8_t>(reading & 0x3fU);
    }
    [[nodiscard]] std::uint8_t settable_thresholds() const {
        return static_cast<std::uint8_t>((reading >> 8) & 0x3fU);
    }
    [[nodiscard]] bool readable(Threshold t) const {
        return ((static_cast<unsigned>(readable_thresholds()) >> static_cast<unsigned>(t)) & 1U) != 0;
    }
    [[nodiscard]] bool settable(Threshold t) const {
        return ((static_cast<unsigned>(settable_thresholds()) >> static_cast<unsigned>(t)) & 1U) != 0;
    }
    // Discrete sensors: states that can be read (bits 14:0).
    [[nodiscard]] std::uint16_t discrete_reading_mask() const { return reading & 0x7fffU; }

    friend bool operator==(const EventMasks&, const EventMasks&) = default;
};

inline constexpr std::uint8_t event_reading_type_threshold = 0x01; // Table 42-1
inline constexpr std::uint8_t event_reading_type_specific = 0x6f;  // sensor-specific

// Table 43-1: full sensor record (01h), every field.
struct FullSensorRecord {
    SdrHeader header;
    SensorOwner owner;
    std::uint8_t number = 0; // byte 8
    Entity entity;           // bytes 9-10
    SensorInitialization initialization;
    SensorCapabilities capabilities;
    std::uint8_t sensor_type = 0;        // byte 13, Table 42-3
    std::uint8_t event_reading_type = 0; // byte 14, Table 42-1
    EventMasks masks;
    AnalogFormat analog_format = AnalogFormat::unsigned_value; // byte 21 bits 7:6
    SensorUnits units;                                         // bytes 21-23
    std::uint8_t linearization = 0;         // byte 24 bits 6:0: 00h-0Bh, 70h-7Fh non-linear
    Factors factors;                        // bytes 25-30
    std::uint8_t direction = 0;             // byte 29 bits 1:0: unspecified, input, output
    bool nominal_specified = false;         // byte 31 bit 0
    bool normal_max_specified = false;      // bit 1
    bool normal_min_specified = false;      // bit 2
    std::uint8_t nominal_reading = 0;       // byte 32 (raw, convert with the factors)
    std::uint8_t normal_maximum = 0;        // byte 33
    std::uint8_t normal_minimum = 0;        // byte 34
    std::uint8_t sensor_maximum = 0;        // byte 35
    std::uint8_t sensor_minimum = 0;        // byte 36
    std::uint8_t upper_non_recoverable = 0; // byte 37
    std::uint8_t upper_critical = 0;        // byte 38
    std::uint8_t upper_non_critical = 0;    // byte 39
    std::uint8_t lower_non_recoverable = 0; // byte 40
    std::uint8_t lower_critical = 0;        // byte 41
    std::uint8_t lower_non_critical = 0;    // byte 42
    std::uint8_t positive_hysteresis = 0;   // byte 43, raw counts
    std::uint8_t negative_hysteresis = 0;   // byte 44, raw counts
    std::uint8_t oem = 0;                   // byte 47
    IdString id;                            // bytes 48-64

    [[nodiscard]] bool threshold_based() const {
        return event_reading_type == event_reading_type_threshold;
    }
    [[nodiscard]] std::uint8_t threshold(Threshold t) const;

    friend bool operator==(const FullSensorRecord&, const FullSensorRecord&) = default;
};

// Compact byte 24 / event-only byte 13 bits 5:4.
enum class IdModifierType : std::uint8_t { numeric = 0, alpha = 1, reserved2 = 2, reserved3 = 3 };

// Sensor Record Sharing (Table 43-2 bytes 24-25, Table 43-3 bytes 13-14).
struct RecordSharing {
    std::uint8_t share_count = 1; // bits 3:0; 0 is read as 1
    IdModifierType modifier_type = IdModifierType::numeric;
    std::uint8_t modifier_offset = 0;        // second byte bits 6:0
    bool entity_instance_increments = false; // second byte bit 7

    friend bool operator==(const RecordSharing&, const RecordSharing&) = default;
};

// Table 43-2: compact sensor record (02h).
struct CompactSensorRecord {
    SdrHeader header;
    SensorOwner owner;
    std::uint8_t number = 0;
    Entity entity;
    SensorInitialization initialization;
    SensorCapabilities capabilities;
    std::uint8_t sensor_type = 0;
    std::uint8_t event_reading_type = 0;
    EventMasks masks;
    SensorUnits units;                    // bytes 21-23 (byte 21 bits 7:6 reserved)
    std::uint8_t direction = 0;           // byte 24 bits 7:6
    RecordSharing sharing;                // bytes 24-25
    std::uint8_t positive_hysteresis = 0; // byte 26
    std::uint8_t negative_hysteresis = 0; // byte 27
    std::uint8_t oem = 0;                 // byte 31
    IdString id;                          // bytes 32-48

    [[nodiscard]] bool threshold_based() const {
        return event_reading_type == event_reading_type_threshold;
    }
    friend bool operator==(const CompactSensorRecord&, const CompactSensorRecord&) = default;
};

// Table 43-3: event-only record (03h).
struct EventOnlyRecord {
    SdrHeader header;
    SensorOwner owner;
    std::uint8_t number = 0;
    Entity entity;
    std::uint8_t sensor_type = 0;        // byte 11
    std::uint8_t event_reading_type = 0; // byte 12
    std::uint8_t direction = 0;          // byte 13 bits 7:6
    RecordSharing sharing;               // bytes 13-14
    std::uint8_t oem = 0;                // byte 16
    IdString id;                         // bytes 17-33

    friend bool operator==(const EventOnlyRecord&, const EventOnlyRecord&) = default;
};

// Table 43-7: FRU device locator (11h).
struct FruDeviceLocatorRecord {
    SdrHeader header;
    std::uint8_t access_address = 0; // byte 6 bits 7:1 as an 8-bit slave address (bit 0 = 0)
    std::uint8_t fru_device_id = 0;  // byte 7: FRU device ID, or slave address when not logical
    bool logical = false;            // byte 8 bit 7: logical FRU device (Read FRU Data)
    std::uint8_t access_lun = 0;     // byte 8 bits 4:3
    std::uint8_t private_bus = 0;    // byte 8 bits 2:0
    std::uint8_t channel = 0;        // byte 9 bits 7:4
    std::uint8_t device_type = 0;    // byte 11, Table 43-12
    std::uint8_t device_type_modifier = 0; // byte 12
    Entity entity;                         // bytes 13-14
    std::uint8_t oem = 0;                  // byte 15
    IdString id;                           // bytes 16-32

    friend bool operator==(const FruDeviceLocatorRecord&, const FruDeviceLocatorRecord&) = default;
};

// Table 43-9: management controller device locator (12h).
struct McDeviceLocatorRecord {
    SdrHeader header;
    std::uint8_t slave_address = 0;              // byte 6 bits 7:1 as an 8-bit address (bit 0 = 0)
    std::uint8_t channel = 0;                    // byte 7 bits 3:0
    bool acpi_system_power_notification = false; // byte 8 bit 7
    bool acpi_device_power_notification = false; // bit 6
    bool controller_logs_init_errors = false;    // bit 3
    bool log_init_agent_errors = false;          // bit 2
    std::uint8_t global_initialization = 0;      // bits 1:0: 0 enable events, 1 disable, 2 none
    bool chassis_device = false;                 // byte 9 bit 7
    bool bridge = false;                         // bit 6
    bool event_generator = false;                // bit 5: IPMB event generator
    bool event_receiver = false;                 // bit 4: IPMB event receiver
    bool fru_inventory = false;                  // bit 3
    bool sel_device = false;                     // bit 2
    bool sdr_repository = false;                 // bit 1
    bool sensor_device = false;                  // bit 0
    Entity entity;                               // bytes 13-14
    std::uint8_t oem = 0;                        // byte 15
    IdString id;                                 // bytes 16-32

    friend bool operator==(const McDeviceLocatorRecord&, const McDeviceLocatorRecord&) = default;
};

// Section 43.12: OEM record (C0h).
struct OemRecord {
    SdrHeader header;
    std::uint32_t manufacturer_id = 0; // bytes 6-8, IANA enterprise number, LS byte first
    std::vector<std::uint8_t> data;    // bytes 9..

    friend bool operator==(const OemRecord&, const OemRecord&) = default;
};

// Any other record type: not an error, kept as bytes.
struct RawRecord {
    SdrHeader header;
    std::vector<std::uint8_t> body; // the `header.length` bytes after the header

    friend bool operator==(const RawRecord&, const RawRecord&) = default;
};

using SdrRecord = std::variant<FullSensorRecord, CompactSensorRecord, EventOnlyRecord,
                               FruDeviceLocatorRecord, McDeviceLocatorRecord, OemRecord, RawRecord>;

// One record: header, then the fields of its type. Bytes past 5 + length are ignored.
// Errors: Errc::sdr_header_truncated, sdr_length_beyond_data, sdr_record_too_short,
// sdr_id_string_beyond_record. An unknown record type is not an error (RawRecord).
[[nodiscard]] std::expected<SdrRecord, std::error_code>
parse_sdr(std::span<const std::uint8_t> record);

// The body parsers parse_sdr dispatches to; `record` is exactly 5 + header.length bytes.
[[nodiscard]] std::expected<FullSensorRecord, std::error_code>
parse_full_sensor(const SdrHeader& header, std::span<const std::uint8_t> record);
[[nodiscard]] std::expected<CompactSensorRecord, std::error_code>
parse_compact_sensor(const SdrHeader& header, std::span<const std::uint8_t> record);
[[nodiscard]] std::expected<EventOnlyRecord, std::error_code>
parse_event_only(const SdrHeader& header, std::span<const std::uint8_t> record);
[[nodiscard]] std::expected<FruDeviceLocatorRecord, std::error_code>
parse_fru_device_locator(const SdrHeader& header, std::span<const std::uint8_t> record);
[[nodiscard]] std::expected<McDeviceLocatorRecord, std::error_code>
parse_mc_device_locator(const SdrHeader& header, std::span<const std::uint8_t> record);

// Section 43.2 record sharing: one record per shared sensor (sensor number + i, entity instance
// + i when it increments, share count 1) named ID string + instance modifier: numeric
// offset + i ("Temp 5", "Temp 6"), alpha base 26 from offset + i (0 "A", 25 "Z", 26 "AA").
// A space separates the ID from the modifier unless the ID already ends with one (the
// spec's example ID is "Temp "; FreeIPMI always inserts one). Reserved modifier types are
// numbered like numeric.
[[nodiscard]] std::vector<CompactSensorRecord> expand_shared(const CompactSensorRecord& record);
[[nodiscard]] std::vector<EventOnlyRecord> expand_shared(const EventOnlyRecord& record);
// The name of shared instance `index` (0-based) of a record with this ID and sharing.
[[nodiscard]] std::string shared_name(const std::string& id, const RecordSharing& sharing,
                                      std::uint8_t index);

} // namespace ipmi::sdr
