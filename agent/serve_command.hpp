// `bmcwsman serve` (first part, issue 5/6): the WS-Management server over HTTPS (TLS 1.2+,
// optional client certificates) and, on loopback, plain HTTP; Basic and Digest against a
// users file; the model polled at an interval. The TOML configuration, privilege dropping
// and the systemd unit are still to come (issue 6).
#pragma once

#include "agent/target_pool.hpp"
#include "agent/transport_factory.hpp"

#include <map>
#include <string>
#include <vector>

namespace agent {

inline constexpr std::string_view default_http_listen = "127.0.0.1:5985";

struct ServeArgs {
    std::string config_file;                      // --config (read before the flags)
    std::string listen;                           // HTTP (loopback only); with allow_basic_over_http default_http_listen
    std::string https_listen = "127.0.0.1:5986";  // HTTPS, when a certificate and key are given
    std::string tls_certificate;
    std::string tls_key;
    std::string tls_client_ca;                    // client certificates signed by these CAs map to users
    std::string users_file;
    bool allow_basic_over_http = false;
    bool raw_ipmi = false;
    unsigned poll_seconds = 10;
    unsigned sel_poll_ms = 1000; // the SEL alone between polls (event latency); 0: with the poll only
    std::string system_name;
    std::string sdr_cache_dir;
    // The agent's state (the SEL archive in state_dir/sel-archive, docs/SEL_ARCHIVE.md); ""
    // keeps none. The packaged configuration says /var/lib/bmcwsman.
    std::string state_dir;
    unsigned sel_archive_max_mib = 64;
    // How far over max_mib a subscriber's bookmark may hold the archive (0: twice max_mib;
    // below max_mib it is taken as max_mib, with a warning).
    unsigned sel_archive_hard_max_mib = 0;
    std::string sel_archive_sync = "every_append"; // or "none"
    std::string tls_ciphers;      // TLS 1.2 cipher list ("" : http::TlsPolicy's, Mozilla intermediate)
    std::string tls_ciphersuites; // TLS 1.3 suites ("" : http::TlsPolicy's)
    std::string tls_min_version = "1.2";
    unsigned read_timeout_seconds = 10;   // a whole request, from its first byte
    unsigned header_timeout_seconds = 10; // its headers, from its first byte
    unsigned send_timeout_seconds = 10;   // an answer, taken by the client
    unsigned idle_timeout_seconds = 60;   // a keep-alive connection without a request
    unsigned workers = 0; // 0: default_workers()
    unsigned max_connections = 512;
    unsigned max_connections_per_source = 256;
    unsigned max_header_bytes = 16 * 1024;
    unsigned max_body_bytes = 512 * 1024;
    unsigned max_requests_per_connection = 1000;
    unsigned max_reading_age_seconds = 30; // older readings are refreshed when a request needs them
    std::string run_as;                    // drop to this user after opening listeners and the BMC
    std::string log_level = "info";        // error, warning, notice, info, debug
    std::string status_socket;             // `bmcwsman status` asks here ("" : none)
    bool metrics_anonymous_loopback = false; // GET /metrics without credentials on loopback HTTP
    // Multi-target mode (GET /ipmi?target=&module=): modules from [modules.NAME], bounds.
    std::map<std::string, TargetModule> metrics_modules;
    unsigned metrics_max_targets = 64;
    unsigned metrics_target_idle_seconds = 600;
    unsigned metrics_scrape_timeout_seconds = 10;
    // Eventing (issue 18; [eventing]): subscriptions kept in the state directory's
    // subscriptions/, limits, the NotifyTo allow-list (hosts or host:port; empty: any), the
    // trust anchors for https event sinks (empty: the system's), the client certificate and
    // key presented to sinks of the https/mutual profiles (empty: those profiles are refused).
    unsigned max_subscriptions = 1000;
    unsigned max_subscriptions_per_user = 100;
    std::vector<std::string> notify_allow;
    std::string sink_ca_file;
    std::string sink_client_cert;
    std::string sink_client_key;
};

// Worker threads per listener when none are configured: one per CPU the process may run
// on, 2 to 4. More runnable workers than cores only get preempted in mid-request (measured
// with wrk -t2 -c16 on 2 cores: Identify p99 6.5-9.4 ms with 4, 2.4-2.7 ms with 2); at least
// 2 so one slow request never holds the whole listener, at most 4 for memory (~0.4 MiB each).
[[nodiscard]] unsigned default_workers();

[[nodiscard]] int run_serve(const TransportChoice& choice, const ServeArgs& args);

// `bmcwsman hash-password`: a crypt(3) SHA-512 hash of the password read from stdin; with
// a user name, the whole users-file line (hash, role, Digest HA1 values).
[[nodiscard]] int run_hash_password(const std::string& user, const std::string& role);

} // namespace agent
