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

int run_serve(const TransportChoice& choice, const ServeArgs& args) {
    const auto colon = args.listen.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        fmt::print(stderr, "bmcwsman: --listen wants HOST:PORT\n");
        return exit_code::usage;
    }
    wsman::ServerOptions options;
    options.host = args.listen.substr(0, colon);
    try {
        options.port = std::stoi(args.listen.substr(colon + 1));
    } catch (const std::exception&) { // start-up only
        fmt::print(stderr, "bmcwsman: bad port in --listen {}\n", args.listen);
        return exit_code::usage;
    }
    if (!args.allow_basic_over_http) {
        fmt::print(stderr, "bmcwsman: only HTTP with Basic authentication is implemented so far; "
                           "pass --allow-basic-over-http (loopback addresses only)\n");
        return exit_code::usage;
    }
    if (!loopback(options.host)) {
        fmt::print(stderr, "bmcwsman: Basic over plain HTTP is refused on {}: passwords would cross "
                           "the network in clear\n", options.host);
        return exit_code::usage;
    }
    options.allow_basic_over_http = true;
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
    wsman::Dispatcher dispatcher(provider, enumerations, info);
    wsman::Server server(dispatcher, *users, options);
    auto port = server.bind();
    if (!port) {
        fmt::print(stderr, "bmcwsman: {}\n", port.error());
        return exit_code::failure;
    }
    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGINT, on_stop_signal);
    fmt::print(stderr, "bmcwsman: serving WS-Management on http://{}:{}/wsman ({} users, BMC via {})\n",
               options.host, *port, users->size(), opened->transport->name());
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
    server.run(stop_requested);
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
