// Where the KCS registers are: I/O or memory space, base address, register spacing.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <system_error>

namespace kcs {

// The data register is at base, the status/command register at base + spacing
// (SMBIOS type 38 offset 10h bits 7:6: spacing 1, 4 or 16 bytes).
struct PortSpec {
    enum class Space : std::uint8_t { io, memory } space = Space::io;
    std::uint64_t base = 0xca2;
    std::uint8_t spacing = 1;

    friend bool operator==(const PortSpec&, const PortSpec&) = default;
};

// "io:0xCA2", "io:0xca2,4", "mem:0xfe000000,16"; a bare "0xca2" is I/O space. Addresses
// are hexadecimal (0x optional); spacing is decimal 1, 4 or 16. Errc::bad_port_spec else.
[[nodiscard]] std::expected<PortSpec, std::error_code> parse_port_spec(std::string_view text);

// The canonical text form, which parse_port_spec() reads back: "io:0xca2", "mem:0xfe000000,16".
[[nodiscard]] std::string to_string(const PortSpec& spec);

} // namespace kcs
