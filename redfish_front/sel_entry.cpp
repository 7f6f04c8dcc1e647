// SEL entries as LogEntry (see sel_entry.hpp).
#include "redfish_front/sel_entry.hpp"

#include "cim_mapping/event_severity.hpp"
#include "ipmi/sel/event_text.hpp"
#include "redfish_front/sensor_view.hpp"
#include "redfish_front/service.hpp"

#include <array>
#include <fmt/format.h>

namespace redfish {
namespace {

// LogEntry.v1_x SensorType's members in IPMI 2.0 Table 42-3 order (01h .. 2Ch).
constexpr std::array<std::string_view, 0x2d> sensor_types{
    "",
    "Temperature",
    "Voltage",
    "Current",
    "Fan",
    "Physical Chassis Security",
    "Platform Security Violation Attempt",
    "Processor",
    "Power Supply / Converter",
    "PowerUnit",
    "CoolingDevice",
    "Other Units-based Sensor",
    "Memory",
    "Drive Slot/Bay",
    "POST Memory Resize",
    "System Firmware Progress",
    "Event Logging Disabled",
    "Watchdog", // 11h: Watchdog 1
    "System Event",
    "Critical Interrupt",
    "Button/Switch",
    "Module/Board",
    "Microcontroller/Coprocessor",
    "Add-in Card",
    "Chassis",
    "ChipSet",
    "Other FRU",
    "Cable/Interconnect",
    "Terminator",
    "SystemBoot/Restart",
    "Boot Error",
    "BaseOSBoot/InstallationStatus",
    "OS Stop/Shutdown",
    "Slot/Connector",
    "System ACPI PowerState",
    "Watchdog", // 23h: Watchdog 2
    "Platform Alert",
    "Entity Presence",
    "Monitor ASIC/IC",
    "LAN",
    "Management Subsystem Health",
    "Battery",
    "Session Audit",
    "Version Change",
    "FRUState",
};

// LogEntryCode's threshold members, in Table 42-2's offset order (00h .. 0Bh).
constexpr std::array<std::string_view, 12> threshold_codes{
    "Lower Non-critical - going low",     "Lower Non-critical - going high",     "Lower Critical - going low",
    "Lower Critical - going high",        "Lower Non-recoverable - going low",   "Lower Non-recoverable - going high",
    "Upper Non-critical - going low",     "Upper Non-critical - going high",     "Upper Critical - going low",
    "Upper Critical - going high",        "Upper Non-recoverable - going low",   "Upper Non-recoverable - going high",
};

} // namespace

std::string_view sel_sensor_type(std::uint8_t sensor_type) {
    if (sensor_type < sensor_types.size()) {
        return sensor_types[sensor_type];
    }
    return sensor_type >= 0xc0 ? "OEM" : "";
}

Json sel_entry(const cim::Snapshot& s, const ipmi::RawSel& raw, std::string_view odata_id) {
    const auto r = ipmi::sel::decode(raw);
    const auto id = std::to_string(r.record_id);
    Json j = resource("#LogEntry.v1_21_0.LogEntry", odata_id, id, fmt::format("SEL Entry {}", id));
    j["EntryType"] = "SEL";
    const auto* e = r.system_event();
    const ipmi::sdr::Sensor* sensor = e != nullptr ? ipmi::sel::find_sensor(s.sensors, *e) : nullptr;
    j["Message"] = ipmi::sel::event_text(r, sensor);
    if (e != nullptr) {
        j["Severity"] = health_name(cim::event_severity(*e)); // as CIM_LogEntry.PerceivedSeverity
        if (const auto type = sel_sensor_type(e->sensor_type); !type.empty()) {
            j["SensorType"] = type;
        }
        j["SensorNumber"] = e->sensor_number;
        const bool threshold = e->event_reading_type == ipmi::sdr::event_reading_type_threshold;
        j["EntryCode"] = threshold && e->offset() < threshold_codes.size() ? threshold_codes[e->offset()]
                         : e->deassertion                                    ? "Deassert"
                                                                              : "Assert";
        j["GeneratorId"] = fmt::format("0x{:02X}{:02X}", raw[7], raw[8]); // Table 32-1 bytes 8-9
    } else {
        j["Severity"] = "OK";
        j["EntryCode"] = "OEM";
        j["SensorType"] = "OEM";
    }
    if (const auto ts = r.timestamp(); ts && !ipmi::sel::pre_init(*ts) && *ts != ipmi::sel::unspecified_timestamp) {
        j["Created"] = iso8601(*ts); // pre-init and unspecified times have no date (IPMI 2.0 37.1)
    }
    return j;
}

Json archive_entry(const cim::Snapshot& s, const cim::ArchivedSelRecord& record, std::string_view odata_id) {
    Json j = sel_entry(s, record.bytes, odata_id);
    const auto id = std::to_string(record.sequence);
    j["Id"] = id;
    j["Name"] = fmt::format("SEL Archive Entry {}", id);
    j["EventId"] = record.identity;
    return j;
}

} // namespace redfish
