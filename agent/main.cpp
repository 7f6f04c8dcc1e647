// The bmcwsman command line: detect, raw, chassis, sensors, sdr, sel, fru, cim; serve and
// hash-password run the bmcwsman-serve binary.
#include "agent/chassis_command.hpp"
#include "agent/cim_command.hpp"
#include "agent/detect_command.hpp"
#include "agent/fru_command.hpp"
#include "agent/exit_codes.hpp"
#include "agent/inventory_commands.hpp"
#include "agent/raw_command.hpp"
#include "agent/sel_command.hpp"
#include "agent/sensors_command.hpp"
#include "agent/serve_exec.hpp"
#include "agent/status_command.hpp"
#include "agent/status_socket.hpp"
#include "agent/global_options.hpp"
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

    agent::GlobalOptions global;
    agent::add_global_options(app, global);
    const auto& choice = global.choice;
    const auto& smbios_dir = global.smbios_dir;
    const auto& json = global.json;

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
    auto* sel_clear_flag = sel->add_flag("--clear", sel_args.clear,
                                         "Clear the SEL (Reserve SEL, Clear SEL, wait for completion)");
    sel->add_option("--sdr-cache-dir", sel_args.sdr_cache_dir, "Directory for the SDR cache");
    auto* sel_archive_flag = sel->add_flag("--archive", sel_args.archive,
                                           "The agent's SEL archive (read-only) instead of the BMC's SEL")
                                ->excludes(sel_clear_flag);
    sel->add_option("--state-dir", sel_args.state_dir,
                    "The agent's state directory holding sel-archive/ (default /var/lib/bmcwsman)")
        ->needs(sel_archive_flag);

    agent::FruArgs fru_args;
    auto* fru = app.add_subcommand("fru", "FRU inventory decoded (device 0 and the SDR's FRU locators)");
    fru->fallthrough();
    fru->add_option("--id", fru_args.id, "One FRU device ID")->check(CLI::Range(0U, 255U));
    fru->add_option("--sdr-cache-dir", fru_args.sdr_cache_dir, "Directory for the SDR cache");
    fru->add_option("--file", fru_args.file, "Decode a FRU image file (no BMC; like ipmi-fru --fru-file)");

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

    // The WS-Management server lives in its own binary (bmcwsman-serve, next to this one) so
    // the command-line tools do not load the HTTP layer and OpenSSL: `serve` and `hash-password` run it.
    auto* serve = app.add_subcommand("serve", "Serve WS-Management (runs bmcwsman-serve; see its --help)");
    serve->prefix_command();
    serve->set_help_flag(); // --help goes to bmcwsman-serve, which knows the options
    auto* hash_password = app.add_subcommand(
        "hash-password", "Print a crypt(3) SHA-512 hash of the password read from standard input");
    hash_password->prefix_command();
    hash_password->set_help_flag();
    std::string status_socket(agent::default_status_socket);
    auto* status = app.add_subcommand("status", "Ask a running agent how it and its BMC are (its status socket)");
    status->add_option("--socket", status_socket, "The agent's status socket (default /run/bmcwsman/status.sock)");
    status->fallthrough();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? agent::exit_code::ok : agent::exit_code::usage;
    }
    if (serve->parsed() || hash_password->parsed()) {
        return agent::exec_serve_binary(argv);
    }
    if (auto rc = agent::finish_global_options(global)) {
        return *rc;
    }

    if (detect->parsed()) {
        return agent::run_detect(smbios_dir, json);
    }
    if (status->parsed()) {
        return agent::run_status(status_socket, json);
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
