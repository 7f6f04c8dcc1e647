#include "agent/bmc_discovery.hpp"

#include "kcs_driver/port_owner.hpp"

#include <fmt/format.h>

namespace agent {

kcs::PortSpec Discovery::kcs_spec() const {
    kcs::PortSpec spec;
    spec.space = location.space == smbios::AddressSpace::memory ? kcs::PortSpec::Space::memory
                                                                : kcs::PortSpec::Space::io;
    spec.base = location.base_address;
    spec.spacing = location.register_spacing;
    return spec;
}

std::uint8_t Discovery::ssif_address() const {
    return static_cast<std::uint8_t>(location.base_address & 0x7f);
}

std::expected<Discovery, Failure> discover_bmc(const std::filesystem::path& smbios_dir,
                                               const std::filesystem::path& sysfs_i2c) {
    auto table = smbios::read_table(smbios_dir);
    if (!table) {
        return std::unexpected(
            Failure{fmt::format("reading SMBIOS from {}", smbios_dir.string()), table.error(), {}});
    }
    auto location = smbios::locate_bmc(*table);
    if (!location) {
        return std::unexpected(Failure{
            fmt::format("finding the BMC in SMBIOS from {}", smbios_dir.string()), location.error(),
            "no type 38 record: the firmware does not announce an IPMI BMC"});
    }
    Discovery found{smbios_dir, table->entry_point(), *location, std::nullopt, std::nullopt};
    if (location->space == smbios::AddressSpace::io) {
        found.port_owner = kcs::find_port_owner(location->base_address);
    }
    if (location->interface == smbios::BmcInterface::ssif) {
        if (auto placed = ssif::find_placement(sysfs_i2c, found.ssif_address())) {
            found.port_owner = placed->driver;
            found.ssif_placement = std::move(*placed);
        }
    }
    return found;
}

} // namespace agent
