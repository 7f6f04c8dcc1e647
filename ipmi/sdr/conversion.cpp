// Raw <-> value conversion of sensor readings, thresholds and hysteresis (section 36.3, 36.5).
#include "ipmi/sdr/conversion.hpp"

#include "ipmi/errc.hpp"
#include "ipmi/sdr/record.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace ipmi::sdr {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::unexpected<std::error_code> fail(Errc e) {
    return std::unexpected(make_error_code(e));
}

// The linearization to apply, after refusing what cannot be converted.
std::expected<Linearization, std::error_code> effective_linearization(const Conversion& c) {
    if (c.format == AnalogFormat::none) {
        return fail(Errc::sdr_no_analog_reading);
    }
    if (is_nonlinear(c.linearization)) {
        if (!c.reading_factors) {
            return fail(Errc::sdr_nonlinear_needs_factors);
        }
        return Linearization::linear;
    }
    if (c.linearization > static_cast<std::uint8_t>(Linearization::cube_root)) {
        return fail(Errc::sdr_unknown_linearization);
    }
    return static_cast<Linearization>(c.linearization);
}

double apply(Linearization l, double y) {
    switch (l) {
    case Linearization::linear:
        return y;
    case Linearization::ln:
        return y > 0 ? std::log(y) : nan;
    case Linearization::log10:
        return y > 0 ? std::log10(y) : nan;
    case Linearization::log2:
        return y > 0 ? std::log2(y) : nan;
    case Linearization::e:
        return std::exp(y);
    case Linearization::exp10:
        return std::pow(10.0, y);
    case Linearization::exp2:
        return std::exp2(y);
    case Linearization::inverse:
        return y != 0 ? 1.0 / y : nan;
    case Linearization::sqr:
        return y * y;
    case Linearization::cube:
        return y * y * y;
    case Linearization::sqrt:
        return y >= 0 ? std::sqrt(y) : nan;
    case Linearization::cube_root:
        return std::cbrt(y);
    }
    return nan;
}

// L^-1; NaN where L has no inverse. sqr's inverse takes the non-negative root.
double invert(Linearization l, double v) {
    switch (l) {
    case Linearization::linear:
        return v;
    case Linearization::ln:
        return std::exp(v);
    case Linearization::log10:
        return std::pow(10.0, v);
    case Linearization::log2:
        return std::exp2(v);
    case Linearization::e:
        return v > 0 ? std::log(v) : nan;
    case Linearization::exp10:
        return v > 0 ? std::log10(v) : nan;
    case Linearization::exp2:
        return v > 0 ? std::log2(v) : nan;
    case Linearization::inverse:
        return v != 0 ? 1.0 / v : nan;
    case Linearization::sqr:
        return v >= 0 ? std::sqrt(v) : nan;
    case Linearization::cube:
        return std::cbrt(v);
    case Linearization::sqrt:
        return v >= 0 ? v * v : nan;
    case Linearization::cube_root:
        return v * v * v;
    }
    return nan;
}

double pow10(int e) {
    return std::pow(10.0, e);
}

double linear_part(const Factors& f, int x) {
    return (f.m * static_cast<double>(x) + f.b * pow10(f.b_exp)) * pow10(f.r_exp);
}

struct Range {
    int lo;
    int hi;
};

Range range_of(AnalogFormat format) {
    switch (format) {
    case AnalogFormat::ones_complement:
        return {-127, 127};
    case AnalogFormat::twos_complement:
        return {-128, 127};
    case AnalogFormat::unsigned_value:
    case AnalogFormat::none:
        break;
    }
    return {0, 255};
}

std::uint8_t encode(int x, AnalogFormat format) {
    if (x >= 0) {
        return static_cast<std::uint8_t>(x);
    }
    if (format == AnalogFormat::ones_complement) {
        return static_cast<std::uint8_t>(~static_cast<unsigned>(-x) & 0xffU);
    }
    return static_cast<std::uint8_t>(static_cast<unsigned>(x) & 0xffU); // two's complement
}

// The size of one count: linear sensors only.
std::expected<double, std::error_code> count_size(const Conversion& c) {
    const auto l = effective_linearization(c);
    if (!l) {
        return std::unexpected(l.error());
    }
    if (*l != Linearization::linear) {
        return fail(Errc::sdr_conversion_undefined);
    }
    return std::fabs(static_cast<double>(c.factors.m)) * pow10(c.factors.r_exp);
}

} // namespace

