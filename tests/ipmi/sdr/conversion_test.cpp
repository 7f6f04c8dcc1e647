// Sensor reading conversion (section 36.3): every analog format and linearization, signed
// factors and exponents, thresholds, hysteresis, resolution and the inverse.
#include "ipmi/errc.hpp"
#include "ipmi/sdr/conversion.hpp"
#include "ipmi/sdr/record.hpp"
#include "tests/ipmi/sdr/fixtures.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>

namespace {

using namespace ipmi::sdr;
using ipmi::Errc;

Conversion conv(AnalogFormat format, Linearization l, std::int16_t m, std::int16_t b = 0,
                std::int8_t r_exp = 0, std::int8_t b_exp = 0) {
    Conversion c;
    c.format = format;
    c.linearization = static_cast<std::uint8_t>(l);
    c.factors.m = m;
    c.factors.b = b;
    c.factors.r_exp = r_exp;
    c.factors.b_exp = b_exp;
    return c;
}

constexpr auto u = AnalogFormat::unsigned_value;
constexpr auto ones = AnalogFormat::ones_complement;
constexpr auto twos = AnalogFormat::twos_complement;
constexpr auto lin = Linearization::linear;

double value(std::uint8_t raw, const Conversion& c) {
    const auto v = to_value(raw, c);
    EXPECT_TRUE(v) << v.error().message();
    return v ? *v : std::numeric_limits<double>::quiet_NaN();
}

void expect_error(std::expected<double, std::error_code> r, Errc e) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), make_error_code(e));
}

TEST(DecodeRaw, Formats) {
    EXPECT_EQ(decode_raw(0xff, u), 255);
    EXPECT_EQ(decode_raw(0xff, twos), -1);
    EXPECT_EQ(decode_raw(0x80, twos), -128);
    EXPECT_EQ(decode_raw(0xff, ones), 0); // negative zero
    EXPECT_EQ(decode_raw(0xfe, ones), -1);
    EXPECT_EQ(decode_raw(0x80, ones), -127);
    EXPECT_EQ(decode_raw(0x7f, ones), 127);
    EXPECT_EQ(decode_raw(0x10, AnalogFormat::none), std::nullopt);
}

TEST(ToValue, LinearUnsigned) {
    EXPECT_DOUBLE_EQ(value(10, conv(u, lin, 2)), 20.0);
}

TEST(ToValue, NegativeB) {
    EXPECT_DOUBLE_EQ(value(65, conv(u, lin, 1, -40)), 25.0);
    EXPECT_DOUBLE_EQ(value(0, conv(u, lin, 1, -40)), -40.0);
    EXPECT_DOUBLE_EQ(value(100, conv(u, lin, 1, -5, 0, 1)), 50.0); // B * 10^1
}

TEST(ToValue, NegativeM) {
    EXPECT_DOUBLE_EQ(value(10, conv(u, lin, -1, 100)), 90.0);
}

TEST(ToValue, NegativeRExponent) {
    EXPECT_DOUBLE_EQ(value(150, conv(u, lin, 1, 0, -2)), 1.5);
    EXPECT_NEAR(value(200, conv(u, lin, 59, -3, -3, 2)), 11.5, 1e-12); // (59*200 - 300)/1000
}

TEST(ToValue, TwosComplementReadings) {
    EXPECT_DOUBLE_EQ(value(0xf6, conv(twos, lin, 1)), -10.0);
    EXPECT_DOUBLE_EQ(value(0xf6, conv(twos, lin, 5, 0, -1)), -5.0);
    EXPECT_DOUBLE_EQ(value(0x80, conv(twos, lin, 1)), -128.0);
    EXPECT_DOUBLE_EQ(value(0x7f, conv(twos, lin, 1)), 127.0);
}

TEST(ToValue, OnesComplementNegativeZero) {
    EXPECT_DOUBLE_EQ(value(0xff, conv(ones, lin, 1)), 0.0);
    EXPECT_DOUBLE_EQ(value(0x00, conv(ones, lin, 1)), 0.0);
    EXPECT_DOUBLE_EQ(value(0xf5, conv(ones, lin, 1)), -10.0);
}

