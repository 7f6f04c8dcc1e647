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

// The LogEntry of one record of the agent's SEL archive at `odata_id`: the SEL entry's
// properties for its bytes, Id = the archive sequence, EventId = its identity
// ("<archive id>:<sequence>", as WS-Management's RecordID and eventing's
// IndicationIdentifier carry it; LogEntry.EventId is "the unique instance identifier for an
// event", DSP0268 LogEntry v1_1_0).
[[nodiscard]] Json archive_entry(const cim::Snapshot& s, const cim::ArchivedSelRecord& record, std::string_view odata_id);

} // namespace redfish
