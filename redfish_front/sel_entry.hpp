// SEL records as Redfish LogEntry (LogEntry.v1_x with EntryType "SEL", DSP0268): the IPMI
// names Redfish enumerates for SensorType (Table 42-3) and EntryCode (threshold offsets of
// Table 42-2, else Assert/Deassert), Severity as WS-Management's PerceivedSeverity derives it,
// and the Message as `bmcwsman sel` words the event (ipmi::sel::event_text).
#pragma once

#include "cim_mapping/snapshot.hpp"
#include "redfish_front/messages.hpp"

#include <string_view>

namespace redfish {

// LogEntry.SensorType for an IPMI sensor type; "" where Redfish has no name (00h, reserved).
[[nodiscard]] std::string_view sel_sensor_type(std::uint8_t sensor_type);

// The LogEntry of one SEL entry at `odata_id`.
[[nodiscard]] Json sel_entry(const cim::Snapshot& s, const ipmi::RawSel& raw, std::string_view odata_id);

} // namespace redfish
