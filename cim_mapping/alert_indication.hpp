// A SEL record as an indication (issue 18): CIM_AlertIndication (CIM Schema 2.x
// CIM_AlertIndication/CIM_ProcessIndication MOFs; DSP1054 uses it for alerts) built from the
// record's bytes and the sensor that logged it, and, for subscriptions to the SEL resource,
// the record's CIM_LogRecord instance (the one Enumerate serves).
#pragma once

#include "cim_mapping/instance.hpp"
#include "cim_mapping/snapshot.hpp"
#include "ipmi/sel/record.hpp"

#include <chrono>
#include <string>

namespace cim {

// One SEL record as eventing sees it: its stable identity ("<archive id>:<sequence>"), the
// 16 bytes and when the agent read it.
struct SelEvent {
    std::string identifier;
    ipmi::RawSel bytes{};
    std::chrono::system_clock::time_point read_at;
};

// CIM_AlertIndication:
//   AlertType 5 Device Alert, 6 Environmental Alert, 8 Security, 1 Other (OEM records);
//   PerceivedSeverity from the offset's severity (2 Information, 3 Degraded/Warning,
//   6 Critical, 7 Fatal/NonRecoverable; a deassertion is 2; OEM records 0 Unknown);
//   ProbableCause from the sensor type and offset (alert_cause below);
//   AlertingManagedElement the EPR of the sensor's CIM_Sensor/CIM_NumericSensor (a sensor the
//   SDR does not list: CIM_Sensor with DeviceID "number.lun.owner"), AlertingElementFormat 2;
//   SystemName; IndicationIdentifier = event.identifier; IndicationTime (cim:Datetime) = the
//   record's timestamp when it is a wall-clock time, else when it was read; EventID = the
//   BMC's record ID; Message = the event text as `bmcwsman sel` words it; MessageID
//   "IPMI.<sensor type>.<event/reading type>.<offset>" (hex); IPMI_RecordData = the 16 bytes
//   in hex.
[[nodiscard]] Instance alert_indication(const Snapshot& s, const SelEvent& event);

// ProbableCause (CIM_AlertIndication value map) of a system event: 51 Temperature
// Unacceptable, 36 Power Problem (voltage, current, power unit), 94 Fan Failure, 89 Power
// Supply Failure (PSU offsets other than presence), 16 Equipment Malfunction (processor,
// memory), 52 Threshold Crossed (other threshold events), 1 Other, 0 Unknown.
[[nodiscard]] std::uint16_t alert_cause(std::uint8_t sensor_type, std::uint8_t event_reading_type,
                                        std::uint8_t offset);

// PerceivedSeverity of a system event (CIM_AlertIndication and CIM_RecordForLog share the
// value map): 2 Information for a deassertion or an ok offset, 3 Degraded/Warning,
// 6 Critical, 7 Fatal/NonRecoverable, from the offset's severity (ipmi/sdr/health).
[[nodiscard]] std::uint16_t perceived_severity(const ipmi::sel::SystemEvent& e);

// The CIM_LogRecord of one archived SEL entry as the "SEL archive" log serves it (RecordID =
// its identity, "<archive id>:<sequence>").
[[nodiscard]] Instance log_record(const Snapshot& s, const ipmi::RawSel& raw, std::string_view identity);

} // namespace cim
