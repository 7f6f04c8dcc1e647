// Association instances: which element belongs to, is measured by, logs for, is realized by
// or conforms to what (DSP1004 SystemDevice, DSP1009 AssociatedSensor, DSP1010 UseOfLog,
// DSP1027 AssociatedPowerManagementService, DSP1011 ComputerSystemPackage and Realizes,
// DSP1033 ElementConformsToProfile, InstalledSoftwareIdentity).
#include "cim_mapping/model_mapping.hpp"

#include "cim_mapping/schema.hpp"


namespace cim {
namespace {

Instance link(std::string_view class_name, std::string_view a_role, const Instance& a,
              std::string_view b_role, const Instance& b) {
    Instance i;
    i.class_name = std::string(class_name);
    if (const ClassDef* c = find_class(class_name)) {
        i.name_space = std::string(c->name_space);
    }
    i.set(a_role, Value::reference(reference_to(a)));
    i.set(b_role, Value::reference(reference_to(b)));
    return i;
}

// The keys of sensor n's instance (enough for a reference; see sensor_instance).
Instance sensor_keys(const Snapshot& s, std::size_t n) {
    Instance i;
    i.class_name = is_numeric(s.sensors[n]) ? "CIM_NumericSensor" : "CIM_Sensor";
    i.set("SystemCreationClassName", Value::string(s.system.creation_class_name));
    i.set("SystemName", Value::string(s.system.name));
    i.set("CreationClassName", Value::string(i.class_name));
    i.set("DeviceID", Value::string(device_id(s.sensors[n])));
    return i;
}

// DSP1027 PowerState from Get Chassis Status: 2 On, 8 Off - Soft; 0 Unknown.
std::uint16_t power_state(const Snapshot& s) {
    if (!s.bmc_reachable || !s.chassis) {
        return 0;
    }
    return s.chassis->power_on() ? 2 : 8;
}

} // namespace

std::vector<Instance> associations(const Snapshot& s, std::string_view class_name) {
    std::vector<Instance> out;
    const Instance host = host_system(s);
    if (iequals(class_name, "CIM_SystemDevice")) {
        for (const auto& sensor : sensors(s, "CIM_NumericSensor")) {
            out.push_back(link("CIM_SystemDevice", "GroupComponent", host, "PartComponent", sensor));
        }
        for (const auto& sensor : sensors(s, "CIM_Sensor")) {
            out.push_back(link("CIM_SystemDevice", "GroupComponent", host, "PartComponent", sensor));
        }
        out.push_back(link("CIM_SystemDevice", "GroupComponent", host, "PartComponent", identify_led(s)));
        for (const auto& group : {processors(s), power_supplies(s), fans(s)}) {
            for (const auto& d : group) {
                out.push_back(link("CIM_SystemDevice", "GroupComponent", host, "PartComponent", d));
            }
        }
    } else if (iequals(class_name, "CIM_AssociatedSensor")) {
        // Every sensor measures the system; those of a power supply or fan entity measure
        // that device too (DSP1015 and DSP1013: the device's sensors).
        for (const auto* cls : {"CIM_NumericSensor", "CIM_Sensor"}) {
            for (const auto& sensor : sensors(s, cls)) {
                out.push_back(link("CIM_AssociatedSensor", "Antecedent", sensor, "Dependent", host));
            }
        }
        const auto measured = [&](std::uint8_t entity_id, Instance (*build)(const Snapshot&, const EntityDevice&)) {
            for (const auto& d : entity_devices(s, entity_id)) {
                const auto device = build(s, d);
                for (const std::size_t n : d.sensors) {
                    out.push_back(link("CIM_AssociatedSensor", "Antecedent", sensor_keys(s, n), "Dependent", device));
                }
            }
        };
        measured(entity_power_supply, power_supply);
        measured(entity_fan, fan);
    } else if (iequals(class_name, "CIM_Realizes")) {
        // A power supply by the package of its FRU device (same entity), a processor by its chip.
        const auto packages = physical_assets(s, "CIM_PhysicalPackage");
        for (const auto& d : entity_devices(s, entity_power_supply)) {
            if (!d.fru_id) {
                continue;
            }
            const auto tag = fru_package_tag(*d.fru_id);
            for (const auto& p : packages) {
                if (const Value* t = p.find("Tag"); t != nullptr && lexical(t->scalar()) == tag) {
                    out.push_back(link("CIM_Realizes", "Antecedent", p, "Dependent", power_supply(s, d)));
                }
            }
        }
        const auto chips = processor_chips(s);
        const auto cpus = processors(s);
        for (std::size_t n = 0; n < chips.size() && n < cpus.size(); ++n) {
            out.push_back(link("CIM_Realizes", "Antecedent", chips[n], "Dependent", cpus[n]));
        }
    } else if (iequals(class_name, "CIM_UseOfLog")) {
        for (const auto& log : record_logs(s)) {
            out.push_back(link("CIM_UseOfLog", "Antecedent", log, "Dependent", host));
        }
    } else if (iequals(class_name, "CIM_LogManagesRecord")) {
        // Each log manages its own records: the BMC's SEL and, when kept, the archive.
        const auto manages = [&](const Instance& log, auto records_of) {
            for (const auto* cls : {"CIM_LogEntry", "CIM_LogRecord"}) {
                for (const auto& record : records_of(s, cls)) {
                    out.push_back(link("CIM_LogManagesRecord", "Log", log, "Record", record));
                }
            }
        };
        manages(record_log(s), bmc_log_records);
        if (s.sel_archive) {
            manages(archive_log(s), archive_log_records);
        }
    } else if (iequals(class_name, "CIM_AssociatedPowerManagementService")) {
        auto i = link("CIM_AssociatedPowerManagementService", "ServiceProvided",
                      power_management_service(s), "UserOfService", host);
        i.set("PowerState", Value::uint16(power_state(s)));
        i.set("RequestedPowerState", Value::uint16(0)); // Unknown: no request pending
        // On, Power Cycle (Off - Soft), Off - Soft, Master Bus Reset, Diagnostic Interrupt
        // (NMI), Off - Soft Graceful: the Chassis Control actions (IPMI 2.0 section 28.3).
        i.set("AvailableRequestedPowerStates", Value::uint16_array({2, 5, 8, 10, 11, 12}));
        out.push_back(std::move(i));
    } else if (iequals(class_name, "CIM_ComputerSystemPackage")) {
        for (const auto& chassis : physical_assets(s, "CIM_Chassis")) {
            auto i = link("CIM_ComputerSystemPackage", "Antecedent", chassis, "Dependent", host);
            const auto& sys = s.host.system;
            i.set("PlatformGUID", sys && sys->uuid ? Value::string(*sys->uuid) : Value::null(Type::string));
            out.push_back(std::move(i));
        }
    } else if (iequals(class_name, "CIM_InstalledSoftwareIdentity")) {
        for (const auto& sw : software_identities(s)) {
            const auto& system = sw.find("InstanceID") != nullptr &&
                                         lexical(sw.find("InstanceID")->scalar()) ==
                                             "bmcwsman:firmware:bmc"
                                     ? bmc_system(s)
                                     : host;
            out.push_back(link("CIM_InstalledSoftwareIdentity", "System", system,
                               "InstalledSoftware", sw));
        }
    } else if (iequals(class_name, "CIM_ElementConformsToProfile")) {
        // Each profile's central or scoping instance (DSP1033 section 7).
        for (const auto& profile : registered_profiles()) {
            const auto id = lexical(profile.find("InstanceID")->scalar());
            if (id == "bmcwsman:DSP1010") {
                for (const auto& log : record_logs(s)) {
                    out.push_back(link("CIM_ElementConformsToProfile", "ConformantStandard", profile,
                                       "ManagedElement", log));
                }
            } else if (id == "bmcwsman:DSP1027") {
                out.push_back(link("CIM_ElementConformsToProfile", "ConformantStandard", profile,
                                   "ManagedElement", power_management_service(s)));
            } else if (id != "bmcwsman:DSP1033") {
                out.push_back(link("CIM_ElementConformsToProfile", "ConformantStandard", profile,
                                   "ManagedElement", host));
            }
        }
    }
    return out;
}

} // namespace cim
