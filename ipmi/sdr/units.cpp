// Sensor unit names (IPMI 2.0 Table 43-15) and unit strings, worded as FreeIPMI 1.6.10 writes
// them (libfreeipmi/spec/ipmi-sensor-units-spec.c) so our output matches ipmi-sensors.
#include "ipmi/sdr/units.hpp"

#include <array>
#include <fmt/format.h>

namespace ipmi::sdr {
namespace {

using namespace std::string_view_literals;

struct UnitNames {
    std::string_view full;
    std::string_view abbreviated;
};

constexpr std::array<UnitNames, max_unit_code + 1> units{{
    {"unspecified"sv, "unspecified"sv},               // 0
    {"degrees C"sv, "C"sv},                           // 1
    {"degrees F"sv, "F"sv},                           // 2
    {"degrees K"sv, "K"sv},                           // 3
    {"Volts"sv, "V"sv},                               // 4
    {"Amps"sv, "A"sv},                                // 5
    {"Watts"sv, "W"sv},                               // 6
    {"Joules"sv, "J"sv},                              // 7
    {"Coulombs"sv, "C"sv},                            // 8
    {"VA"sv, "VA"sv},                                 // 9
    {"Nits"sv, "nits"sv},                             // 10
    {"Lumen"sv, "lm"sv},                              // 11
    {"Lux"sv, "lux"sv},                               // 12
    {"Candela"sv, "cd"sv},                            // 13
    {"kPA"sv, "KPA"sv},                               // 14
    {"PSI"sv, "PSI"sv},                               // 15
    {"Newton"sv, "N"sv},                              // 16
    {"CFM"sv, "CFM"sv},                               // 17
    {"RPM"sv, "RPM"sv},                               // 18
    {"Hz"sv, "Hz"sv},                                 // 19
    {"microsecond"sv, "us"sv},                        // 20
    {"millisecond"sv, "ms"sv},                        // 21
    {"second"sv, "s"sv},                              // 22
    {"minute"sv, "min"sv},                            // 23
    {"hour"sv, "hr"sv},                               // 24
    {"day"sv, "day"sv},                               // 25
    {"week"sv, "wk"sv},                               // 26
    {"mil"sv, "mil"sv},                               // 27
    {"inches"sv, "in"sv},                             // 28
    {"feet"sv, "ft"sv},                               // 29
    {"cu in"sv, "cu in"sv},                           // 30
    {"cu feet"sv, "cu feet"sv},                       // 31
    {"mm"sv, "mm"sv},                                 // 32
    {"cm"sv, "cm"sv},                                 // 33
    {"m"sv, "m"sv},                                   // 34
    {"cu cm"sv, "cu cm"sv},                           // 35
    {"cu m"sv, "cu m"sv},                             // 36
    {"liters"sv, "L"sv},                              // 37
    {"fluid Ounce"sv, "fl oz"sv},                     // 38
    {"radians"sv, "rad"sv},                           // 39
    {"steradians"sv, "sr"sv},                         // 40
    {"revolutions"sv, "rev"sv},                       // 41
    {"cycles"sv, "c"sv},                              // 42
    {"gravities"sv, "g"sv},                           // 43
    {"ounce"sv, "oz"sv},                              // 44
    {"pound"sv, "lb"sv},                              // 45
    {"ft-lb"sv, "ft lB"sv},                           // 46
    {"oz-in"sv, "oz in"sv},                           // 47
    {"gauss"sv, "G"sv},                               // 48
    {"gilberts"sv, "Gi"sv},                           // 49
    {"henry"sv, "H"sv},                               // 50
    {"millihenry"sv, "mH"sv},                         // 51
    {"farad"sv, "F"sv},                               // 52
    {"microfarad"sv, "uF"sv},                         // 53
    {"ohms"sv, "ohms"sv},                             // 54
    {"siemens"sv, "S"sv},                             // 55
    {"mole"sv, "mol"sv},                              // 56
    {"becquerel"sv, "Bq"sv},                          // 57
    {"PPM"sv, "PPM"sv},                               // 58
    {"reserved"sv, "Reserved"sv},                     // 59
    {"Decibels"sv, "dB"sv},                           // 60
    {"DbA"sv, "DbA"sv},                               // 61
    {"DbC"sv, "DbC"sv},                               // 62
    {"gray"sv, "Gy"sv},                               // 63
    {"sievert"sv, "Sv"sv},                            // 64
    {"color temp deg K"sv, "color temp deg K"sv},     // 65
    {"bit"sv, "b"sv},                                 // 66
    {"kilobit"sv, "Kb"sv},                            // 67
    {"megabit"sv, "Mb"sv},                            // 68
    {"gigabit"sv, "Gb"sv},                            // 69
    {"byte"sv, "B"sv},                                // 70
    {"kilobyte"sv, "KB"sv},                           // 71
    {"megabyte"sv, "MB"sv},                           // 72
    {"gigabyte"sv, "GB"sv},                           // 73
    {"word"sv, "word"sv},                             // 74
    {"dword"sv, "dword"sv},                           // 75
    {"qword"sv, "qword"sv},                           // 76
    {"line"sv, "line"sv},                             // 77
    {"hit"sv, "hit"sv},                               // 78
    {"miss"sv, "miss"sv},                             // 79
    {"retry"sv, "retry"sv},                           // 80
    {"reset"sv, "reset"sv},                           // 81
    {"overrun / overflow"sv, "overrun / overflow"sv}, // 82
    {"underrun"sv, "underrun"sv},                     // 83
    {"collision"sv, "collision"sv},                   // 84
    {"packets"sv, "pkts"sv},                          // 85
    {"messages"sv, "msgs"sv},                         // 86
    {"characters"sv, "chars"sv},                      // 87
    {"error"sv, "err"sv},                             // 88
    {"correctable Error"sv, "correctable err"sv},     // 89
    {"uncorrectable Error"sv, "uncorrectable err"sv}, // 90
    {"fatal Error"sv, "fatal err"sv},                 // 91
    {"grams"sv, "g"sv},                               // 92
}};

// Sensor Units 1 bits 5:3; 7 is reserved.
constexpr std::array rates{
    "none"sv,       // 0
    "per uS"sv,     // 1
    "per ms"sv,     // 2
    "per s"sv,      // 3
    "per minute"sv, // 4
    "per hour"sv,   // 5
    "per day"sv,    // 6
};

std::string name_or_code(std::uint8_t code, UnitStyle style) {
    const auto name = style == UnitStyle::full ? unit_name(code) : unit_abbreviation(code);
    return name.empty() ? fmt::format("unit {}", code) : std::string(name);
}

} // namespace

std::string_view unit_name(std::uint8_t code) noexcept {
    return code < units.size() ? units[code].full : std::string_view{};
}

std::string_view unit_abbreviation(std::uint8_t code) noexcept {
    return code < units.size() ? units[code].abbreviated : std::string_view{};
}

std::string_view rate_unit_name(std::uint8_t rate) noexcept {
    return rate < rates.size() ? rates[rate] : std::string_view{};
}

std::string unit_string(const SensorUnits& u, UnitStyle style) {
    constexpr std::uint8_t unspecified = 0;
    constexpr std::uint8_t rpm = 18;
    constexpr std::uint8_t per_minute = 4;
    const bool modified =
        u.modifier_use == ModifierUse::divide || u.modifier_use == ModifierUse::multiply;
    const bool rated = u.rate != 0;
    if (u.percentage && !modified && !rated && u.base == unspecified) {
        return "%";
    }
    std::string out = u.percentage ? "% " : "";
    out += name_or_code(u.base, style);
    // FreeIPMI: "some vendors messed up" and set a modifier use with modifier unit 0.
    if (modified && u.modifier != unspecified) {
        out += u.modifier_use == ModifierUse::divide ? " / " : " * ";
        out += name_or_code(u.modifier, style);
    }
    if (rated && !(u.base == rpm && u.rate == per_minute)) { // RPM is per minute already
        const auto rate = rate_unit_name(u.rate);
        out += rate.empty() ? fmt::format(" rate {}", u.rate) : fmt::format(" {}", rate);
    }
    return out;
}

} // namespace ipmi::sdr
