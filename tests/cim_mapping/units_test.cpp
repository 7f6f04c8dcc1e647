// IPMI units (IPMI 2.0 Table 43-15) to CIM BaseUnits (CIM_NumericSensor ValueMap), checked
// entry by entry against the CIM schema's names.
#include "cim_mapping/units.hpp"

#include <gtest/gtest.h>

namespace {

using cim::cim_unit;
using cim::CimUnit;

TEST(CimUnits, SameQuantities) {
    EXPECT_EQ(cim_unit(0), (CimUnit{0, 0}));   // unspecified -> Unknown
    EXPECT_EQ(cim_unit(1), (CimUnit{2, 0}));   // degrees C -> Degrees C
    EXPECT_EQ(cim_unit(3), (CimUnit{4, 0}));   // degrees K -> Degrees K
    EXPECT_EQ(cim_unit(4), (CimUnit{5, 0}));   // Volts
    EXPECT_EQ(cim_unit(5), (CimUnit{6, 0}));   // Amps
    EXPECT_EQ(cim_unit(6), (CimUnit{7, 0}));   // Watts
    EXPECT_EQ(cim_unit(17), (CimUnit{18, 0})); // CFM
    EXPECT_EQ(cim_unit(18), (CimUnit{19, 0})); // RPM
    EXPECT_EQ(cim_unit(19), (CimUnit{20, 0})); // Hz -> Hertz
    EXPECT_EQ(cim_unit(22), (CimUnit{21, 0})); // second -> Seconds
    EXPECT_EQ(cim_unit(26), (CimUnit{25, 0})); // week -> Weeks
    EXPECT_EQ(cim_unit(34), (CimUnit{31, 0})); // m -> Meters
    EXPECT_EQ(cim_unit(37), (CimUnit{34, 0})); // liters
    EXPECT_EQ(cim_unit(58), (CimUnit{53, 0})); // PPM
    EXPECT_EQ(cim_unit(60), (CimUnit{54, 0})); // Decibels
    EXPECT_EQ(cim_unit(65), (CimUnit{59, 0})); // Color Temperature Degrees K
    EXPECT_EQ(cim_unit(66), (CimUnit{60, 0})); // bit -> Bits
    EXPECT_EQ(cim_unit(70), (CimUnit{61, 0})); // byte -> Bytes
    EXPECT_EQ(cim_unit(76), (CimUnit{64, 0})); // qword -> QuadWords
}

TEST(CimUnits, PrefixedUnitsCarryTheirPowerOfTen) {
    EXPECT_EQ(cim_unit(20), (CimUnit{21, -6})); // microsecond
    EXPECT_EQ(cim_unit(21), (CimUnit{21, -3})); // millisecond
    EXPECT_EQ(cim_unit(32), (CimUnit{31, -3})); // mm
    EXPECT_EQ(cim_unit(33), (CimUnit{31, -2})); // cm
    EXPECT_EQ(cim_unit(51), (CimUnit{47, -3})); // millihenry -> Henries
    EXPECT_EQ(cim_unit(53), (CimUnit{48, -6})); // microfarad -> Farads
    EXPECT_EQ(cim_unit(67), (CimUnit{60, 3}));  // kilobit
    EXPECT_EQ(cim_unit(73), (CimUnit{61, 9}));  // gigabyte
}

TEST(CimUnits, NoCimUnitIsOther) {
    EXPECT_EQ(cim_unit(59).base_units, cim::base_units::other);  // reserved
    EXPECT_EQ(cim_unit(77).base_units, cim::base_units::other);  // line
    EXPECT_EQ(cim_unit(91).base_units, cim::base_units::other);  // fatal error
    EXPECT_EQ(cim_unit(92).base_units, cim::base_units::other);  // grams
    EXPECT_EQ(cim_unit(93).base_units, cim::base_units::other);  // beyond the table
    EXPECT_EQ(cim_unit(255).base_units, cim::base_units::other);
}

TEST(CimUnits, PercentageAndRates) {
    ipmi::sdr::SensorUnits u;
    u.percentage = true;
    EXPECT_EQ(cim_unit(u), (CimUnit{cim::base_units::percentage, 0}));
    u.base = 18; // % RPM: the base unit wins
    EXPECT_EQ(cim_unit(u), (CimUnit{19, 0}));
    for (std::uint8_t r = 0; r <= 6; ++r) {
        u.rate = r;
        EXPECT_EQ(cim::rate_units(u), r); // None, Per MicroSecond ... Per Day
    }
    u.rate = 7;
    EXPECT_EQ(cim::rate_units(u), 0);
}

} // namespace
