// The class registry. Property lists name what the mapping emits; keys as the MOFs mark them.
#include "cim_mapping/schema.hpp"

#include "cim_mapping/instance.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace cim {
namespace {

using T = Type;

PropertyDef key(std::string_view n, Type t = T::string) { return {n, t, false, true, false}; }
PropertyDef prop(std::string_view n, Type t) { return {n, t, false, false, false}; }
PropertyDef list(std::string_view n, Type t) { return {n, t, true, false, false}; }
PropertyDef writable(std::string_view n, Type t) { return {n, t, false, false, true}; }
ParameterDef in(std::string_view n, Type t) { return {n, t, false, true, false}; }
ParameterDef out(std::string_view n, Type t) { return {n, t, false, false, true}; }
ParameterDef in_list(std::string_view n, Type t) { return {n, t, true, true, false}; }
ParameterDef out_list(std::string_view n, Type t) { return {n, t, true, false, true}; }

// CIM_ManagedElement .. CIM_EnabledLogicalElement
std::vector<PropertyDef> element(std::vector<PropertyDef> tail) {
    std::vector<PropertyDef> p{prop("ElementName", T::string), prop("Name", T::string),
                               list("OperationalStatus", T::uint16), prop("HealthState", T::uint16),
                               prop("EnabledState", T::uint16), prop("RequestedState", T::uint16)};
    p.insert(p.end(), tail.begin(), tail.end());
    return p;
}

// CIM_LogicalDevice keys after the element properties.
std::vector<PropertyDef> device(std::vector<PropertyDef> tail) {
    std::vector<PropertyDef> p{key("SystemCreationClassName"), key("SystemName"),
                               key("CreationClassName"), key("DeviceID")};
    p.insert(p.end(), tail.begin(), tail.end());
    return element(p);
}

std::vector<PropertyDef> sensor(std::vector<PropertyDef> tail) {
    std::vector<PropertyDef> p{prop("SensorType", T::uint16),
                               prop("OtherSensorTypeDescription", T::string),
                               list("PossibleStates", T::string), prop("CurrentState", T::string)};
    p.insert(p.end(), tail.begin(), tail.end());
    return device(p);
}

// CIM_PhysicalElement: Tag and CreationClassName are the keys.
std::vector<PropertyDef> physical(std::vector<PropertyDef> tail) {
    std::vector<PropertyDef> p{prop("ElementName", T::string), key("Tag"), key("CreationClassName"),
                               prop("Manufacturer", T::string), prop("Model", T::string),
                               prop("SKU", T::string), prop("SerialNumber", T::string),
                               prop("PartNumber", T::string), prop("Version", T::string)};
    p.insert(p.end(), tail.begin(), tail.end());
    return p;
}

std::vector<PropertyDef> association(std::string_view a, std::string_view b,
                                     std::vector<PropertyDef> tail = {}) {
    std::vector<PropertyDef> p{key(a, T::reference), key(b, T::reference)};
    p.insert(p.end(), tail.begin(), tail.end());
    return p;
}

const MethodDef request_state_change{
    "RequestStateChange",
    Role::operator_role,
    {in("RequestedState", T::uint16), out("Job", T::reference), in("TimeoutPeriod", T::datetime)}};

std::vector<ClassDef> build() {
    std::vector<ClassDef> c;
    c.push_back({"CIM_ComputerSystem", "CIM_System", hardware_namespace, false,
                 element({key("CreationClassName"), prop("NameFormat", T::string),
                          list("Dedicated", T::uint16), list("IdentifyingDescriptions", T::string),
                          list("OtherIdentifyingInfo", T::string)}),
                 {request_state_change,
                  {"SetPowerState",
                   Role::operator_role,
                   {in("PowerState", T::uint32), in("Time", T::datetime)}}}});
    // Name is the second key of CIM_System (after CreationClassName).
    for (auto& p : c.back().properties) {
        if (p.name == "Name") {
            p.key = true;
        }
    }
    c.push_back({"CIM_NumericSensor", "CIM_Sensor", hardware_namespace, false,
                 sensor({prop("BaseUnits", T::uint16), prop("UnitModifier", T::sint32),
                         prop("RateUnits", T::uint16), prop("CurrentReading", T::sint32),
                         prop("NominalReading", T::sint32), prop("NormalMax", T::sint32),
                         prop("NormalMin", T::sint32), prop("MaxReadable", T::sint32),
                         prop("MinReadable", T::sint32), prop("Resolution", T::uint32),
                         prop("Accuracy", T::sint32), prop("IsLinear", T::boolean),
                         prop("Hysteresis", T::uint32),
                         writable("LowerThresholdNonCritical", T::sint32),
                         writable("UpperThresholdNonCritical", T::sint32),
                         prop("LowerThresholdCritical", T::sint32),
                         prop("UpperThresholdCritical", T::sint32),
                         prop("LowerThresholdFatal", T::sint32),
                         prop("UpperThresholdFatal", T::sint32),
                         list("SupportedThresholds", T::uint16),
                         list("EnabledThresholds", T::uint16),
                         list("SettableThresholds", T::uint16)}),
                 {request_state_change,
                  {"RestoreDefaultThresholds", Role::operator_role, {}}}});
    c.push_back({"CIM_Sensor", "CIM_LogicalDevice", hardware_namespace, false, sensor({}),
                 {request_state_change}});
    c.push_back({"CIM_RecordLog", "CIM_Log", hardware_namespace, false,
                 element({key("InstanceID"), prop("MaxNumberOfRecords", T::uint64),
                          prop("CurrentNumberOfRecords", T::uint64),
                          prop("OverwritePolicy", T::uint16), prop("LogState", T::uint16)}),
                 {{"ClearLog", Role::operator_role, {}}, request_state_change}});
    // Windows' IPMI provider key set for SEL records (CIM_LogRecord).
    c.push_back({"CIM_LogRecord", "CIM_RecordForLog", hardware_namespace, false,
                 {prop("Caption", T::string), prop("Description", T::string), prop("ElementName", T::string),
                  key("LogCreationClassName"), key("LogName"), key("CreationClassName"), key("RecordID"),
                  key("MessageTimestamp", T::datetime), prop("RecordFormat", T::string),
                  prop("RecordData", T::string)},
                 {}});
    // DSP1010's key set (CIM_LogEntry).
    c.push_back({"CIM_LogEntry", "CIM_RecordForLog", hardware_namespace, false,
                 {prop("ElementName", T::string), key("InstanceID"), prop("LogInstanceID", T::string),
                  prop("LogName", T::string), prop("RecordID", T::string), prop("CreationTimeStamp", T::datetime),
                  prop("Message", T::string), prop("PerceivedSeverity", T::uint16),
                  prop("RecordFormat", T::string), prop("RecordData", T::string)},
                 {}});
    c.push_back({"CIM_SoftwareIdentity", "CIM_LogicalElement", hardware_namespace, false,
                 {prop("ElementName", T::string), key("InstanceID"),
                  prop("VersionString", T::string), prop("MajorVersion", T::uint16),
                  prop("MinorVersion", T::uint16), prop("Manufacturer", T::string),
                  list("Classifications", T::uint16), prop("IsEntity", T::boolean),
                  prop("ReleaseDate", T::datetime)},
                 {}});
    c.push_back({"CIM_PowerManagementService", "CIM_Service", hardware_namespace, false,
                 element({key("SystemCreationClassName"), key("SystemName"),
                          key("CreationClassName")}),
                 {{"RequestPowerStateChange",
                   Role::operator_role,
                   {in("PowerState", T::uint16), in("ManagedElement", T::reference),
                    in("Time", T::datetime), out("Job", T::reference),
                    in("TimeoutPeriod", T::datetime)}}}});
    for (auto& p : c.back().properties) {
        if (p.name == "Name") {
            p.key = true; // CIM_Service's fourth key
        }
    }
    c.push_back({"CIM_IndicatorLED", "CIM_LogicalDevice", hardware_namespace, false,
                 device({list("IndicatedConditions", T::uint16),
                         writable("ActivationState", T::uint16), prop("ControlMode", T::uint16)}),
                 {request_state_change}});
    c.push_back({"CIM_Chassis", "CIM_PhysicalFrame", hardware_namespace, false,
                 physical({list("ChassisPackageType", T::uint16)}), {}});
    c.push_back({"CIM_Card", "CIM_PhysicalPackage", hardware_namespace, false,
                 physical({prop("HostingBoard", T::boolean)}), {}});
    c.push_back({"CIM_PhysicalMemory", "CIM_Chip", hardware_namespace, false,
                 physical({prop("Capacity", T::uint64),
                           prop("MemoryType", T::uint16), prop("FormFactor", T::uint16),
                           prop("BankLabel", T::string)}),
                 {}});
    c.push_back({"CIM_Processor", "CIM_LogicalDevice", hardware_namespace, false,
                 device({prop("Family", T::uint16), prop("MaxClockSpeed", T::uint32),
                         prop("CurrentClockSpeed", T::uint32), prop("ExternalBusClockSpeed", T::uint32),
                         prop("CPUStatus", T::uint16)}),
                 {}});
    // DSP1015 and DSP1013: the power supplies and fans, one per IPMI entity.
    c.push_back({"CIM_PowerSupply", "CIM_LogicalDevice", hardware_namespace, false,
                 device({prop("TotalOutputPower", T::uint32)}), {}});
    c.push_back({"CIM_Fan", "CIM_CoolingDevice", hardware_namespace, false,
                 device({prop("ActiveCooling", T::boolean)}), {}});
    c.push_back({"CIM_RegisteredProfile", "CIM_RegisteredSpecification", interop_namespace, false,
                 {key("InstanceID"), prop("RegisteredOrganization", T::uint16),
                  prop("RegisteredName", T::string), prop("RegisteredVersion", T::string),
                  list("AdvertiseTypes", T::uint16)},
                 {}});
    c.push_back({"CIM_SystemDevice", "CIM_SystemComponent", hardware_namespace, true,
                 association("GroupComponent", "PartComponent"), {}});
    c.push_back({"CIM_AssociatedSensor", "CIM_Dependency", hardware_namespace, true,
                 association("Antecedent", "Dependent"), {}});
    c.push_back({"CIM_UseOfLog", "CIM_Dependency", hardware_namespace, true,
                 association("Antecedent", "Dependent"), {}});
    c.push_back({"CIM_LogManagesRecord", "", hardware_namespace, true, association("Log", "Record"), {}});
    c.push_back({"CIM_ElementConformsToProfile", "", interop_namespace, true,
                 association("ConformantStandard", "ManagedElement"), {}});
    c.push_back({"CIM_AssociatedPowerManagementService", "CIM_ServiceAvailableToElement",
                 hardware_namespace, true,
                 association("ServiceProvided", "UserOfService",
                             {prop("PowerState", T::uint16), prop("RequestedPowerState", T::uint16),
                              list("AvailableRequestedPowerStates", T::uint16)}),
                 {}});
    // DSP1011 10.x: the physical element a logical device is realized by (a power supply's FRU
    // package, a processor's chip).
    c.push_back({"CIM_Realizes", "CIM_Dependency", hardware_namespace, true,
                 association("Antecedent", "Dependent"), {}});
    c.push_back({"CIM_ComputerSystemPackage", "CIM_SystemPackaging", hardware_namespace, true,
                 association("Antecedent", "Dependent", {prop("PlatformGUID", T::string)}), {}});
    c.push_back({"CIM_InstalledSoftwareIdentity", "", hardware_namespace, true,
                 association("System", "InstalledSoftware"), {}});
    // The parents of the classes above (CIM Schema 2.x), so that an Enumerate or Get of a
    // parent class answers with the instances of its subclasses (DSP0227 8.1 polymorphism).
    // They have no instances of their own (abstract() below); their properties are what
    // ExcludeSubClassProperties keeps.
    const std::vector<PropertyDef> managed{prop("InstanceID", T::string), prop("Caption", T::string),
                                           prop("Description", T::string), prop("ElementName", T::string)};
    const auto with = [](std::vector<PropertyDef> head, std::vector<PropertyDef> tail) {
        head.insert(head.end(), tail.begin(), tail.end());
        return head;
    };
    const auto system_element =
        with(managed, {prop("Name", T::string), list("OperationalStatus", T::uint16), prop("HealthState", T::uint16)});
    const auto enabled = with(system_element, {prop("EnabledState", T::uint16), prop("RequestedState", T::uint16)});
    const auto physical_element =
        with(system_element, {key("Tag"), key("CreationClassName"), prop("Manufacturer", T::string),
                              prop("Model", T::string), prop("SKU", T::string), prop("SerialNumber", T::string),
                              prop("PartNumber", T::string), prop("Version", T::string)});
    const auto abstract_class = [&c](std::string_view name, std::string_view superclass, std::vector<PropertyDef> p) {
        c.push_back({name, superclass, hardware_namespace, false, std::move(p), {}});
    };
    abstract_class("CIM_ManagedElement", "", managed);
    abstract_class("CIM_ManagedSystemElement", "CIM_ManagedElement", system_element);
    abstract_class("CIM_LogicalElement", "CIM_ManagedSystemElement", system_element);
    abstract_class("CIM_EnabledLogicalElement", "CIM_LogicalElement", enabled);
    abstract_class("CIM_LogicalDevice", "CIM_EnabledLogicalElement",
                   with(enabled, {key("SystemCreationClassName"), key("SystemName"), key("CreationClassName"),
                                  key("DeviceID")}));
    abstract_class("CIM_CoolingDevice", "CIM_LogicalDevice",
                   with(enabled, {key("SystemCreationClassName"), key("SystemName"), key("CreationClassName"),
                                  key("DeviceID")}));
    abstract_class("CIM_System", "CIM_EnabledLogicalElement", with(enabled, {key("CreationClassName")}));
    abstract_class("CIM_Service", "CIM_EnabledLogicalElement",
                   with(enabled, {key("SystemCreationClassName"), key("SystemName"), key("CreationClassName")}));
    for (auto* cls : {&c[c.size() - 2], &c[c.size() - 1]}) { // Name is a key of CIM_System and CIM_Service
        for (auto& p : cls->properties) {
            if (p.name == "Name") {
                p.key = true;
            }
        }
    }
    abstract_class("CIM_Log", "CIM_EnabledLogicalElement",
                   with(enabled, {prop("MaxNumberOfRecords", T::uint64), prop("CurrentNumberOfRecords", T::uint64)}));
    abstract_class("CIM_RecordForLog", "CIM_ManagedElement",
                   with(managed, {prop("RecordFormat", T::string), prop("RecordData", T::string)}));
    abstract_class("CIM_PhysicalElement", "CIM_ManagedSystemElement", physical_element);
    // Concrete (DSP1011): the FRU devices behind the BMC (power supplies) are packages.
    abstract_class("CIM_PhysicalPackage", "CIM_PhysicalElement", physical_element);
    abstract_class("CIM_PhysicalFrame", "CIM_PhysicalPackage", physical_element);
    abstract_class("CIM_PhysicalComponent", "CIM_PhysicalElement", physical_element);
    // Concrete (DSP1022): the processors' packages.
    abstract_class("CIM_Chip", "CIM_PhysicalComponent", physical_element);
    // The raw pass-through of Windows' IPMI driver class (root/wmi), served only when the
    // configuration enables it; admin role.
    c.push_back({"Microsoft_IPMI", "", wmi_namespace, false,
                 {key("InstanceName"), prop("Active", T::boolean), prop("BMCAddress", T::uint8)},
                 {{"RequestResponse",
                   Role::admin,
                   {in("Command", T::uint8), in("Lun", T::uint8), in("NetworkFunction", T::uint8),
                    in_list("RequestData", T::uint8), in("RequestDataSize", T::uint32),
                    in("ResponderAddress", T::uint8), out("CompletionCode", T::uint8),
                    out_list("ResponseData", T::uint8), out("ResponseDataSize", T::uint32)}}}});
    return c;
}

} // namespace

