// Wording SEL events.
#include "ipmi/sel/event_text.hpp"

#include "ipmi/sdr/conversion.hpp"
#include "ipmi/sdr/units.hpp"

#include <fmt/format.h>

namespace ipmi::sel {
namespace {

// A trigger reading or threshold byte in the sensor's unit, or the raw byte.
std::string reading_text(std::uint8_t raw, const sdr::Sensor* sensor) {
    if (sensor != nullptr && sensor->analog()) {
        if (auto v = sdr::to_value(raw, sdr::Conversion::from_record(*sensor->full))) {
            return fmt::format("{:.2f} {}", *v, sdr::unit_string(sensor->units, sdr::UnitStyle::abbreviated));
        }
    }
    return fmt::format("{:02X}h", raw);
}

std::string hex_bytes(std::span<const std::uint8_t> bytes) {
    std::string out;
    for (auto b : bytes) {
        out += fmt::format("{}{:02X}h", out.empty() ? "" : " ", b);
    }
    return out;
}

} // namespace

const sdr::Sensor* find_sensor(std::span<const sdr::Sensor> sensors, const SystemEvent& e) {
    for (const auto& s : sensors) {
        if (s.number == e.sensor_number && s.owner.address() == e.generator.address() &&
            s.owner.lun == e.generator.lun) {
            return &s;
        }
    }
    return nullptr;
}

std::string event_text(const Record& record, const sdr::Sensor* sensor) {
    if (const auto* o = std::get_if<OemTimestamped>(&record.body)) {
        return "OEM defined = " + hex_bytes(o->data);
    }
    if (const auto* o = std::get_if<OemNonTimestamped>(&record.body)) {
        return "OEM defined = " + hex_bytes(o->data);
    }
    const SystemEvent* e = record.system_event();
    if (e == nullptr) {
        return fmt::format("Unknown SEL record type {:02X}h", record.record_type);
    }
    auto name = sdr::state_name(e->event_reading_type, e->sensor_type, e->offset());
    std::string text = name.empty() ? fmt::format("Event Offset = {:02X}h", e->offset()) : std::string(name);
    const bool threshold = e->event_reading_type == sdr::event_reading_type_threshold;
    // Table 29-6: for threshold events 01b = trigger reading in byte 2, 01b = trigger
    // threshold in byte 3; 10b = OEM codes for every event class.
    if (threshold && e->data2_use() == 1) {
        text += " ; Sensor Reading = " + reading_text(e->event_data[1], sensor);
    } else if (e->data2_use() == 2) {
        text += fmt::format(" ; OEM Event Data2 code = {:02X}h", e->event_data[1]);
    } else if (e->data2_use() != 0) {
        text += fmt::format(" ; Event Data2 = {:02X}h", e->event_data[1]);
    }
    if (threshold && e->data3_use() == 1) {
        text += " ; Threshold = " + reading_text(e->event_data[2], sensor);
    } else if (e->data3_use() == 2) {
        text += fmt::format(" ; OEM Event Data3 code = {:02X}h", e->event_data[2]);
    } else if (e->data3_use() != 0) {
        text += fmt::format(" ; Event Data3 = {:02X}h", e->event_data[2]);
    }
    return text;
}

} // namespace ipmi::sel
