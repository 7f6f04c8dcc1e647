// A CIM instance: class, namespace and properties in schema order (DSP0004 section 5.1).
#pragma once

#include "cim_mapping/value.hpp"

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cim {

inline constexpr std::string_view hardware_namespace = "root/hardware";
inline constexpr std::string_view interop_namespace = "root/interop";
inline constexpr std::string_view wmi_namespace = "root/wmi";

struct Property {
    std::string name;
    Value value;
    friend bool operator==(const Property&, const Property&) = default;
};

// What a front end made of an instance (its XML, its EPR), kept with the provider's cached
// copy of it so that the answers between two polls render each instance once. Opaque to
// cim_mapping; copies of an instance share it; it takes no part in comparisons; set()
// drops it, since the instance then changed.
struct RenderSlot {
    std::mutex mutex;
    std::array<std::shared_ptr<const std::string>, 3> text;
};
struct RenderCache {
    std::shared_ptr<RenderSlot> slot;
    friend bool operator==(const RenderCache&, const RenderCache&) { return true; }
};

struct Instance {
    std::string class_name;
    std::string name_space{hardware_namespace};
    std::vector<Property> properties; // in the order of the class's schema
    RenderCache rendered;             // empty unless the provider's cache made the instance

    // The property of that name, compared case-insensitively (DSP0004: names are
    // case-insensitive); nullptr when the instance has none.
    [[nodiscard]] const Value* find(std::string_view name) const;
    // Appends, or replaces the value of a property that is already there.
    void set(std::string_view name, Value value);

    friend bool operator==(const Instance&, const Instance&) = default;
};

// ASCII lower case (names and keywords are compared in it; other bytes stay as they are).
[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// ASCII case-insensitive equality, the comparison CIM uses for names.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;

} // namespace cim
