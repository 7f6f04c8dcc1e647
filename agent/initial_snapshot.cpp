#include "agent/initial_snapshot.hpp"

#include "ipmi/commands/app.hpp"
#include "ipmi/sdr_cache.hpp"
#include "smbios/inventory.hpp"
#include "smbios/table.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace agent {
namespace {

std::string host_name() {
    char buf[256] = {};
    return gethostname(buf, sizeof buf - 1) == 0 ? std::string(buf) : std::string("localhost");
}

// The host's inventory when this machine's SMBIOS is readable (in-band); over LAN only when
// --smbios-dir names a copy. SystemName from the option or the SMBIOS UUID.
cim::Snapshot host_part(const TransportChoice& choice, const std::string& system_name) {
    cim::Snapshot s;
    if (auto table = smbios::read_table(choice.smbios_dir)) {
        s.host = smbios::decode_inventory(*table);
    }
    s.system.name = system_name;
    if (s.system.name.empty() && s.host.system && s.host.system->uuid) {
        s.system.name = *s.host.system->uuid;
    }
    return s;
}

} // namespace

std::expected<cim::Snapshot, std::string> initial_snapshot(ipmi::Client& client, const TransportChoice& choice,
                                                           const std::string& transport_name,
                                                           const std::string& system_name,
                                                           const std::string& sdr_cache_dir,
                                                           std::vector<std::string>& warnings) {
    auto repo = ipmi::load_sdr_repository(client, sdr_cache_dir, transport_name);
    if (!repo) {
        return std::unexpected("reading the SDR repository: " + repo.error().message());
    }
    cim::Snapshot s = host_part(choice, system_name);
    const auto parsed = ipmi::sdr::parse_repository(repo->records);
    for (const auto& [id, error] : parsed.rejected) {
        warnings.push_back(fmt::format("SDR record {:#06x} left out: {}", id, error.message()));
    }
    s.sensors = ipmi::sdr::sensors_of(parsed.records);
    s.fru_devices = cim::fru_devices_of(parsed.records);
    if (s.system.name.empty()) {
        if (auto guid = client.call(ipmi::cmd::GetSystemGuid{})) {
            s.system.name = smbios::format_uuid(guid->guid, true).value_or("");
        }
    }
    if (s.system.name.empty()) {
        s.system.name = host_name();
    }
    return s;
}

cim::Snapshot unreachable_snapshot(const TransportChoice& choice, const std::string& system_name) {
    cim::Snapshot s = host_part(choice, system_name);
    if (s.system.name.empty()) {
        s.system.name = host_name();
    }
    s.bmc_reachable = false;
    return s;
}

std::expected<OpenedBmc, std::string> open_bmc(const TransportChoice& choice, const std::string& system_name,
                                               const std::string& sdr_cache_dir, bool tolerate_unreadable_bmc) {
    OpenedBmc out;
    auto transport = open_transport(choice);
    if (!transport) {
        return std::unexpected(transport.error().message());
    }
    out.transport = std::move(*transport);
    out.client = std::make_unique<ipmi::Client>(*out.transport);
    auto s = initial_snapshot(*out.client, choice, std::string(out.transport->name()), system_name, sdr_cache_dir,
                              out.warnings);
    if (!s) {
        if (!tolerate_unreadable_bmc) {
            return std::unexpected(s.error());
        }
        out.unread_error = s.error();
        out.snapshot = unreachable_snapshot(choice, system_name);
        return out;
    }
    out.snapshot = std::move(*s);
    return out;
}

} // namespace agent
