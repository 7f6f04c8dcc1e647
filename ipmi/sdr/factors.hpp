// Sensor reading factors M, B, tolerance, accuracy and the R/B exponents (IPMI 2.0 Table 43-1
// bytes 25-30; Get Sensor Reading Factors, section 35.5, response bytes 3-8: same layout).
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <system_error>

namespace ipmi::sdr {

// Sensor Units 1 bits 7:6 (Table 43-1 byte 21).
enum class AnalogFormat : std::uint8_t {
    unsigned_value = 0,
    ones_complement = 1,
    twos_complement = 2,
    none = 3, // no analog (numeric) reading
};

struct Factors {
    std::int16_t m = 1;            // 10-bit two's complement
    std::uint8_t tolerance = 0;    // 6 bits, in +/- 1/2 raw counts
    std::int16_t b = 0;            // 10-bit two's complement
    std::uint16_t accuracy = 0;    // 10 bits, unsigned, in 1/100 percent
    std::uint8_t accuracy_exp = 0; // 2 bits, unsigned
    std::int8_t r_exp = 0;         // 4-bit two's complement ("K2")
    std::int8_t b_exp = 0;         // 4-bit two's complement ("K1")

    friend bool operator==(const Factors&, const Factors&) = default;
};

// The six bytes M, M/tolerance, B, B/accuracy, accuracy/accuracy exp, R exp/B exp. Bits 1:0
// of the fifth byte (the SDR's sensor direction) are not a factor and are ignored.
[[nodiscard]] Factors parse_factors(std::span<const std::uint8_t, 6> bytes) noexcept;

// Get Sensor Reading Factors response data after the completion code (section 35.5):
// the next reading byte with different factors, then the six factor bytes.
struct ReadingFactors {
    std::uint8_t next_reading = 0;
    Factors factors;
};
// Errc::response_data_too_short when fewer than 7 bytes.
[[nodiscard]] std::expected<ReadingFactors, std::error_code>
parse_reading_factors(std::span<const std::uint8_t> data);

// Accuracy in percent: accuracy * 10^accuracy_exp / 100 (Table 43-1 bytes 28-29).
[[nodiscard]] double accuracy_percent(const Factors& f) noexcept;

} // namespace ipmi::sdr
