// What the agent knows before its first poll: the SDR's sensors (through the on-disk cache),
// the host's SMBIOS inventory when readable, and the SystemName key.
#pragma once

#include "agent/transport_factory.hpp"
#include "cim_mapping/snapshot.hpp"
#include "ipmi/client.hpp"

#include <expected>
#include <memory>
#include <string>

namespace agent {

// SystemName: `system_name` when given, else the SMBIOS system UUID, else the BMC's system
// GUID (IPMI 2.0 22.14), else the host name.
[[nodiscard]] std::expected<cim::Snapshot, std::string>
initial_snapshot(ipmi::Client& client, const TransportChoice& choice, const std::string& transport_name,
                 const std::string& system_name, const std::string& sdr_cache_dir);

// The transport opened, a Client over it and the initial snapshot: what `cim` and `serve`
// start from. The error is one line for the user.
struct OpenedBmc {
    std::unique_ptr<ipmi::Transport> transport;
    std::unique_ptr<ipmi::Client> client;
    cim::Snapshot snapshot;
};
[[nodiscard]] std::expected<OpenedBmc, std::string> open_bmc(const TransportChoice& choice,
                                                             const std::string& system_name,
                                                             const std::string& sdr_cache_dir);

} // namespace agent
