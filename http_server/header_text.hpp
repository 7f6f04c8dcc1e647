// Small helpers over header field text (RFC 9110 5.6.3 optional whitespace, case-insensitive
// tokens), shared by the request assembler and the front ends that read header values.
#pragma once

#include <string_view>
#include <strings.h>

namespace http {

// `s` without leading and trailing spaces and tabs (OWS).
[[nodiscard]] inline std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

[[nodiscard]] inline bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace http