const PropertyDef* ClassDef::property(std::string_view n) const {
    for (const auto& p : properties) {
        if (iequals(p.name, n)) {
            return &p;
        }
    }
    return nullptr;
}

const MethodDef* ClassDef::method(std::string_view n) const {
    for (const auto& m : methods) {
        if (iequals(m.name, n)) {
            return &m;
        }
    }
    return nullptr;
}

std::vector<const PropertyDef*> ClassDef::keys() const {
    std::vector<const PropertyDef*> k;
    for (const auto& p : properties) {
        if (p.key) {
            k.push_back(&p);
        }
    }
    return k;
}

std::span<const ClassDef> all_classes() {
    static const std::vector<ClassDef> classes = build();
    return classes;
}

namespace {

// ASCII case folding, as iequals compares (class names are ASCII).
struct FoldedHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        std::size_t h = 14695981039346656037ULL; // FNV-1a over the folded bytes
        for (char ch : s) {
            h = (h ^ static_cast<unsigned char>(ascii_lower(ch))) * 1099511628211ULL;
        }
        return h;
    }
};
struct FoldedEqual {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const noexcept { return iequals(a, b); }
};

struct Index {
    std::unordered_map<std::string_view, const ClassDef*, FoldedHash, FoldedEqual> by_name;
    std::unordered_map<const ClassDef*, std::vector<const ClassDef*>> kinds;
};

