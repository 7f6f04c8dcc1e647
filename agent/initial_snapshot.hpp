// What the agent knows before its first poll: the SDR's sensors (through the on-disk cache),
// the host's SMBIOS inventory when readable, and the SystemName key.
#pragma once

#include "agent/transport_factory.hpp"
#include "cim_mapping/snapshot.hpp"
#include "ipmi/client.hpp"

#include <expected>
#include <memory>
#include <string>
#include <vector>

namespace agent {

// SystemName: `system_name` when given, else the SMBIOS system UUID, else the BMC's system
// GUID (IPMI 2.0 22.14), else the host name. An SDR record that does not parse is left out
// with one line in `warnings` naming its record ID; every other record is served.
[[nodiscard]] std::expected<cim::Snapshot, std::string>
initial_snapshot(ipmi::Client& client, const TransportChoice& choice, const std::string& transport_name,
                 const std::string& system_name, const std::string& sdr_cache_dir,
                 std::vector<std::string>& warnings);

// What the agent serves while the BMC has not answered yet (absent or broken at start-up):
// no sensors, the host's SMBIOS inventory, SystemName as above without the BMC's GUID, and
// "No Contact" (bmc_reachable false) until initial_snapshot succeeds.
[[nodiscard]] cim::Snapshot unreachable_snapshot(const TransportChoice& choice, const std::string& system_name);

// The transport opened, a Client over it and the initial snapshot: what `cim` and `serve`
// start from. The error is one line for the user.
struct OpenedBmc {
    std::unique_ptr<ipmi::Transport> transport;
    std::unique_ptr<ipmi::Client> client;
    cim::Snapshot snapshot;
    std::vector<std::string> warnings; // records left out (initial_snapshot)
    // Set when the transport opened but the BMC could not be read (the daemon serves
    // unreachable_snapshot and retries); only with `tolerate_unreadable_bmc`.
    std::string unread_error;
};
[[nodiscard]] std::expected<OpenedBmc, std::string> open_bmc(const TransportChoice& choice,
                                                             const std::string& system_name,
                                                             const std::string& sdr_cache_dir,
                                                             bool tolerate_unreadable_bmc = false);

} // namespace agent
