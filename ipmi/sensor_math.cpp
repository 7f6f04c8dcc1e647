#include "ipmi/sensor_math.hpp"

#include <cmath>

namespace ipmi {
namespace {

std::int16_t signed_bits(unsigned value, unsigned bits) {
    const unsigned sign = 1U << (bits - 1);
    return static_cast<std::int16_t>(static_cast<int>(value ^ sign) - static_cast<int>(sign));
}

// The reading x as the analog data format encodes it (Table 43-1 byte 21).
std::optional<int> decode_raw(std::uint8_t raw, AnalogFormat format) {
    switch (format) {
    case AnalogFormat::unsigned_value:
        return raw;
    case AnalogFormat::ones_complement:
        return (raw & 0x80U) != 0 ? -static_cast<int>(~raw & 0x7fU) : static_cast<int>(raw);
    case AnalogFormat::twos_complement:
        return static_cast<int>(static_cast<std::int8_t>(raw));
    case AnalogFormat::none:
        break;
    }
    return std::nullopt;
}

} // namespace

Factors parse_factors(std::span<const std::uint8_t, 6> b) {
    Factors f;
    f.m = signed_bits(b[0] | ((b[1] & 0xc0U) << 2), 10);
    f.tolerance = b[1] & 0x3fU;
    f.b = signed_bits(b[2] | ((b[3] & 0xc0U) << 2), 10);
    f.accuracy = static_cast<std::uint16_t>((b[3] & 0x3fU) | ((b[4] & 0xf0U) << 2));
    f.accuracy_exp = static_cast<std::uint8_t>((b[4] >> 2) & 0x03U);
    f.r_exp = static_cast<std::int8_t>(signed_bits(b[5] >> 4, 4));
    f.b_exp = static_cast<std::int8_t>(signed_bits(b[5] & 0x0fU, 4));
    return f;
}

bool is_nonlinear(std::uint8_t linearization) {
    return linearization >= 0x70 && linearization <= 0x7f;
}

std::optional<double> raw_to_value(std::uint8_t raw, AnalogFormat format,
                                   std::uint8_t linearization, const Factors& f) {
    const auto x = decode_raw(raw, format);
    if (!x || linearization > static_cast<std::uint8_t>(Linearization::cube_root)) {
        return std::nullopt;
    }
    const double y =
        (f.m * static_cast<double>(*x) + f.b * std::pow(10.0, f.b_exp)) * std::pow(10.0, f.r_exp);
    switch (static_cast<Linearization>(linearization)) {
    case Linearization::linear:
        return y;
    case Linearization::ln:
        return y > 0 ? std::optional(std::log(y)) : std::nullopt;
    case Linearization::log10:
        return y > 0 ? std::optional(std::log10(y)) : std::nullopt;
    case Linearization::log2:
        return y > 0 ? std::optional(std::log2(y)) : std::nullopt;
    case Linearization::e:
        return std::exp(y);
    case Linearization::exp10:
        return std::pow(10.0, y);
    case Linearization::exp2:
        return std::exp2(y);
    case Linearization::inverse:
        return y != 0 ? std::optional(1.0 / y) : std::nullopt;
    case Linearization::sqr:
        return y * y;
    case Linearization::cube:
        return y * y * y;
    case Linearization::sqrt:
        return y >= 0 ? std::optional(std::sqrt(y)) : std::nullopt;
    case Linearization::cube_root:
        return std::cbrt(y);
    }
    return std::nullopt;
}

std::optional<std::uint8_t> value_to_raw(double value, AnalogFormat format, const Factors& f) {
    if (f.m == 0 || format == AnalogFormat::none) {
        return std::nullopt;
    }
    const double x =
        std::round((value / std::pow(10.0, f.r_exp) - f.b * std::pow(10.0, f.b_exp)) / f.m);
    switch (format) {
    case AnalogFormat::unsigned_value:
        if (x < 0 || x > 255) {
            return std::nullopt;
        }
        return static_cast<std::uint8_t>(x);
    case AnalogFormat::ones_complement:
        if (x < -127 || x > 127) {
            return std::nullopt;
        }
        return x < 0 ? static_cast<std::uint8_t>(~static_cast<unsigned>(-x) & 0xffU)
                     : static_cast<std::uint8_t>(x);
    case AnalogFormat::twos_complement:
        if (x < -128 || x > 127) {
            return std::nullopt;
        }
        return static_cast<std::uint8_t>(static_cast<std::int8_t>(x));
    case AnalogFormat::none:
        break;
    }
    return std::nullopt;
}

double hysteresis_to_value(std::uint8_t raw, const Factors& f) {
    return std::fabs(f.m * static_cast<double>(raw) * std::pow(10.0, f.r_exp));
}

double resolution(const Factors& f) {
    return std::fabs(f.m * std::pow(10.0, f.r_exp));
}

} // namespace ipmi
