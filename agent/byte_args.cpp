#include "agent/byte_args.hpp"

#include <charconv>
#include <fmt/format.h>

namespace agent {

std::expected<std::uint8_t, std::string> parse_byte(std::string_view text) {
    int base = 10;
    std::string_view digits = text;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        base = 16;
        digits.remove_prefix(2);
    }
    unsigned value = 0;
    const auto* end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, value, base);
    if (digits.empty() || ec != std::errc{} || ptr != end) {
        return std::unexpected(fmt::format("'{}' is not a number (use 0x.. for hex)", text));
    }
    if (value > 0xff) {
        return std::unexpected(fmt::format("'{}' does not fit in one byte", text));
    }
    return static_cast<std::uint8_t>(value);
}

std::expected<std::vector<std::uint8_t>, std::string>
parse_bytes(const std::vector<std::string>& words) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(words.size());
    for (const auto& word : words) {
        auto byte = parse_byte(word);
        if (!byte) {
            return std::unexpected(byte.error());
        }
        bytes.push_back(*byte);
    }
    return bytes;
}

std::string hex_bytes(const std::vector<std::uint8_t>& bytes) {
    std::string out;
    out.reserve(bytes.size() * 3);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i != 0) {
            out += ' ';
        }
        out += fmt::format("{:02x}", bytes[i]);
    }
    return out;
}

} // namespace agent
