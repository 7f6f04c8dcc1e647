// HTTP response heads and whole responses.
#include "http_server/response.hpp"

#include <fmt/format.h>

namespace http {

std::string response_head(const Response& r, bool keep_alive) {
    std::string out;
    out.reserve(160);
    fmt::format_to(std::back_inserter(out), "HTTP/1.1 {} {}\r\n", r.status, reason_phrase(r.status));
    bool content_type = false;
    for (const auto& [name, value] : r.headers) {
        if (name.empty() || name.find_first_of("\r\n:") != std::string::npos ||
            value.find_first_of("\r\n") != std::string::npos) {
            continue;
        }
        content_type = content_type || name == "Content-Type";
        fmt::format_to(std::back_inserter(out), "{}: {}\r\n", name, value);
    }
    if (!r.body.empty() && !content_type && !r.content_type.empty() &&
        r.content_type.find_first_of("\r\n") == std::string::npos) {
        fmt::format_to(std::back_inserter(out), "Content-Type: {}\r\n", r.content_type);
    }
    fmt::format_to(std::back_inserter(out), "Content-Length: {}\r\nConnection: {}\r\n\r\n", r.body.size(),
                   keep_alive ? "keep-alive" : "close");
    return out;
}

std::string http_response(int status, const HttpHeaders& headers, std::string_view body, bool keep_alive) {
    Response r;
    r.status = status;
    r.headers = headers;
    r.body = std::string(body);
    std::string out = response_head(r, keep_alive);
    out += body;
    return out;
}

} // namespace http
