// Sensors to ipmi_exporter's per-unit families (sources in sensor_families.hpp).
#include "metrics_front/sensor_families.hpp"

#include "ipmi/sdr/event_tables.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <set>
#include <string>

namespace metrics {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// IPMI 2.0 Table 43-15 base unit codes ipmi_exporter has a family for.
constexpr std::uint8_t unit_degrees_c = 1;
constexpr std::uint8_t unit_volts = 4;
constexpr std::uint8_t unit_amps = 5;
constexpr std::uint8_t unit_watts = 6;
constexpr std::uint8_t unit_rpm = 18;
constexpr std::uint8_t sensor_type_fan = 0x04; // Table 42-3

enum Kind : std::size_t { temperature, fan_rpm, fan_ratio, voltage, current, power, generic, kinds };

struct KindNames {
    const char* value;
    const char* value_help;
    const char* state;
    const char* state_help;
};

// HELP texts as ipmi_exporter 1.6.1 words them (collector_ipmi.go).
constexpr std::array<KindNames, kinds> names{{
    {"ipmi_temperature_celsius", "Temperature reading in degree Celsius.", "ipmi_temperature_state",
     "Reported state of a temperature sensor (0=nominal, 1=warning, 2=critical)."},
    {"ipmi_fan_speed_rpm", "Fan speed in rotations per minute.", "ipmi_fan_speed_state",
     "Reported state of a fan speed sensor (0=nominal, 1=warning, 2=critical)."},
    {"ipmi_fan_speed_ratio", "Fan speed as a proportion of the maximum speed.", "ipmi_fan_speed_state",
     "Reported state of a fan speed sensor (0=nominal, 1=warning, 2=critical)."},
    {"ipmi_voltage_volts", "Voltage reading in Volts.", "ipmi_voltage_state",
     "Reported state of a voltage sensor (0=nominal, 1=warning, 2=critical)."},
    {"ipmi_current_amperes", "Current reading in Amperes.", "ipmi_current_state",
     "Reported state of a current sensor (0=nominal, 1=warning, 2=critical)."},
    {"ipmi_power_watts", "Power reading in Watts.", "ipmi_power_state",
     "Reported state of a power sensor (0=nominal, 1=warning, 2=critical)."},
    {"ipmi_sensor_value", "Generic data read from an IPMI sensor of unknown type, relying on labels for context.",
     "ipmi_sensor_state", "Indicates the severity of the state reported by an IPMI sensor (0=nominal, 1=warning, 2=critical)."},
}};

// ipmimonitoring prints units for threshold sensors only ("N/A" for discrete ones); a unit
// with a rate or a modifier ("C/s", "W*h") is not one of the plain abbreviations.
Kind kind_of(const ipmi::sdr::Sensor& s) {
    if (!s.threshold_based() || s.units.rate != 0 || s.units.modifier_use != ipmi::sdr::ModifierUse::none) {
        return generic;
    }
    if (s.units.percentage) {
        return s.sensor_type == sensor_type_fan ? fan_ratio : generic;
    }
    switch (s.units.base) {
    case unit_degrees_c:
        return temperature;
    case unit_rpm:
        return fan_rpm;
    case unit_volts:
        return voltage;
    case unit_amps:
        return current;
    case unit_watts:
        return power;
    default:
        return generic;
    }
}

// ipmimonitoring's Nominal/Warning/Critical as ipmi_exporter's 0/1/2 (freeipmi.go);
// non-recoverable is Critical there. No state: NaN.
double state_value(const std::optional<ipmi::SensorSample>& sample) {
    if (!sample || !sample->health) {
        return nan;
    }
    switch (*sample->health) {
    case ipmi::sdr::Health::ok:
        return 0;
    case ipmi::sdr::Health::warning:
        return 1;
    case ipmi::sdr::Health::critical:
    case ipmi::sdr::Health::nonrecoverable:
        return 2;
    }
    return nan;
}

} // namespace

void append_sensor_families(const cim::Snapshot& snapshot, std::vector<Family>& out) {
    std::array<Family, kinds> values;
    std::array<Family, kinds> states;
    for (std::size_t k = 0; k < kinds; ++k) {
        values[k] = Family{names[k].value, Type::gauge, names[k].value_help, {}};
        states[k] = Family{names[k].state, Type::gauge, names[k].state_help, {}};
    }
    std::set<std::pair<std::string, std::string>> seen; // (id, name): one series each
    const std::optional<ipmi::SensorSample> no_sample;
    for (std::size_t i = 0; i < snapshot.sensors.size(); ++i) {
        const auto& s = snapshot.sensors[i];
        if (!s.readable()) {
            continue;
        }
        auto id = std::to_string(s.header.record_id);
        if (!seen.emplace(id, s.name).second) {
            continue;
        }
        const auto& sample = i < snapshot.samples.size() ? snapshot.samples[i] : no_sample;
        const Kind k = kind_of(s);
        Labels labels{{"id", std::move(id)}, {"name", s.name}};
        if (k == generic) {
            labels.emplace_back("type", std::string(ipmi::sdr::sensor_type_name(s.sensor_type)));
        }
        double value = nan;
        if (sample && sample->value && s.threshold_based()) {
            value = k == fan_ratio ? *sample->value * 0.01 : *sample->value;
        }
        // The fan families share one _state family (ipmi_fan_speed_state).
        const Kind state_kind = k == fan_ratio ? fan_rpm : k;
        states[state_kind].samples.push_back({labels, state_value(sample)});
        values[k].samples.push_back({std::move(labels), value});
    }
    for (std::size_t k = 0; k < kinds; ++k) {
        if (!values[k].samples.empty()) {
            out.push_back(std::move(values[k]));
        }
        if (!states[k].samples.empty()) {
            out.push_back(std::move(states[k]));
        }
    }
}

} // namespace metrics
