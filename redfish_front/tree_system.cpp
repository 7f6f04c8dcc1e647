// Systems/1 (ComputerSystem: identity from SMBIOS type 1 and FRU 0's product area, power,
// the Reset action) and its SEL LogService with Entries and ClearLog (the SEL archive beside
// it: tree_sel_archive.cpp).
#include "redfish_front/service.hpp"

#include "cim_mapping/model_mapping.hpp"
#include "ipmi/sel/record.hpp"
#include "redfish_front/controls.hpp"
#include "redfish_front/sel_entry.hpp"

#include <fmt/format.h>

namespace redfish {
namespace {

// SMBIOS type 1 first, FRU 0's product area where SMBIOS says nothing (as the CIM host
// system: cim_mapping/system_mapping.cpp).
void identity(const cim::Snapshot& s, Json& j) {
    const auto& sys = s.host.system;
    const auto fru0 = s.fru.find(0);
    const auto* fp = fru0 != s.fru.end() && fru0->second.product ? &*fru0->second.product : nullptr;
    const auto put = [&j](std::string_view name, const std::string& smbios, const std::string& fru) {
        const auto& v = smbios.empty() ? fru : smbios;
        if (!v.empty()) {
            j[name] = v; // empty read-only strings are left out (Service Validator warning)
        }
    };
    put("Manufacturer", sys ? sys->manufacturer : "", fp ? fp->manufacturer.text : "");
    put("Model", sys ? sys->product : "", fp ? fp->product_name.text : "");
    put("SerialNumber", sys ? sys->serial : "", fp ? fp->serial_number.text : "");
    put("PartNumber", "", fp ? fp->part_model_number.text : "");
    put("SKU", sys && sys->sku ? *sys->sku : "", "");
    j["UUID"] = service_uuid(s);
    if (s.host.bios && !s.host.bios->version.empty()) {
        j["BiosVersion"] = s.host.bios->version;
    }
}

Json system_json(const Context& c) {
    const auto& s = c.snapshot;
    const auto host = cim::host_system(s);
    auto name = text_of(host, "ElementName");
    Json j = resource("#ComputerSystem.v1_27_0.ComputerSystem", uri::system, "1", name);
    j["SystemType"] = "Physical";
    identity(s, j);
    if (s.bmc_reachable && s.chassis) {
        j["PowerState"] = s.chassis->power_on() ? "On" : "Off";
    }
    Json status{{"State", s.bmc_reachable ? "Enabled" : "UnavailableOffline"}};
    const auto* hs = host.find("HealthState");
    if (const auto h = hs != nullptr && !hs->is_null() ? health_of_state(std::get<std::uint16_t>(hs->scalar())) : "";
        !h.empty()) {
        status["Health"] = h;
    }
    j["Status"] = std::move(status);
    if (const auto led = location_indicator(s)) {
        j["LocationIndicatorActive"] = *led;
    }
    // No boot override is offered (the model reads no boot options): sushy requires Boot.
    j["Boot"] = {{"BootSourceOverrideEnabled", "Disabled"},
                 {"BootSourceOverrideTarget", "None"},
                 {"BootSourceOverrideTarget@Redfish.AllowableValues", Json::array({"None"})}};
    j["LogServices"] = link(fmt::format("{}/LogServices", uri::system));
    j["Links"] = {{"Chassis", Json::array({link(uri::chassis)})}, {"ManagedBy", Json::array({link(uri::manager)})}};
    Json allowable = Json::array();
    for (const auto& r : reset_types) {
        allowable.push_back(r.name);
    }
    j["Actions"] = {{"#ComputerSystem.Reset",
                     {{"target", fmt::format("{}/Actions/ComputerSystem.Reset", uri::system)},
                      {"ResetType@Redfish.AllowableValues", std::move(allowable)}}}};
    return j;
}

Json sel_service(const cim::Snapshot& s) {
    Json j = resource("#LogService.v1_9_0.LogService", uri::sel, "SEL", "IPMI System Event Log");
    j["Description"] = "The BMC's System Event Log (IPMI 2.0 section 31)";
    j["LogEntryType"] = "SEL";
    j["OverWritePolicy"] = "NeverOverWrites"; // IPMI 2.0 31.1: a full SEL takes no more events
    j["ServiceEnabled"] = true;
    if (s.sel_info) {
        j["MaxNumberOfRecords"] = s.sel_info->entries + s.sel_info->free_space / 16U;
    }
    j["Status"] = {{"State", s.bmc_reachable ? "Enabled" : "UnavailableOffline"}};
    j["Entries"] = link(fmt::format("{}/Entries", uri::sel));
    j["Actions"] = {{"#LogService.ClearLog", {{"target", fmt::format("{}/Actions/LogService.ClearLog", uri::sel)}}}};
    return j;
}

std::optional<Resource> find_sel(const Context& c, std::span<const std::string> seg) {
    const auto& s = c.snapshot;
    if (seg.empty()) {
        return get_only(sel_service(s));
    }
    if (seg[0] == "Actions" && seg.size() == 2 && seg[1] == "LogService.ClearLog") {
        return Resource{{"POST"}, std::nullopt};
    }
    if (seg[0] != "Entries" || seg.size() > 2) {
        return std::nullopt;
    }
    const auto entries = fmt::format("{}/Entries", uri::sel);
    if (seg.size() == 1) {
        std::vector<Json> full;
        for (const auto& raw : s.sel) {
            full.push_back(sel_entry(s, raw, fmt::format("{}/{}", entries, ipmi::sel::decode(raw).record_id)));
        }
        return get_only(log_entry_collection(entries, "SEL Entries", std::move(full)));
    }
    for (const auto& raw : s.sel) {
        if (std::to_string(ipmi::sel::decode(raw).record_id) == seg[1]) {
            return get_only(sel_entry(s, raw, fmt::format("{}/{}", entries, seg[1])));
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<Resource> find_system(const Context& c, std::span<const std::string> seg) {
    if (seg.empty()) {
        return get_only(collection("ComputerSystemCollection", uri::systems, "Computer System Collection",
                                   {std::string(uri::system)}));
    }
    if (seg[0] != "1") {
        return std::nullopt;
    }
    seg = seg.subspan(1);
    if (seg.empty()) {
        return Resource{{"GET", "PATCH"}, system_json(c)};
    }
    if (seg[0] == "Actions" && seg.size() == 2 && seg[1] == "ComputerSystem.Reset") {
        return Resource{{"POST"}, std::nullopt};
    }
    if (seg[0] != "LogServices") {
        return std::nullopt;
    }
    if (seg.size() == 1) {
        std::vector<std::string> logs{std::string(uri::sel)};
        if (c.snapshot.sel_archive) {
            logs.emplace_back(uri::sel_archive);
        }
        return get_only(
            collection("LogServiceCollection", fmt::format("{}/LogServices", uri::system), "Log Service Collection", logs));
    }
    if (seg[1] == "SEL") {
        return find_sel(c, seg.subspan(2));
    }
    if (seg[1] == "SELArchive") {
        return find_sel_archive(c, seg.subspan(2));
    }
    return std::nullopt;
}

} // namespace redfish
