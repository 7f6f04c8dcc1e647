// The options every bmcwsman command shares (transport, discovery, output), for the CLI and
// for the serve binary, which parse the same command line.
#pragma once

#include "agent/exit_codes.hpp"
#include "agent/lan_workarounds.hpp"
#include "agent/transport_factory.hpp"
#include "smbios/table.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <fmt/format.h>
#include <string>

namespace agent {

struct GlobalOptions {
    TransportChoice choice;
    std::string smbios_dir = smbios::default_tables_dir;
    std::string kcs_spec;
    std::string ssif_spec;
    std::string bt_spec;
    std::string openipmi_dev;
    std::string lan_host;
    std::string lan_workarounds; // as given: FreeIPMI's names and/or numbers
    unsigned timeout_ms = 5000;
    bool json = false;
    CLI::Option* kcs = nullptr;
    CLI::Option* ssif = nullptr;
    CLI::Option* bt = nullptr;
    CLI::Option* openipmi = nullptr;
    CLI::Option* lan = nullptr;
};

// Transport and discovery options are global so they may stand before or after the
// subcommand: `bmcwsman --sim raw ...` and `bmcwsman raw --sim ...`.
inline void add_global_options(CLI::App& app, GlobalOptions& g) {
    auto& choice = g.choice;
    app.add_flag("--sim", choice.sim, "Use the in-process simulated BMC (through the real KCS driver)");
    g.openipmi = app.add_flag("--openipmi{auto}", g.openipmi_dev,
                              "The kernel's IPMI device; --openipmi=/dev/ipmi0 (default: the first found)");
    g.lan = app.add_option("--lan", g.lan_host, "IPMI over LAN (RMCP+) to HOST[:PORT]");
    app.add_option("--user", choice.user, "LAN user name");
    app.add_option("--password-file", choice.password_file,
                   "File whose first line is the LAN password (else the BMCWSMAN_PASSWORD variable)");
    app.add_option("--privilege", choice.lan_privilege, "LAN session privilege: user, operator or admin")
        ->check(CLI::IsMember({"user", "operator", "admin"}));
    app.add_option("--cipher-suite", choice.cipher_suite, "RMCP+ cipher suite ID (default 3)")
        ->check(CLI::Range(0U, 17U));
    app.add_option("--lan-workarounds", g.lan_workarounds,
                   "LAN workarounds as FreeIPMI's -W names them, comma-separated (opensesspriv, needed "
                   "by ipmi_sim; authcap, intel20, supermicro20, sun20, integritycheckvalue, "
                   "nochecksumcheck), or libfreeipmi flag numbers (16 = opensesspriv)");
    g.kcs = app.add_flag("--kcs{auto}", g.kcs_spec,
                         "KCS port I/O; --kcs=io:0xCA2[,SPACING] or mem:ADDR[,SPACING] "
                         "(default: the address SMBIOS type 38 gives)");
    g.ssif = app.add_flag("--ssif{auto}", g.ssif_spec,
                          "SSIF over i2c-dev; --ssif=/dev/i2c-N[,ADDR] with ADDR the 7-bit SMBus "
                          "address (default: the adapter and address SMBIOS type 38 and sysfs give)");
    g.bt = app.add_flag("--bt{auto}", g.bt_spec,
                        "BT port I/O; --bt=io:0xE4[,SPACING] (default: the address SMBIOS type 38 gives)");
    app.add_option("--smbios-dir", g.smbios_dir,
                   "Directory with smbios_entry_point and DMI (default /sys/firmware/dmi/tables)");
    app.add_option("--timeout", g.timeout_ms, "Per-command deadline in milliseconds")->check(CLI::Range(1U, 600000U));
    app.add_flag("--json", g.json, "Machine-readable output");
}

// After parsing: the transport choice completed; a usage exit code when it is ambiguous.
[[nodiscard]] inline std::optional<int> finish_global_options(GlobalOptions& g) {
    if (g.kcs->count() > 0) {
        g.choice.kcs = g.kcs_spec;
    }
    if (g.ssif->count() > 0) {
        g.choice.ssif = g.ssif_spec;
    }
    if (g.bt->count() > 0) {
        g.choice.bt = g.bt_spec;
    }
    if (g.openipmi->count() > 0) {
        g.choice.openipmi = g.openipmi_dev;
    }
    if (g.lan->count() > 0) {
        g.choice.lan = g.lan_host;
    }
    if (g.choice.named() > 1) {
        fmt::print(stderr, "bmcwsman: choose one transport: --sim, --kcs, --ssif, --bt, --openipmi or --lan\n");
        return exit_code::usage;
    }
    if (!g.lan_workarounds.empty()) {
        auto flags = parse_lan_workarounds(g.lan_workarounds);
        if (!flags) {
            fmt::print(stderr, "bmcwsman: --lan-workarounds: {}\n", flags.error());
            return exit_code::usage;
        }
        g.choice.lan_workarounds = *flags;
    }
    g.choice.smbios_dir = g.smbios_dir;
    g.choice.timeout = std::chrono::milliseconds(g.timeout_ms);
    return std::nullopt;
}

} // namespace agent
