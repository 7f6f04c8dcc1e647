// Sensor type names and event offset names (IPMI 2.0 section 42, Tables 42-1..42-3).
#pragma once

#include <cstdint>
#include <string_view>

namespace ipmi::sdr {

// Name of a sensor type code (Table 42-3 first column, e.g. 01h "Temperature"), as
// FreeIPMI words it: 00h "Reserved", C0h-FFh "OEM Reserved", empty for 2Dh-BFh.
[[nodiscard]] std::string_view sensor_type_name(std::uint8_t sensor_type) noexcept;

// Name of a generic event offset (Table 42-2): event/reading type 01h (threshold
// offsets, "Upper Critical - going high") and 02h-0Ch. Empty when undefined.
[[nodiscard]] std::string_view generic_offset_name(std::uint8_t event_reading_type,
                                                   std::uint8_t offset) noexcept;

// Name of a sensor-specific event offset (Table 42-3, event/reading type 6Fh).
// Empty when the sensor type or offset is undefined.
[[nodiscard]] std::string_view sensor_specific_offset_name(std::uint8_t sensor_type,
                                                           std::uint8_t offset) noexcept;

} // namespace ipmi::sdr
