// Errors of the metrics front end: what a multi-target scrape (/ipmi?target=&module=) is
// refused for, each with the answer the route gives (metrics_front/targets_route.hpp).
#pragma once

#include <system_error>

namespace metrics {

enum class Errc {
    query_too_long = 1,  // longer than max_query_bytes              -> 400
    bad_encoding,        // a % not followed by two hex digits       -> 400
    missing_target,      // no target parameter (ipmi_exporter's words) -> 400
    bad_target,          // not HOST[:PORT] (host name, IPv4, [IPv6]) -> 400
    repeated_parameter,  // target or module given twice             -> 400
    unknown_module,      // no such module in the configuration      -> 400
    too_many_targets,    // max_targets models held, none idle        -> 503
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace metrics

template <> struct std::is_error_code_enum<metrics::Errc> : std::true_type {};
