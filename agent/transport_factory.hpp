// The one place that chooses and opens a transport from the command line.
#pragma once

#include "agent/failure.hpp"
#include "ipmi/transport.hpp"

#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace agent {

struct TransportChoice {
    bool sim = false;                    // the in-process simulated BMC behind the real KCS driver
    std::optional<std::string> kcs;      // "auto" (from SMBIOS) or a port spec such as "io:0xca2"
    std::optional<std::string> ssif;     // "auto" (SMBIOS + sysfs) or "/dev/i2c-N[,ADDR]"
    std::optional<std::string> bt;       // "auto" (from SMBIOS) or a port spec such as "io:0xe4"
    std::optional<std::string> openipmi; // "auto" (first /dev/ipmi* node) or a device path
    std::optional<std::string> lan;      // HOST[:PORT] of an RMCP+ BMC
    std::string user;                    // LAN user
    std::string password_file;           // LAN password; else BMCWSMAN_PASSWORD
    unsigned lan_workarounds = 0;        // libfreeipmi workaround flags
    std::string lan_privilege = "admin"; // user, operator or admin
    unsigned cipher_suite = 3;           // RMCP+ cipher suite ID
    std::filesystem::path smbios_dir;
    std::chrono::milliseconds timeout{5000}; // per-command deadline

    [[nodiscard]] unsigned named() const {
        return unsigned{sim} + unsigned{kcs.has_value()} + unsigned{ssif.has_value()} + unsigned{bt.has_value()} +
               unsigned{openipmi.has_value()} + unsigned{lan.has_value()};
    }
};

// With no transport named, the interface SMBIOS type 38 announces (KCS, SSIF or BT) is the
// default, through /dev/ipmi0 when the kernel's driver (ipmi_si, ipmi_ssif) owns it.
[[nodiscard]] std::expected<std::unique_ptr<ipmi::Transport>, Failure>
open_transport(const TransportChoice& choice);

} // namespace agent
