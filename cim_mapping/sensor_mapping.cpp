// Builds CIM_NumericSensor and CIM_Sensor instances from SDR sensors and their readings.
#include "cim_mapping/sensor_mapping.hpp"

#include "cim_mapping/units.hpp"
#include "ipmi/sdr/conversion.hpp"
#include "ipmi/sdr/event_tables.hpp"

#include <array>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace cim {
namespace {

using ipmi::sdr::Health;
using ipmi::sdr::Sensor;
using ipmi::sdr::Threshold;

// CIM_Sensor.SensorType (CIM Schema 2.x ValueMap) from the IPMI sensor type and unit.
std::uint16_t sensor_type(const Sensor& s) {
    switch (s.sensor_type) {
    case 0x01: return 2;  // Temperature
    case 0x02: return 3;  // Voltage
    case 0x03: return 4;  // Current
    case 0x04: return 5;  // Fan -> Tachometer
    case 0x05: return 16; // Physical Security -> Intrusion
    default: break;
    }
    switch (cim_unit(s.units).base_units) {
    case base_units::cfm: return 12;   // Air Flow
    case base_units::watts: return 13; // Power Consumption
    default: return 1;                 // Other, described by OtherSensorTypeDescription
    }
}

constexpr std::uint16_t no_contact = 12;

// CIM's threshold order (SupportedThresholds ValueMap 0-5) by IPMI threshold bit.
struct ThresholdMap {
    Threshold ipmi;
    std::uint16_t cim;
    const char* property;
    const char* state;
};
constexpr std::array<ThresholdMap, 6> thresholds{{
    {Threshold::lower_non_critical, 0, "LowerThresholdNonCritical", "Lower Non-Critical"},
    {Threshold::upper_non_critical, 1, "UpperThresholdNonCritical", "Upper Non-Critical"},
    {Threshold::lower_critical, 2, "LowerThresholdCritical", "Lower Critical"},
    {Threshold::upper_critical, 3, "UpperThresholdCritical", "Upper Critical"},
    {Threshold::lower_non_recoverable, 4, "LowerThresholdFatal", "Lower Fatal"},
    {Threshold::upper_non_recoverable, 5, "UpperThresholdFatal", "Upper Fatal"},
}};

// Trailing decimal zeros of a non-zero integer.
int trailing_zeros(int v) {
    int n = 0;
    while (v != 0 && v % 10 == 0) {
        v /= 10;
        ++n;
    }
    return n;
}

// ManagedElement, ManagedSystemElement, EnabledLogicalElement, LogicalDevice and Sensor
// properties, in schema order.
void common_properties(Instance& i, const Sensor& s, const std::optional<ipmi::SensorSample>& sample,
                       const SystemIdentity& system) {
    const Health* health = sample && sample->health ? &*sample->health : nullptr;
    i.set("ElementName", Value::string(s.name));
    i.set("Name", Value::string(s.name));
    i.set("OperationalStatus", Value::uint16_array({sample ? operational_status(health) : no_contact}));
    i.set("HealthState", Value::uint16(health_state(health)));
    const bool enabled = !sample || sample->reading.scanning_enabled;
    i.set("EnabledState", Value::uint16(enabled ? 2 : 3)); // Enabled / Disabled
    i.set("RequestedState", Value::uint16(12));             // Not Applicable
    i.set("SystemCreationClassName", Value::string(system.creation_class_name));
    i.set("SystemName", Value::string(system.name));
    i.set("CreationClassName", Value::string(i.class_name));
    i.set("DeviceID", Value::string(device_id(s)));
    const auto type = sensor_type(s);
    i.set("SensorType", Value::uint16(type));
    i.set("OtherSensorTypeDescription",
          type == 1 ? Value::string(std::string(ipmi::sdr::sensor_type_name(s.sensor_type)))
                    : Value::null(Type::string));
}

void discrete_states(Instance& i, const Sensor& s, const std::optional<ipmi::SensorSample>& sample) {
    std::vector<std::string> possible{"Unknown", "Normal"};
    const auto readable = s.masks.discrete_reading_mask();
    for (std::uint8_t offset = 0; offset < 15; ++offset) {
        if (((static_cast<unsigned>(readable) >> offset) & 1U) != 0) {
            if (auto n = ipmi::sdr::state_name(s.event_reading_type, s.sensor_type, offset);
                !n.empty()) {
                possible.emplace_back(n);
            }
        }
    }
    std::string current = "Unknown";
    if (sample && sample->reading.valid() && sample->reading.has_states) {
        // The most severe asserted state with a name; "Normal" when none is asserted.
        current = "Normal";
        std::optional<Health> worst;
        for (std::uint8_t offset = 0; offset < 15; ++offset) {
            if (!sample->reading.state_asserted(offset)) {
                continue;
            }
            auto n = ipmi::sdr::state_name(s.event_reading_type, s.sensor_type, offset);
            const auto sev = ipmi::sdr::offset_severity(s.event_reading_type, s.sensor_type, offset);
            if (!n.empty() && (!worst || sev > *worst)) {
                worst = sev;
                current = std::string(n);
            }
        }
    }
    i.set("PossibleStates", Value::string_array(possible));
    i.set("CurrentState", Value::string(current));
}

void numeric_properties(Instance& i, const Sensor& s, const std::optional<ipmi::SensorSample>& sample,
                        const ipmi::cmd::GetSensorThresholds::Response* live) {
    const auto& full = *s.full;
    const auto unit = cim_unit(s.units);
    const int exponent = reading_exponent(s);
    const auto conversion = ipmi::sdr::Conversion::from_record(full);
    const auto raw_value = [&](std::uint8_t raw) -> Value {
        auto v = ipmi::sdr::to_value(raw, conversion);
        return v ? Value::sint32(scaled(*v, exponent)) : Value::null(Type::sint32);
    };

    // Sensor: states from the threshold comparison (DSP1009 for numeric sensors).
    std::vector<std::string> possible{"Unknown", "Normal"};
    for (const auto& t : thresholds) {
        if (s.masks.readable(t.ipmi)) {
            possible.emplace_back(t.state);
        }
    }
    std::string current = "Unknown";
    if (sample && sample->reading.valid()) {
        current = "Normal";
        for (const auto& t : thresholds) { // ascending severity: the last crossed wins
            if (sample->reading.at_or_beyond(t.ipmi)) {
                current = t.state;
            }
        }
    }
    i.set("PossibleStates", Value::string_array(possible));
    i.set("CurrentState", Value::string(current));

    i.set("BaseUnits", Value::uint16(unit.base_units));
    i.set("UnitModifier", Value::sint32(exponent + unit.exponent));
    i.set("RateUnits", Value::uint16(rate_units(s.units)));
    i.set("CurrentReading", sample && sample->value ? Value::sint32(scaled(*sample->value, exponent))
                                                    : Value::null(Type::sint32));
    i.set("NominalReading", full.nominal_specified ? raw_value(full.nominal_reading)
                                                   : Value::null(Type::sint32));
    i.set("NormalMax", full.normal_max_specified ? raw_value(full.normal_maximum)
                                                 : Value::null(Type::sint32));
    i.set("NormalMin", full.normal_min_specified ? raw_value(full.normal_minimum)
                                                 : Value::null(Type::sint32));
    // Sensor maximum/minimum bytes are raw readings; for a signed format the larger value
    // may be either byte: order them after conversion.
    auto hi = ipmi::sdr::to_value(full.sensor_maximum, conversion);
    auto lo = ipmi::sdr::to_value(full.sensor_minimum, conversion);
    if (hi && lo) {
        i.set("MaxReadable", Value::sint32(scaled(std::max(*hi, *lo), exponent)));
        i.set("MinReadable", Value::sint32(scaled(std::min(*hi, *lo), exponent)));
    } else {
        i.set("MaxReadable", Value::null(Type::sint32));
        i.set("MinReadable", Value::null(Type::sint32));
    }
    // Resolution: hundredths of the scaled unit (CIM_NumericSensor.Resolution).
    auto resolution = ipmi::sdr::resolution(conversion);
    i.set("Resolution", resolution ? Value::uint32(static_cast<std::uint32_t>(std::lround(
                                         *resolution / std::pow(10.0, exponent) * 100.0)))
                                   : Value::null(Type::uint32));
    // Accuracy: hundredths of a percent.
    i.set("Accuracy", Value::sint32(static_cast<std::int32_t>(
                          std::lround(ipmi::sdr::accuracy_percent(full.factors) * 100.0))));
    i.set("IsLinear", Value::boolean(full.linearization == 0));
    auto hysteresis = ipmi::sdr::hysteresis_to_value(
        std::max(full.positive_hysteresis, full.negative_hysteresis), conversion);
    i.set("Hysteresis", hysteresis ? Value::uint32(static_cast<std::uint32_t>(
                                         scaled(*hysteresis, exponent)))
                                   : Value::null(Type::uint32));

    std::vector<std::uint16_t> supported;
    std::vector<std::uint16_t> settable;
    for (const auto& t : thresholds) {
        auto v = ipmi::threshold_value(s, t.ipmi, live);
        i.set(t.property, v ? Value::sint32(scaled(*v, exponent)) : Value::null(Type::sint32));
        if (s.masks.readable(t.ipmi)) {
            supported.push_back(t.cim);
            // Only the non-critical thresholds are settable through CIM (DSP1009 7.5).
            if (t.cim <= 1 && s.masks.settable(t.ipmi)) {
                settable.push_back(t.cim);
            }
        }
    }
    std::sort(supported.begin(), supported.end());
    i.set("SupportedThresholds", Value::uint16_array(supported));
    i.set("EnabledThresholds", Value::uint16_array(supported));
    i.set("SettableThresholds", Value::uint16_array(settable));
}

} // namespace

