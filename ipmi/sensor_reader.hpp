// Reading one sensor (IPMI 2.0 section 35.14 Get Sensor Reading) and turning the answer into
// a value in units (section 36.3; non-linear sensors through Get Sensor Reading Factors,
// section 35.5) and a health.
#pragma once

#include "ipmi/client.hpp"
#include "ipmi/commands/sensor.hpp"
#include "ipmi/sdr/health.hpp"
#include "ipmi/sdr/reading.hpp"
#include "ipmi/sdr/sensor.hpp"

#include <expected>
#include <optional>
#include <system_error>

namespace ipmi {

struct SensorSample {
    sdr::SensorReading reading;
    // Analog sensors with a valid reading: the value in the SDR's units.
    std::optional<double> value;
    // Why an analog sensor with a valid reading has no value (conversion undefined, a
    // non-linear sensor whose BMC refused Get Sensor Reading Factors).
    std::error_code value_error;
    // nullopt when the reading is not valid (scanning disabled, unavailable, no states).
    std::optional<sdr::Health> health;
};

// One Get Sensor Reading to the sensor's LUN (plus one Get Sensor Reading Factors for a
// non-linear sensor). Sensors owned by another controller would need bridging: refused with
// Errc::sensor_not_on_bmc. Event-only sensors: Errc::sensor_event_only.
[[nodiscard]] std::expected<SensorSample, std::error_code> read_sensor(Client& client,
                                                                       const sdr::Sensor& sensor);

// A full threshold record's threshold in units; nullopt when it is not readable or does not
// convert. With `live` (a Get Sensor Thresholds answer, section 35.9) the BMC's current
// threshold is converted, else the SDR's initial one.
[[nodiscard]] std::optional<double>
threshold_value(const sdr::Sensor& sensor, sdr::Threshold t,
                const cmd::GetSensorThresholds::Response* live = nullptr);

// Get Sensor Thresholds for a sensor whose SDR says thresholds are readable (capabilities
// threshold access 01b-10b); nullopt otherwise or when the BMC refuses.
[[nodiscard]] std::optional<cmd::GetSensorThresholds::Response>
read_thresholds(Client& client, const sdr::Sensor& sensor);

} // namespace ipmi
