// HTTP/1.1 responses (RFC 9112 section 4, RFC 9110 section 15): a Response value a route
// returns, and its head (status line, headers, Content-Length, Connection) as bytes, so the
// server writes head and body together in one writev (protocol-facts: OMI's two writes
// without TCP_NODELAY cost 40 ms per keep-alive answer) without copying the body.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http_common/status_reason.hpp"

namespace http {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::string_view soap_xml = "application/soap+xml;charset=UTF-8";

struct Response {
    int status = 200;
    HttpHeaders headers;
    std::string body;
    std::string content_type = std::string(soap_xml); // sent with a non-empty body
};

// The reason phrase of the statuses the server answers (http_common, shared with the client's sink).
using http_common::reason_phrase;

// The head of `r` for a body of `r.body.size()` bytes. `keep_alive` chooses "Connection:
// keep-alive" or "close". Header names or values with CR or LF are dropped (no response
// splitting); a Content-Type among `r.headers` wins over `r.content_type`.
[[nodiscard]] std::string response_head(const Response& r, bool keep_alive);

// Head and body in one buffer (small answers, tests).
[[nodiscard]] std::string http_response(int status, const HttpHeaders& headers, std::string_view body,
                                        bool keep_alive);

} // namespace http
