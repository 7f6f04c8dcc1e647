// Parsing of byte arguments on the command line ("0x06", "6", "255").
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace agent {

// "0x" or "0X" prefix: hexadecimal; otherwise decimal (as ipmitool raw without
// its octal surprise). The value must fit one byte. The error is a one-line reason.
[[nodiscard]] std::expected<std::uint8_t, std::string> parse_byte(std::string_view text);
[[nodiscard]] std::expected<std::vector<std::uint8_t>, std::string>
parse_bytes(const std::vector<std::string>& words);

// Two-digit lowercase hex separated by single spaces ("20 81 01").
[[nodiscard]] std::string hex_bytes(const std::vector<std::uint8_t>& bytes);

} // namespace agent