Conversion Conversion::from_record(const FullSensorRecord& record) {
    return {record.analog_format, record.linearization, record.factors, false};
}

Conversion Conversion::with_reading_factors(const FullSensorRecord& record,
                                            const Factors& factors) {
    return {record.analog_format, record.linearization, factors, true};
}

std::optional<int> decode_raw(std::uint8_t raw, AnalogFormat format) {
    switch (format) {
    case AnalogFormat::unsigned_value:
        return raw;
    case AnalogFormat::ones_complement:
        // Bit 7 set: the magnitude is the complement of bits 6:0 (FFh = -0 = 0).
        return (raw & 0x80U) != 0 ? -static_cast<int>(~raw & 0x7fU) : static_cast<int>(raw);
    case AnalogFormat::twos_complement:
        return static_cast<int>(static_cast<std::int8_t>(raw));
    case AnalogFormat::none:
        break;
    }
    return std::nullopt;
}

std::expected<double, std::error_code> to_value(std::uint8_t raw, const Conversion& c) {
    const auto l = effective_linearization(c);
    if (!l) {
        return std::unexpected(l.error());
    }
    const double v = apply(*l, linear_part(c.factors, *decode_raw(raw, c.format)));
    if (!std::isfinite(v)) {
        return fail(Errc::sdr_conversion_undefined);
    }
    return v;
}

std::expected<std::uint8_t, std::error_code> to_raw(double value, const Conversion& c) {
    const auto l = effective_linearization(c);
    if (!l) {
        return std::unexpected(l.error());
    }
    if (!std::isfinite(value)) {
        return fail(Errc::sdr_value_out_of_range);
    }
    if (c.factors.m == 0) {
        return fail(Errc::sdr_conversion_undefined);
    }
    const double y = invert(*l, value);
    if (!std::isfinite(y)) {
        return fail(Errc::sdr_conversion_undefined);
    }
    const Factors& f = c.factors;
    const double x = (y / pow10(f.r_exp) - f.b * pow10(f.b_exp)) / f.m;
    const auto [lo, hi] = range_of(c.format);
    if (!(x >= lo - 0.5 && x <= hi + 0.5)) {
        return fail(Errc::sdr_value_out_of_range);
    }
    // The neighbouring counts; keep the one whose value is nearest (L may bend the scale).
    // On a tie the count std::round picks wins (half away from zero).
    const int rounded = static_cast<int>(std::round(x));
    const int other = rounded == static_cast<int>(std::floor(x)) ? static_cast<int>(std::ceil(x))
                                                                 : static_cast<int>(std::floor(x));
    const std::array candidates{rounded, other};
    int best = 0;
    double best_distance = std::numeric_limits<double>::infinity();
    bool found = false;
    for (const int candidate : candidates) {
        if (candidate < lo || candidate > hi) {
            continue;
        }
        const double v = apply(*l, linear_part(f, candidate));
        if (!std::isfinite(v)) {
            continue;
        }
        const double distance = std::fabs(v - value);
        if (!found || distance < best_distance) {
            best = candidate;
            best_distance = distance;
            found = true;
        }
    }
    if (!found) {
        return fail(Errc::sdr_conversion_undefined);
    }
    return encode(best, c.format);
}

std::expected<double, std::error_code> hysteresis_to_value(std::uint8_t raw, const Conversion& c) {
    const auto size = count_size(c);
    if (!size) {
        return std::unexpected(size.error());
    }
    return *size * raw;
}

std::expected<std::uint8_t, std::error_code> hysteresis_to_raw(double amount, const Conversion& c) {
    const auto size = count_size(c);
    if (!size) {
        return std::unexpected(size.error());
    }
    if (*size == 0) {
        return fail(Errc::sdr_conversion_undefined);
    }
    const double counts = std::round(amount / *size);
    if (!(counts >= 0 && counts <= 255)) {
        return fail(Errc::sdr_value_out_of_range);
    }
    return static_cast<std::uint8_t>(counts);
}

std::expected<double, std::error_code> resolution(const Conversion& c) {
    return count_size(c);
}

std::expected<double, std::error_code> tolerance(const Conversion& c) {
    const auto size = count_size(c);
    if (!size) {
        return std::unexpected(size.error());
    }
    return *size * c.factors.tolerance / 2.0;
}

} // namespace ipmi::sdr
