// FreeIPMI as the oracle: for many (M, B, exponents, linearization, format)
// combinations, every raw byte converts to the value libfreeipmi's
// ipmi_sensor_decode_value gives, and the inverse agrees with
// ipmi_sensor_decode_raw_value for linear sensors.
#include "ipmi/sensor_math.hpp"

#include <cmath>
#include <freeipmi/util/ipmi-sensor-util.h>
#include <gtest/gtest.h>

namespace {

struct Case {
    std::int16_t m, b;
    std::int8_t r_exp, b_exp;
};

constexpr Case cases[] = {
    {1, 0, 0, 0},  {60, 0, -3, 0},      {10, 100, -3, 1},   {10, -100, -3, 0}, {-3, 0, -2, 0},
    {80, 0, 0, 0}, {511, -512, -1, -1}, {-512, 511, 2, -8}, {2, -1, -1, 7},    {7, 3, -8, 2},
};

TEST(FreeIpmiOracle, EveryRawByteEveryFormatEveryLinearization) {
    int compared = 0;
    for (const auto& c : cases) {
        for (std::uint8_t fmt = 0; fmt < 3; ++fmt) {
            // 0Bh (cube-1, the cube root, as FreeIPMI's own source and ipmitool
            // compute it) is left out: Debian's libfreeipmi 1.6.10 answers 1/x^3
            // (raw 8 -> 0.00195), which disagrees with the spec's pairing with
            // 0Ah sqrt. tests/ipmi/sensor_math_test.cpp checks 0Bh by hand.
            for (std::uint8_t lin = 0; lin <= 0x0a; ++lin) {
                for (int raw = 0; raw < 256; ++raw) {
                    double want = 0;
                    const int rc = ipmi_sensor_decode_value(c.r_exp, c.b_exp, c.m, c.b, lin, fmt,
                                                            static_cast<std::uint8_t>(raw), &want);
                    const auto got = ipmi::raw_to_value(static_cast<std::uint8_t>(raw),
                                                        static_cast<ipmi::AnalogFormat>(fmt), lin,
                                                        ipmi::Factors{c.m, c.b, c.r_exp, c.b_exp});
                    if (rc < 0 || !std::isfinite(want)) {
                        continue; // FreeIPMI refuses; ours may too (checked in the unit test)
                    }
                    if (!got) {
                        // L undefined for this y (log of <= 0, 1/0, sqrt of < 0): FreeIPMI
                        // returns NaN/inf there, filtered above, or a value we refuse.
                        EXPECT_FALSE(std::isfinite(want) && std::isnormal(want) && lin == 0)
                            << "m=" << c.m << " b=" << c.b << " raw=" << raw;
                        continue;
                    }
                    ASSERT_NEAR(*got, want, std::fabs(want) * 1e-9 + 1e-12)
                        << "m=" << c.m << " b=" << c.b << " r=" << int{c.r_exp}
                        << " bexp=" << int{c.b_exp} << " lin=" << int{lin} << " fmt=" << int{fmt}
                        << " raw=" << raw;
                    ++compared;
                }
            }
        }
    }
    EXPECT_GT(compared, 50000);
}

TEST(FreeIpmiOracle, InverseOfLinearSensors) {
    for (const auto& c : cases) {
        if (c.m == 0) {
            continue;
        }
        for (std::uint8_t fmt = 0; fmt < 3; ++fmt) {
            for (int raw = 0; raw < 256; raw += 3) {
                double value = 0;
                ASSERT_EQ(ipmi_sensor_decode_value(c.r_exp, c.b_exp, c.m, c.b, 0, fmt,
                                                   static_cast<std::uint8_t>(raw), &value),
                          0);
                std::uint8_t want = 0;
                if (ipmi_sensor_decode_raw_value(c.r_exp, c.b_exp, c.m, c.b, 0, fmt, value, &want) <
                    0) {
                    continue;
                }
                const auto got = ipmi::value_to_raw(value, static_cast<ipmi::AnalogFormat>(fmt),
                                                    ipmi::Factors{c.m, c.b, c.r_exp, c.b_exp});
                ASSERT_TRUE(got) << "value " << value;
                // Same value back (1's complement has two zeros: compare values).
                const auto back = ipmi::raw_to_value(*got, static_cast<ipmi::AnalogFormat>(fmt), 0,
                                                     ipmi::Factors{c.m, c.b, c.r_exp, c.b_exp});
                EXPECT_NEAR(*back, value, std::fabs(value) * 1e-9 + 1e-12);
            }
        }
    }
}

} // namespace
