// IPMI sensor units (IPMI 2.0 Table 43-15) to CIM_NumericSensor's BaseUnits, RateUnits and
// the power of ten a prefixed IPMI unit adds (CIM Schema 2.x CIM_NumericSensor ValueMaps).
// The two code lists are not offset by a constant: the table is explicit.
#pragma once

#include "ipmi/sdr/units.hpp"

#include <cstdint>

namespace cim {

// CIM_NumericSensor.BaseUnits values used here.
namespace base_units {
inline constexpr std::uint16_t unknown = 0;
inline constexpr std::uint16_t other = 1;
inline constexpr std::uint16_t degrees_c = 2;
inline constexpr std::uint16_t volts = 5;
inline constexpr std::uint16_t amps = 6;
inline constexpr std::uint16_t watts = 7;
inline constexpr std::uint16_t cfm = 18;
inline constexpr std::uint16_t rpm = 19;
inline constexpr std::uint16_t seconds = 21;
inline constexpr std::uint16_t meters = 31;
inline constexpr std::uint16_t bits = 60;
inline constexpr std::uint16_t bytes = 61;
inline constexpr std::uint16_t percentage = 65;
} // namespace base_units

struct CimUnit {
    std::uint16_t base_units = base_units::unknown;
    // The power of ten the IPMI unit carries over the CIM unit: millisecond = Seconds -3,
    // kilobyte = Bytes +3 (CIM has decimal modifiers only).
    int exponent = 0;
    friend bool operator==(const CimUnit&, const CimUnit&) = default;
};

// One IPMI unit code. 0 (unspecified) -> Unknown; IPMI units CIM has no BaseUnits for
// (line, hit, retry, packets, errors, grams...) -> Other.
[[nodiscard]] CimUnit cim_unit(std::uint8_t ipmi_unit) noexcept;

// The SDR's units: the base unit, or Percentage when the SDR says percentage and gives no
// base unit. A modifier unit ("Watts / hour") has no place in CIM 2.x: only the base unit
// is mapped.
[[nodiscard]] CimUnit cim_unit(const ipmi::sdr::SensorUnits& units) noexcept;

// CIM_NumericSensor.RateUnits: IPMI's rate codes 0-6 (none, per us, per ms, per s, per
// minute, per hour, per day) are CIM's 0-6; 7 (reserved) -> 0.
[[nodiscard]] std::uint16_t rate_units(const ipmi::sdr::SensorUnits& units) noexcept;

} // namespace cim
