// Flattens SDR records into sensors and names their states.
#include "ipmi/sdr/sensor.hpp"

#include "ipmi/sdr/event_tables.hpp"

#include <type_traits>

namespace ipmi::sdr {
namespace {

template <typename R> Sensor common(const R& r) {
    Sensor s;
    s.header = r.header;
    s.owner = r.owner;
    s.number = r.number;
    s.entity = r.entity;
    s.sensor_type = r.sensor_type;
    s.event_reading_type = r.event_reading_type;
    s.name = r.id.text;
    return s;
}

// Full and compact records: what a readable sensor adds.
template <typename R> Sensor readable(const R& r) {
    Sensor s = common(r);
    s.masks = r.masks;
    s.units = r.units;
    s.positive_hysteresis = r.positive_hysteresis;
    s.negative_hysteresis = r.negative_hysteresis;
    return s;
}

} // namespace

Sensor sensor_of(const FullSensorRecord& record) {
    Sensor s = readable(record);
    s.full = record;
    return s;
}

Sensor sensor_of(const CompactSensorRecord& record) {
    return readable(record);
}

Sensor sensor_of(const EventOnlyRecord& record) {
    Sensor s = common(record);
    s.event_only = true;
    return s;
}

ParsedRepository parse_repository(std::span<const std::vector<std::uint8_t>> raw) {
    ParsedRepository out;
    for (const auto& bytes : raw) {
        auto record = parse_sdr(bytes);
        if (record) {
            out.records.push_back(std::move(*record));
        } else {
            const auto id = bytes.size() >= 2
                                ? static_cast<std::uint16_t>(bytes[0] | (static_cast<unsigned>(bytes[1]) << 8U))
                                : std::uint16_t{0};
            out.rejected.emplace_back(id, record.error());
        }
    }
    return out;
}

std::vector<Sensor> sensors_of(std::span<const SdrRecord> records) {
    std::vector<Sensor> out;
    for (const auto& record : records) {
        std::visit(
            [&out](const auto& r) {
                using R = std::decay_t<decltype(r)>;
                if constexpr (std::is_same_v<R, FullSensorRecord>) {
                    out.push_back(sensor_of(r));
                } else if constexpr (std::is_same_v<R, CompactSensorRecord> ||
                                     std::is_same_v<R, EventOnlyRecord>) {
                    for (const auto& instance : expand_shared(r)) {
                        out.push_back(sensor_of(instance));
                    }
                }
            },
            record);
    }
    return out;
}

std::string_view state_name(std::uint8_t event_reading_type, std::uint8_t sensor_type,
                            std::uint8_t offset) noexcept {
    if (event_reading_type == event_reading_type_specific) {
        return sensor_specific_offset_name(sensor_type, offset);
    }
    return generic_offset_name(event_reading_type, offset);
}

std::vector<std::string_view> asserted_state_names(std::uint8_t event_reading_type,
                                                   std::uint8_t sensor_type,
                                                   std::uint16_t states) {
    std::vector<std::string_view> names;
    for (std::uint8_t offset = 0; offset < 15; ++offset) {
        if (((static_cast<unsigned>(states) >> offset) & 1U) == 0) {
            continue;
        }
        if (auto n = state_name(event_reading_type, sensor_type, offset); !n.empty()) {
            names.push_back(n);
        }
    }
    return names;
}

} // namespace ipmi::sdr