TEST(ToValue, NoAnalogReading) {
    expect_error(to_value(5, conv(AnalogFormat::none, lin, 1)), Errc::sdr_no_analog_reading);
}

TEST(ToValue, EveryLinearization) {
    struct Case {
        Linearization l;
        std::uint8_t raw;
        double want;
    };
    const Case cases[] = {
        {Linearization::linear, 4, 4.0},      {Linearization::ln, 4, std::log(4.0)},
        {Linearization::log10, 100, 2.0},     {Linearization::log2, 8, 3.0},
        {Linearization::e, 2, std::exp(2.0)}, {Linearization::exp10, 3, 1000.0},
        {Linearization::exp2, 5, 32.0},       {Linearization::inverse, 4, 0.25},
        {Linearization::sqr, 4, 16.0},        {Linearization::cube, 4, 64.0},
        {Linearization::sqrt, 16, 4.0},       {Linearization::cube_root, 27, 3.0},
    };
    for (const auto& c : cases) {
        EXPECT_NEAR(value(c.raw, conv(u, c.l, 1)), c.want, 1e-9) << "L=" << static_cast<int>(c.l);
    }
    // L applies after M, B and the exponents: sqr of (2*3 - 10) = 16.
    EXPECT_DOUBLE_EQ(value(3, conv(u, Linearization::sqr, 2, -10)), 16.0);
    EXPECT_DOUBLE_EQ(value(0xf8, conv(twos, Linearization::cube_root, 1)), -2.0);
}

TEST(ToValue, LinearizationUndefined) {
    expect_error(to_value(0, conv(u, Linearization::ln, 1)), Errc::sdr_conversion_undefined);
    expect_error(to_value(0, conv(u, Linearization::inverse, 1)), Errc::sdr_conversion_undefined);
    expect_error(to_value(0xf0, conv(twos, Linearization::sqrt, 1)),
                 Errc::sdr_conversion_undefined);
    expect_error(to_value(0, conv(u, Linearization::log2, 1, -1)), Errc::sdr_conversion_undefined);
    expect_error(to_value(255, conv(u, Linearization::exp10, 511, 0, 7)),
                 Errc::sdr_conversion_undefined); // overflows to infinity
}

TEST(ToValue, ReservedLinearization) {
    for (const std::uint8_t code : {std::uint8_t{0x0c}, std::uint8_t{0x6f}, std::uint8_t{0x80}}) {
        Conversion c = conv(u, lin, 1);
        c.linearization = code;
        expect_error(to_value(1, c), Errc::sdr_unknown_linearization);
    }
}

TEST(ToValue, NonLinearNeedsReadingFactors) {
    auto record = std::get<FullSensorRecord>(*parse_sdr(sdr_fixtures::full_record()));
    record.linearization = 0x70;
    record.analog_format = u;
    expect_error(to_value(10, Conversion::from_record(record)), Errc::sdr_nonlinear_needs_factors);
    Factors given;
    given.m = 3;
    given.b = 7;
    given.r_exp = -1;
    given.b_exp = 1;
    const auto c = Conversion::with_reading_factors(record, given);
    EXPECT_TRUE(c.reading_factors);
    EXPECT_DOUBLE_EQ(value(10, c), (3 * 10 + 70) / 10.0);
}

TEST(ReadingFactors, ParsesGetSensorReadingFactorsResponse) {
    const std::uint8_t data[] = {0x42, 0x2c, 0xd5, 0x10, 0xaa, 0x5d, 0xe3};
    const auto rf = parse_reading_factors(data);
    ASSERT_TRUE(rf);
    EXPECT_EQ(rf->next_reading, 0x42);
    EXPECT_EQ(rf->factors.m, -212);
    EXPECT_EQ(rf->factors.b, -496);
    EXPECT_EQ(rf->factors.r_exp, -2);
    EXPECT_EQ(rf->factors.b_exp, 3);
    EXPECT_EQ(rf->factors.tolerance, 0x15);
    EXPECT_FALSE(parse_reading_factors(std::span(data).first(6)));
}

