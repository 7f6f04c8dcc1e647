// The bmcwsman command line: detect, raw, chassis, sensors, sdr, sel, fru, cim, serve (partial), hash-password.
#include "agent/chassis_command.hpp"
#include "agent/cim_command.hpp"
#include "agent/detect_command.hpp"
#include "agent/fru_command.hpp"
#include "agent/exit_codes.hpp"
#include "agent/inventory_commands.hpp"
#include "agent/raw_command.hpp"
#include "agent/sel_command.hpp"
#include "agent/sensors_command.hpp"
#include "agent/serve_command.hpp"
#include "agent/transport_factory.hpp"
#include "smbios/table.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <fmt/format.h>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    CLI::App app{"bmcwsman: IPMI BMC management agent with a WS-Management front end"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("bmcwsman ") + BMCWSMAN_VERSION);

    // Transport and discovery options are global so they may stand before or
    // after the subcommand: `bmcwsman --sim raw ...` and `bmcwsman raw --sim ...`.
    agent::TransportChoice choice;
    std::string smbios_dir = smbios::default_tables_dir;
    std::string kcs_spec;
    unsigned timeout_ms = 5000;
    bool json = false;
    app.add_flag("--sim", choice.sim,
                 "Use the in-process simulated BMC (through the real KCS driver)");
    std::string openipmi_dev;
    std::string lan_host;
    auto* openipmi =
        app.add_flag("--openipmi{auto}", openipmi_dev,
                     "The kernel's IPMI device; --openipmi=/dev/ipmi0 (default: the first found)");
    auto* lan = app.add_option("--lan", lan_host, "IPMI over LAN (RMCP+) to HOST[:PORT]");
    app.add_option("--user", choice.user, "LAN user name");
    app.add_option(
        "--password-file", choice.password_file,
        "File whose first line is the LAN password (else the BMCWSMAN_PASSWORD variable)");
    app.add_option("--privilege", choice.lan_privilege,
                   "LAN session privilege: user, operator or admin")
        ->check(CLI::IsMember({"user", "operator", "admin"}));
    app.add_option("--cipher-suite", choice.cipher_suite, "RMCP+ cipher suite ID (default 3)")
        ->check(CLI::Range(0U, 17U));
    app.add_option(
        "--lan-workarounds", choice.lan_workarounds,
        "libfreeipmi workaround flags (16 = open-session privilege, needed by ipmi_sim)");
    auto* kcs = app.add_flag("--kcs{auto}", kcs_spec,
                             "KCS port I/O; --kcs=io:0xCA2[,SPACING] or mem:ADDR[,SPACING] "
                             "(default: the address SMBIOS type 38 gives)");
    app.add_option("--smbios-dir", smbios_dir,
                   "Directory with smbios_entry_point and DMI (default /sys/firmware/dmi/tables)");
    app.add_option("--timeout", timeout_ms, "Per-command deadline in milliseconds")
        ->check(CLI::Range(1U, 600000U));
    app.add_flag("--json", json, "Machine-readable output");

    auto* detect = app.add_subcommand("detect", "Show where the BMC is and how it was found");
    detect->fallthrough();

    agent::RawArgs raw_args;
    auto* raw = app.add_subcommand("raw", "Send one IPMI command: raw NETFN CMD [DATA...]");
    raw->fallthrough();
    raw->add_option("--lun", raw_args.lun, "LUN (0-3)");
    raw->add_option("bytes", raw_args.words, "NETFN CMD [DATA...] (0x.. hex or decimal)")
        ->required();

    auto* chassis = app.add_subcommand("chassis", "Chassis status and power control");
    chassis->fallthrough();
    chassis->require_subcommand(1);
    auto* chassis_status =
        chassis->add_subcommand("status", "Power state, faults, restore policy, identify");
    chassis_status->fallthrough();
    std::string power_action;
    auto* chassis_power =
        chassis->add_subcommand("power", "Chassis Control: on, off, cycle, reset, diag, soft");
    chassis_power->fallthrough();
    chassis_power->add_option("action", power_action, "on | off | cycle | reset | diag | soft")
        ->required();

    agent::SdrArgs sdr_args;
    auto* sdr = app.add_subcommand(
        "sdr", "The SDR repository's records (cached on disk with --sdr-cache-dir)");
    sdr->fallthrough();
    sdr->add_option("--sdr-cache-dir", sdr_args.cache_dir, "Directory for the SDR cache");

    std::string sensors_cache;
    auto* sensors =
        app.add_subcommand("sensors", "Every sensor with its reading, unit, thresholds and health");
    sensors->fallthrough();
    sensors->add_option("--sdr-cache-dir", sensors_cache, "Directory for the SDR cache");

    agent::SelArgs sel_args;
    auto* sel = app.add_subcommand("sel", "The system event log, decoded with event texts");
    sel->fallthrough();
    sel->add_flag("--clear", sel_args.clear,
                  "Clear the SEL (Reserve SEL, Clear SEL, wait for completion)");
    sel->add_option("--sdr-cache-dir", sel_args.sdr_cache_dir, "Directory for the SDR cache");

    agent::FruArgs fru_args;
    auto* fru = app.add_subcommand("fru", "FRU inventory decoded (device 0 and the SDR's FRU locators)");
    fru->fallthrough();
    fru->add_option("--id", fru_args.id, "One FRU device ID")->check(CLI::Range(0U, 255U));
    fru->add_option("--sdr-cache-dir", fru_args.sdr_cache_dir, "Directory for the SDR cache");

    agent::CimArgs cim_args;
    auto* cim = app.add_subcommand(
        "cim", "CIM instances of a class: enumerate; KEY=VALUE selects one; --invoke, --put");
    cim->fallthrough();
    cim->add_option("class", cim_args.class_name, "CIM class (e.g. CIM_NumericSensor)")->required();
    cim->add_option("keys", cim_args.keys, "KEY=VALUE key selectors");
    cim->add_option("--invoke", cim_args.method, "Invoke METHOD on the selected instance");
    cim->add_option("--arg", cim_args.arguments, "NAME=VALUE method argument (repeatable)")
        ->allow_extra_args(false);
    cim->add_option("--put", cim_args.changes, "NAME=VALUE property to change (repeatable)")
        ->allow_extra_args(false);
    cim->add_option("--system-name", cim_args.system_name,
                    "SystemName key (default: SMBIOS system UUID, else the BMC's system GUID)");
    cim->add_option("--sdr-cache-dir", cim_args.sdr_cache_dir, "Directory for the SDR cache");

    agent::ServeArgs serve_args;
    auto* serve = app.add_subcommand(
        "serve", "Serve WS-Management over HTTPS (TLS 1.2+) and/or loopback HTTP, Basic authentication");
    serve->fallthrough();
    serve->add_option("--listen", serve_args.listen,
                      "HTTP HOST:PORT, with --allow-basic-over-http (default 127.0.0.1:5985; port 0: any)");
    serve->add_option("--https-listen", serve_args.https_listen, "HTTPS HOST:PORT (default 127.0.0.1:5986)");
    serve->add_option("--tls-cert", serve_args.tls_certificate, "PEM certificate chain for HTTPS");
    serve->add_option("--tls-key", serve_args.tls_key, "PEM private key for HTTPS");
    serve->add_option("--users", serve_args.users_file, "Users file: name:crypt-hash:role per line");
    serve->add_flag("--allow-basic-over-http", serve_args.allow_basic_over_http,
                    "Accept Basic authentication over plain HTTP (loopback only)");
    serve->add_flag("--raw-ipmi", serve_args.raw_ipmi, "Serve Microsoft_IPMI.RequestResponse to admins");
    serve->add_option("--poll-interval", serve_args.poll_seconds, "Seconds between BMC polls (default 10)")
        ->check(CLI::Range(1U, 3600U));
    serve->add_option("--system-name", serve_args.system_name, "SystemName key");
    serve->add_option("--sdr-cache-dir", serve_args.sdr_cache_dir, "Directory for the SDR cache");
    auto* hash_password = app.add_subcommand(
        "hash-password", "Print a crypt(3) SHA-512 hash of the password read from standard input");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? agent::exit_code::ok : agent::exit_code::usage;
    }
    if (kcs->count() > 0) {
        choice.kcs = kcs_spec;
    }
    if (openipmi->count() > 0) {
        choice.openipmi = openipmi_dev;
    }
    if (lan->count() > 0) {
        choice.lan = lan_host;
    }
    if (choice.named() > 1) {
        fmt::print(stderr, "bmcwsman: choose one transport: --sim, --kcs, --openipmi or --lan\n");
        return agent::exit_code::usage;
    }
    choice.smbios_dir = smbios_dir;
    choice.timeout = std::chrono::milliseconds(timeout_ms);

    if (detect->parsed()) {
        return agent::run_detect(smbios_dir, json);
    }
    if (hash_password->parsed()) {
        return agent::run_hash_password();
    }
    if (serve->parsed()) {
        return agent::run_serve(choice, serve_args);
    }
    if (cim->parsed()) {
        cim_args.json = json;
        return agent::run_cim(choice, cim_args);
    }
    if (sensors->parsed()) {
        return agent::run_sensors(choice, sensors_cache, json);
    }
    if (sdr->parsed()) {
        sdr_args.json = json;
        return agent::run_sdr(choice, sdr_args);
    }
    if (sel->parsed()) {
        sel_args.json = json;
        return agent::run_sel(choice, sel_args);
    }
    if (fru->parsed()) {
        fru_args.json = json;
        return agent::run_fru(choice, fru_args);
    }
    if (chassis_status->parsed()) {
        return agent::run_chassis_status(choice, json);
    }
    if (chassis_power->parsed()) {
        return agent::run_chassis_power(choice, power_action, json);
    }
    raw_args.json = json;
    return agent::run_raw(choice, raw_args);
}
