// Header lookup for Request.
#include "http_server/request.hpp"

#include <strings.h>

namespace http {
namespace {

bool same(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace

std::string_view Request::header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (same(k, name)) {
            return v;
        }
    }
    return {};
}

bool Request::has_header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (same(k, name)) {
            return true;
        }
    }
    return false;
}

} // namespace http
