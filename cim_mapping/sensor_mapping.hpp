// SDR sensors to CIM_NumericSensor (threshold sensors with an analog reading) and CIM_Sensor
// (discrete and the rest), per the DMTF Sensors Profile (DSP1009) and the Windows IPMI
// provider's key set (SystemCreationClassName, SystemName, CreationClassName, DeviceID).
#pragma once

#include "cim_mapping/instance.hpp"
#include "ipmi/sdr/sensor.hpp"
#include "ipmi/sensor_reader.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace cim {

// The system every device belongs to (Base Server DSP1004's central system).
struct SystemIdentity {
    std::string creation_class_name = "CIM_ComputerSystem";
    std::string name; // the SMBIOS system UUID by default
};

// "number.lun.owner" in decimal, as the Windows IPMI provider writes it ("10.0.32"): stable
// across restarts and SDR re-reads.
[[nodiscard]] std::string device_id(const ipmi::sdr::Sensor& sensor);

// The power of ten CurrentReading and thresholds are scaled by, in the SDR's unit: the
// largest k <= 0 such that every reading the sensor can report is a multiple of 10^k
// (linear sensors: the decimal grid of (M*x + B*10^Bexp) * 10^Rexp); -2 for sensors whose
// readings are not on a grid (non-linear). CIM's UnitModifier adds the unit's own exponent
// (cim_unit().exponent).
[[nodiscard]] int reading_exponent(const ipmi::sdr::Sensor& sensor);

// A value in the SDR's unit as the integer CIM carries: round(value / 10^exponent), clamped
// to sint32.
[[nodiscard]] std::int32_t scaled(double value, int exponent);

// CIM_ManagedSystemElement.HealthState (5 OK, 10 Degraded/Warning, 25 Critical failure, 30
// Non-recoverable error) and OperationalStatus (2 OK, 3 Degraded, 6 Error, 7 Non-Recoverable
// Error) of a health; 0 Unknown for none.
[[nodiscard]] std::uint16_t health_state(const ipmi::sdr::Health* health);
[[nodiscard]] std::uint16_t operational_status(const ipmi::sdr::Health* health);

// True when the sensor maps to CIM_NumericSensor (a threshold sensor with factors).
[[nodiscard]] bool is_numeric(const ipmi::sdr::Sensor& sensor);

// The instance for one sensor. `sample` is the last reading, or nullopt when the BMC did not
// answer (OperationalStatus "No Contact", HealthState Unknown, no CurrentReading).
// `live` thresholds (Get Sensor Thresholds) win over the SDR's initial ones.
[[nodiscard]] Instance sensor_instance(const ipmi::sdr::Sensor& sensor,
                                       const std::optional<ipmi::SensorSample>& sample,
                                       const SystemIdentity& system,
                                       const ipmi::cmd::GetSensorThresholds::Response* live = nullptr);

} // namespace cim
