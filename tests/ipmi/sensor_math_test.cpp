// Sensor conversion (IPMI 2.0 36.3) with hand-computed fixtures: factor bytes,
// every analog format and linearization, negative B and exponents, hysteresis,
// resolution and the inverse used for thresholds.
#include "ipmi/sensor_math.hpp"

#include <array>
#include <cmath>
#include <gtest/gtest.h>

namespace {

using ipmi::AnalogFormat;
using ipmi::Factors;

constexpr std::uint8_t lin = 0x00;

TEST(Factors, ParseEveryFieldIncludingNegatives) {
    // M = -3 (10-bit 3FDh), tolerance 5, B = -100 (39Ch), accuracy 0x123 exp 2,
    // direction bits ignored, R = -3, B exponent = 1.
    const std::array<std::uint8_t, 6> bytes{0xfd, 0xc5, 0x9c, 0xe3, 0x48 | 0x01, 0xd1};
    const Factors f = ipmi::parse_factors(bytes);
    EXPECT_EQ(f.m, -3);
    EXPECT_EQ(f.tolerance, 5);
    EXPECT_EQ(f.b, -100);
    EXPECT_EQ(f.accuracy, 0x123);
    EXPECT_EQ(f.accuracy_exp, 2);
    EXPECT_EQ(f.r_exp, -3);
    EXPECT_EQ(f.b_exp, 1);
    const std::array<std::uint8_t, 6> positive{0x3c, 0x00, 0x64, 0x00, 0x00, 0x21};
    const Factors p = ipmi::parse_factors(positive);
    EXPECT_EQ(p.m, 60);
    EXPECT_EQ(p.b, 100);
    EXPECT_EQ(p.r_exp, 2);
    EXPECT_EQ(p.b_exp, 1);
}

TEST(Convert, LinearWithBAndExponents) {
    // The profile's VBAT: (10x + 100 * 10^1) * 10^-3 = 0.01x + 1.0 V.
    const Factors vbat{10, 100, -3, 1};
    EXPECT_DOUBLE_EQ(*ipmi::raw_to_value(200, AnalogFormat::unsigned_value, lin, vbat), 3.0);
    // Negative B: (10x - 100) * 10^-3.
    const Factors vcore{10, -100, -3, 0};
    EXPECT_NEAR(*ipmi::raw_to_value(190, AnalogFormat::unsigned_value, lin, vcore), 1.8, 1e-12);
    EXPECT_NEAR(*ipmi::raw_to_value(0, AnalogFormat::unsigned_value, lin, vcore), -0.1, 1e-12);
    // Positive R exponent: fans at M = 80 RPM... (80x) * 10^0, and M=5, R=+1.
    EXPECT_DOUBLE_EQ(
        *ipmi::raw_to_value(105, AnalogFormat::unsigned_value, lin, Factors{80, 0, 0, 0}), 8400.0);
    EXPECT_DOUBLE_EQ(*ipmi::raw_to_value(3, AnalogFormat::unsigned_value, lin, Factors{5, 0, 1, 0}),
                     150.0);
}

TEST(Convert, AnalogFormats) {
    const Factors one{1, 0, 0, 0};
    EXPECT_EQ(*ipmi::raw_to_value(0xfb, AnalogFormat::unsigned_value, lin, one), 251.0);
    EXPECT_EQ(*ipmi::raw_to_value(0xfb, AnalogFormat::twos_complement, lin, one), -5.0);
    EXPECT_EQ(*ipmi::raw_to_value(0x80, AnalogFormat::twos_complement, lin, one), -128.0);
    EXPECT_EQ(*ipmi::raw_to_value(0xfa, AnalogFormat::ones_complement, lin, one), -5.0);
    EXPECT_EQ(*ipmi::raw_to_value(0xff, AnalogFormat::ones_complement, lin, one),
              0.0); // negative zero
    EXPECT_EQ(*ipmi::raw_to_value(0x7f, AnalogFormat::ones_complement, lin, one), 127.0);
    EXPECT_FALSE(ipmi::raw_to_value(0x10, AnalogFormat::none, lin, one));
}

TEST(Convert, EveryLinearization) {
    const Factors f{1, 0, 0, 0};
    const auto at = [&](std::uint8_t l, std::uint8_t raw) {
        return *ipmi::raw_to_value(raw, AnalogFormat::unsigned_value, l, f);
    };
    EXPECT_NEAR(at(0x01, 20), std::log(20.0), 1e-12);
    EXPECT_NEAR(at(0x02, 100), 2.0, 1e-12);
    EXPECT_NEAR(at(0x03, 64), 6.0, 1e-12);
    EXPECT_NEAR(at(0x04, 2), std::exp(2.0), 1e-12);
    EXPECT_NEAR(at(0x05, 3), 1000.0, 1e-9);
    EXPECT_NEAR(at(0x06, 10), 1024.0, 1e-12);
    EXPECT_NEAR(at(0x07, 4), 0.25, 1e-12);
    EXPECT_NEAR(at(0x08, 12), 144.0, 1e-12);
    EXPECT_NEAR(at(0x09, 3), 27.0, 1e-12);
    EXPECT_NEAR(at(0x0a, 144), 12.0, 1e-12);
    EXPECT_NEAR(at(0x0b, 27), 3.0, 1e-12);
    // The profile's System Airflow: sqrt(4 * 144) = 24 CFM.
    EXPECT_NEAR(*ipmi::raw_to_value(144, AnalogFormat::unsigned_value, 0x0a, Factors{4, 0, 0, 0}),
                24.0, 1e-12);
}

TEST(Convert, UndefinedAndNonLinear) {
    const Factors f{1, 0, 0, 0};
    EXPECT_FALSE(ipmi::raw_to_value(0, AnalogFormat::unsigned_value, 0x01, f));     // ln 0
    EXPECT_FALSE(ipmi::raw_to_value(0, AnalogFormat::unsigned_value, 0x07, f));     // 1/0
    EXPECT_FALSE(ipmi::raw_to_value(0xff, AnalogFormat::twos_complement, 0x0a, f)); // sqrt(-1)
    EXPECT_FALSE(
        ipmi::raw_to_value(5, AnalogFormat::unsigned_value, 0x70, f)); // needs reading factors
    EXPECT_FALSE(ipmi::raw_to_value(5, AnalogFormat::unsigned_value, 0x0c, f)); // reserved
    EXPECT_TRUE(ipmi::is_nonlinear(0x70));
    EXPECT_TRUE(ipmi::is_nonlinear(0x7f));
    EXPECT_FALSE(ipmi::is_nonlinear(0x0b));
}

TEST(Convert, ResolutionAndHysteresis) {
    EXPECT_DOUBLE_EQ(ipmi::resolution(Factors{60, 0, -3, 0}), 0.06);
    EXPECT_DOUBLE_EQ(ipmi::resolution(Factors{-3, 0, -2, 0}), 0.03);
    EXPECT_DOUBLE_EQ(ipmi::resolution(Factors{80, 0, 0, 0}), 80.0);
    // Hysteresis is an amount: no B offset.
    EXPECT_DOUBLE_EQ(ipmi::hysteresis_to_value(2, Factors{10, -100, -3, 0}), 0.02);
}

TEST(Convert, InverseForThresholdsRoundTrips) {
    const Factors f{60, 0, -3, 0};
    for (int raw = 0; raw < 256; ++raw) {
        const double v = *ipmi::raw_to_value(static_cast<std::uint8_t>(raw),
                                             AnalogFormat::unsigned_value, lin, f);
        EXPECT_EQ(ipmi::value_to_raw(v, AnalogFormat::unsigned_value, f), raw);
    }
    const Factors signed_temp{1, 0, 0, 0};
    EXPECT_EQ(ipmi::value_to_raw(-10.0, AnalogFormat::twos_complement, signed_temp), 0xf6);
    EXPECT_EQ(ipmi::value_to_raw(-5.0, AnalogFormat::ones_complement, signed_temp), 0xfa);
    EXPECT_EQ(ipmi::value_to_raw(12.04, AnalogFormat::unsigned_value, f), 201); // nearest: 12.06
    EXPECT_FALSE(ipmi::value_to_raw(16.0, AnalogFormat::unsigned_value, f));    // 267 > 255
    EXPECT_FALSE(ipmi::value_to_raw(-1.0, AnalogFormat::unsigned_value, f));
    EXPECT_FALSE(ipmi::value_to_raw(200.0, AnalogFormat::twos_complement, signed_temp));
    EXPECT_FALSE(ipmi::value_to_raw(1.0, AnalogFormat::unsigned_value, Factors{0, 0, 0, 0}));
}

} // namespace
