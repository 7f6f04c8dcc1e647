// /proc/ioports parsing to find who owns the KCS ports.
#include "kcs_driver/port_owner.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace kcs {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

bool parse_hex(std::string_view s, std::uint64_t& out) {
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
    return !s.empty() && ec == std::errc{} && ptr == s.data() + s.size();
}

} // namespace

std::optional<std::string> find_port_owner(std::string_view text, std::uint64_t base) {
    std::optional<std::string> owner;
    std::size_t owner_depth = 0;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        const std::size_t depth = line.find_first_not_of(' ');
        const auto colon = line.find(" : ");
        const auto dash = line.find('-');
        if (depth == std::string_view::npos || colon == std::string_view::npos ||
            dash == std::string_view::npos || dash > colon) {
            continue;
        }
        std::uint64_t first = 0;
        std::uint64_t last = 0;
        if (!parse_hex(trim(line.substr(depth, dash - depth)), first) ||
            !parse_hex(trim(line.substr(dash + 1, colon - dash - 1)), last)) {
            continue;
        }
        const std::string_view name = trim(line.substr(colon + 3));
        // Nested (deeper) ranges name the actual claimant; 0000-0000 lines are what an
        // unprivileged reader sees and cover nothing useful; bus windows ("PCI Bus
        // 0000:00") and firmware reservations ("pnp 00:05", "reserved") are containers,
        // not drivers.
        const bool reservation =
            name.starts_with("pnp ") || name.starts_with("PCI Bus") || name == "reserved";
        if (first <= base && base <= last && !name.empty() && !reservation &&
            (last != 0 || first != 0) && (!owner || depth >= owner_depth)) {
            owner = std::string(name);
            owner_depth = depth;
        }
    }
    return owner;
}

std::optional<std::string> find_port_owner(std::uint64_t base) {
    std::ifstream in("/proc/ioports");
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return find_port_owner(text.str(), base);
}

} // namespace kcs
