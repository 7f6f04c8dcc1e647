// Sensors to Redfish views (see sensor_view.hpp).
#include "redfish_front/sensor_view.hpp"

#include <cmath>
#include <set>
#include <utility>

namespace redfish {
namespace {

// IPMI 2.0 Table 43-15 base units that have a Redfish ReadingType with that unit (Sensor
// ReadingType's long descriptions name the unit each type shall use).
struct UnitType {
    std::uint8_t base;
    std::string_view units;
    std::string_view type;
};
constexpr UnitType unit_types[] = {
    {1, "Cel", "Temperature"}, {4, "V", "Voltage"}, {5, "A", "Current"},
    {6, "W", "Power"},         {7, "J", "EnergyJoules"}, {18, "RPM", "Rotational"},
};

std::string segment_of(const std::string& name) {
    std::string out;
    for (const char c : name) {
        const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        out += plain ? c : '_';
    }
    return out.empty() ? std::string("sensor") : out;
}

// A converted value without binary noise (13.200000000000001 as 13.2): readings and
// thresholds are on a decimal grid far coarser than 10^-6.
double tidy(double v) {
    return std::round(v * 1e6) / 1e6;
}

} // namespace

std::string_view health_name(ipmi::sdr::Health h) {
    switch (h) {
    case ipmi::sdr::Health::ok: return "OK";
    case ipmi::sdr::Health::warning: return "Warning";
    case ipmi::sdr::Health::critical:
    case ipmi::sdr::Health::nonrecoverable: return "Critical";
    }
    return "Critical";
}

nlohmann::ordered_json sensor_status(const SensorView& v) {
    nlohmann::ordered_json st;
    st["State"] = v.sampled ? "Enabled" : "UnavailableOffline";
    if (v.health) {
        st["Health"] = health_name(*v.health);
    }
    return st;
}

std::vector<SensorView> sensor_views(const cim::Snapshot& s) {
    std::vector<SensorView> out;
    std::set<std::pair<std::uint16_t, std::string>> seen;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < s.sensors.size(); ++i) {
        const auto& sensor = s.sensors[i];
        if (!sensor.readable() || !seen.emplace(sensor.header.record_id, sensor.name).second) {
            continue;
        }
        SensorView v;
        v.index = i;
        v.name = sensor.name;
        v.id = segment_of(sensor.name);
        if (!ids.insert(v.id).second) { // two names alike once plain: the record ID tells them apart
            v.id += "_" + std::to_string(sensor.header.record_id);
            ids.insert(v.id);
        }
        const auto* sample = i < s.samples.size() && s.samples[i] ? &*s.samples[i] : nullptr;
        v.sampled = s.bmc_reachable && sample != nullptr;
        if (v.sampled) {
            v.health = sample->health;
        }
        if (sensor.threshold_based()) {
            if (v.sampled && sample->value) {
                v.reading = tidy(*sample->value);
            }
            const auto& u = sensor.units;
            if (u.rate == 0 && u.modifier_use == ipmi::sdr::ModifierUse::none) {
                if (u.percentage) {
                    v.units = "%";
                    v.reading_type = "Percent";
                } else {
                    for (const auto& t : unit_types) {
                        if (t.base == u.base) {
                            v.units = t.units;
                            v.reading_type = t.type;
                        }
                    }
                }
            }
            const auto* live = i < s.thresholds.size() && s.thresholds[i] ? &*s.thresholds[i] : nullptr;
            for (unsigned t = 0; t < 6; ++t) {
                if (const auto x = ipmi::threshold_value(sensor, static_cast<ipmi::sdr::Threshold>(t), live)) {
                    v.thresholds[t] = tidy(*x);
                }
            }
        }
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace redfish
