#include "agent/detect_command.hpp"

#include "agent/bmc_discovery.hpp"
#include "agent/exit_codes.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {
namespace {

std::string ipmi_version(const smbios::BmcLocation& loc) {
    return fmt::format("{}.{}", loc.ipmi_major, loc.ipmi_minor);
}

nlohmann::json to_json(const Discovery& found) {
    const auto& loc = found.location;
    nlohmann::json out;
    out["interface"] = smbios::to_string(loc.interface);
    out["ipmi_version"] = ipmi_version(loc);
    out["address_space"] = smbios::to_string(loc.space);
    out["base_address"] = loc.base_address;
    out["register_spacing"] = loc.register_spacing;
    out["i2c_slave_address"] = loc.i2c_slave_address;
    out["nv_storage_address"] = loc.nv_storage_address;
    out["irq"] = loc.irq ? nlohmann::json(*loc.irq) : nlohmann::json(nullptr);
    if (loc.interface == smbios::BmcInterface::kcs) {
        out["kcs_spec"] = kcs::to_string(found.kcs_spec());
    }
    if (loc.interface == smbios::BmcInterface::bt) {
        out["bt_spec"] = kcs::to_string(found.kcs_spec());
    }
    if (loc.interface == smbios::BmcInterface::ssif) {
        if (const auto& p = found.ssif_placement) {
            out["ssif_spec"] = fmt::format("{},{:#04x}", p->device, found.ssif_address());
            out["i2c_adapter"] = p->adapter_name;
            out["i2c_adapter_found_by"] = p->how;
        } else {
            out["ssif_spec"] = nullptr;
        }
    }
    out["kernel_driver"] =
        found.port_owner ? nlohmann::json(*found.port_owner) : nlohmann::json(nullptr);
    out["source"] = "smbios";
    out["smbios_dir"] = found.smbios_dir.string();
    out["smbios_version"] = fmt::format("{}.{}", found.entry_point.major, found.entry_point.minor);
    out["smbios_handle"] = loc.handle;
    return out;
}

std::string where(const smbios::BmcLocation& loc) {
    switch (loc.space) {
    case smbios::AddressSpace::io:
        return fmt::format("I/O ports {:#x} (data) and {:#x} (status/command)", loc.base_address,
                           loc.base_address + loc.register_spacing);
    case smbios::AddressSpace::memory:
        return fmt::format("memory {:#x} (data) and {:#x} (status/command)", loc.base_address,
                           loc.base_address + loc.register_spacing);
    case smbios::AddressSpace::smbus: // SSIF: base_address holds the 7-bit SMBus address
        return fmt::format("SMBus address {:#04x}", loc.base_address);
    }
    return "unknown address";
}

void print_human(const Discovery& found) {
    const auto& loc = found.location;
    std::string line = fmt::format("BMC: {} interface, IPMI {}, {}",
                                   smbios::to_string(loc.interface), ipmi_version(loc), where(loc));
    if (loc.space != smbios::AddressSpace::smbus) {
        line += fmt::format(", register spacing {}", loc.register_spacing);
    }
    if (loc.irq) {
        line += fmt::format(", IRQ {}", *loc.irq);
    }
    fmt::print("{}\n", line);
    fmt::print("found in SMBIOS {}.{} type 38 (handle {:#06x}) read from {}\n",
               found.entry_point.major, found.entry_point.minor, loc.handle,
               found.smbios_dir.string());
    if (loc.interface == smbios::BmcInterface::kcs) {
        fmt::print("KCS spec: --kcs={}\n", kcs::to_string(found.kcs_spec()));
    }
    if (loc.interface == smbios::BmcInterface::bt) {
        fmt::print("BT spec: --bt={}\n", kcs::to_string(found.kcs_spec()));
    }
    if (loc.interface == smbios::BmcInterface::ssif) {
        if (const auto& p = found.ssif_placement) {
            fmt::print("SSIF spec: --ssif={},{:#04x} (adapter \"{}\", found by {})\n", p->device,
                       found.ssif_address(), p->adapter_name, p->how);
        } else {
            fmt::print("no I2C adapter for it in /sys/bus/i2c (load i2c-dev and the SMBus "
                       "controller's driver, or name it with --ssif=/dev/i2c-N)\n");
        }
    }
    if (found.port_owner) {
        const bool ssif = loc.interface == smbios::BmcInterface::ssif;
        fmt::print("note: the kernel driver {} owns {}; transport auto uses /dev/ipmi0 instead of "
                   "{}\n",
                   *found.port_owner, ssif ? "this SMBus address" : "these ports",
                   ssif ? "i2c-dev" : "port I/O");
    }
}

} // namespace

int run_detect(const std::filesystem::path& smbios_dir, bool json) {
    auto found = discover_bmc(smbios_dir);
    if (!found) {
        fmt::print(stderr, "bmcwsman: {}\n", found.error().message());
        return exit_code::failure;
    }
    if (json) {
        fmt::print("{}\n", to_json(*found).dump(2));
    } else {
        print_human(*found);
    }
    return exit_code::ok;
}

} // namespace agent
