#include "agent/serve_command.hpp"

#include "agent/exit_codes.hpp"
#include "agent/initial_snapshot.hpp"
#include "cim_mapping/model_provider.hpp"
#include "wsman_front/server.hpp"

#include <atomic>
#include <cstdlib>
#include <csignal>
#include <fmt/format.h>
#include <iostream>
#include <thread>
#include <vector>

namespace agent {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) {
    stop_requested.store(true);
}

// One line on stderr per event, with the syslog level journald reads (sd-daemon(3) prefix)
// when stderr is the journal, else the level's name.
void log_line(wsman::LogLevel level, const std::string& message) {
    static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
    if (journal) {
        fmt::print(stderr, "<{}>{}\n", static_cast<int>(level), message);
        return;
    }
    const char* name = level == wsman::LogLevel::error     ? "error"
                       : level == wsman::LogLevel::warning ? "warning"
                       : level == wsman::LogLevel::notice  ? "notice"
                       : level == wsman::LogLevel::info    ? "info"
                                                           : "debug";
    fmt::print(stderr, "bmcwsman: {}: {}\n", name, message);
}

bool loopback(const std::string& host) {
    return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.starts_with("127.");
}

} // namespace

namespace {

std::expected<std::pair<std::string, int>, std::string> host_port(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        return std::unexpected("expected HOST:PORT, got " + text);
    }
    try {
        return std::pair{text.substr(0, colon), std::stoi(text.substr(colon + 1))};
    } catch (const std::exception&) { // start-up only
        return std::unexpected("bad port in " + text);
    }
}

} // namespace

