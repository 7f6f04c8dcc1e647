// ipmi_exporter's "ipmi" collector from the model's sensors: the family chosen by the unit as
// ipmimonitoring prints it (C, RPM, V, A, W, % of a fan; anything else the generic
// ipmi_sensor_value with a type label), a _state family beside each value (0 nominal,
// 1 warning, 2 critical, NaN when the BMC gave no state), NaN for a reading without a value
// (ipmi_exporter: reading "N/A" -> NaN, value and state always both exported).
#pragma once

#include "cim_mapping/snapshot.hpp"
#include "metrics_front/exposition.hpp"

#include <vector>

namespace metrics {

// Appends the sensor families (only those with samples) to `out`. Event-only sensors have no
// reading and are absent, as ipmimonitoring leaves them out. Shared records (IPMI 2.0 43.2)
// give one series per instance, named with the instance modifier (ipmimonitoring without
// --shared-sensors shows only the first, under the record's base name). A second sensor with
// the same labels is dropped (no duplicate series: ipmi_exporter issue 196).
void append_sensor_families(const cim::Snapshot& snapshot, std::vector<Family>& out);

} // namespace metrics
