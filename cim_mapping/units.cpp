// The IPMI unit code to CIM BaseUnits table.
#include "cim_mapping/units.hpp"

#include <array>

namespace cim {
namespace {

// Indexed by IPMI 2.0 Table 43-15 code (0-92); {CIM BaseUnits, power of ten}.
constexpr std::array<CimUnit, 93> table{{
    {0, 0},   // 0 unspecified -> Unknown
    {2, 0},   // 1 degrees C
    {3, 0},   // 2 degrees F
    {4, 0},   // 3 degrees K
    {5, 0},   // 4 Volts
    {6, 0},   // 5 Amps
    {7, 0},   // 6 Watts
    {8, 0},   // 7 Joules
    {9, 0},   // 8 Coulombs
    {10, 0},  // 9 VA
    {11, 0},  // 10 Nits
    {12, 0},  // 11 lumen
    {13, 0},  // 12 lux
    {14, 0},  // 13 Candela
    {15, 0},  // 14 kPa
    {16, 0},  // 15 PSI
    {17, 0},  // 16 Newton
    {18, 0},  // 17 CFM
    {19, 0},  // 18 RPM
    {20, 0},  // 19 Hz
    {21, -6}, // 20 microsecond -> Seconds
    {21, -3}, // 21 millisecond -> Seconds
    {21, 0},  // 22 second
    {22, 0},  // 23 minute
    {23, 0},  // 24 hour
    {24, 0},  // 25 day
    {25, 0},  // 26 week
    {26, 0},  // 27 mil
    {27, 0},  // 28 inches
    {28, 0},  // 29 feet
    {29, 0},  // 30 cu in
    {30, 0},  // 31 cu feet
    {31, -3}, // 32 mm -> Meters
    {31, -2}, // 33 cm -> Meters
    {31, 0},  // 34 m
    {32, 0},  // 35 cu cm
    {33, 0},  // 36 cu m
    {34, 0},  // 37 liters
    {35, 0},  // 38 fluid ounce
    {36, 0},  // 39 radians
    {37, 0},  // 40 steradians
    {38, 0},  // 41 revolutions
    {39, 0},  // 42 cycles
    {40, 0},  // 43 gravities
    {41, 0},  // 44 ounce
    {42, 0},  // 45 pound
    {43, 0},  // 46 ft-lb
    {44, 0},  // 47 oz-in
    {45, 0},  // 48 gauss
    {46, 0},  // 49 gilberts
    {47, 0},  // 50 henry
    {47, -3}, // 51 millihenry -> Henries
    {48, 0},  // 52 farad
    {48, -6}, // 53 microfarad -> Farads
    {49, 0},  // 54 ohms
    {50, 0},  // 55 siemens
    {51, 0},  // 56 mole
    {52, 0},  // 57 becquerel
    {53, 0},  // 58 PPM
    {1, 0},   // 59 reserved -> Other
    {54, 0},  // 60 Decibels
    {55, 0},  // 61 DbA
    {56, 0},  // 62 DbC
    {57, 0},  // 63 gray
    {58, 0},  // 64 sievert
    {59, 0},  // 65 color temp deg K
    {60, 0},  // 66 bit
    {60, 3},  // 67 kilobit -> Bits
    {60, 6},  // 68 megabit
    {60, 9},  // 69 gigabit
    {61, 0},  // 70 byte
    {61, 3},  // 71 kilobyte -> Bytes
    {61, 6},  // 72 megabyte
    {61, 9},  // 73 gigabyte
    {62, 0},  // 74 word
    {63, 0},  // 75 dword
    {64, 0},  // 76 qword
    {1, 0},   // 77 line
    {1, 0},   // 78 hit
    {1, 0},   // 79 miss
    {1, 0},   // 80 retry
    {1, 0},   // 81 reset
    {1, 0},   // 82 overrun / overflow
    {1, 0},   // 83 underrun
    {1, 0},   // 84 collision
    {1, 0},   // 85 packets
    {1, 0},   // 86 messages
    {1, 0},   // 87 characters
    {1, 0},   // 88 error
    {1, 0},   // 89 correctable error
    {1, 0},   // 90 uncorrectable error
    {1, 0},   // 91 fatal error
    {1, 0},   // 92 grams (CIM has ounces and pounds only)
}};

} // namespace

CimUnit cim_unit(std::uint8_t ipmi_unit) noexcept {
    return ipmi_unit < table.size() ? table[ipmi_unit] : CimUnit{base_units::other, 0};
}

CimUnit cim_unit(const ipmi::sdr::SensorUnits& units) noexcept {
    if (units.percentage && units.base == 0) {
        return {base_units::percentage, 0};
    }
    return cim_unit(units.base);
}

std::uint16_t rate_units(const ipmi::sdr::SensorUnits& units) noexcept {
    return units.rate <= 6 ? units.rate : 0;
}

} // namespace cim
