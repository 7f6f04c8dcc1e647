// Power supplies (DMTF Power Supply profile, DSP1015) and fans (Fan profile, DSP1013) as
// logical devices of the host, one per IPMI entity (IPMI 2.0 section 39, entity IDs of Table
// 43-13: 0Ah power supply, 1Dh fan/cooling device) that has readable sensors or, for a power
// supply, a FRU device locator. The entity's sensors are the device's sensors
// (CIM_AssociatedSensor) and decide its health: a power supply's by its Power Supply status
// sensors (sensor type 08h read sensor-specific, 6Fh: Table 42-3) when it has any, by all its
// sensors otherwise (a redundancy sensor, 0Bh, speaks for the set, not for one supply).
#include "cim_mapping/model_mapping.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace cim {
namespace {

constexpr std::uint8_t sensor_type_power_supply = 0x08;
constexpr std::uint8_t reading_type_sensor_specific = 0x6f;

bool same(const ipmi::sdr::Entity& a, const ipmi::sdr::Entity& b) {
    return a.id == b.id && a.instance == b.instance;
}

// The worst health among the device's sensors that `counts`; nullopt when none has one.
template <typename Pred>
std::optional<ipmi::sdr::Health> worst(const Snapshot& s, const EntityDevice& d, Pred counts) {
    std::optional<ipmi::sdr::Health> out;
    for (const std::size_t n : d.sensors) {
        if (!counts(s.sensors[n]) || n >= s.samples.size() || !s.samples[n] || !s.samples[n]->health) {
            continue;
        }
        const auto h = *s.samples[n]->health;
        if (!out || static_cast<int>(h) > static_cast<int>(*out)) {
            out = h;
        }
    }
    return out;
}

Instance device(const Snapshot& s, const EntityDevice& d, std::string_view class_name, std::string element_name) {
    auto health = worst(s, d, [&](const ipmi::sdr::Sensor& sensor) {
        return d.entity.id != entity_power_supply || (sensor.sensor_type == sensor_type_power_supply &&
                                                      sensor.event_reading_type == reading_type_sensor_specific);
    });
    if (!health) {
        health = worst(s, d, [](const ipmi::sdr::Sensor&) { return true; });
    }
    const auto* h = health ? &*health : nullptr;
    Instance i;
    i.class_name = std::string(class_name);
    i.set("ElementName", Value::string(std::move(element_name)));
    i.set("OperationalStatus", Value::uint16_array({s.bmc_reachable ? operational_status(h) : std::uint16_t{12}}));
    i.set("HealthState", Value::uint16(s.bmc_reachable ? health_state(h) : 0));
    i.set("EnabledState", Value::uint16(s.bmc_reachable ? 2 : 0)); // Enabled; Unknown without the BMC
    i.set("RequestedState", Value::uint16(12));                     // Not Applicable
    i.set("SystemCreationClassName", Value::string(s.system.creation_class_name));
    i.set("SystemName", Value::string(s.system.name));
    i.set("CreationClassName", Value::string(std::string(class_name)));
    // "entity.instance" as IPMI tools print an entity ("10.1"): stable across SDR re-reads.
    i.set("DeviceID", Value::string(fmt::format("{}.{}", d.entity.id, d.entity.instance)));
    return i;
}

// FRU spec 18.1 Power Supply Information: overall capacity in watts (bits 11:0).
std::optional<std::uint32_t> capacity_watts(const Snapshot& s, const EntityDevice& d) {
    if (!d.fru_id) {
        return std::nullopt;
    }
    const auto it = s.fru.find(*d.fru_id);
    if (it == s.fru.end()) {
        return std::nullopt;
    }
    for (const auto& r : it->second.multirecords) {
        if (const auto* p = std::get_if<ipmi::fru::PowerSupplyInfo>(&r.decoded)) {
            return p->overall_capacity_w;
        }
    }
    return std::nullopt;
}

} // namespace

std::vector<EntityDevice> entity_devices(const Snapshot& s, std::uint8_t entity_id) {
    std::vector<EntityDevice> out;
    const auto at = [&](const ipmi::sdr::Entity& e) -> EntityDevice& {
        const auto it = std::ranges::find_if(out, [&](const EntityDevice& d) { return same(d.entity, e); });
        if (it != out.end()) {
            return *it;
        }
        out.push_back({{e.id, e.instance, e.logical}, {}, std::nullopt});
        return out.back();
    };
    for (std::size_t n = 0; n < s.sensors.size(); ++n) {
        if (s.sensors[n].entity.id == entity_id && s.sensors[n].readable()) {
            at(s.sensors[n].entity).sensors.push_back(n);
        }
    }
    for (const auto& f : s.fru_devices) {
        if (f.id != 0 && f.entity.id == entity_id && entity_id == entity_power_supply) {
            at(f.entity).fru_id = f.id;
        }
    }
    std::ranges::sort(out, [](const EntityDevice& a, const EntityDevice& b) { return a.entity.instance < b.entity.instance; });
    return out;
}

Instance power_supply(const Snapshot& s, const EntityDevice& d) {
    auto i = device(s, d, "CIM_PowerSupply", fmt::format("Power Supply {}", d.entity.instance));
    const auto watts = capacity_watts(s, d);
    // CIM_PowerSupply.TotalOutputPower is in milliwatts.
    i.set("TotalOutputPower", watts ? Value::uint32(*watts * 1000U) : Value::null(Type::uint32));
    return i;
}

Instance fan(const Snapshot& s, const EntityDevice& d) {
    // A fan with one tachometer takes its sensor's name ("FAN1"); otherwise it is numbered.
    auto name = d.sensors.size() == 1 ? s.sensors[d.sensors[0]].name : fmt::format("Fan {}", d.entity.instance);
    auto i = device(s, d, "CIM_Fan", std::move(name));
    i.set("ActiveCooling", Value::boolean(true));
    return i;
}

std::vector<Instance> power_supplies(const Snapshot& s) {
    std::vector<Instance> out;
    for (const auto& d : entity_devices(s, entity_power_supply)) {
        out.push_back(power_supply(s, d));
    }
    return out;
}

std::vector<Instance> fans(const Snapshot& s) {
    std::vector<Instance> out;
    for (const auto& d : entity_devices(s, entity_fan)) {
        out.push_back(fan(s, d));
    }
    return out;
}

} // namespace cim
