// HTTP responses as one buffer.
#include "wsman_front/http_response.hpp"

#include <fmt/format.h>

namespace wsman {

std::string_view reason_phrase(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
    }
}

std::string http_response(int status, const HttpHeaders& headers, std::string_view body, bool keep_alive) {
    std::string out = fmt::format("HTTP/1.1 {} {}\r\n", status, reason_phrase(status));
    bool content_type = false;
    for (const auto& [name, value] : headers) {
        if (name.find_first_of("\r\n:") != std::string::npos || value.find_first_of("\r\n") != std::string::npos) {
            continue;
        }
        content_type = content_type || name == "Content-Type";
        out += fmt::format("{}: {}\r\n", name, value);
    }
    if (!body.empty() && !content_type) {
        out += "Content-Type: application/soap+xml;charset=UTF-8\r\n";
    }
    if (status == 405) {
        out += "Allow: POST\r\n";
    }
    out += fmt::format("Content-Length: {}\r\nConnection: {}\r\n\r\n", body.size(), keep_alive ? "keep-alive" : "close");
    out += body;
    return out;
}

} // namespace wsman
