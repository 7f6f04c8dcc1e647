// Sensor reading conversion (IPMI 2.0 section 36.3): raw bytes to values with
// M, B and the R/B exponents, the analog data format and the linearization
// function, and back (for setting thresholds). Section 36.4-36.5 for hysteresis
// and resolution.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace ipmi {

// Full SDR byte 21 bits 7:6 (Table 43-1).
enum class AnalogFormat : std::uint8_t {
    unsigned_value = 0,
    ones_complement = 1,
    twos_complement = 2,
    none = 3
};

// Full SDR byte 24 (Table 43-1): 00h-0Bh linearizable, 70h-7Fh non-linear.
enum class Linearization : std::uint8_t {
    linear = 0x00,
    ln = 0x01,
    log10 = 0x02,
    log2 = 0x03,
    e = 0x04,
    exp10 = 0x05,
    exp2 = 0x06,
    inverse = 0x07,
    sqr = 0x08,
    cube = 0x09,
    sqrt = 0x0a,
    cube_root = 0x0b,
};

struct Factors {
    std::int16_t m = 1;         // 10-bit two's complement
    std::int16_t b = 0;         // 10-bit two's complement
    std::int8_t r_exp = 0;      // 4-bit two's complement ("K2")
    std::int8_t b_exp = 0;      // 4-bit two's complement ("K1")
    std::uint8_t tolerance = 0; // 6 bits, in +/- half raw counts
    std::uint16_t accuracy = 0; // 10 bits, in 1/100 percent scaled by 10^accuracy_exp
    std::uint8_t accuracy_exp = 0;
};

// The six bytes of full SDR bytes 25-30 (1-based) or Get Sensor Reading Factors
// response bytes 3-8: M, tolerance, B, accuracy, accuracy exponent, R/B exponents.
[[nodiscard]] Factors parse_factors(std::span<const std::uint8_t, 6> bytes);

[[nodiscard]] bool is_nonlinear(std::uint8_t linearization);

// y = L[(M * x + B * 10^Bexp) * 10^Rexp]. nullopt when the format has no analog
// reading, the linearization is unknown or non-linear (70h-7Fh: pass the factors
// of Get Sensor Reading Factors with Linearization::linear), or L is undefined
// for the value (log of a non-positive number, 1/0).
[[nodiscard]] std::optional<double> raw_to_value(std::uint8_t raw, AnalogFormat format,
                                                 std::uint8_t linearization, const Factors& f);

// The raw byte whose value is nearest to `value` (linear sensors only); nullopt
// when the value lies outside what the format can encode.
[[nodiscard]] std::optional<std::uint8_t> value_to_raw(double value, AnalogFormat format,
                                                       const Factors& f);

// Hysteresis is an amount, not a reading: |M * x * 10^Rexp|, no offset (36.5).
[[nodiscard]] double hysteresis_to_value(std::uint8_t raw, const Factors& f);

// One raw count in units: |M| * 10^Rexp (linear sensors).
[[nodiscard]] double resolution(const Factors& f);

} // namespace ipmi
