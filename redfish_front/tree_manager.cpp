// Managers/bmc: the BMC (Manager.v1_x, ManagerType "BMC"), its firmware as Get Device ID
// reports it (the version CIM_SoftwareIdentity "bmcwsman:firmware:bmc" carries), and an
// empty LogServices collection (the SEL is the system's log: Systems/1/LogServices/SEL).
#include "redfish_front/service.hpp"

#include "cim_mapping/model_mapping.hpp"

#include <fmt/format.h>

namespace redfish {
namespace {

Json manager_json(const cim::Snapshot& s) {
    Json j = resource("#Manager.v1_24_0.Manager", uri::manager, "bmc", "BMC");
    j["ManagerType"] = "BMC";
    for (const auto& sw : cim::software_identities(s)) {
        if (text_of(sw, "InstanceID") == "bmcwsman:firmware:bmc") {
            j["FirmwareVersion"] = text_of(sw, "VersionString");
        }
    }
    if (s.bmc) {
        j["Model"] = fmt::format("IANA {} product {}", s.bmc->manufacturer_id, s.bmc->product_id);
    }
    j["ServiceEntryPointUUID"] = service_uuid(s);
    j["PowerState"] = "On";
    j["Status"] = {{"State", s.bmc_reachable ? "Enabled" : "UnavailableOffline"},
                   {"Health", s.bmc_reachable ? "OK" : "Critical"}};
    j["LogServices"] = link(fmt::format("{}/LogServices", uri::manager));
    j["Links"] = {{"ManagerForServers", Json::array({link(uri::system)})},
                  {"ManagerForChassis", Json::array({link(uri::chassis)})}};
    return j;
}

} // namespace

std::optional<Resource> find_manager(const Context& c, std::span<const std::string> seg) {
    if (seg.empty()) {
        return get_only(collection("ManagerCollection", uri::managers, "Manager Collection", {std::string(uri::manager)}));
    }
    if (seg[0] != "bmc" || seg.size() > 2) {
        return std::nullopt;
    }
    if (seg.size() == 1) {
        return get_only(manager_json(c.snapshot));
    }
    if (seg[1] == "LogServices") {
        return get_only(collection("LogServiceCollection", fmt::format("{}/LogServices", uri::manager),
                                   "Log Service Collection", {}));
    }
    return std::nullopt;
}

} // namespace redfish
