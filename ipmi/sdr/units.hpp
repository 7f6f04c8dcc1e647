// Sensor units (IPMI 2.0 section 43.15 Table 43-15; Table 43-1 bytes 21-23) and the unit
// string FreeIPMI's ipmi-sensors prints ("degrees C", "Watts / hour", "% RPM").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ipmi::sdr {

// Sensor Units 1 bits 2:1.
enum class ModifierUse : std::uint8_t { none = 0, divide = 1, multiply = 2, reserved = 3 };

struct SensorUnits {
    std::uint8_t rate = 0; // Sensor Units 1 bits 5:3: 0 none, 1 per us ... 6 per day
    ModifierUse modifier_use = ModifierUse::none;
    bool percentage = false;   // bit 0
    std::uint8_t base = 0;     // byte 22, Table 43-15
    std::uint8_t modifier = 0; // byte 23, Table 43-15

    friend bool operator==(const SensorUnits&, const SensorUnits&) = default;
};

inline constexpr std::uint8_t max_unit_code = 92; // Table 43-15 ends with 92 "grams"

// Table 43-15 names as FreeIPMI writes them ("degrees C", "Volts", "Amps", "Watts", "RPM").
// Empty above 92.
[[nodiscard]] std::string_view unit_name(std::uint8_t code) noexcept;
// FreeIPMI's abbreviations ("C", "V", "A", "W", "RPM"), ipmi-sensors' default column.
[[nodiscard]] std::string_view unit_abbreviation(std::uint8_t code) noexcept;
// "none", "per uS", "per ms", "per s", "per minute", "per hour", "per day"; empty for 7.
[[nodiscard]] std::string_view rate_unit_name(std::uint8_t rate) noexcept;

enum class UnitStyle : std::uint8_t { full, abbreviated };

// As FreeIPMI's ipmi_sensor_units_string: "%" prefix for percentages (alone when the base
// unit is unspecified), "base / modifier" or "base * modifier", "base rate" ("RPM" alone with
// a per-minute rate). Where FreeIPMI refuses (modifier and rate both set, reserved or
// unknown codes) we still answer: unknown codes print as "unit NN", the rate is appended
// after the modifier, and a reserved modifier use prints the base unit alone.
[[nodiscard]] std::string unit_string(const SensorUnits& units, UnitStyle style = UnitStyle::full);

} // namespace ipmi::sdr
