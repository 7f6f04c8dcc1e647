// Finding the BMC: SMBIOS type 38 read from sysfs (or a directory), and whether
// the kernel's ipmi_si driver already owns its ports.
#pragma once

#include "agent/failure.hpp"
#include "kcs_driver/port_spec.hpp"
#include "smbios/ipmi_device.hpp"
#include "smbios/table.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>

namespace agent {

struct Discovery {
    std::filesystem::path smbios_dir;
    smbios::EntryPoint entry_point;
    smbios::BmcLocation location;
    std::optional<std::string> port_owner; // e.g. "ipmi_si" when the kernel holds the ports

    // The KCS register spec for this location (meaningful for KCS only).
    [[nodiscard]] kcs::PortSpec kcs_spec() const;
};

[[nodiscard]] std::expected<Discovery, Failure>
discover_bmc(const std::filesystem::path& smbios_dir);

} // namespace agent
