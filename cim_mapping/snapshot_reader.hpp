// Fills a Snapshot from a BMC through the ipmi layer: Get Device ID, Get Chassis Status,
// one reading per readable sensor, the SEL brought up to date incrementally. The agent's
// poller calls it; tests and the CLI call it directly.
#pragma once

#include "cim_mapping/snapshot.hpp"
#include "ipmi/client.hpp"
#include "ipmi/sel_reader.hpp"

#include <chrono>
#include <optional>
#include <system_error>

namespace cim {

struct SnapshotReadStats {
    unsigned sensors_read = 0;
    unsigned sensors_failed = 0;
    unsigned sensors_held = 0;    // busy: the last sample kept (younger than the maximum age)
    unsigned sensors_expired = 0; // busy: the last sample dropped (older than the maximum age)
    bool bmc_busy = false;        // Get Device ID answered busy: nothing else was asked
    std::optional<ipmi::SelChange> sel_change; // the SEL was read: what changed in it

    // The BMC answered busy somewhere in this refresh (readings were held or nothing was asked).
    [[nodiscard]] bool busy() const { return bmc_busy || sensors_held > 0; }
};

struct RefreshOptions {
    // How long a sample the BMC was too busy to refresh is still served (the agent's maximum
    // reading age); past it the sensor says No Contact.
    std::chrono::steady_clock::duration max_sample_age = std::chrono::seconds(30);
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now();
};

// Updates `snapshot` in place: the sensors (set by the caller from the SDR) get fresh
// samples; BMC identity, chassis status and SEL are re-read; thresholds only when stale. When
// Get Device ID fails, or a sensor read is not carried at all (a timeout, not a completion
// code), the BMC is marked unreachable and nothing else is asked. A busy BMC (C0h, C3h: IPMI
// 2.0 Table 5-2, still busy after the client's retries) is not unreachable: what it could not
// refresh keeps its last value until that is older than options.max_sample_age.
SnapshotReadStats refresh_snapshot(ipmi::Client& client, ipmi::SelReader& sel, Snapshot& snapshot,
                                   const RefreshOptions& options = {});

// The BMC answered, but busy (C0h node busy or C3h timeout while processing, Table 5-2).
// The transport could not carry the command (a timeout, a lost session, a stuck interface):
// the BMC stopped answering. A completion code or a malformed answer is still an answer.
[[nodiscard]] bool bmc_silent(const std::error_code& e);
[[nodiscard]] bool bmc_busy(const std::error_code& e);

} // namespace cim
