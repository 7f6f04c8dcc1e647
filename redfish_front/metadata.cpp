// The $metadata document (see metadata.hpp).
#include "redfish_front/metadata.hpp"

#include <array>
#include <fmt/format.h>
#include <string_view>

namespace redfish {
namespace {

// Each @odata.type the tree uses, with its schema file (keep in step with the tree_*.cpp).
constexpr std::array<SchemaRef, 35> schemas{{
    {"ServiceRoot", "v1_20_0"},
    {"ComputerSystemCollection", ""},
    {"ComputerSystem", "v1_27_0"},
    {"ChassisCollection", ""},
    {"Chassis", "v1_28_0"},
    {"SensorCollection", ""},
    {"Sensor", "v1_12_0"},
    {"Thermal", "v1_7_3"},
    {"Power", "v1_7_3"},
    {"PowerSubsystem", "v1_1_3"},
    {"PowerSupplyCollection", ""},
    {"PowerSupply", "v1_6_0"},
    {"ThermalSubsystem", "v1_5_0"},
    {"FanCollection", ""},
    {"Fan", "v1_6_0"},
    {"Assembly", "v1_6_1"},
    {"ManagerCollection", ""},
    {"Manager", "v1_24_0"},
    {"LogServiceCollection", ""},
    {"LogService", "v1_9_0"},
    {"LogEntryCollection", ""},
    {"LogEntry", "v1_21_0"},
    {"SessionService", "v1_2_0"},
    {"SessionCollection", ""},
    {"Session", "v1_8_0"},
    {"AccountService", "v1_18_1"},
    {"ManagerAccountCollection", ""},
    {"ManagerAccount", "v1_14_1"},
    {"RoleCollection", ""},
    {"Role", "v1_3_3"},
    {"Message", "v1_3_0"},
    {"JsonSchemaFileCollection", ""},
    {"JsonSchemaFile", "v1_1_5"},
    {"MessageRegistryFileCollection", ""},
    {"MessageRegistryFile", "v1_1_5"},
}};

} // namespace

std::span<const SchemaRef> served_schemas() {
    return schemas;
}

std::string metadata_document() {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n";
    const auto reference = [&out](std::string_view file, std::string_view ns, std::string_view version) {
        out += fmt::format("  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/{}_v1.xml\">\n", file);
        out += fmt::format("    <edmx:Include Namespace=\"{}\"/>\n", ns);
        if (!version.empty()) {
            out += fmt::format("    <edmx:Include Namespace=\"{}.{}\"/>\n", ns, version);
        }
        out += "  </edmx:Reference>\n";
    };
    for (const auto& s : schemas) {
        reference(s.file, s.file, s.version);
    }
    reference("Resource", "Resource", "v1_0_0");
    out += "  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/RedfishExtensions_v1.xml\">\n"
           "    <edmx:Include Namespace=\"RedfishExtensions.v1_0_0\" Alias=\"Redfish\"/>\n"
           "  </edmx:Reference>\n"
           "  <edmx:DataServices>\n"
           "    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"Service\">\n"
           "      <EntityContainer Name=\"Service\" Extends=\"ServiceRoot.v1_20_0.ServiceContainer\"/>\n"
           "    </Schema>\n"
           "  </edmx:DataServices>\n"
           "</edmx:Edmx>\n";
    return out;
}

} // namespace redfish
