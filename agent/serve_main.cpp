// bmcwsman-serve: the WS-Management server (`bmcwsman serve` runs it) and hash-password.
// The same global options as bmcwsman, so the same command line works with either binary.
#include "agent/global_options.hpp"
#include "agent/serve_command.hpp"
#include "agent/serve_config.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
    CLI::App app{"bmcwsman-serve: the bmcwsman WS-Management server"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("bmcwsman ") + BMCWSMAN_VERSION);
    agent::GlobalOptions global;
    agent::add_global_options(app, global);

    agent::ServeArgs serve_args;
    auto* serve = app.add_subcommand(
        "serve", "Serve WS-Management over HTTPS (TLS 1.2+) and/or loopback HTTP, Basic authentication");
    serve->fallthrough();
    serve->add_option("--config", serve_args.config_file,
                      "TOML configuration file (default /etc/bmcwsman/bmcwsman.toml when it exists; flags override it)");
    serve->add_option("--listen", serve_args.listen,
                      "Plain HTTP HOST:PORT, loopback only (with --allow-basic-over-http default 127.0.0.1:5985; port 0: any)");
    serve->add_option("--https-listen", serve_args.https_listen, "HTTPS HOST:PORT (default 127.0.0.1:5986)");
    serve->add_option("--tls-cert", serve_args.tls_certificate, "PEM certificate chain for HTTPS");
    serve->add_option("--tls-key", serve_args.tls_key, "PEM private key for HTTPS");
    serve->add_option("--tls-client-ca", serve_args.tls_client_ca,
                      "PEM CA file: client certificates it signs are verified and mapped to users by subject");
    serve->add_option("--read-timeout", serve_args.read_timeout_seconds,
                      "Seconds a whole request may take to arrive (default 10)")
        ->check(CLI::Range(1U, 300U));
    serve->add_option("--workers", serve_args.workers, "Request worker threads per listener (default 0: one per CPU, 2 to 4)")
        ->check(CLI::Range(0U, 256U));
    serve->add_option("--max-connections", serve_args.max_connections,
                      "Open connections per listener before new ones get 503 (default 512)")
        ->check(CLI::Range(1U, 65536U));
    serve->add_option("--max-connections-per-source", serve_args.max_connections_per_source,
                      "Open connections from one address before its new ones get 503 (default 256)")
        ->check(CLI::Range(1U, 65536U));
    serve->add_option("--header-timeout", serve_args.header_timeout_seconds,
                      "Seconds a request's headers may take to arrive (default 10)")
        ->check(CLI::Range(1U, 300U));
    serve->add_option("--idle-timeout", serve_args.idle_timeout_seconds,
                      "Seconds a keep-alive connection may wait for its next request (default 60)")
        ->check(CLI::Range(1U, 3600U));
    serve->add_option("--tls-min-version", serve_args.tls_min_version, "Lowest TLS version: 1.2 (default) or 1.3");
    serve->add_option("--users", serve_args.users_file, "Users file: name:crypt-hash:role per line");
    serve->add_flag("--allow-basic-over-http", serve_args.allow_basic_over_http,
                    "Accept Basic authentication over plain HTTP (loopback only)");
    serve->add_flag("--raw-ipmi", serve_args.raw_ipmi, "Serve Microsoft_IPMI.RequestResponse to admins");
    serve->add_flag("--metrics-anonymous-loopback", serve_args.metrics_anonymous_loopback,
                    "Answer GET /metrics without credentials on the loopback HTTP listener");
    serve->add_option("--metrics-max-targets", serve_args.metrics_max_targets,
                      "BMCs (models, RMCP+ sessions) multi-target mode holds at most (default 64)")
        ->check(CLI::Range(1U, 4096U));
    serve->add_option("--metrics-target-idle", serve_args.metrics_target_idle_seconds,
                      "Seconds without a scrape after which a target's model is dropped (default 600)")
        ->check(CLI::Range(1U, 86400U));
    serve->add_option("--metrics-scrape-timeout", serve_args.metrics_scrape_timeout_seconds,
                      "Seconds a first scrape of a target may wait when the scraper does not say (default 10)")
        ->check(CLI::Range(1U, 300U));
    serve->add_option("--poll-interval", serve_args.poll_seconds, "Seconds between BMC polls (default 10)")
        ->check(CLI::Range(1U, 3600U));
    serve->add_option("--sel-poll-interval", serve_args.sel_poll_ms,
                      "Milliseconds between reads of the SEL alone, between full polls (default 1000; 0: none)");
    serve->add_option("--system-name", serve_args.system_name, "SystemName key");
    serve->add_option("--max-reading-age", serve_args.max_reading_age_seconds,
                      "Seconds after which a request makes the readings be read again (default 30)")
        ->check(CLI::Range(1U, 86400U));
    serve->add_option("--run-as", serve_args.run_as,
                      "Become this user after opening listeners and the BMC (keeps only CAP_SYS_RAWIO for port I/O)");
    serve->add_option("--log-level", serve_args.log_level, "error, warning, notice, info (default) or debug")
        ->check(CLI::IsMember({"error", "warning", "notice", "info", "debug"}));
    serve->add_option("--status-socket", serve_args.status_socket,
                      "Unix socket `bmcwsman status` asks (default none; the shipped config: /run/bmcwsman/status.sock)");
    serve->add_option("--sdr-cache-dir", serve_args.sdr_cache_dir, "Directory for the SDR cache");
    serve->add_option("--state-dir", serve_args.state_dir,
                      "Directory of the agent's state: the SEL archive (default none; the shipped config: "
                      "/var/lib/bmcwsman)");
    serve->add_option("--sel-archive-max-mib", serve_args.sel_archive_max_mib,
                      "Bound of the SEL archive in MiB; the oldest records go past it (default 64)")
        ->check(CLI::Range(1U, 1048576U));
    serve->add_option("--sel-archive-hard-max-mib", serve_args.sel_archive_hard_max_mib,
                      "How far an event subscriber's bookmark may hold the SEL archive over its bound, in MiB "
                      "(default 0: twice --sel-archive-max-mib)")
        ->check(CLI::Range(0U, 1048576U));
    serve->add_option("--sel-archive-sync", serve_args.sel_archive_sync,
                      "every_append (fdatasync after each append, default) or none")
        ->check(CLI::IsMember({"every_append", "none"}));
    serve->add_option("--max-subscriptions", serve_args.max_subscriptions,
                      "Event subscriptions kept at most (default 1000)");
    serve->add_option("--max-subscriptions-per-user", serve_args.max_subscriptions_per_user,
                      "Event subscriptions one user may hold (default 100)");
    serve->add_option("--notify-allow", serve_args.notify_allow,
                      "Event sink host or host:port allowed as NotifyTo/EndTo (repeatable; default: any)");
    serve->add_option("--sink-ca-file", serve_args.sink_ca_file, "PEM trust anchors for https event sinks");
    serve->add_option("--sink-client-cert", serve_args.sink_client_cert,
                      "PEM client certificate for event sinks of the https/mutual profiles");
    serve->add_option("--sink-client-key", serve_args.sink_client_key,
                      "PEM key of --sink-client-cert (default: in the certificate file)");
    auto* hash_password = app.add_subcommand(
        "hash-password", "Print a crypt(3) SHA-512 hash of the password read from standard input; with --user, "
                         "a whole users-file line (hash, role, Digest HA1 values)");
    std::string hash_user;
    std::string hash_role = "reader";
    hash_password->add_option("--user", hash_user, "User name: print name:hash:role:md5ha1=..:sha256ha1=..");
    hash_password->add_option("--role", hash_role, "reader, operator or admin (default reader)")
        ->check(CLI::IsMember({"reader", "operator", "admin"}));

    // The configuration file first (defaults < file < flags): find --config before parsing.
    std::string config;
    bool sim_flag = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--config" && i + 1 < argc) {
            config = argv[i + 1];
        } else if (a.starts_with("--config=")) {
            config = std::string(a.substr(9));
        } else if (a == "--sim") {
            sim_flag = true;
        }
    }
    std::error_code exists_error;
    if (config.empty() && !sim_flag && std::filesystem::exists(agent::default_config_file, exists_error)) {
        config = std::string(agent::default_config_file);
    }
    std::optional<agent::ConfiguredTransport> configured;
    if (!config.empty()) {
        auto c = agent::read_config(config, serve_args, global.choice);
        if (!c) {
            fmt::print(stderr, "bmcwsman: {}\n", c.error());
            return agent::exit_code::usage;
        }
        configured = std::move(*c);
        global.timeout_ms = static_cast<unsigned>(configured->choice.timeout.count());
        global.smbios_dir = configured->choice.smbios_dir.string();
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? agent::exit_code::ok : agent::exit_code::usage;
    }
    if (hash_password->parsed()) {
        return agent::run_hash_password(hash_user, hash_role);
    }
    // The file's transport (and LAN settings) unless the command line names one.
    const bool cli_transport = global.choice.sim || global.kcs->count() > 0 || global.ssif->count() > 0 ||
                               global.bt->count() > 0 || global.openipmi->count() > 0 ||
                               global.lan->count() > 0;
    if (configured && configured->named && !cli_transport) {
        const auto keep_user = global.choice.user;
        const auto keep_password = global.choice.password_file;
        const std::string smbios_dir = global.smbios_dir;
        global.choice = configured->choice;
        if (!keep_user.empty()) {
            global.choice.user = keep_user;
        }
        if (!keep_password.empty()) {
            global.choice.password_file = keep_password;
        }
        global.smbios_dir = smbios_dir;
    }
    if (auto rc = agent::finish_global_options(global)) {
        return *rc;
    }
    return agent::run_serve(global.choice, serve_args);
}
