#include "agent/serve_command.hpp"

#include "agent/exit_codes.hpp"
#include "agent/initial_snapshot.hpp"
#include "cim_mapping/model_provider.hpp"
#include "wsman_front/server.hpp"

#include <atomic>
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
        wsman::ServerOptions o;
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
        wsman::ServerOptions o;
        o.host = hp->first;
        o.port = hp->second;
        o.tls_certificate = args.tls_certificate;
        o.tls_key = args.tls_key;
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
    info.security_profiles = {"http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/http/basic"};
    if (https) {
        info.security_profiles.emplace_back("http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/basic");
    }
    wsman::Dispatcher dispatcher(provider, enumerations, info);
    std::vector<std::unique_ptr<wsman::Server>> servers;
    for (const auto& o : listeners) {
        servers.push_back(std::make_unique<wsman::Server>(dispatcher, *users, o));
        auto port = servers.back()->bind();
        if (!port) {
            fmt::print(stderr, "bmcwsman: {}\n", port.error());
            return exit_code::failure;
        }
        fmt::print(stderr, "bmcwsman: serving WS-Management on {}://{}:{}/wsman ({} users, BMC via {})\n",
                   o.tls_certificate.empty() ? "http" : "https", o.host, *port, users->size(),
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

int run_hash_password() {
    std::string password;
    std::getline(std::cin, password);
    if (password.empty()) {
        fmt::print(stderr, "bmcwsman: no password on standard input\n");
        return exit_code::usage;
    }
    fmt::print("{}\n", wsman::hash_password(password));
    return exit_code::ok;
}

} // namespace agent
