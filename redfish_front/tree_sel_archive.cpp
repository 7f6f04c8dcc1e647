// Systems/1/LogServices/SELArchive: the agent's SEL archive (docs/SEL_ARCHIVE.md) as a second
// LogService, served only when the agent keeps one ([daemon] state_dir).
//
// Beside the SEL under the system rather than under Managers/bmc: its records are the same
// system events (LogEntryType SEL, the system's sensors), and Redfish tooling looks for a
// system's SEL in the ComputerSystem's LogServices (redfishtool `Systems Logs`, OpenBMC's
// and iLO's system event logs live there); a manager's LogServices conventionally hold the
// BMC's own logs (journals, audit logs), so Managers/bmc/LogServices stays empty.
//
// Entries are the newest records the agent hands to each snapshot (4096, as WS-Management's
// "SEL archive" CIM_RecordLog serves them), Id = the archive sequence. No ClearLog: the
// archive cannot be cleared (the action is not advertised; its URI names nothing, 404; a
// POST to the service is 405).
#include "redfish_front/service.hpp"

#include "cim_mapping/model_mapping.hpp"
#include "redfish_front/sel_entry.hpp"

#include <fmt/format.h>

namespace redfish {
namespace {

Json archive_service(const cim::ArchivedSel& a) {
    Json j = resource("#LogService.v1_9_0.LogService", uri::sel_archive, "SELArchive", cim::archive_log_name);
    j["Description"] = "Every SEL entry the agent has read, kept across BMC SEL clears and overflow "
                       "(docs/SEL_ARCHIVE.md)";
    j["LogEntryType"] = "SEL";
    j["OverWritePolicy"] = "WrapsWhenFull"; // rotation drops the oldest segments (CIM: Wraps When Full)
    j["ServiceEnabled"] = true;
    j["MaxNumberOfRecords"] = a.max_bytes / 41U; // bounded by bytes: as the CIM_RecordLog says
    // Writes failing: the archive misses what the BMC logs meanwhile (degraded, as in CIM).
    j["Status"] = {{"State", "Enabled"}, {"Health", a.write_failing ? "Warning" : "OK"}};
    j["Entries"] = link(fmt::format("{}/Entries", uri::sel_archive));
    return j;
}

} // namespace

std::optional<Resource> find_sel_archive(const Context& c, std::span<const std::string> seg) {
    const auto& s = c.snapshot;
    if (!s.sel_archive) {
        return std::nullopt;
    }
    const auto& a = *s.sel_archive;
    if (seg.empty()) {
        return get_only(archive_service(a));
    }
    if (seg[0] != "Entries" || seg.size() > 2) {
        return std::nullopt;
    }
    const auto entries = fmt::format("{}/Entries", uri::sel_archive);
    if (seg.size() == 1) {
        std::vector<Json> full;
        full.reserve(a.records.size());
        for (const auto& r : a.records) {
            full.push_back(archive_entry(s, r, fmt::format("{}/{}", entries, r.sequence)));
        }
        return get_only(log_entry_collection(entries, "SEL Archive Entries", std::move(full)));
    }
    for (const auto& r : a.records) {
        if (std::to_string(r.sequence) == seg[1]) {
            return get_only(archive_entry(s, r, fmt::format("{}/{}", entries, seg[1])));
        }
    }
    return std::nullopt;
}

} // namespace redfish
