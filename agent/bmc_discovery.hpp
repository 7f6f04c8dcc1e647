// Finding the BMC: SMBIOS type 38 read from sysfs (or a directory), and whether
// the kernel's ipmi_si driver already owns its ports (KCS) or ipmi_ssif its address (SSIF).
#pragma once

#include "agent/failure.hpp"
#include "kcs_driver/port_spec.hpp"
#include "smbios/ipmi_device.hpp"
#include "smbios/table.hpp"
#include "ssif_driver/locate.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>

namespace agent {

struct Discovery {
    std::filesystem::path smbios_dir;
    smbios::EntryPoint entry_point;
    smbios::BmcLocation location;
    std::optional<std::string> port_owner; // "ipmi_si" (KCS ports), "ipmi_ssif" (SSIF address)
    // SSIF: the I2C adapter found in sysfs for the SMBus address (nullopt when none is).
    std::optional<ssif::Placement> ssif_placement;

    // The KCS register spec for this location (meaningful for KCS only).
    [[nodiscard]] kcs::PortSpec kcs_spec() const;
    // The 7-bit SMBus address of an SSIF BMC (meaningful for SSIF only).
    [[nodiscard]] std::uint8_t ssif_address() const;
};

// `sysfs_i2c` is where SSIF adapters are looked for (ssif::default_sysfs_i2c).
[[nodiscard]] std::expected<Discovery, Failure>
discover_bmc(const std::filesystem::path& smbios_dir,
             const std::filesystem::path& sysfs_i2c = ssif::default_sysfs_i2c);

} // namespace agent
