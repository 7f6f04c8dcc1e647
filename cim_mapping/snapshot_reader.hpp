// Fills a Snapshot from a BMC through the ipmi layer: Get Device ID, Get Chassis Status,
// one reading per readable sensor, the SEL brought up to date incrementally. The agent's
// poller calls it; tests and the CLI call it directly.
#pragma once

#include "cim_mapping/snapshot.hpp"
#include "ipmi/client.hpp"
#include "ipmi/sel_reader.hpp"

namespace cim {

struct SnapshotReadStats {
    unsigned sensors_read = 0;
    unsigned sensors_failed = 0;
};

// Updates `snapshot` in place: the sensors (set by the caller from the SDR) get fresh
// samples; BMC identity, chassis status and SEL are re-read; thresholds only when stale. When Get Device ID fails, or
// a sensor read is not carried at all (a timeout, not a completion code), the BMC is marked unreachable and nothing
// else is asked.
SnapshotReadStats refresh_snapshot(ipmi::Client& client, ipmi::SelReader& sel, Snapshot& snapshot);

} // namespace cim
