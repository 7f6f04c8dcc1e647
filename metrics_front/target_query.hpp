// The query string of a multi-target scrape, as ipmi_exporter's remote mode takes it:
// /ipmi?target=HOST[:PORT]&module=NAME (application/x-www-form-urlencoded, WHATWG URL
// Standard 5.1: '&'-separated name=value pairs, '+' for space, percent-encoding). Pure code
// over bytes (a libFuzzer target feeds it, tests/fuzz/target_query_fuzz.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <system_error>

namespace metrics {

inline constexpr std::size_t max_query_bytes = 1024;
inline constexpr std::uint16_t default_ipmi_port = 623; // RMCP (IPMI 2.0 13.1)

struct TargetQuery {
    std::string host;   // a host name, an IPv4 address, or an IPv6 address without brackets
    std::uint16_t port = default_ipmi_port;
    std::string module = "default"; // ipmi_exporter: module omitted -> "default"
    // HOST:PORT (or [IPv6]:PORT), the key targets are kept under.
    [[nodiscard]] std::string key() const;
};

// Errc::query_too_long, bad_encoding, missing_target, bad_target or repeated_parameter.
// Other parameters are ignored (Prometheus may add its own).
[[nodiscard]] std::expected<TargetQuery, std::error_code> parse_target_query(std::string_view query);

// One form-urlencoded component decoded ('+' is a space); Errc::bad_encoding.
[[nodiscard]] std::expected<std::string, std::error_code> form_decode(std::string_view text);

} // namespace metrics
