// Router: exact paths first, then the longest prefix.
#include "http_server/router.hpp"

#include <algorithm>

namespace http {

void Router::add(Route route) {
    routes_.push_back(std::move(route));
}

const Route* Router::match(std::string_view path) const {
    const Route* best = nullptr;
    for (const auto& r : routes_) {
        if (path == r.path) {
            return &r;
        }
        if (r.prefix && path.size() > r.path.size() && path.starts_with(r.path) && path[r.path.size()] == '/' &&
            (best == nullptr || r.path.size() > best->path.size())) {
            best = &r;
        }
    }
    return best;
}

bool Router::allows(const Route& route, std::string_view method) {
    return std::find(route.methods.begin(), route.methods.end(), method) != route.methods.end();
}

std::string Router::allow_header(const Route& route) {
    std::string out;
    for (const auto& m : route.methods) {
        out += out.empty() ? m : ", " + m;
    }
    return out;
}

} // namespace http