bool derives(const Index& index, const ClassDef& c, const ClassDef& ancestor) {
    const ClassDef* at = &c;
    for (int depth = 0; depth < 16 && at != nullptr; ++depth) {
        if (at == &ancestor) {
            return true;
        }
        const auto up = index.by_name.find(at->superclass);
        at = up == index.by_name.end() ? nullptr : up->second;
    }
    return false;
}

const Index& index() {
    static const Index built = [] {
        Index ix;
        for (const auto& c : all_classes()) {
            ix.by_name.emplace(c.name, &c);
        }
        for (const auto& c : all_classes()) {
            auto& kinds = ix.kinds[&c];
            for (const auto& d : all_classes()) {
                if (derives(ix, d, c)) {
                    kinds.push_back(&d);
                }
            }
        }
        return ix;
    }();
    return built;
}

} // namespace

const ClassDef* find_class(std::string_view name) {
    const auto& by_name = index().by_name;
    const auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : it->second;
}

bool is_a(std::string_view name, std::string_view ancestor) {
    for (int depth = 0; depth < 16 && !name.empty(); ++depth) {
        if (iequals(name, ancestor)) {
            return true;
        }
        const ClassDef* c = find_class(name);
        if (c == nullptr) {
            return false;
        }
        name = c->superclass;
    }
    return false;
}

bool abstract(const ClassDef& c) {
    static constexpr std::array<std::string_view, 13> names{
        "CIM_ManagedElement", "CIM_ManagedSystemElement", "CIM_LogicalElement", "CIM_EnabledLogicalElement",
        "CIM_LogicalDevice",  "CIM_System",               "CIM_Service",        "CIM_Log",
        "CIM_RecordForLog",   "CIM_PhysicalElement",      "CIM_PhysicalFrame",  "CIM_PhysicalComponent",
        "CIM_CoolingDevice"};
    return std::ranges::find(names, c.name) != names.end();
}

std::span<const ClassDef* const> kinds_of(const ClassDef& c) {
    const auto& kinds = index().kinds;
    const auto it = kinds.find(&c);
    return it == kinds.end() ? std::span<const ClassDef* const>{} : std::span<const ClassDef* const>(it->second);
}

} // namespace cim
