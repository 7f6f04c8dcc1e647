// The classes bmcwsman serves: per class its superclass, namespace, properties (inherited
// ones included, in schema order) with type, array-ness, key and writability, and methods
// with the role they need. Written from the DMTF CIM Schema 2.x MOFs and the profiles
// (DSP1004 Base Server, DSP1009 Sensors, DSP1010 Record Log, DSP1011 Physical Asset,
// DSP1027 Power State Management, DSP1074 Indicator LED, DSP1033 Profile Registration).
#pragma once

#include "cim_mapping/value.hpp"

#include <span>
#include <string_view>
#include <vector>

namespace cim {

// Who may do what (the front end's users file names the role).
enum class Role : std::uint8_t { reader = 0, operator_role = 1, admin = 2 };

struct PropertyDef {
    std::string_view name;
    Type type;
    bool array = false;
    bool key = false;
    bool writable = false; // Put may change it (operator role)
};

struct ParameterDef {
    std::string_view name;
    Type type;
    bool array = false;
    bool in = true;
    bool out = false;
};

struct MethodDef {
    std::string_view name;
    Role role;
    std::vector<ParameterDef> parameters;
};

struct ClassDef {
    std::string_view name;
    std::string_view superclass;
    std::string_view name_space;
    bool association = false;
    std::vector<PropertyDef> properties;
    std::vector<MethodDef> methods;

    [[nodiscard]] const PropertyDef* property(std::string_view n) const; // case-insensitive
    [[nodiscard]] const MethodDef* method(std::string_view n) const;     // case-insensitive
    [[nodiscard]] std::vector<const PropertyDef*> keys() const;
};

// Every class served, in a fixed order.
[[nodiscard]] std::span<const ClassDef> all_classes();
// A class by name (case-insensitive), or nullptr.
[[nodiscard]] const ClassDef* find_class(std::string_view name);
// True when `name` is `ancestor` or derives from it.
[[nodiscard]] bool is_a(std::string_view name, std::string_view ancestor);
// A parent class registered for polymorphic requests only (DSP0227 8.1): no instances of its own.
[[nodiscard]] bool abstract(const ClassDef& c);
// `c` and every class derived from it, in all_classes() order (computed once).
[[nodiscard]] std::span<const ClassDef* const> kinds_of(const ClassDef& c);

} // namespace cim
