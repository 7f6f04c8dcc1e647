// What a SEL record says, in words: the event offset's name (IPMI 2.0 Tables 42-2, 42-3)
// and what event data 2 and 3 carry (Table 29-6), worded as FreeIPMI's ipmi-sel (its "%E"
// event column) so the two can be compared.
#pragma once

#include "ipmi/sdr/sensor.hpp"
#include "ipmi/sel/record.hpp"

#include <optional>
#include <span>
#include <string>

namespace ipmi::sel {

// The SDR sensor that generated a system event: the same owner address, LUN and number.
[[nodiscard]] const sdr::Sensor* find_sensor(std::span<const sdr::Sensor> sensors, const SystemEvent& e);

// The event offset in words: "Upper Critical - going high", "Power Supply input lost (AC/DC)";
// "Event Offset = 0Eh" when the tables have no name, "OEM Event Offset = 02h" for OEM
// event/reading types (70h-7Fh).
[[nodiscard]] std::string offset_text(const SystemEvent& e);

// Event data 2 and 3 in words, or nothing when ED1 says they are unspecified or they hold
// FFh where FFh means "unspecified" (Table 29-6). `sensor` (may be null) converts trigger
// readings and thresholds; without it they are given as raw bytes ("Sensor Reading = 5Ch").
[[nodiscard]] std::optional<std::string> data2_text(const SystemEvent& e, const sdr::Sensor* sensor);
[[nodiscard]] std::optional<std::string> data3_text(const SystemEvent& e, const sdr::Sensor* sensor);

// The whole event: offset text, then the data texts, " ; " between them:
// "Upper Critical - going high ; Sensor Reading = 92.00 C ; Threshold = 90.00 C",
// "OEM defined = 01h 02h ..." for OEM records.
[[nodiscard]] std::string event_text(const Record& record, const sdr::Sensor* sensor);

} // namespace ipmi::sel