TEST(Factors, ExtremesOfTheTenBitAndFourBitFields) {
    const std::uint8_t max[] = {0xff, 0x7f, 0xff, 0x7f, 0xf0, 0x77};
    const auto f = parse_factors(std::span<const std::uint8_t, 6>(max));
    EXPECT_EQ(f.m, 511);
    EXPECT_EQ(f.b, 511);
    EXPECT_EQ(f.r_exp, 7);
    EXPECT_EQ(f.b_exp, 7);
    const std::uint8_t min[] = {0x00, 0x80, 0x00, 0x80, 0x00, 0x88};
    const auto g = parse_factors(std::span<const std::uint8_t, 6>(min));
    EXPECT_EQ(g.m, -512);
    EXPECT_EQ(g.b, -512);
    EXPECT_EQ(g.r_exp, -8);
    EXPECT_EQ(g.b_exp, -8);
}

TEST(Accuracy, Percent) {
    Factors f;
    f.accuracy = 362;
    f.accuracy_exp = 3;
    EXPECT_DOUBLE_EQ(accuracy_percent(f), 3620.0);
    f.accuracy_exp = 0;
    EXPECT_DOUBLE_EQ(accuracy_percent(f), 3.62);
}

TEST(Thresholds, ConvertLikeReadings) {
    const auto record = std::get<FullSensorRecord>(*parse_sdr(sdr_fixtures::full_record()));
    const auto c = Conversion::from_record(record);
    // M = -212, B = -496 * 10^3, R = -2, 2's complement: UC raw 5Ah = 90.
    EXPECT_NEAR(value(record.upper_critical, c), (-212.0 * 90 - 496000) / 100, 1e-9);
    EXPECT_NEAR(value(record.sensor_minimum, c), (-212.0 * -128 - 496000) / 100, 1e-9);
}

TEST(Hysteresis, AmountWithoutB) {
    const auto c = conv(u, lin, 2, -40, -1);
    EXPECT_DOUBLE_EQ(*hysteresis_to_value(3, c), 0.6);
    EXPECT_DOUBLE_EQ(*hysteresis_to_value(0, c), 0.0);
    // The format does not apply: a count is unsigned (FFh is 255 counts, not -1).
    EXPECT_DOUBLE_EQ(*hysteresis_to_value(0xff, conv(twos, lin, -2, 0, -1)), 51.0);
    EXPECT_EQ(*hysteresis_to_raw(0.6, c), 3);
    EXPECT_EQ(*hysteresis_to_raw(0.64, c), 3);
    EXPECT_EQ(hysteresis_to_raw(100.0, c).error(), make_error_code(Errc::sdr_value_out_of_range));
    EXPECT_EQ(hysteresis_to_raw(-1.0, c).error(), make_error_code(Errc::sdr_value_out_of_range));
    EXPECT_EQ(hysteresis_to_value(3, conv(u, Linearization::ln, 2)).error(),
              make_error_code(Errc::sdr_conversion_undefined));
}

TEST(Resolution, CorrectForNegativeExponents) {
    EXPECT_DOUBLE_EQ(*resolution(conv(u, lin, 5, 0, -2)), 0.05);
    EXPECT_DOUBLE_EQ(*resolution(conv(u, lin, -5, 0, -2)), 0.05);
    EXPECT_DOUBLE_EQ(*resolution(conv(u, lin, 3, 100, 1)), 30.0);
    EXPECT_FALSE(resolution(conv(u, Linearization::sqr, 1)));
    EXPECT_FALSE(resolution(conv(AnalogFormat::none, lin, 1)));
}

TEST(Tolerance, HalfCountsInUnits) {
    auto c = conv(u, lin, 2, 0, -1);
    c.factors.tolerance = 3;
    EXPECT_DOUBLE_EQ(*tolerance(c), 0.3);
}

