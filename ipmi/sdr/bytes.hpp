// Little-endian field and bit extraction over SDR bytes (IPMI 2.0 section 43: LS byte first).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace ipmi::sdr::detail {

[[nodiscard]] constexpr std::uint16_t le16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}

// Bits [lsb, lsb + width) of a byte.
[[nodiscard]] constexpr std::uint8_t bits(std::uint8_t byte, unsigned lsb, unsigned width) {
    return static_cast<std::uint8_t>((static_cast<unsigned>(byte) >> lsb) & ((1U << width) - 1U));
}

[[nodiscard]] constexpr bool bit(std::uint8_t byte, unsigned n) {
    return ((static_cast<unsigned>(byte) >> n) & 1U) != 0;
}

// A `width`-bit two's complement field as a signed value (M, B: 10 bits; exponents: 4).
[[nodiscard]] constexpr std::int16_t sign_extend(unsigned value, unsigned width) {
    const unsigned sign = 1U << (width - 1);
    return static_cast<std::int16_t>(static_cast<int>(value ^ sign) - static_cast<int>(sign));
}

} // namespace ipmi::sdr::detail
