// What a SEL record says, in words: the event offset's name (IPMI 2.0 Tables 42-2, 42-3)
// and what event data 2 and 3 carry (Table 29-6), worded as FreeIPMI's ipmi-sel so the two
// can be compared.
#pragma once

#include "ipmi/sdr/sensor.hpp"
#include "ipmi/sel/record.hpp"

#include <span>
#include <string>

namespace ipmi::sel {

// The SDR sensor that generated a system event: the same owner address, LUN and number.
[[nodiscard]] const sdr::Sensor* find_sensor(std::span<const sdr::Sensor> sensors, const SystemEvent& e);

// "Upper Critical - going high ; Sensor Reading = 92.00 C ; Threshold = 90.00 C",
// "Power Supply input lost (AC/DC)", "OEM defined = 01h 02h ...". `sensor` (may be null)
// converts trigger readings and thresholds; without it they are given as raw bytes.
[[nodiscard]] std::string event_text(const Record& record, const sdr::Sensor* sensor);

} // namespace ipmi::sel
