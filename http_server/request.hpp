// One complete HTTP/1.1 request (RFC 9112) as the request assembler hands it over: method,
// target split into path and query, the header fields in order, the body.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http {

struct Request {
    std::string method; // "GET", "POST", ...
    std::string target; // as sent: path and query
    std::string path;   // the target up to '?'
    std::string query;  // after '?', "" when none
    unsigned version_major = 1;
    unsigned version_minor = 1;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool keep_alive = true;       // HTTP/1.1 without Connection: close, or 1.0 with keep-alive
    bool expect_continue = false; // Expect: 100-continue
    std::size_t content_length = 0;

    // The first field of that name (case-insensitive), "" when none.
    [[nodiscard]] std::string_view header(std::string_view name) const;
    [[nodiscard]] bool has_header(std::string_view name) const;
};

} // namespace http
