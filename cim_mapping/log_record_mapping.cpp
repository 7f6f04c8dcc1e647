// SEL records as CIM_LogRecord (the Windows IPMI provider's keys, RecordFormat and
// RecordData layout) and CIM_LogEntry (DSP1010), with their text and severity.
#include "cim_mapping/alert_indication.hpp"
#include "cim_mapping/event_severity.hpp"
#include "cim_mapping/model_mapping.hpp"

#include "ipmi/sdr/event_tables.hpp"
#include "ipmi/sdr/health.hpp"
#include "ipmi/sel/event_text.hpp"

#include <fmt/format.h>

namespace cim {
namespace {

// RecordFormat per record kind (the Windows IPMI provider's strings).
constexpr std::string_view system_format =
    "*string CIM_Sensor.DeviceID*uint8[2] IPMI_RecordID*uint8 IPMI_RecordType*uint8[4] IPMI_Timestamp"
    "*uint8[2] IPMI_GeneratorID*uint8 IPMI_EvMRev*uint8 IPMI_SensorType*uint8 IPMI_SensorNumber"
    "*boolean IPMI_AssertionEvent*uint8 IPMI_EventType*uint8 IPMI_EventData1*uint8 IPMI_EventData2"
    "*uint8 IPMI_EventData3*";
constexpr std::string_view oem_timestamped_format =
    "*uint8[2] IPMI_RecordID*uint8 IPMI_RecordType*uint8[4] IPMI_Timestamp*uint8[3] IPMI_ManufacturerID"
    "*uint8[6] IPMI_OEMDefinedData*";
constexpr std::string_view oem_format = "*uint8[2] IPMI_RecordID*uint8 IPMI_RecordType*uint8[13] IPMI_OEMDefinedData*";

// A field of RecordData: array elements separated by spaces, in decimal.
std::string field(std::span<const std::uint8_t> bytes) {
    std::string out;
    for (auto b : bytes) {
        out += fmt::format("{}{}", out.empty() ? "" : " ", b);
    }
    return out;
}

struct Rendered {
    std::string format;
    std::string data;
    std::string caption;
    std::string message;
    std::uint16_t severity = 0;
    std::string device_id;
};

Rendered render(const Snapshot& s, const ipmi::sel::Record& r) {
    Rendered out;
    const auto& b = r.raw;
    const std::span<const std::uint8_t> all(b);
    if (const auto* e = r.system_event()) {
        const auto* sensor = ipmi::sel::find_sensor(s.sensors, *e);
        out.device_id = fmt::format("{}.{}.{}", e->sensor_number, e->generator.lun, e->generator.address());
        out.format = system_format;
        // Bytes 13 splits into the assertion flag and the event type (Table 32-1).
        out.data = fmt::format("*{}*{}*{}*{}*{}*{}*{}*{}*{}*{}*{}*{}*{}*", out.device_id, field(all.subspan(0, 2)),
                               b[2], field(all.subspan(3, 4)), field(all.subspan(7, 2)), b[9], b[10], b[11],
                               e->deassertion ? "false" : "true", e->event_reading_type, b[13], b[14], b[15]);
        const auto text = ipmi::sel::event_text(r, sensor);
        out.caption = fmt::format("{} {}: {}", ipmi::sdr::sensor_type_name(e->sensor_type),
                                  e->deassertion ? "Deassert" : "Assert", text);
        out.message = sensor != nullptr ? sensor->name + ": " + out.caption : out.caption;
        out.severity = perceived_severity(*e);
    } else if (std::holds_alternative<ipmi::sel::OemTimestamped>(r.body)) {
        out.format = oem_timestamped_format;
        out.data = fmt::format("*{}*{}*{}*{}*{}*", field(all.subspan(0, 2)), b[2], field(all.subspan(3, 4)),
                               field(all.subspan(7, 3)), field(all.subspan(10, 6)));
        out.caption = "OEM SEL";
        out.message = "OEM SEL: " + ipmi::sel::event_text(r, nullptr);
        out.severity = 0;
    } else {
        out.format = oem_format;
        out.data = fmt::format("*{}*{}*{}*", field(all.subspan(0, 2)), b[2], field(all.subspan(3, 13)));
        out.caption = std::holds_alternative<ipmi::sel::OemNonTimestamped>(r.body) ? "OEM SEL" : "Invalid SEL";
        out.message = out.caption + ": " + ipmi::sel::event_text(r, nullptr);
    }
    return out;
}

Datetime timestamp_of(const ipmi::sel::Record& r) {
    // Pre-init and untimed records have no wall-clock time: counted from the epoch.
    return Datetime{false, static_cast<std::int64_t>(r.timestamp().value_or(0)), 0};
}

// Which log a record belongs to and its ID there.
struct RecordKeys {
    std::string_view log_instance_id;
    std::string_view log_name;
    std::string record_id;
};

Instance record_instance(const Snapshot& s, const ipmi::RawSel& raw, bool entry, const RecordKeys& keys) {
    const auto r = ipmi::sel::decode(raw);
    const auto x = render(s, r);
    Instance i;
    if (entry) {
        i.class_name = "CIM_LogEntry";
        i.set("ElementName", Value::string(x.caption));
        i.set("InstanceID", Value::string(fmt::format("{}:{}", keys.log_instance_id, keys.record_id)));
        i.set("LogInstanceID", Value::string(std::string(keys.log_instance_id)));
        i.set("LogName", Value::string(std::string(keys.log_name)));
        i.set("RecordID", Value::string(keys.record_id));
        i.set("CreationTimeStamp", Value::datetime(timestamp_of(r)));
        i.set("Message", Value::string(x.message));
        i.set("PerceivedSeverity", Value::uint16(x.severity));
    } else {
        i.class_name = "CIM_LogRecord";
        i.set("Caption", Value::string(x.caption));
        i.set("Description", Value::string(x.message));
        i.set("ElementName", Value::string(x.caption));
        i.set("LogCreationClassName", Value::string("CIM_RecordLog"));
        i.set("LogName", Value::string(std::string(keys.log_name)));
        i.set("CreationClassName", Value::string("CIM_LogRecord"));
        i.set("RecordID", Value::string(keys.record_id));
        i.set("MessageTimestamp", Value::datetime(timestamp_of(r)));
    }
    i.set("RecordFormat", Value::string(x.format));
    i.set("RecordData", Value::string(x.data));
    return i;
}

} // namespace

// CIM_RecordForLog / CIM_AlertIndication PerceivedSeverity from event_severity (the rule
// Redfish's LogEntry.Severity follows too): 2 Information, 3 Degraded/Warning, 6 Critical,
// 7 Fatal/NonRecoverable.
std::uint16_t perceived_severity(const ipmi::sel::SystemEvent& e) {
    switch (event_severity(e)) {
    case ipmi::sdr::Health::ok: return 2;
    case ipmi::sdr::Health::warning: return 3;
    case ipmi::sdr::Health::critical: return 6;
    case ipmi::sdr::Health::nonrecoverable: return 7;
    }
    return 0;
}

Instance log_record(const Snapshot& s, const ipmi::RawSel& raw, std::string_view identity) {
    return record_instance(s, raw, false, {archive_log_instance_id, archive_log_name, std::string(identity)});
}

std::vector<Instance> bmc_log_records(const Snapshot& s, std::string_view class_name) {
    std::vector<Instance> out;
    const bool entry = iequals(class_name, "CIM_LogEntry");
    out.reserve(s.sel.size());
    for (const auto& raw : s.sel) {
        const auto id = static_cast<unsigned>(raw[0] | (raw[1] << 8U));
        out.push_back(record_instance(s, raw, entry, {"IPMI:SEL", "IPMI SEL", std::to_string(id)}));
    }
    return out;
}

// An archived record's ID is its identity (archive id and sequence): unique across clears.
std::vector<Instance> archive_log_records(const Snapshot& s, std::string_view class_name) {
    std::vector<Instance> out;
    if (!s.sel_archive) {
        return out;
    }
    const bool entry = iequals(class_name, "CIM_LogEntry");
    for (const auto& a : s.sel_archive->records) {
        out.push_back(record_instance(s, a.bytes, entry, {archive_log_instance_id, archive_log_name, a.identity}));
    }
    return out;
}

std::vector<Instance> log_records(const Snapshot& s, std::string_view class_name) {
    auto out = bmc_log_records(s, class_name);
    auto archived = archive_log_records(s, class_name);
    out.insert(out.end(), std::make_move_iterator(archived.begin()), std::make_move_iterator(archived.end()));
    return out;
}

} // namespace cim
