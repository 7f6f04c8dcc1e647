// A complete HTTP/1.1 response as bytes (RFC 9112 section 4, RFC 9110 section 15): status
// line, headers, Content-Length and body, so the server sends each answer in one write
// (protocol-facts: OMI's two writes without TCP_NODELAY cost 40 ms per keep-alive answer).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wsman {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// The reason phrase of the statuses the server answers ("Unknown" for others).
[[nodiscard]] std::string_view reason_phrase(int status);

// `keep_alive` chooses "Connection: keep-alive" or "close". A non-empty body is sent as
// application/soap+xml;charset=UTF-8 unless `headers` name a Content-Type. Header values
// with CR or LF are dropped (no response splitting).
[[nodiscard]] std::string http_response(int status, const HttpHeaders& headers, std::string_view body,
                                        bool keep_alive);

} // namespace wsman
