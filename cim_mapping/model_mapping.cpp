// instances_of: the class dispatch; reference_to: an instance's keys as a reference.
#include "cim_mapping/model_mapping.hpp"

#include "cim_mapping/schema.hpp"

namespace cim {

std::vector<Instance> sensors(const Snapshot& s, std::string_view class_name) {
    std::vector<Instance> out;
    for (std::size_t n = 0; n < s.sensors.size(); ++n) {
        const auto& sensor = s.sensors[n];
        if (!sensor.readable()) {
            continue; // event-only sensors appear in the SEL, not as devices
        }
        const bool numeric = is_numeric(sensor);
        if (numeric != iequals(class_name, "CIM_NumericSensor")) {
            continue;
        }
        const std::optional<ipmi::SensorSample> none;
        const auto& sample = s.bmc_reachable && n < s.samples.size() ? s.samples[n] : none;
        const auto* live = n < s.thresholds.size() && s.thresholds[n] ? &*s.thresholds[n] : nullptr;
        out.push_back(sensor_instance(sensor, sample, s.system, live));
    }
    return out;
}

std::vector<Instance> instances_of(const Snapshot& s, std::string_view class_name) {
    const ClassDef* c = find_class(class_name);
    if (c == nullptr) {
        return {};
    }
    if (abstract(*c)) {
        return {}; // its instances are those of its subclasses (ModelProvider::parts)
    }
    const std::string_view name = c->name;
    if (c->association) {
        return associations(s, name);
    }
    if (name == "CIM_ComputerSystem") {
        return {host_system(s), bmc_system(s)};
    }
    if (name == "CIM_NumericSensor" || name == "CIM_Sensor") {
        return sensors(s, name);
    }
    if (name == "CIM_RecordLog") {
        return record_logs(s);
    }
    if (name == "CIM_LogRecord" || name == "CIM_LogEntry") {
        return log_records(s, name);
    }
    if (name == "CIM_SoftwareIdentity") {
        return software_identities(s);
    }
    if (name == "CIM_PowerManagementService") {
        return {power_management_service(s)};
    }
    if (name == "CIM_IndicatorLED") {
        return {identify_led(s)};
    }
    if (name == "CIM_Processor") {
        return processors(s);
    }
    if (name == "CIM_Chip") {
        return processor_chips(s);
    }
    if (name == "CIM_PowerSupply") {
        return power_supplies(s);
    }
    if (name == "CIM_Fan") {
        return fans(s);
    }
    if (name == "CIM_RegisteredProfile") {
        return registered_profiles();
    }
    if (name == "Microsoft_IPMI") {
        Instance i;
        i.class_name = "Microsoft_IPMI";
        i.name_space = std::string(wmi_namespace);
        i.set("InstanceName", Value::string("bmcwsman:ipmi:0"));
        i.set("Active", Value::boolean(s.bmc_reachable));
        i.set("BMCAddress", Value::uint8(0x20));
        return {i};
    }
    return physical_assets(s, name);
}

Reference reference_to(const Instance& instance) {
    Reference r;
    r.class_name = instance.class_name;
    r.name_space = instance.name_space;
    if (const ClassDef* c = find_class(instance.class_name)) {
        for (const PropertyDef* k : c->keys()) {
            const Value* v = instance.find(k->name);
            r.keys.emplace_back(std::string(k->name),
                                v != nullptr && !v->is_null() ? lexical(v->scalar()) : std::string());
        }
    }
    return r;
}

} // namespace cim
