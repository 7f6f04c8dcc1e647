// `bmcwsman serve`: the daemon. Order matters: listeners, the BMC and the status socket are
// opened while privileged; then the process becomes the configured user; only then do the
// threads start (poller, workers, status, signals), so every thread runs unprivileged.
#include "agent/serve_command.hpp"

#include "agent/exit_codes.hpp"
#include "agent/initial_snapshot.hpp"
#include "agent/polled_bmc.hpp"
#include "agent/privileges.hpp"
#include "agent/serve_eventing.hpp"
#include "agent/serve_log.hpp"
#include "agent/status_socket.hpp"
#include "cim_mapping/model_provider.hpp"
#include "http_server/hashing.hpp"
#include "http_server/request_counts.hpp"
#include "http_server/server.hpp"
#include "metrics_front/metrics_route.hpp"
#include "metrics_front/targets_route.hpp"
#include "redfish_front/redfish_route.hpp"
#include "sel_archive/archive.hpp"
#include "wsman_front/wsman_route.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <malloc.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <pthread.h>
#include <sched.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace agent {
namespace {

bool loopback(const std::string& host) {
    return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.starts_with("127.");
}

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

// The SEL archive in the state directory (docs/SEL_ARCHIVE.md). What it found damaged is
// logged; an archive that cannot be opened at all is logged too, and the agent serves without.
std::unique_ptr<sel_archive::Archive> open_archive(const ServeArgs& args, const http::LogSink& log) {
    if (args.state_dir.empty()) {
        log(http::LogLevel::notice, "no state directory (--state-dir): the SEL is not archived");
        return nullptr;
    }
    const auto dir = std::filesystem::path(args.state_dir) / sel_archive::directory_name;
    sel_archive::Options options;
    options.max_bytes = std::uint64_t{args.sel_archive_max_mib} << 20U;
    if (args.sel_archive_hard_max_mib != 0) {
        options.hard_max_bytes = std::max(options.max_bytes, std::uint64_t{args.sel_archive_hard_max_mib} << 20U);
        if (args.sel_archive_hard_max_mib < args.sel_archive_max_mib) {
            log(http::LogLevel::warning,
                fmt::format("sel_archive.hard_max_mib {} is below max_mib {}: the archive's hard bound is {} MiB",
                            args.sel_archive_hard_max_mib, args.sel_archive_max_mib, args.sel_archive_max_mib));
        }
    }
    options.sync = args.sel_archive_sync == "none" ? sel_archive::Options::Sync::none
                                                   : sel_archive::Options::Sync::every_append;
    sel_archive::OpenReport report;
    auto archive = sel_archive::Archive::open(dir, options, &report);
    if (!archive) {
        log(http::LogLevel::error, fmt::format("SEL archive {} not opened ({}): serving without it", dir.string(),
                                               archive.error().message()));
        return nullptr;
    }
    for (const auto& w : report.warnings) {
        log(http::LogLevel::warning, fmt::format("SEL archive {}: {}", dir.string(), w));
    }
    log(http::LogLevel::info, fmt::format("SEL archive {}: {} records (id {}), {} damaged bytes left out",
                                          dir.string(), report.records, (*archive)->id(), report.truncated_bytes));
    return std::move(*archive);
}

// The state directory and the archive's files to the user the daemon drops to.
std::expected<void, std::string> give_state_to(const std::string& state_dir, unsigned uid, unsigned gid) {
    if (state_dir.empty()) {
        return {};
    }
    if (auto given = give_to(state_dir, uid, gid); !given) {
        return given;
    }
    const auto dir = std::filesystem::path(state_dir) / sel_archive::directory_name;
    if (auto given = give_to(dir.string(), uid, gid); !given) {
        return given;
    }
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (auto given = give_to(it->path().string(), uid, gid); !given) {
            return given;
        }
    }
    return {};
}

