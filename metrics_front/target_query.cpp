// Parsing /ipmi?target=&module= (see target_query.hpp).
#include "metrics_front/target_query.hpp"

#include "metrics_front/errc.hpp"

#include <charconv>
#include <optional>

namespace metrics {
namespace {

int hex(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool host_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_';
}

// RFC 1123 host names (labels of letters, digits, hyphens; '_' tolerated as resolvers do)
// and dotted IPv4 addresses both fit: 1 to 253 characters, no empty label.
bool valid_host_name(std::string_view h) {
    if (h.empty() || h.size() > 253 || h.front() == '.' || h.front() == '-' || h.find("..") != std::string_view::npos) {
        return false;
    }
    for (char c : h) {
        if (!host_name_char(c)) {
            return false;
        }
    }
    return true;
}

bool valid_ipv6(std::string_view h) {
    if (h.size() < 2 || h.size() > 45) {
        return false;
    }
    for (char c : h) {
        if (hex(c) < 0 && c != ':' && c != '.') {
            return false;
        }
    }
    return h.find(':') != std::string_view::npos;
}

std::optional<std::uint16_t> port_of(std::string_view p) {
    unsigned v = 0;
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
    if (p.empty() || p.size() > 5 || ec != std::errc{} || end != p.data() + p.size() || v == 0 || v > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(v);
}

std::error_code split_target(std::string_view t, TargetQuery& out) {
    std::string_view host = t;
    std::string_view port;
    if (t.starts_with('[')) {
        const auto close = t.find(']');
        if (close == std::string_view::npos) {
            return Errc::bad_target;
        }
        host = t.substr(1, close - 1);
        const auto rest = t.substr(close + 1);
        if (!rest.empty()) {
            if (!rest.starts_with(':')) {
                return Errc::bad_target;
            }
            port = rest.substr(1);
            if (port.empty()) {
                return Errc::bad_target;
            }
        }
        if (!valid_ipv6(host)) {
            return Errc::bad_target;
        }
    } else {
        if (const auto colon = t.find(':'); colon != std::string_view::npos) {
            host = t.substr(0, colon);
            port = t.substr(colon + 1);
            if (port.empty()) {
                return Errc::bad_target;
            }
        }
        if (!valid_host_name(host)) {
            return Errc::bad_target;
        }
    }
    if (!port.empty()) {
        const auto p = port_of(port);
        if (!p) {
            return Errc::bad_target;
        }
        out.port = *p;
    }
    out.host = std::string(host);
    return {};
}

} // namespace

std::string TargetQuery::key() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::expected<std::string, std::error_code> form_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= text.size()) {
                return std::unexpected(make_error_code(Errc::bad_encoding));
            }
            const int hi = hex(text[i + 1]);
            const int lo = hex(text[i + 2]);
            if (hi < 0 || lo < 0) {
                return std::unexpected(make_error_code(Errc::bad_encoding));
            }
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::expected<TargetQuery, std::error_code> parse_target_query(std::string_view query) {
    if (query.size() > max_query_bytes) {
        return std::unexpected(make_error_code(Errc::query_too_long));
    }
    std::optional<std::string> target;
    std::optional<std::string> module;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) {
            continue;
        }
        const auto eq = pair.find('=');
        auto name = form_decode(pair.substr(0, eq));
        auto value = form_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!name || !value) {
            return std::unexpected(make_error_code(Errc::bad_encoding));
        }
        std::optional<std::string>* slot = *name == "target" ? &target : *name == "module" ? &module : nullptr;
        if (slot == nullptr) {
            continue;
        }
        if (slot->has_value()) {
            return std::unexpected(make_error_code(Errc::repeated_parameter));
        }
        *slot = std::move(*value);
    }
    if (!target || target->empty()) {
        return std::unexpected(make_error_code(Errc::missing_target));
    }
    TargetQuery out;
    if (auto e = split_target(*target, out)) {
        return std::unexpected(e);
    }
    if (module && !module->empty()) {
        out.module = std::move(*module);
    }
    return out;
}

} // namespace metrics
