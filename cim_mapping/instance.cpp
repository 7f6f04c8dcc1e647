// Property lookup on CIM instances.
#include "cim_mapping/instance.hpp"

#include <algorithm>

namespace cim {

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(),
                      [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

const Value* Instance::find(std::string_view name) const {
    for (const auto& p : properties) {
        if (iequals(p.name, name)) {
            return &p.value;
        }
    }
    return nullptr;
}

void Instance::set(std::string_view name, Value value) {
    rendered.slot.reset(); // what was rendered is no longer this instance
    for (auto& p : properties) {
        if (iequals(p.name, name)) {
            p.value = std::move(value);
            return;
        }
    }
    properties.push_back(Property{std::string(name), std::move(value)});
}

} // namespace cim