// A random password for the --sim demo user (printed once; never written anywhere).
std::string demo_password() {
    static constexpr char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::array<std::uint8_t, 16> bytes{};
    if (!http::hashing::random_bytes(bytes)) {
        return {};
    }
    std::string out;
    for (std::uint8_t b : bytes) {
        out += alphabet[b % (sizeof alphabet - 1)];
    }
    return out;
}

struct Listener {
    http::ServerOptions options;
    std::unique_ptr<http::Server> server;
    int port = 0;
};

} // namespace

unsigned default_workers() {
    unsigned cpus = 0;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        cpus = static_cast<unsigned>(CPU_COUNT(&set));
    } else {
        cpus = std::thread::hardware_concurrency();
    }
    return std::clamp(cpus, 2U, 4U);
}

int run_serve(const TransportChoice& choice, const ServeArgs& given) {
    // Few malloc arenas: one per worker thread would each keep its freed memory (resident
    // memory is part of the agent's budget, BENCHMARKS.md "Soak").
    (void)mallopt(M_ARENA_MAX, 2);
    ServeArgs args = given;
    ServeLog log;
    if (!log.set_level(args.log_level)) {
        fmt::print(stderr, "bmcwsman: --log-level must be error, warning, notice, info or debug\n");
        return exit_code::usage;
    }
    // The first look: `serve --sim` without users gets a demo user on loopback HTTP.
    std::shared_ptr<const http::Users> users;
    std::string demo_user;
    std::string demo_pass;
    if (args.users_file.empty() && choice.sim) {
        demo_user = "demo";
        demo_pass = demo_password();
        if (args.listen.empty()) {
            args.listen = std::string(default_http_listen);
        }
        args.allow_basic_over_http = true;
        http::User u{demo_user, http::hash_password(demo_pass), cim::Role::operator_role, {}, {}, {}};
        u.md5_ha1 = http::digest_ha1(http::DigestAlgorithm::md5, demo_user, http::users_realm, demo_pass);
        u.sha256_ha1 = http::digest_ha1(http::DigestAlgorithm::sha256, demo_user, http::users_realm, demo_pass);
        users = std::make_shared<const http::Users>(std::vector<http::User>{u});
    } else if (args.users_file.empty()) {
        fmt::print(stderr, "bmcwsman: --users FILE is required (lines name:crypt-hash:role; bmcwsman "
                           "hash-password --user NAME prints one)\n");
        return exit_code::usage;
    } else {
        auto loaded = http::Users::load(args.users_file);
        if (!loaded) {
            fmt::print(stderr, "bmcwsman: {}\n", loaded.error());
            return exit_code::failure;
        }
        users = std::make_shared<const http::Users>(std::move(*loaded));
    }
    const bool https = !args.tls_certificate.empty() || !args.tls_key.empty();
    if (https && (args.tls_certificate.empty() || args.tls_key.empty())) {
        fmt::print(stderr, "bmcwsman: HTTPS needs both --tls-cert and --tls-key\n");
        return exit_code::usage;
    }
    http::prepare_openssl(https);
    if (!args.tls_client_ca.empty() && !https) {
        fmt::print(stderr, "bmcwsman: --tls-client-ca needs HTTPS (--tls-cert and --tls-key)\n");
        return exit_code::usage;
    }
    if (args.allow_basic_over_http && args.listen.empty()) {
        args.listen = std::string(default_http_listen);
    }
    if (!https && args.listen.empty()) {
        fmt::print(stderr, "bmcwsman: give --tls-cert and --tls-key for HTTPS, or --listen (loopback) for plain "
                           "HTTP\n");
        return exit_code::usage;
    }
    http::ServerOptions base;
    base.workers = args.workers != 0 ? args.workers : default_workers();
    base.limits.max_connections = args.max_connections;
    base.limits.max_connections_per_source = args.max_connections_per_source;
    base.limits.max_header_bytes = args.max_header_bytes;
    base.limits.max_body_bytes = args.max_body_bytes;
    base.limits.header_timeout_seconds = static_cast<int>(args.header_timeout_seconds);
    base.limits.request_timeout_seconds = static_cast<int>(args.read_timeout_seconds);
    base.limits.send_timeout_seconds = static_cast<int>(args.send_timeout_seconds);
    base.limits.idle_timeout_seconds = static_cast<int>(args.idle_timeout_seconds);
    base.limits.max_requests_per_connection = args.max_requests_per_connection;
    if (!args.tls_ciphers.empty()) {
        base.tls_policy.ciphers = args.tls_ciphers;
    }
    if (!args.tls_ciphersuites.empty()) {
        base.tls_policy.ciphersuites = args.tls_ciphersuites;
    }
    base.tls_policy.min_version = args.tls_min_version;
    if (https) {
        if (auto policy = http::check_tls_policy(base.tls_policy); !policy) {
            fmt::print(stderr, "bmcwsman: TLS: {}\n", policy.error());
            return exit_code::usage;
        }
    }
    base.log = log.sink();
    std::vector<Listener> listeners;
    if (!args.listen.empty()) {
        auto hp = host_port(args.listen);
        if (!hp) {
            fmt::print(stderr, "bmcwsman: --listen: {}\n", hp.error());
            return exit_code::usage;
        }
        if (!loopback(hp->first)) {
            fmt::print(stderr, "bmcwsman: plain HTTP is refused on {}: requests and answers would cross the "
                               "network in clear (use HTTPS)\n", hp->first);
            return exit_code::usage;
        }
        Listener l;
        l.options = base;
        l.options.host = hp->first;
        l.options.port = hp->second;
        l.options.allow_basic_over_http = args.allow_basic_over_http;
        listeners.push_back(std::move(l));
    }
    if (https) {
        auto hp = host_port(args.https_listen);
        if (!hp) {
            fmt::print(stderr, "bmcwsman: --https-listen: {}\n", hp.error());
            return exit_code::usage;
        }
        Listener l;
        l.options = base;
        l.options.host = hp->first;
        l.options.port = hp->second;
        l.options.tls.certificate = args.tls_certificate;
        l.options.tls.key = args.tls_key;
        l.options.tls.client_ca = args.tls_client_ca;
        listeners.push_back(std::move(l));
    }

    // Signals go to one thread (sigwait) from here on: every thread started later inherits
    // the mask, so no handler runs inside a worker.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGHUP);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    http::Authenticator auth(users, {});
    // What the BMC says never stops the daemon: a BMC absent or unreadable at start-up gives
    // a serving agent whose instances say No Contact while the poller retries with backoff.
    // Only a transport that cannot be opened at all (configuration, permissions) fails here.
    auto opened = open_bmc(choice, args.system_name, args.sdr_cache_dir, true);
    if (!opened) {
        fmt::print(stderr, "bmcwsman: {}\n", opened.error());
        return exit_code::failure;
    }
    for (const auto& w : opened->warnings) {
        log.sink()(http::LogLevel::warning, w);
    }
    const std::string transport_name(opened->transport->name());
    // Opened before the first read of the BMC: what that read finds is archived first.
    const std::unique_ptr<sel_archive::Archive> archive = open_archive(args, log.sink());
    PolledBmc::Options poll_options{std::chrono::seconds(std::max(1U, args.poll_seconds)),
                                    std::chrono::seconds(std::max(1U, args.max_reading_age_seconds)), log.sink(),
                                    {}};
    poll_options.archive = archive.get();
    poll_options.sel_poll_interval = std::chrono::milliseconds(args.sel_poll_ms);
    poll_options.archive_max_bytes = std::uint64_t{args.sel_archive_max_mib} << 20U;
    std::optional<PolledBmc> polled;
    if (opened->unread_error.empty()) {
        polled.emplace(*opened->client, std::move(opened->snapshot), std::move(poll_options));
    } else {
        log.sink()(http::LogLevel::warning,
                   fmt::format("the BMC could not be read at start-up ({}): serving No Contact and retrying",
                               opened->unread_error));
        auto sink = log.sink();
        poll_options.reload = [&client = *opened->client, choice, transport_name, system_name = args.system_name,
                               cache_dir = args.sdr_cache_dir, sink]() -> std::expected<cim::Snapshot, std::string> {
            std::vector<std::string> warnings;
            auto s = initial_snapshot(client, choice, transport_name, system_name, cache_dir, warnings);
            for (const auto& w : warnings) {
                sink(http::LogLevel::warning, w);
            }
            return s;
        };
        polled.emplace(*opened->client, std::move(opened->snapshot), std::move(poll_options), PolledBmc::Unread{});
    }
    PolledBmc& bmc = *polled;
    cim::ModelProvider provider(bmc, cim::ModelProvider::Options{args.raw_ipmi});
    wsman::EnumerationStore enumerations;
    wsman::ServiceInfo info;
    info.product_version = BMCWSMAN_VERSION;
    info.log = log.sink();
    // DSP0226 C.3: the profiles the listeners offer.
    constexpr std::string_view profiles = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/";
    if (!args.listen.empty()) {
        if (args.allow_basic_over_http) {
            info.security_profiles.push_back(std::string(profiles) + "http/basic");
        }
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
    // Eventing (issue 18) over the SEL archive: started below, after privileges are dropped.
    const std::unique_ptr<eventing::EventService> events = make_eventing(archive.get(), bmc, args, log.sink());
    dispatcher.set_event_source(events.get());
    // Every front end's routes, behind the same listeners, limits and authentication.
    http::RequestCounts request_counts;
    http::Router router;
    router.add(wsman::wsman_route(dispatcher, 16, &request_counts));
    metrics::LocalSource metrics_source;
    metrics_source.max_reading_age_seconds = std::max(1U, args.max_reading_age_seconds);
    metrics_source.anonymous_loopback = args.metrics_anonymous_loopback;
    metrics_source.model = [&bmc] {
        const auto s = bmc.status();
        return metrics::ModelView{bmc.published(), s.age_seconds, s.reachable};
    };
    metrics_source.agent = [&bmc, &request_counts, &listeners, &events,
                            max_age = metrics_source.max_reading_age_seconds] {
        const auto s = bmc.status();
        metrics::AgentStats a;
        a.model_age_seconds = s.age_seconds;
        a.max_reading_age_seconds = max_age;
        a.bmc_reachable = s.reachable;
        a.polls = s.polls;
        a.failed_polls = s.failed_polls;
        a.poll_seconds_total = s.poll_seconds_total;
        a.last_poll_seconds = s.last_poll_seconds;
        a.sel_archive = s.sel_archive;
        a.sel_archive_records = s.sel_archive_records;
        a.sel_archive_appended = s.sel_archive_appended;
        a.sel_archive_write_failures = s.sel_archive_write_failures;
        a.requests = request_counts.copy();
        a.subscriptions = events ? events->subscriptions() : 0;
        for (const auto& l : listeners) {
            if (l.server) {
                a.auth_failures += l.server->stats().auth_failures.load();
                a.open_connections += l.server->stats().open_connections.load();
            }
        }
        return a;
    };
    router.add(metrics::metrics_route(std::move(metrics_source)));
    TargetPool targets(TargetPool::Options{args.metrics_modules, args.metrics_max_targets,
                                           std::chrono::seconds(args.metrics_target_idle_seconds),
                                           std::chrono::seconds(std::max(1U, args.poll_seconds)),
                                           std::chrono::seconds(std::max(1U, args.max_reading_age_seconds)), log.sink()});
    metrics::TargetsOptions target_options;
    target_options.lookup = [&targets](const metrics::TargetQuery& q) { return targets.lookup(q); };
    target_options.scrape_timeout_seconds = args.metrics_scrape_timeout_seconds;
    target_options.anonymous_loopback = args.metrics_anonymous_loopback;
    router.add(metrics::targets_route(std::move(target_options)));
    // Redfish (DSP0266) from the same model: GETs from the published snapshot, the few
    // writes through the provider (the WS-Man methods' role checks and IPMI commands).
    auto redfish_service = std::make_shared<redfish::Service>();
    redfish_service->snapshot = [&bmc] { return bmc.published(); };
    redfish_service->provider = &provider;
    redfish_service->auth = &auth;
    redfish_service->product_version = BMCWSMAN_VERSION;
    redfish_service->password_over_http = args.allow_basic_over_http;
    router.add(redfish::redfish_route(redfish_service));
    for (auto& l : listeners) {
        l.server = std::make_unique<http::Server>(router, auth, l.options);
        auto port = l.server->bind();
        if (!port) {
            fmt::print(stderr, "bmcwsman: {}\n", port.error());
            return exit_code::failure;
        }
        l.port = *port;
    }
    StatusSocket status;
    if (!args.status_socket.empty()) {
        if (auto bound = status.bind(args.status_socket); !bound) {
            fmt::print(stderr, "bmcwsman: {}\n", bound.error());
            return exit_code::failure;
        }
    }
    // Now the privileges can go: what needed root is open.
    if (!args.run_as.empty()) {
        auto ids = user_ids(args.run_as);
        if (!ids) {
            fmt::print(stderr, "bmcwsman: --run-as: {}\n", ids.error());
            return exit_code::failure;
        }
        for (const auto& path : {args.sdr_cache_dir, status.path()}) {
            if (auto given_away = give_to(path, ids->first, ids->second); !given_away) {
                fmt::print(stderr, "bmcwsman: {}\n", given_away.error());
                return exit_code::failure;
            }
        }
        if (auto given_away = give_state_to(args.state_dir, ids->first, ids->second); !given_away) {
            fmt::print(stderr, "bmcwsman: {}\n", given_away.error());
            return exit_code::failure;
        }
        const bool port_io = transport_name.starts_with("kcs io:") || transport_name.starts_with("bt io:");
        auto dropped = drop_privileges(args.run_as, port_io);
        if (!dropped) {
            fmt::print(stderr, "bmcwsman: --run-as {}: {}\n", args.run_as, dropped.error());
            return exit_code::failure;
        }
        log.write(http::LogLevel::info, fmt::format("running as {} (uid {}){}", args.run_as, dropped->uid,
                                                     dropped->kept_rawio ? " with CAP_SYS_RAWIO for port I/O" : ""));
    } else if (::geteuid() == 0) {
        log.write(http::LogLevel::notice, "running as root: set --run-as (daemon.user) to drop privileges");
    }
    if (events) {
        start_eventing(*events, log.sink());
    }
    for (const auto& l : listeners) {
        fmt::print(stderr, "bmcwsman: serving WS-Management on {}://{}:{}/wsman ({} users, BMC via {})\n",
                   l.options.tls.certificate.empty() ? "http" : "https", l.options.host, l.port, users->size(),
                   transport_name);
    }
    if (!demo_user.empty()) {
        const auto& l = listeners.front();
        fmt::print(stderr,
                   "bmcwsman: demo user (this run only, loopback only): {0} / {1} (role operator). Try:\n"
                   "  curl -s -u {0}:{1} -H 'Content-Type: application/soap+xml;charset=UTF-8' --data "
                   "'<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
                   "xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\"><s:Header/><s:Body>"
                   "<wsmid:Identify/></s:Body></s:Envelope>' http://{2}:{3}/wsman\n"
                   "  HOME=$(mktemp -d) KEEPHISTORY=0 WSAUTOMATED=1 WSENDPOINT={2}:{3} WSUSER={0} WSPASS={1} WSNOSSL=1 "
                   "wslenum http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_NumericSensor\n",
                   demo_user, demo_pass, l.options.host, l.port);
    }
    std::fflush(stderr);

    std::atomic<bool> stop{false};
    const auto started = std::chrono::steady_clock::now();
    bmc.start();
    status.start([&] {
        const auto s = bmc.status();
        nlohmann::json j;
        j["version"] = BMCWSMAN_VERSION;
        j["pid"] = ::getpid();
        j["uptime_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        j["transport"] = transport_name;
        j["bmc_reachable"] = s.reachable;
        j["last_poll_age_seconds"] = s.age_seconds;
        j["polls"] = s.polls;
        j["failed_polls"] = s.failed_polls;
        j["bmc_busy"] = s.busy;
        j["held_readings"] = s.held_readings;
        j["oldest_reading_age_seconds"] = s.oldest_reading_age_seconds;
        const auto snap = bmc.snapshot();
        j["sensors"] = snap ? snap->sensors.size() : 0U;
        j["sel_entries"] = snap ? snap->sel.size() : 0U;
        if (s.sel_archive) {
            j["sel_archive"] = {{"records", s.sel_archive_records},
                                {"appended", s.sel_archive_appended},
                                {"write_failures", s.sel_archive_write_failures}};
        }
        j["users"] = auth.users()->size();
        j["open_enumerations"] = enumerations.size();
        auto& out = j["listeners"] = nlohmann::json::array();
        for (const auto& l : listeners) {
            const auto& st = l.server->stats();
            out.push_back({{"url", fmt::format("{}://{}:{}/wsman", l.options.tls.certificate.empty() ? "http" : "https",
                                               l.options.host, l.port)},
                           {"requests", st.requests.load()},
                           {"auth_failures", st.auth_failures.load()},
                           {"refused_connections", st.refused_connections.load()},
                           {"open_connections", st.open_connections.load()}});
        }
        return j.dump();
    });
    std::thread signal_thread([&] {
        for (;;) {
            int sig = 0;
            if (sigwait(&signals, &sig) != 0) {
                continue;
            }
            if (sig == SIGHUP) {
                // Users and TLS files again; open connections stay as they are.
                if (!args.users_file.empty()) {
                    if (auto reloaded = http::Users::load(args.users_file)) {
                        const auto n = reloaded->size();
                        auth.replace_users(std::make_shared<const http::Users>(std::move(*reloaded)));
                        log.write(http::LogLevel::notice, fmt::format("SIGHUP: {} users reloaded", n));
                    } else {
                        log.write(http::LogLevel::error,
                                  fmt::format("SIGHUP: users not reloaded (the old ones stay): {}", reloaded.error()));
                    }
                }
                for (auto& l : listeners) {
                    if (auto tls = l.server->reload_tls(); !tls) {
                        log.write(http::LogLevel::error,
                                  fmt::format("SIGHUP: TLS files not reloaded (the old ones stay): {}", tls.error()));
                    } else if (l.server->tls()) {
                        log.write(http::LogLevel::notice, "SIGHUP: TLS certificate and key reloaded");
                    }
                }
                continue;
            }
            stop.store(true);
            log.write(http::LogLevel::notice, fmt::format("{}: stopping (in-flight requests finish)",
                                                           sig == SIGTERM ? "SIGTERM" : "SIGINT"));
            return;
        }
    });
    std::vector<std::thread> running;
    for (auto& l : listeners) {
        running.emplace_back([&l, &stop] { l.server->run(stop); });
    }
    for (auto& t : running) {
        t.join();
    }
    if (!stop.load()) {
        ::kill(::getpid(), SIGTERM); // the servers ended by themselves: release the signal thread
    }
    signal_thread.join();
    status.stop();
    if (events) {
        events->stop(); // before the poller: no more archive wake-ups reach it
    }
    bmc.stop();
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
        fmt::print("{}\n", http::hash_password(password));
        return exit_code::ok;
    }
    const cim::Role r = role == "admin" ? cim::Role::admin : role == "operator" ? cim::Role::operator_role
                                                                                 : cim::Role::reader;
    auto line = http::users_line(user, password, r);
    if (!line) {
        fmt::print(stderr, "bmcwsman: {}\n", line.error());
        return exit_code::usage;
    }
    fmt::print("{}\n", *line);
    return exit_code::ok;
}

} // namespace agent
