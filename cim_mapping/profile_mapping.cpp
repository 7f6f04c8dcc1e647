// The profiles bmcwsman implements, registered in root/interop (DSP1033).
#include "cim_mapping/model_mapping.hpp"

#include <array>

namespace cim {

namespace {

struct Profile {
    const char* id;
    const char* name;
    const char* version;
};

// RegisteredName and RegisteredVersion as each profile's DSP document gives them.
constexpr std::array<Profile, 10> profiles{{
    {"DSP1033", "Profile Registration", "1.0.0"},
    {"DSP1004", "Base Server", "1.0.1"},
    {"DSP1009", "Sensors", "1.1.0"},
    {"DSP1010", "Record Log", "2.0.0"},
    {"DSP1011", "Physical Asset", "1.0.2"},
    {"DSP1013", "Fan", "1.0.0"},
    {"DSP1015", "Power Supply", "1.1.0"},
    {"DSP1022", "CPU", "1.0.0"},
    {"DSP1027", "Power State Management", "2.0.0"},
    {"DSP1074", "Indicator LED", "1.0.0"},
}};

} // namespace

std::vector<Instance> registered_profiles() {
    std::vector<Instance> out;
    for (const auto& p : profiles) {
        Instance i;
        i.class_name = "CIM_RegisteredProfile";
        i.name_space = std::string(interop_namespace);
        i.set("InstanceID", Value::string(std::string("bmcwsman:") + p.id));
        i.set("RegisteredOrganization", Value::uint16(2)); // DMTF
        i.set("RegisteredName", Value::string(p.name));
        i.set("RegisteredVersion", Value::string(p.version));
        i.set("AdvertiseTypes", Value::uint16_array({2})); // Not Advertised
        out.push_back(std::move(i));
    }
    return out;
}

} // namespace cim
