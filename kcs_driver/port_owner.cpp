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

// An ACPI/PNP device name such as "IPI0001:00" (three letters, four hex digits,
// colon, instance): the device the firmware declares, not a driver's claim.
bool acpi_device_name(std::string_view name) {
    if (name.size() < 10 || name[7] != ':') {
        return false;
    }
    for (std::size_t i = 0; i < 3; ++i) {
        if (name[i] < 'A' || name[i] > 'Z') {
            return false;
        }
    }
    for (std::size_t i = 3; i < 7; ++i) {
        const char c = name[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
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
        // not drivers; so are the resources the kernel declares for an IPMI device it
        // found through ACPI/DMI before any driver binds ("IPI0001:00" with
        // "IPMI Address 1/2" below it: seen in a QEMU guest without ipmi_si).
        const bool reservation = name.starts_with("pnp ") || name.starts_with("PCI Bus") ||
                                 name == "reserved" || name.starts_with("IPMI Address") ||
                                 acpi_device_name(name);
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
