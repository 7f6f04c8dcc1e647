// DirectBmc: the snapshot read synchronously through one client.
#include "cim_mapping/bmc_access.hpp"

#include "cim_mapping/snapshot_reader.hpp"

namespace cim {

DirectBmc::DirectBmc(ipmi::Client& client, Snapshot initial)
    : client_(client), sel_(client), snapshot_(std::move(initial)) {
    refresh(true);
}

Snapshot DirectBmc::snapshot() {
    const std::lock_guard lock(mutex_);
    return snapshot_;
}

std::error_code DirectBmc::clear_sel(std::chrono::milliseconds timeout) {
    const std::lock_guard lock(mutex_);
    return sel_.clear(timeout);
}

void DirectBmc::refresh(bool thresholds_changed) {
    const std::lock_guard lock(mutex_);
    snapshot_.thresholds_stale = snapshot_.thresholds_stale || thresholds_changed;
    (void)refresh_snapshot(client_, sel_, snapshot_);
}

} // namespace cim
