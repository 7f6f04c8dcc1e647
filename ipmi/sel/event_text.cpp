// Wording SEL events (IPMI 2.0 Table 29-6 for event data, 42-2/42-3 for offsets), with the
// same choices as FreeIPMI's ipmi-sel so a differential test can compare line by line.
#include "ipmi/sel/event_text.hpp"

#include "ipmi/sdr/conversion.hpp"
#include "ipmi/sdr/event_tables.hpp"
#include "ipmi/sdr/units.hpp"

#include <array>
#include <cmath>
#include <fmt/format.h>
#include <string_view>

namespace ipmi::sel {
namespace {

// Table 29-6: FFh in event data 2 or 3 means "unspecified" for OEM codes, sensor-specific
// extension codes and previous state/severity.
constexpr std::uint8_t unspecified_byte = 0xff;
// Table 29-6 ED2 for discrete events: bits 7:4 severity offset (Table 42-2 type 07h), bits 3:0
// the previous discrete state offset; Fh = unspecified.
constexpr unsigned unspecified_offset = 0x0f;
constexpr std::uint8_t event_reading_type_severity = 0x07;

// ipmi-sel words a few offsets shorter than Tables 42-2/42-3 (which the SDR tables follow for
// sensor states): the spec's parenthetical remarks and long explanations are left out.
struct ShortName {
    std::uint8_t event_reading_type; // 6Fh: sensor_type below is used
    std::uint8_t sensor_type;
    std::uint8_t offset;
    std::string_view name;
};
constexpr std::array<ShortName, 44> short_names{{
    {0x0b, 0x00, 0x0, "Fully Redundant"},
    {0x6f, 0x05, 0x4, "LAN Leash Lost"},
    {0x6f, 0x05, 0x6, "FAN area intrusion"},
    {0x6f, 0x06, 0x0, "Secure Mode Violation attempt"},
    {0x6f, 0x06, 0x2, "Pre-boot Password Violation - setup password"},
    {0x6f, 0x07, 0x3, "FRB2/Hang in POST failure"},
    {0x6f, 0x07, 0x4, "FRB3/Processor Startup/Initialization failure"},
    {0x6f, 0x07, 0xa, "Processor Automatically Throttled"},
    {0x6f, 0x07, 0xb, "Machine Check Exception"},
    {0x6f, 0x08, 0x7, "Power Supply Inactive"},
    {0x6f, 0x09, 0x4, "AC lost/Power input lost"},
    {0x6f, 0x09, 0x5, "Soft Power Control Failure"},
    {0x6f, 0x0c, 0x0, "Correctable memory error"},
    {0x6f, 0x0c, 0x1, "Uncorrectable memory error"},
    {0x6f, 0x0c, 0x3, "Memory Scrub Failed"},
    {0x6f, 0x0c, 0x5, "Correctable memory error logging limit reached"},
    {0x6f, 0x0c, 0xa, "Critical Overtemperature"},
    {0x6f, 0x0d, 0x8, "Rebuild/Remap Aborted"},
    {0x6f, 0x0f, 0x0, "System Firmware Error"},
    {0x6f, 0x10, 0x1, "Event Type Logging Disabled"},
    {0x6f, 0x13, 0x9, "Fatal NMI"},
    {0x6f, 0x13, 0xb, "Bus Degraded"},
    {0x6f, 0x14, 0x3, "FRU latch open"},
    {0x6f, 0x14, 0x4, "FRU service request button"},
    {0x6f, 0x19, 0x0, "Soft Power Control Failure"},
    {0x6f, 0x1b, 0x1, "Configuration Error - Incorrect cable connected"},
    {0x6f, 0x20, 0x0, "Critical stop during OS load"},
    {0x6f, 0x20, 0x1, "Run-time Critical Stop"},
    {0x6f, 0x20, 0x2, "OS Graceful Stop"},
    {0x6f, 0x20, 0x3, "OS Graceful Shutdown"},
    {0x6f, 0x20, 0x5, "Agent Not Responding"},
    {0x6f, 0x22, 0x0, "S0/G0"},
    {0x6f, 0x22, 0x1, "S1"},
    {0x6f, 0x22, 0x2, "S2"},
    {0x6f, 0x22, 0x3, "S3"},
    {0x6f, 0x22, 0x4, "S4"},
    {0x6f, 0x22, 0x5, "S5/G2"},
    {0x6f, 0x22, 0x6, "S4/S5 soft-off"},
    {0x6f, 0x22, 0x8, "Sleeping in an S1, S2, or S3 states"},
    {0x6f, 0x22, 0x9, "G1 sleeping"},
    {0x6f, 0x23, 0x0, "Timer expired, status only"},
    {0x6f, 0x24, 0x2, "Platform Event Trap generated"},
    {0x6f, 0x29, 0x0, "battery low"},
    {0x6f, 0x2c, 0x1, "FRU Inactive"},
}};

std::string_view offset_name(std::uint8_t event_reading_type, std::uint8_t sensor_type, std::uint8_t offset) {
    for (const auto& s : short_names) {
        if (s.event_reading_type == event_reading_type && s.offset == offset &&
            (event_reading_type != 0x6f || s.sensor_type == sensor_type)) {
            return s.name;
        }
    }
    return sdr::state_name(event_reading_type, sensor_type, offset);
}

// A trigger reading or threshold byte in the sensor's unit (rounded to two places as ipmi-sel
// prints it), or the raw byte when there is no threshold SDR record or it cannot convert.
std::string reading_text(std::string_view label, std::uint8_t raw, const sdr::Sensor* sensor) {
    if (sensor != nullptr && sensor->analog()) {
        if (auto v = sdr::to_value(raw, sdr::Conversion::from_record(*sensor->full))) {
            return fmt::format("{} = {:.2f} {}", label, std::round(*v * 100.0) / 100.0,
                               sdr::unit_string(sensor->units, sdr::UnitStyle::abbreviated));
        }
    }
    return fmt::format("{} = {:02X}h", label, raw);
}

// Discrete ED2 with 01b: the severity (and previous state) it names. ipmi-sel names the
// previous state only from its sensor-specific event data 2 tables, which are not carried
// here; so only the severity is worded, and a byte that names neither is shown raw.
std::optional<std::string> previous_state_or_severity(std::uint8_t data) {
    const unsigned severity = static_cast<unsigned>(data) >> 4U;
    if (severity == unspecified_offset) {
        return std::nullopt;
    }
    auto name = sdr::generic_offset_name(event_reading_type_severity, static_cast<std::uint8_t>(severity));
    if (name.empty()) {
        return std::nullopt;
    }
    return fmt::format("Severity State = {}", name);
}

// One of event data 2/3 (`n` = 2 or 3) per Table 29-6, as ipmi-sel words it.
std::optional<std::string> data_text(const SystemEvent& e, int n, const sdr::Sensor* sensor) {
    const std::uint8_t data = e.event_data[static_cast<std::size_t>(n - 1)];
    const DataUse use = n == 2 ? e.data2_use() : e.data3_use();
    const auto raw = [&] { return fmt::format("Event Data{} = {:02X}h", n, data); };
    const auto oem = [&]() -> std::optional<std::string> {
        if (data == unspecified_byte) {
            return std::nullopt;
        }
        return fmt::format("OEM Event Data{} code = {:02X}h", n, data);
    };
    switch (e.event_class()) {
    case EventClass::threshold:
        switch (use) {
        case DataUse::unspecified:
            return std::nullopt;
        case DataUse::reading_or_state:
            return reading_text(n == 2 ? "Sensor Reading" : "Threshold", data, sensor);
        case DataUse::oem_code:
            return oem();
        case DataUse::sensor_specific:
            return data == unspecified_byte ? std::nullopt : std::optional(raw());
        }
        break;
    case EventClass::generic_discrete:
    case EventClass::sensor_specific:
        switch (use) {
        case DataUse::unspecified:
            return std::nullopt;
        case DataUse::reading_or_state:
            if (n == 3) {
                return std::nullopt; // reserved for discrete events
            }
            if (data == unspecified_byte) {
                return std::nullopt;
            }
            if (auto s = previous_state_or_severity(data)) {
                return s;
            }
            return raw();
        case DataUse::oem_code:
            return oem();
        case DataUse::sensor_specific:
            return data == unspecified_byte ? std::nullopt : std::optional(raw());
        }
        break;
    case EventClass::oem:
        if (use == DataUse::unspecified) {
            return std::nullopt;
        }
        return oem();
    case EventClass::reserved:
        break; // nothing says what the byte holds: shown as it is
    }
    return raw();
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

std::string offset_text(const SystemEvent& e) {
    if (e.event_class() == EventClass::oem) {
        return fmt::format("OEM Event Offset = {:02X}h", e.offset());
    }
    auto name = e.event_class() == EventClass::reserved
                    ? std::string_view{}
                    : offset_name(e.event_reading_type, e.sensor_type, e.offset());
    return name.empty() ? fmt::format("Event Offset = {:02X}h", e.offset()) : std::string(name);
}

std::optional<std::string> data2_text(const SystemEvent& e, const sdr::Sensor* sensor) {
    return data_text(e, 2, sensor);
}

std::optional<std::string> data3_text(const SystemEvent& e, const sdr::Sensor* sensor) {
    return data_text(e, 3, sensor);
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
    std::string text = offset_text(*e);
    for (const auto& part : {data2_text(*e, sensor), data3_text(*e, sensor)}) {
        if (part) {
            text += " ; " + *part;
        }
    }
    return text;
}

} // namespace ipmi::sel
