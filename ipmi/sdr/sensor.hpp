// The sensors an SDR repository describes, one entry per sensor: full records (01h) as they
// are, shared compact (02h) and event-only (03h) records expanded per instance (IPMI 2.0
// section 43.2). What a reader, the CLI and the CIM mapping need without caring which record
// type a sensor came from.
#pragma once

#include "ipmi/sdr/record.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace ipmi::sdr {

struct Sensor {
    SdrHeader header; // of the record the sensor comes from
    SensorOwner owner;
    std::uint8_t number = 0;
    Entity entity;
    std::uint8_t sensor_type = 0;        // Table 42-3
    std::uint8_t event_reading_type = 0; // Table 42-1
    EventMasks masks;                    // zero for event-only records
    SensorUnits units;                   // zero for event-only records
    std::uint8_t positive_hysteresis = 0;
    std::uint8_t negative_hysteresis = 0;
    bool event_only = false; // 03h: no reading can be asked for
    std::string name;        // ID string, with the instance modifier when shared
    // Full records carry the conversion factors and the SDR's threshold bytes.
    std::optional<FullSensorRecord> full;

    [[nodiscard]] bool threshold_based() const {
        return event_reading_type == event_reading_type_threshold;
    }
    [[nodiscard]] bool readable() const { return !event_only; }
    // Analog readings exist only for full threshold records with an analog format.
    [[nodiscard]] bool analog() const {
        return full && threshold_based() && full->analog_format != AnalogFormat::none;
    }
};

[[nodiscard]] Sensor sensor_of(const FullSensorRecord& record);
[[nodiscard]] Sensor sensor_of(const CompactSensorRecord& record); // one instance
[[nodiscard]] Sensor sensor_of(const EventOnlyRecord& record);     // one instance

// A repository's records parsed one by one: a record that does not parse is set aside with
// its record ID (0 when even the ID is missing) and the others are kept.
struct ParsedRepository {
    std::vector<SdrRecord> records;
    std::vector<std::pair<std::uint16_t, std::error_code>> rejected;
};
[[nodiscard]] ParsedRepository parse_repository(std::span<const std::vector<std::uint8_t>> raw);

// Every sensor of the records, in record order, shared records expanded.
[[nodiscard]] std::vector<Sensor> sensors_of(std::span<const SdrRecord> records);

// The name of state `offset` of a sensor: threshold offsets (01h) and generic (02h-0Ch) from
// Table 42-2, sensor-specific (6Fh) from Table 42-3 by sensor type; empty for OEM types and
// undefined offsets.
[[nodiscard]] std::string_view state_name(std::uint8_t event_reading_type,
                                          std::uint8_t sensor_type, std::uint8_t offset) noexcept;

// The names of the asserted states (bits 0-14) that have one, lowest offset first.
[[nodiscard]] std::vector<std::string_view>
asserted_state_names(std::uint8_t event_reading_type, std::uint8_t sensor_type,
                     std::uint16_t states);

} // namespace ipmi::sdr