int run_serve(const TransportChoice& choice, const ServeArgs& args) {
    const bool https = !args.tls_certificate.empty() || !args.tls_key.empty();
    if (https && (args.tls_certificate.empty() || args.tls_key.empty())) {
        fmt::print(stderr, "bmcwsman: HTTPS needs both --tls-cert and --tls-key\n");
        return exit_code::usage;
    }
    if (!https && !args.allow_basic_over_http) {
        fmt::print(stderr, "bmcwsman: give --tls-cert and --tls-key for HTTPS, or --allow-basic-over-http for "
                           "plain HTTP on loopback\n");
        return exit_code::usage;
    }
    if (!args.tls_client_ca.empty() && !https) {
        fmt::print(stderr, "bmcwsman: --tls-client-ca needs HTTPS (--tls-cert and --tls-key)\n");
        return exit_code::usage;
    }
    wsman::ServerOptions base;
    base.read_timeout_seconds = static_cast<int>(args.read_timeout_seconds);
    base.workers = args.workers;
    base.max_connections = args.max_connections;
    base.log = [](wsman::LogLevel level, const std::string& message) { log_line(level, message); };
    std::vector<wsman::ServerOptions> listeners;
    if (args.allow_basic_over_http) {
        auto hp = host_port(args.listen);
        if (!hp) {
            fmt::print(stderr, "bmcwsman: --listen: {}\n", hp.error());
            return exit_code::usage;
        }
        if (!loopback(hp->first)) {
            fmt::print(stderr, "bmcwsman: Basic over plain HTTP is refused on {}: passwords would cross "
                               "the network in clear\n", hp->first);
            return exit_code::usage;
        }
        wsman::ServerOptions o = base;
        o.host = hp->first;
        o.port = hp->second;
        o.allow_basic_over_http = true;
        listeners.push_back(o);
    }
    if (https) {
        auto hp = host_port(args.https_listen);
        if (!hp) {
            fmt::print(stderr, "bmcwsman: --https-listen: {}\n", hp.error());
            return exit_code::usage;
        }
        wsman::ServerOptions o = base;
        o.host = hp->first;
        o.port = hp->second;
        o.tls_certificate = args.tls_certificate;
        o.tls_key = args.tls_key;
        o.tls_client_ca = args.tls_client_ca;
        listeners.push_back(o);
    }
    if (args.users_file.empty()) {
        fmt::print(stderr, "bmcwsman: --users FILE is required (lines name:crypt-hash:role)\n");
        return exit_code::usage;
    }
    auto users = wsman::Users::load(args.users_file);
    if (!users) {
        fmt::print(stderr, "bmcwsman: {}\n", users.error());
        return exit_code::failure;
    }
    const std::size_t user_count = users->size();
    wsman::Authenticator auth(std::make_shared<const wsman::Users>(std::move(*users)), {});
    auto opened = open_bmc(choice, args.system_name, args.sdr_cache_dir);
    if (!opened) {
        fmt::print(stderr, "bmcwsman: {}\n", opened.error());
        return exit_code::failure;
    }
    cim::DirectBmc bmc(*opened->client, std::move(opened->snapshot));
    cim::ModelProvider provider(bmc, cim::ModelProvider::Options{args.raw_ipmi});
    wsman::EnumerationStore enumerations;
    wsman::ServiceInfo info;
    info.product_version = BMCWSMAN_VERSION;
    // DSP0226 C.3: the profiles the listeners offer.
    constexpr std::string_view profiles = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/";
    if (args.allow_basic_over_http) {
        info.security_profiles.push_back(std::string(profiles) + "http/basic");
        info.security_profiles.push_back(std::string(profiles) + "http/digest");
    }
    if (https) {
        info.security_profiles.push_back(std::string(profiles) + "https/basic");
        info.security_profiles.push_back(std::string(profiles) + "https/digest");
        if (!args.tls_client_ca.empty()) {
            info.security_profiles.push_back(std::string(profiles) + "https/mutual");
        }
    }
    wsman::Dispatcher dispatcher(provider, enumerations, info);
    std::vector<std::unique_ptr<wsman::Server>> servers;
    for (const auto& o : listeners) {
        servers.push_back(std::make_unique<wsman::Server>(dispatcher, auth, o));
        auto port = servers.back()->bind();
        if (!port) {
            fmt::print(stderr, "bmcwsman: {}\n", port.error());
            return exit_code::failure;
        }
        fmt::print(stderr, "bmcwsman: serving WS-Management on {}://{}:{}/wsman ({} users, BMC via {})\n",
                   o.tls_certificate.empty() ? "http" : "https", o.host, *port, user_count,
                   opened->transport->name());
    }
    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGINT, on_stop_signal);
    std::thread poller([&bmc, &args] {
        auto next = std::chrono::steady_clock::now();
        while (!stop_requested.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            if (std::chrono::steady_clock::now() >= next) {
                bmc.refresh(false);
                next = std::chrono::steady_clock::now() + std::chrono::seconds(std::max(1U, args.poll_seconds));
            }
        }
    });
    std::vector<std::thread> running;
    for (auto& server : servers) {
        running.emplace_back([&server] { server->run(stop_requested); });
    }
    for (auto& t : running) {
        t.join();
    }
    poller.join();
    fmt::print(stderr, "bmcwsman: stopped\n");
    return exit_code::ok;
}

int run_hash_password(const std::string& user, const std::string& role) {
    std::string password;
    std::getline(std::cin, password);
    if (password.empty()) {
        fmt::print(stderr, "bmcwsman: no password on standard input\n");
        return exit_code::usage;
    }
    if (user.empty()) {
        fmt::print("{}\n", wsman::hash_password(password));
        return exit_code::ok;
    }
    const cim::Role r = role == "admin" ? cim::Role::admin : role == "operator" ? cim::Role::operator_role
                                                                                 : cim::Role::reader;
    auto line = wsman::users_line(user, password, r);
    if (!line) {
        fmt::print(stderr, "bmcwsman: {}\n", line.error());
        return exit_code::usage;
    }
    fmt::print("{}\n", *line);
    return exit_code::ok;
}

} // namespace agent
