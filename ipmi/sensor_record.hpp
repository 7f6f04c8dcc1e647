// The sensor-describing SDR records (IPMI 2.0 section 43): full (01h, Table
// 43-1), compact (02h, Table 43-2, shared records expanded into one sensor per
// instance) and event-only (03h, Table 43-3), reduced to what reading and
// presenting a sensor needs.
#pragma once

#include "ipmi/sensor_math.hpp"

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace ipmi {

struct SensorRecord {
    std::uint16_t record_id = 0;
    std::uint8_t record_type = 0; // 01h full, 02h compact, 03h event-only
    std::uint8_t owner_id = 0;    // slave address or software ID
    std::uint8_t owner_lun = 0;
    std::uint8_t channel = 0;
    std::uint8_t number = 0;
    std::uint8_t entity_id = 0;
    std::uint8_t entity_instance = 0;
    std::uint8_t sensor_type = 0;        // Table 42-3
    std::uint8_t event_reading_type = 0; // Table 42-1: 01h threshold
    std::uint16_t assertion_mask = 0;
    std::uint16_t deassertion_mask = 0;
    std::uint16_t reading_mask = 0;       // discrete: which states can be read
    std::uint8_t readable_thresholds = 0; // threshold sensors: bit 0 LNC ... bit 5 UNR
    std::uint8_t settable_thresholds = 0;
    AnalogFormat format = AnalogFormat::none;
    std::uint8_t rate_unit = 0;
    std::uint8_t modifier_use = 0; // 0 none, 1 base/modifier, 2 base*modifier
    bool percentage = false;
    std::uint8_t base_unit = 0; // Table 43-15
    std::uint8_t modifier_unit = 0;
    std::uint8_t linearization = 0;
    Factors factors;
    std::array<std::optional<std::uint8_t>, 6> thresholds; // raw, LNC LC LNR UNC UC UNR (full only)
    std::uint8_t hysteresis_positive = 0;
    std::uint8_t hysteresis_negative = 0;
    std::string name;

    [[nodiscard]] bool threshold_based() const { return event_reading_type == 0x01; }
    [[nodiscard]] bool readable() const { return record_type != 0x03; }
    // A value for a raw byte (full threshold records, linear or linearizable).
    [[nodiscard]] std::optional<double> value(std::uint8_t raw) const;
};

// The sensors one record describes: none for other record types, one for full
// and event-only records, share count many for a shared compact record.
[[nodiscard]] std::expected<std::vector<SensorRecord>, std::error_code>
sensors_of(std::span<const std::uint8_t> record);

// Table 43-15 unit names as FreeIPMI prints them ("degrees C", "V", "RPM"...).
[[nodiscard]] std::string unit_name(std::uint8_t base_unit);

} // namespace ipmi
