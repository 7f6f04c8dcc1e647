// Decodes the packed M/B/tolerance/accuracy/exponent bytes (Table 43-1 bytes 25-30, 35.5).
#include "ipmi/sdr/factors.hpp"

#include "ipmi/errc.hpp"
#include "ipmi/sdr/bytes.hpp"

#include <cmath>

namespace ipmi::sdr {

using detail::bits;
using detail::sign_extend;

Factors parse_factors(std::span<const std::uint8_t, 6> b) noexcept {
    Factors f;
    f.m = sign_extend(b[0] | (static_cast<unsigned>(bits(b[1], 6, 2)) << 8), 10);
    f.tolerance = bits(b[1], 0, 6);
    f.b = sign_extend(b[2] | (static_cast<unsigned>(bits(b[3], 6, 2)) << 8), 10);
    f.accuracy = static_cast<std::uint16_t>(bits(b[3], 0, 6) | (bits(b[4], 4, 4) << 6));
    f.accuracy_exp = bits(b[4], 2, 2);
    f.r_exp = static_cast<std::int8_t>(sign_extend(bits(b[5], 4, 4), 4));
    f.b_exp = static_cast<std::int8_t>(sign_extend(bits(b[5], 0, 4), 4));
    return f;
}

std::expected<ReadingFactors, std::error_code>
parse_reading_factors(std::span<const std::uint8_t> data) {
    if (data.size() < 7) {
        return std::unexpected(make_error_code(Errc::response_data_too_short));
    }
    return ReadingFactors{data[0], parse_factors(data.subspan<1, 6>())};
}

double accuracy_percent(const Factors& f) noexcept {
    return f.accuracy * std::pow(10.0, f.accuracy_exp) / 100.0;
}

} // namespace ipmi::sdr
