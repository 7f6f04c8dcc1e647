// Unit names (Table 43-15) and unit strings as ipmi-sensors prints them.
#include "ipmi/sdr/units.hpp"

#include <gtest/gtest.h>

namespace {

using namespace ipmi::sdr;

TEST(UnitName, Table43_15AsFreeIpmiWritesIt) {
    EXPECT_EQ(unit_name(0), "unspecified");
    EXPECT_EQ(unit_name(1), "degrees C");
    EXPECT_EQ(unit_name(2), "degrees F");
    EXPECT_EQ(unit_name(4), "Volts");
    EXPECT_EQ(unit_name(5), "Amps");
    EXPECT_EQ(unit_name(6), "Watts");
    EXPECT_EQ(unit_name(18), "RPM");
    EXPECT_EQ(unit_name(19), "Hz");
    EXPECT_EQ(unit_name(92), "grams");
    EXPECT_EQ(unit_name(93), "");
    EXPECT_EQ(unit_name(255), "");
    EXPECT_EQ(unit_abbreviation(1), "C");
    EXPECT_EQ(unit_abbreviation(4), "V");
    EXPECT_EQ(unit_abbreviation(18), "RPM");
}

TEST(RateUnit, Names) {
    EXPECT_EQ(rate_unit_name(0), "none");
    EXPECT_EQ(rate_unit_name(1), "per uS");
    EXPECT_EQ(rate_unit_name(4), "per minute");
    EXPECT_EQ(rate_unit_name(6), "per day");
    EXPECT_EQ(rate_unit_name(7), "");
}

TEST(UnitString, LikeIpmiSensors) {
    EXPECT_EQ(unit_string({0, ModifierUse::none, false, 1, 0}), "degrees C");
    EXPECT_EQ(unit_string({0, ModifierUse::none, false, 1, 0}, UnitStyle::abbreviated), "C");
    EXPECT_EQ(unit_string({0, ModifierUse::none, true, 0, 0}), "%");
    EXPECT_EQ(unit_string({0, ModifierUse::none, true, 4, 0}), "% Volts");
    EXPECT_EQ(unit_string({0, ModifierUse::none, true, 4, 0}, UnitStyle::abbreviated), "% V");
    EXPECT_EQ(unit_string({4, ModifierUse::none, false, 18, 0}), "RPM"); // per minute implied
    EXPECT_EQ(unit_string({3, ModifierUse::none, false, 18, 0}), "RPM per s");
    EXPECT_EQ(unit_string({5, ModifierUse::none, false, 7, 0}), "Joules per hour");
    EXPECT_EQ(unit_string({0, ModifierUse::divide, false, 6, 24}), "Watts / hour");
    EXPECT_EQ(unit_string({0, ModifierUse::divide, false, 6, 24}, UnitStyle::abbreviated),
              "W / hr");
    EXPECT_EQ(unit_string({0, ModifierUse::multiply, false, 4, 5}), "Volts * Amps");
    EXPECT_EQ(unit_string({0, ModifierUse::multiply, false, 4, 0}), "Volts"); // vendor slip
    EXPECT_EQ(unit_string({0, ModifierUse::none, false, 0, 0}), "unspecified");
}

TEST(UnitString, WhereFreeIpmiRefusesWeStillAnswer) {
    EXPECT_EQ(unit_string({3, ModifierUse::divide, false, 4, 5}), "Volts / Amps per s");
    EXPECT_EQ(unit_string({0, ModifierUse::reserved, false, 4, 5}), "Volts");
    EXPECT_EQ(unit_string({7, ModifierUse::none, false, 4, 0}), "Volts rate 7");
    EXPECT_EQ(unit_string({0, ModifierUse::none, false, 200, 0}), "unit 200");
}

} // namespace
