// Parsing and printing of KCS port specifications ("io:0xca2,4").
#include "kcs_driver/port_spec.hpp"

#include "kcs_driver/errc.hpp"

#include <charconv>
#include <fmt/format.h>
#include <limits>

namespace kcs {
namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const char c = text[i];
        const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (lower != prefix[i]) {
            return false;
        }
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) {
        s.remove_suffix(1);
    }
    return s;
}

template <typename T> bool parse_number(std::string_view s, int base, T& out) {
    if (s.empty()) {
        return false;
    }
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
    return ec == std::errc{} && ptr == s.data() + s.size();
}

} // namespace

std::expected<PortSpec, std::error_code> parse_port_spec(std::string_view text) {
    const auto bad = std::unexpected(make_error_code(Errc::bad_port_spec));
    text = trim(text);
    PortSpec spec;
    if (starts_with_ci(text, "io:")) {
        text.remove_prefix(3);
    } else if (starts_with_ci(text, "mem:")) {
        spec.space = PortSpec::Space::memory;
        text.remove_prefix(4);
    }
    std::string_view address = text;
    std::string_view spacing;
    if (const auto comma = text.find(','); comma != std::string_view::npos) {
        address = trim(text.substr(0, comma));
        spacing = trim(text.substr(comma + 1));
        if (spacing.empty()) {
            return bad;
        }
    }
    if (starts_with_ci(address, "0x")) {
        address.remove_prefix(2);
    }
    if (!parse_number(address, 16, spec.base) || spec.base == 0) {
        return bad;
    }
    if (!spacing.empty()) {
        unsigned value = 0;
        if (!parse_number(spacing, 10, value) || (value != 1 && value != 4 && value != 16)) {
            return bad;
        }
        spec.spacing = static_cast<std::uint8_t>(value);
    }
    // Both registers must fit the address space: I/O ports are 16-bit.
    const std::uint64_t limit =
        spec.space == PortSpec::Space::io ? 0xffff : std::numeric_limits<std::uint64_t>::max();
    if (spec.base > limit - spec.spacing) {
        return bad;
    }
    return spec;
}

std::string to_string(const PortSpec& spec) {
    const char* space = spec.space == PortSpec::Space::io ? "io" : "mem";
    if (spec.spacing == 1) {
        return fmt::format("{}:{:#x}", space, spec.base);
    }
    return fmt::format("{}:{:#x},{}", space, spec.base, spec.spacing);
}

} // namespace kcs