TEST(ToRaw, RoundsToNearestCount) {
    const auto c = conv(u, lin, 5, 0, -1); // 0.5 per count
    EXPECT_EQ(*to_raw(12.3, c), 25);
    EXPECT_EQ(*to_raw(12.2, c), 24);
    EXPECT_EQ(*to_raw(12.25, c), 25); // a tie rounds away from zero
    EXPECT_EQ(*to_raw(0.0, c), 0);
    EXPECT_EQ(*to_raw(127.5, c), 255);
    EXPECT_EQ(*to_raw(127.7, c), 255); // within half a count of the top
}

TEST(ToRaw, RefusesOutOfRange) {
    const auto c = conv(u, lin, 1);
    EXPECT_EQ(to_raw(256.0, c).error(), make_error_code(Errc::sdr_value_out_of_range));
    EXPECT_EQ(to_raw(-1.0, c).error(), make_error_code(Errc::sdr_value_out_of_range));
    EXPECT_EQ(to_raw(std::numeric_limits<double>::quiet_NaN(), c).error(),
              make_error_code(Errc::sdr_value_out_of_range));
    EXPECT_EQ(*to_raw(-128.0, conv(twos, lin, 1)), 0x80);
    EXPECT_EQ(to_raw(-129.0, conv(twos, lin, 1)).error(),
              make_error_code(Errc::sdr_value_out_of_range));
    EXPECT_EQ(*to_raw(-127.0, conv(ones, lin, 1)), 0x80);
    EXPECT_EQ(*to_raw(-5.0, conv(ones, lin, 1)), 0xfa);
    EXPECT_EQ(to_raw(-128.0, conv(ones, lin, 1)).error(),
              make_error_code(Errc::sdr_value_out_of_range));
    EXPECT_EQ(to_raw(1.0, conv(u, lin, 0)).error(),
              make_error_code(Errc::sdr_conversion_undefined));
    EXPECT_EQ(to_raw(-1.0, conv(u, Linearization::sqrt, 1)).error(),
              make_error_code(Errc::sdr_conversion_undefined));
    EXPECT_EQ(to_raw(1.0, conv(AnalogFormat::none, lin, 1)).error(),
              make_error_code(Errc::sdr_no_analog_reading));
}

// value -> raw -> value for every raw byte of injective conversions.
TEST(ToRaw, RoundTripsEveryRawByte) {
    const Conversion cases[] = {
        conv(u, lin, 1),
        conv(u, lin, 59, -3, -3, 2),
        conv(u, lin, -212, -496, -2, 3),
        conv(twos, lin, 1),
        conv(twos, lin, 5, -40, -1),
        conv(ones, lin, -3, 12, -2, 1),
        conv(ones, lin, 511, -512, 2, -8),
        conv(u, Linearization::ln, 3, 1, -1),
        conv(u, Linearization::log10, 7, 5),
        conv(u, Linearization::exp2, 1, 0, -1),
        conv(u, Linearization::e, 2, 0, -2),
        conv(u, Linearization::inverse, 1, 1),
        conv(u, Linearization::sqr, 1),
        conv(twos, Linearization::cube, 1, 0, -1),
        conv(u, Linearization::sqrt, 10),
        conv(twos, Linearization::cube_root, 3),
    };
    for (const auto& c : cases) {
        for (int raw = 0; raw < 256; ++raw) {
            const auto r = static_cast<std::uint8_t>(raw);
            if (c.format == ones && r == 0xff) {
                continue; // negative zero encodes as 00h
            }
            const auto v = to_value(r, c);
            if (!v) {
                continue;
            }
            const auto back = to_raw(*v, c);
            ASSERT_TRUE(back) << "raw " << raw << " L " << int{c.linearization};
            EXPECT_EQ(*back, r) << "raw " << raw << " L " << int{c.linearization};
        }
    }
}

} // namespace
