// The model's sensors as Redfish sees them (Sensor.v1_x, DSP0268 "Sensor"): one view per
// readable SDR sensor with its URI segment, reading in the Redfish unit (UCUM), ReadingType,
// the six IPMI thresholds and the health. The Sensors collection, the legacy Thermal and
// Power arrays, PowerSubsystem and ThermalSubsystem all read these, so every resource shows
// the same numbers; the numbers are the ones WS-Management and /metrics show (the same
// SensorSample and ipmi::threshold_value).
#pragma once

#include "cim_mapping/snapshot.hpp"
#include "ipmi/sdr/health.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redfish {

struct SensorView {
    std::size_t index = 0; // into Snapshot::sensors
    std::string id;        // the Sensors member's Id: the name with [A-Za-z0-9_] kept, '_' for the rest
    std::string name;
    std::optional<double> reading;  // threshold sensors with a converted reading
    std::string_view units;         // UCUM ("Cel", "V", "A", "W", "J", "RPM", "%"); "" when none
    std::string_view reading_type;  // Sensor.ReadingType; "" when Redfish has none for the unit
    std::array<std::optional<double>, 6> thresholds; // by ipmi::sdr::Threshold (LNC, LC, LNR, UNC, UC, UNR)
    std::optional<ipmi::sdr::Health> health;
    bool sampled = false; // the BMC answered for this sensor
};

// Every readable sensor, in SDR order; the same (record id, name) once (as /metrics).
[[nodiscard]] std::vector<SensorView> sensor_views(const cim::Snapshot& s);

// Resource.Health: "OK", "Warning", "Critical" (non-recoverable is Critical).
[[nodiscard]] std::string_view health_name(ipmi::sdr::Health h);

// Resource.Status of a sensor: State "Enabled" (or "UnavailableOffline" without a
// reading) and its Health when it has one.
[[nodiscard]] nlohmann::ordered_json sensor_status(const SensorView& v);

// IPMI sensor type 04h (Fan), IPMI 2.0 Table 42-3.
inline constexpr std::uint8_t sensor_type_fan = 0x04;

} // namespace redfish
