// SEL records as CIM_AlertIndication (issue 18; property meanings from the CIM Schema's
// CIM_AlertIndication MOF, value maps quoted in the header).
#include "cim_mapping/alert_indication.hpp"

#include "cim_mapping/model_mapping.hpp"
#include "cim_mapping/sensor_mapping.hpp"
#include "ipmi/sel/event_text.hpp"

#include <fmt/format.h>

namespace cim {
namespace {

// IPMI 2.0 Table 42-3 sensor types used below.
constexpr std::uint8_t temperature = 0x01, voltage = 0x02, current = 0x03, fan_type = 0x04,
                       physical_security = 0x05, platform_security = 0x06, processor = 0x07,
                       power_supply_type = 0x08, power_unit = 0x09, memory = 0x0c;
constexpr std::uint8_t threshold_reading_type = 0x01; // Table 42-1

// CIM_AlertIndication.AlertType.
std::uint16_t alert_type(std::uint8_t sensor_type) {
    switch (sensor_type) {
    case temperature:
    case voltage:
    case current:
    case fan_type: return 6; // Environmental Alert
    case physical_security:
    case platform_security: return 8; // Security Alert
    default: return 5;                // Device Alert
    }
}

// Timestamps at or below 20000000h count seconds since the BMC's initialisation, not since
// the epoch (IPMI 2.0 section 37).
constexpr std::uint32_t first_wall_clock_time = 0x20000000;

cim::Reference sensor_reference(const Snapshot& s, const ipmi::sel::SystemEvent& e) {
    if (const auto* sensor = ipmi::sel::find_sensor(s.sensors, e)) {
        return reference_to(sensor_instance(*sensor, std::nullopt, s.system));
    }
    return Reference{"CIM_Sensor",
                     std::string(hardware_namespace),
                     {{"SystemCreationClassName", s.system.creation_class_name},
                      {"SystemName", s.system.name},
                      {"CreationClassName", "CIM_Sensor"},
                      {"DeviceID", fmt::format("{}.{}.{}", e.sensor_number, e.generator.lun, e.generator.address())}}};
}

std::string hex(const ipmi::RawSel& bytes) {
    std::string out;
    for (auto b : bytes) {
        out += fmt::format("{:02x}", b);
    }
    return out;
}

} // namespace

std::uint16_t alert_cause(std::uint8_t sensor_type, std::uint8_t event_reading_type, std::uint8_t offset) {
    switch (sensor_type) {
    case temperature: return 51; // Temperature Unacceptable
    case voltage:
    case current:
    case power_unit: return 36; // Power Problem
    case fan_type: return 94;   // Fan Failure
    case power_supply_type: return offset == 0 ? 1 : 89; // presence detected is no failure
    case processor:
    case memory: return 16; // Equipment Malfunction
    default: break;
    }
    if (event_reading_type == threshold_reading_type) {
        return 52; // Threshold Crossed
    }
    return event_reading_type >= 0x70 ? 1 : 0; // OEM event types: Other; else Unknown
}

Instance alert_indication(const Snapshot& s, const SelEvent& event) {
    const auto r = ipmi::sel::decode(event.bytes);
    const auto* e = r.system_event();
    const ipmi::sdr::Sensor* sensor = e != nullptr ? ipmi::sel::find_sensor(s.sensors, *e) : nullptr;
    Instance i;
    i.class_name = "CIM_AlertIndication";
    i.name_space = std::string(hardware_namespace);
    i.set("IndicationIdentifier", Value::string(event.identifier));
    const auto stamp = r.timestamp();
    const std::int64_t seconds =
        stamp && *stamp > first_wall_clock_time
            ? static_cast<std::int64_t>(*stamp)
            : std::chrono::duration_cast<std::chrono::seconds>(event.read_at.time_since_epoch()).count();
    i.set("IndicationTime", Value::datetime(Datetime{false, seconds, 0}));
    i.set("AlertType", Value::uint16(e != nullptr ? alert_type(e->sensor_type) : std::uint16_t{1}));
    i.set("PerceivedSeverity", Value::uint16(e != nullptr ? perceived_severity(*e) : std::uint16_t{0}));
    i.set("ProbableCause",
          Value::uint16(e != nullptr ? alert_cause(e->sensor_type, e->event_reading_type, e->offset()) : std::uint16_t{1}));
    i.set("SystemName", Value::string(s.system.name));
    if (e != nullptr) {
        i.set("AlertingManagedElement", Value::reference(sensor_reference(s, *e)));
        i.set("AlertingElementFormat", Value::uint16(2)); // CIMObjectPath
    } else {
        i.set("AlertingElementFormat", Value::uint16(0)); // Unknown: an OEM record names no element
    }
    i.set("EventID", Value::string(std::to_string(r.record_id)));
    i.set("Message", Value::string(ipmi::sel::event_text(r, sensor)));
    i.set("MessageID", Value::string(e != nullptr ? fmt::format("IPMI.{:02X}.{:02X}.{:X}", e->sensor_type,
                                                                e->event_reading_type, e->offset())
                                                  : fmt::format("IPMI.OEM.{:02X}", r.record_type)));
    i.set("OwningEntity", Value::string("IPMI"));
    i.set("IPMI_RecordData", Value::string(hex(event.bytes)));
    return i;
}

} // namespace cim
