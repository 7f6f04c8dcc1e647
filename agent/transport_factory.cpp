#include "agent/transport_factory.hpp"

#include "agent/bmc_discovery.hpp"
#include "bt_driver/bt_transport.hpp"
#include "bt_driver/errc.hpp"
#include "bt_driver/port_registers.hpp"
#include "kcs_driver/errc.hpp"
#include "kcs_driver/kcs_transport.hpp"
#include "kcs_driver/open_port_io.hpp"
#include "kcs_driver/port_owner.hpp"
#include "kcs_driver/port_spec.hpp"
#include "lan_driver/lan_transport.hpp"
#include "openipmi_driver/device.hpp"
#include "openipmi_driver/errc.hpp"
#include "openipmi_driver/openipmi_transport.hpp"
#include "sim/kcs_bmc.hpp"
#include "sim/profile.hpp"
#include "ssif_driver/errc.hpp"
#include "ssif_driver/i2c_dev_io.hpp"
#include "ssif_driver/locate.hpp"
#include "ssif_driver/ssif_transport.hpp"

#include <cstdint>
#include <cstdlib>
#include <fmt/format.h>

namespace agent {
namespace {

kcs::TransportOptions options_for(const TransportChoice& choice) {
    kcs::TransportOptions options;
    options.command_deadline = choice.timeout;
    const auto per_phase = std::chrono::duration_cast<std::chrono::microseconds>(choice.timeout);
    options.ibf_timeout = std::min(options.ibf_timeout, per_phase);
    options.obf_timeout = std::min(options.obf_timeout, per_phase);
    return options;
}

ssif::TransportOptions ssif_options_for(const TransportChoice& choice) {
    ssif::TransportOptions options;
    options.timing.budget = std::chrono::duration_cast<std::chrono::microseconds>(choice.timeout);
    return options;
}

std::expected<kcs::PortSpec, Failure> kcs_spec_for(const TransportChoice& choice) {
    if (choice.kcs && *choice.kcs != "auto") {
        auto spec = kcs::parse_port_spec(*choice.kcs);
        if (!spec) {
            return std::unexpected(
                Failure{fmt::format("reading --kcs={}", *choice.kcs), spec.error(), {}});
        }
        return *spec;
    }
    auto found = discover_bmc(choice.smbios_dir);
    if (!found) {
        return std::unexpected(found.error());
    }
    if (found->location.interface != smbios::BmcInterface::kcs) {
        return std::unexpected(Failure{
            fmt::format("the BMC announced in SMBIOS uses the {} interface",
                        smbios::to_string(found->location.interface)),
            {},
            "KCS, SSIF and BT are supported in-band; name a port with --kcs=io:ADDR to override"});
    }
    return found->kcs_spec();
}

std::expected<std::unique_ptr<ipmi::Transport>, Failure> open_lan(const TransportChoice& choice) {
    auto password = lan::read_password(choice.password_file);
    if (!password) {
        return std::unexpected(Failure{"reading the LAN password", password.error(), {}});
    }
    lan::Options options;
    if (choice.lan_privilege == "user") {
        options.privilege = lan::Privilege::user;
    } else if (choice.lan_privilege == "operator") {
        options.privilege = lan::Privilege::operator_;
    } else {
        options.privilege = lan::Privilege::admin;
    }
    options.cipher_suite = static_cast<std::uint8_t>(choice.cipher_suite);
    options.host = *choice.lan;
    options.user = choice.user;
    options.password = std::move(*password);
    options.session_timeout = choice.timeout;
    options.workaround_flags = choice.lan_workarounds;
    return std::make_unique<lan::LanTransport>(std::move(options));
}

std::expected<std::unique_ptr<ipmi::Transport>, Failure>
open_openipmi(const TransportChoice& choice) {
    std::string path = !choice.openipmi || *choice.openipmi == "auto" ? openipmi::find_device() : *choice.openipmi;
    if (path.empty()) {
        return std::unexpected(Failure{"finding /dev/ipmi0", openipmi::Errc::no_device, {}});
    }
    auto device = openipmi::open_device(path);
    if (!device) {
        return std::unexpected(
            Failure{fmt::format("opening {}", path), device.error(),
                    device.error() == std::errc::permission_denied ? "run as root" : ""});
    }
    return std::make_unique<openipmi::OpenIpmiTransport>(std::move(*device), choice.timeout,
                                                         "openipmi " + path);
}

// BT by port I/O (or MMIO): the registers from --bt, else from SMBIOS (`found`). As for
// KCS, ipmi_si owning the ports means /dev/ipmi0 when nothing was named.
std::expected<std::unique_ptr<ipmi::Transport>, Failure>
open_bt(const TransportChoice& choice, const Discovery* found, bool automatic) {
    kcs::PortSpec spec;
    if (choice.bt && *choice.bt != "auto") {
        auto parsed = kcs::parse_port_spec(*choice.bt);
        if (!parsed) {
            return std::unexpected(
                Failure{fmt::format("reading --bt={}", *choice.bt), bt::Errc::bad_port_spec, {}});
        }
        spec = *parsed;
    } else if (found != nullptr && found->location.interface == smbios::BmcInterface::bt) {
        spec = found->kcs_spec();
    } else {
        return std::unexpected(Failure{"finding a BT interface in SMBIOS", {},
                                       "name its ports with --bt=io:ADDR (QEMU's isa-ipmi-bt: io:0xe4)"});
    }
    const auto name = fmt::format("bt {}", kcs::to_string(spec));
    if (spec.space == kcs::PortSpec::Space::io) {
        if (auto owner = kcs::find_port_owner(spec.base)) {
            if (automatic && !openipmi::find_device().empty()) {
                return open_openipmi(choice);
            }
            return std::unexpected(Failure{
                fmt::format("the BT ports at {} are owned by the kernel driver {}", name, *owner),
                kcs::Errc::ports_busy, "use --openipmi (/dev/ipmi0), or unload ipmi_si to use port I/O"});
        }
    }
    auto io = bt::open_port_registers(spec);
    if (!io) {
        return std::unexpected(Failure{fmt::format("opening {}", name), io.error(),
                                       io.error() == kcs::Errc::no_permission
                                           ? "run as root or with CAP_SYS_RAWIO"
                                           : ""});
    }
    bt::TransportOptions options;
    options.command_deadline = choice.timeout;
    options.timeout = std::min(options.timeout,
                               std::chrono::duration_cast<std::chrono::microseconds>(choice.timeout));
    return std::make_unique<bt::BtTransport>(std::move(*io), options, name);
}

// SSIF over /dev/i2c-N: the adapter and address from --ssif, else from SMBIOS (`found`)
// and /sys/bus/i2c. `automatic`: nothing was named, so the kernel's ipmi_ssif owning the
// address means /dev/ipmi0.
std::expected<std::unique_ptr<ipmi::Transport>, Failure>
open_ssif(const TransportChoice& choice, const Discovery* found, bool automatic) {
    ssif::Spec spec;
    if (choice.ssif && *choice.ssif != "auto") {
        auto parsed = ssif::parse_spec(*choice.ssif);
        if (!parsed) {
            return std::unexpected(
                Failure{fmt::format("reading --ssif={}", *choice.ssif), parsed.error(), {}});
        }
        spec = std::move(*parsed);
    }
    const bool from_smbios = found != nullptr && found->location.interface == smbios::BmcInterface::ssif;
    const std::uint8_t address =
        spec.address.value_or(from_smbios ? found->ssif_address() : ssif::default_address);
    const bool kernel_has_device = !openipmi::find_device().empty();
    if (spec.device.empty()) {
        std::optional<ssif::Placement> placed;
        if (from_smbios && found->ssif_placement) {
            placed = found->ssif_placement;
        } else if (auto p = ssif::find_placement(ssif::default_sysfs_i2c, address)) {
            placed = std::move(*p);
        } else {
            return std::unexpected(Failure{"finding the SSIF adapter in /sys/bus/i2c", p.error(),
                                           "load i2c-dev and the SMBus controller's driver "
                                           "(i2c_i801, i2c_piix4), or name it with --ssif=/dev/i2c-N"});
        }
        if (placed->driver && automatic && kernel_has_device) {
            return open_openipmi(choice);
        }
        spec.device = placed->device;
    }
    const auto name = fmt::format("ssif {},{:#04x}", spec.device, address);
    auto io = ssif::open_i2c_dev(spec.device, address);
    if (!io) {
        if (io.error() == ssif::Errc::address_busy && automatic && kernel_has_device) {
            return open_openipmi(choice);
        }
        std::string hint;
        if (io.error() == ssif::Errc::address_busy) {
            hint = "use --openipmi (/dev/ipmi0), or unload ipmi_ssif to use i2c-dev";
        } else if (io.error() == ssif::Errc::no_permission) {
            hint = "run as root";
        } else if (io.error() == ssif::Errc::no_adapter) {
            hint = "modprobe i2c-dev";
        }
        return std::unexpected(Failure{fmt::format("opening {}", name), io.error(), hint});
    }
    return std::make_unique<ssif::SsifTransport>(std::move(*io), ssif_options_for(choice), name);
}

} // namespace

std::expected<std::unique_ptr<ipmi::Transport>, Failure>
open_transport(const TransportChoice& choice) {
    if (choice.lan) {
        return open_lan(choice);
    }
    if (choice.openipmi) {
        return open_openipmi(choice);
    }
    if (choice.sim) {
        // The built-in simulated server (sim/profile/server45.py) behind the real KCS driver.
        // BMCWSMAN_SIM_DELAY_US slows every register transition of the simulated BMC (the
        // slowed-BMC benchmark: about 20 transitions per command).
        sim::Faults faults;
        if (const char* delay = std::getenv("BMCWSMAN_SIM_DELAY_US")) {
            faults.transition_delay = std::chrono::microseconds(std::strtoul(delay, nullptr, 10));
        }
        auto bmc = std::make_unique<sim::KcsBmc>(faults);
        bmc->model().load(sim::server45());
        return std::make_unique<kcs::KcsTransport>(std::move(bmc), options_for(choice), "sim kcs");
    }
    // Nothing named (auto): the BMC SMBIOS announces, through the kernel's driver when that
    // owns it, else by port I/O; /dev/ipmi0 also when SMBIOS names no BMC but the kernel found one.
    const bool automatic = choice.named() == 0;
    if (choice.ssif || choice.bt) {
        auto found = discover_bmc(choice.smbios_dir);
        return choice.ssif ? open_ssif(choice, found ? &*found : nullptr, false)
                           : open_bt(choice, found ? &*found : nullptr, false);
    }
    if (automatic) {
        if (auto found = discover_bmc(choice.smbios_dir); found) {
            if (found->location.interface == smbios::BmcInterface::ssif) {
                return open_ssif(choice, &*found, true);
            }
            if (found->location.interface == smbios::BmcInterface::bt) {
                return open_bt(choice, &*found, true);
            }
        }
    }
    auto spec = kcs_spec_for(choice);
    if (!spec) {
        if (automatic && !openipmi::find_device().empty()) {
            return open_openipmi(choice);
        }
        return std::unexpected(spec.error());
    }
    const auto name = fmt::format("kcs {}", kcs::to_string(*spec));
    if (spec->space == kcs::PortSpec::Space::io) {
        // The kernel's ipmi_si claims the ports; raw port I/O would fight it.
        if (auto owner = kcs::find_port_owner(spec->base)) {
            if (automatic && !openipmi::find_device().empty()) {
                return open_openipmi(choice);
            }
            return std::unexpected(Failure{
                fmt::format("the KCS ports at {} are owned by the kernel driver {}", name, *owner),
                kcs::Errc::ports_busy,
                automatic ? "load ipmi_devintf for /dev/ipmi0, or unload ipmi_si to use port I/O"
                          : "use --openipmi (/dev/ipmi0), or unload ipmi_si to use port I/O"});
        }
    }
    auto io = kcs::open_port_io(*spec);
    if (!io) {
        std::string hint;
        if (io.error() == kcs::Errc::no_permission) {
            hint = "run as root or with CAP_SYS_RAWIO";
        }
        return std::unexpected(Failure{fmt::format("opening {}", name), io.error(), hint});
    }
    return std::make_unique<kcs::KcsTransport>(std::move(*io), options_for(choice), name);
}

} // namespace agent
