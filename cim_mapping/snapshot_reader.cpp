// Reads what a snapshot holds from the BMC.
#include "cim_mapping/snapshot_reader.hpp"

namespace cim {

SnapshotReadStats refresh_snapshot(ipmi::Client& client, ipmi::SelReader& sel, Snapshot& snapshot) {
    SnapshotReadStats stats;
    auto device = client.call(ipmi::cmd::GetDeviceId{});
    snapshot.bmc_reachable = device.has_value();
    if (!device) {
        return stats;
    }
    snapshot.bmc = *device;
    if (auto chassis = client.call(ipmi::cmd::GetChassisStatus{})) {
        snapshot.chassis = *chassis;
    } else {
        snapshot.chassis.reset();
    }
    snapshot.samples.assign(snapshot.sensors.size(), std::nullopt);
    for (std::size_t n = 0; n < snapshot.sensors.size(); ++n) {
        if (!snapshot.sensors[n].readable()) {
            continue;
        }
        if (auto sample = ipmi::read_sensor(client, snapshot.sensors[n])) {
            snapshot.samples[n] = *sample;
            ++stats.sensors_read;
        } else {
            ++stats.sensors_failed;
        }
    }
    if (snapshot.thresholds_stale || snapshot.thresholds.size() != snapshot.sensors.size()) {
        snapshot.thresholds.assign(snapshot.sensors.size(), std::nullopt);
        for (std::size_t n = 0; n < snapshot.sensors.size(); ++n) {
            snapshot.thresholds[n] = ipmi::read_thresholds(client, snapshot.sensors[n]);
        }
        snapshot.thresholds_stale = false;
    }
    if (sel.refresh()) {
        snapshot.sel_info = sel.info();
        snapshot.sel = sel.entries();
    }
    return stats;
}

} // namespace cim
