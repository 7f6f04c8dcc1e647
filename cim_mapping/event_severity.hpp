// How severe a SEL system event is, one rule for every front end: a deassertion is
// informational, an assertion as severe as its offset (IPMI 2.0 Tables 42-2, 42-3; the
// severities ipmi/sdr/health.hpp assigns). CIM_LogEntry.PerceivedSeverity and Redfish
// LogEntry.Severity both come from it.
#pragma once

#include "ipmi/sdr/health.hpp"
#include "ipmi/sel/record.hpp"

namespace cim {

[[nodiscard]] inline ipmi::sdr::Health event_severity(const ipmi::sel::SystemEvent& e) {
    return e.deassertion ? ipmi::sdr::Health::ok
                         : ipmi::sdr::offset_severity(e.event_reading_type, e.sensor_type, e.offset());
}

} // namespace cim
