// Sensor health from a reading: threshold crossings (section 35.14, 36) and a table of the
// severity of generic (Table 42-2) and sensor-specific (Table 42-3) discrete offsets.
#pragma once

#include "ipmi/sdr/reading.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace ipmi::sdr {

enum class Health : std::uint8_t { ok, warning, critical, nonrecoverable };

// "ok", "warning", "critical", "nonrecoverable".
[[nodiscard]] std::string_view to_string(Health h) noexcept;

// Threshold comparison status bits (bit n = Threshold n): non-critical -> warning, critical ->
// critical, non-recoverable -> nonrecoverable; the worst crossed wins.
[[nodiscard]] Health threshold_health(std::uint8_t comparison_status) noexcept;

// The severity of one asserted offset: event/reading type 01h (threshold offsets), 02h-0Ch
// (generic) or 6Fh (sensor-specific, by sensor type). OEM and unknown offsets are ok.
[[nodiscard]] Health offset_severity(std::uint8_t event_reading_type, std::uint8_t sensor_type,
                                     std::uint8_t offset) noexcept;

// The worst severity of the asserted states (bits 0-14).
[[nodiscard]] Health discrete_health(std::uint8_t event_reading_type, std::uint8_t sensor_type,
                                     std::uint16_t states) noexcept;

// A reading's health; nullopt when the reading is not valid (scanning disabled, unavailable)
// or a discrete reading carried no state bytes.
[[nodiscard]] std::optional<Health> health(const SensorReading& reading,
                                           std::uint8_t event_reading_type,
                                           std::uint8_t sensor_type) noexcept;

} // namespace ipmi::sdr