// CIM_ManagedSystemElement.HealthState.
std::uint16_t health_state(const Health* h) {
    if (h == nullptr) {
        return 0; // Unknown
    }
    switch (*h) {
    case Health::ok: return 5;
    case Health::warning: return 10;
    case Health::critical: return 25;
    case Health::nonrecoverable: return 30;
    }
    return 0;
}

// CIM_ManagedSystemElement.OperationalStatus.
std::uint16_t operational_status(const Health* h) {
    if (h == nullptr) {
        return 0; // Unknown
    }
    switch (*h) {
    case Health::ok: return 2;             // OK
    case Health::warning: return 3;        // Degraded
    case Health::critical: return 6;       // Error
    case Health::nonrecoverable: return 7; // Non-Recoverable Error
    }
    return 0;
}

std::string device_id(const Sensor& sensor) {
    return fmt::format("{}.{}.{}", sensor.number, sensor.owner.lun, sensor.owner.address());
}

bool is_numeric(const Sensor& sensor) {
    return sensor.analog();
}

int reading_exponent(const Sensor& sensor) {
    if (!sensor.analog() || sensor.full->linearization != 0) {
        return -2;
    }
    const auto& f = sensor.full->factors;
    int grid = std::numeric_limits<int>::max();
    if (f.m != 0) {
        grid = trailing_zeros(f.m);
    }
    if (f.b != 0) {
        grid = std::min(grid, trailing_zeros(f.b) + f.b_exp);
    }
    if (grid == std::numeric_limits<int>::max()) {
        return 0; // M = B = 0: every reading is 0
    }
    return std::min(0, grid + f.r_exp);
}

std::int32_t scaled(double value, int exponent) {
    const double v = std::round(value / std::pow(10.0, exponent));
    if (v >= static_cast<double>(std::numeric_limits<std::int32_t>::max())) {
        return std::numeric_limits<std::int32_t>::max();
    }
    if (v <= static_cast<double>(std::numeric_limits<std::int32_t>::min())) {
        return std::numeric_limits<std::int32_t>::min();
    }
    return static_cast<std::int32_t>(v);
}

Instance sensor_instance(const Sensor& sensor, const std::optional<ipmi::SensorSample>& sample,
                         const SystemIdentity& system,
                         const ipmi::cmd::GetSensorThresholds::Response* live) {
    Instance i;
    i.class_name = is_numeric(sensor) ? "CIM_NumericSensor" : "CIM_Sensor";
    common_properties(i, sensor, sample, system);
    if (is_numeric(sensor)) {
        numeric_properties(i, sensor, sample, live);
    } else {
        discrete_states(i, sensor, sample);
    }
    return i;
}

} // namespace cim
