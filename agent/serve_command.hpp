// `bmcwsman serve` (first part, issue 5/6): the WS-Management server over HTTPS (TLS 1.2+)
// and, for loopback tests, plain HTTP; users from a file, the model polled at an interval.
// Digest, the TOML configuration, privilege dropping and the systemd unit are still to come.
#pragma once

#include "agent/transport_factory.hpp"

#include <string>

namespace agent {

struct ServeArgs {
    std::string listen = "127.0.0.1:5985";        // HTTP, only with allow_basic_over_http
    std::string https_listen = "127.0.0.1:5986";  // HTTPS, when a certificate and key are given
    std::string tls_certificate;
    std::string tls_key;
    std::string users_file;
    bool allow_basic_over_http = false;
    bool raw_ipmi = false;
    unsigned poll_seconds = 10;
    std::string system_name;
    std::string sdr_cache_dir;
};

[[nodiscard]] int run_serve(const TransportChoice& choice, const ServeArgs& args);

// `bmcwsman hash-password`: a crypt(3) SHA-512 hash of the password read from stdin.
[[nodiscard]] int run_hash_password();

} // namespace agent
