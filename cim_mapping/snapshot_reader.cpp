// Reads what a snapshot holds from the BMC.
#include "cim_mapping/snapshot_reader.hpp"

#include "ipmi/completion_code.hpp"
#include "ipmi/errc.hpp"
#include "ipmi/fru_reader.hpp"

namespace cim {
namespace {

// A held sample the BMC could not refresh: kept while younger than the maximum age.
bool hold(Snapshot& snapshot, std::size_t n, const RefreshOptions& options, SnapshotReadStats& stats) {
    if (snapshot.samples[n] && options.now - snapshot.sampled_at[n] <= options.max_sample_age) {
        ++stats.sensors_held;
        return true;
    }
    if (snapshot.samples[n]) {
        ++stats.sensors_expired;
    }
    snapshot.samples[n].reset();
    return false;
}

} // namespace

bool bmc_silent(const std::error_code& e) {
    return e.category() != ipmi::completion_category() && e.category() != ipmi::category();
}

bool bmc_busy(const std::error_code& e) {
    return e == ipmi::make_error_code(ipmi::CompletionCode::node_busy) ||
           e == ipmi::make_error_code(ipmi::CompletionCode::timeout);
}

std::vector<FruDevice> fru_devices_of(std::span<const ipmi::sdr::SdrRecord> records) {
    std::vector<FruDevice> out{{0, "Default FRU Device", {}}};
    for (const auto& r : records) {
        const auto* loc = std::get_if<ipmi::sdr::FruDeviceLocatorRecord>(&r);
        // Table 43-7: logical devices behind the BMC (20h) are read with Read FRU Data.
        if (loc != nullptr && loc->logical && loc->access_address == 0x20 && loc->fru_device_id != 0) {
            out.push_back({loc->fru_device_id, loc->id.text, loc->entity});
        }
    }
    return out;
}

SnapshotReadStats refresh_snapshot(ipmi::Client& client, ipmi::SelReader& sel, Snapshot& snapshot,
                                   const RefreshOptions& options) {
    SnapshotReadStats stats;
    snapshot.samples.resize(snapshot.sensors.size());
    snapshot.sampled_at.resize(snapshot.sensors.size());
    auto device = client.call(ipmi::cmd::GetDeviceId{});
    if (!device && bmc_busy(device.error()) && snapshot.bmc_reachable) {
        // It answers, busy: nothing else is asked this time (each command would be retried
        // to the same end); what is held ages, and goes No Contact past the maximum age.
        stats.bmc_busy = true;
        for (std::size_t n = 0; n < snapshot.sensors.size(); ++n) {
            (void)hold(snapshot, n, options, stats);
        }
        return stats;
    }
    snapshot.bmc_reachable = device.has_value();
    if (!device) {
        return stats;
    }
    snapshot.bmc = *device;
    if (auto chassis = client.call(ipmi::cmd::GetChassisStatus{})) {
        snapshot.chassis = *chassis;
    } else if (!bmc_busy(chassis.error())) {
        snapshot.chassis.reset();
    }
    for (std::size_t n = 0; n < snapshot.sensors.size(); ++n) {
        if (!snapshot.sensors[n].readable()) {
            snapshot.samples[n].reset();
            continue;
        }
        auto sample = ipmi::read_sensor(client, snapshot.sensors[n]);
        if (sample) {
            snapshot.samples[n] = *sample;
            snapshot.sampled_at[n] = options.now;
            ++stats.sensors_read;
        } else if (bmc_silent(sample.error())) {
            // Every further command would wait its own timeout (45 sensors, minutes): the
            // BMC is marked unreachable now (No Contact) and the next poll tries again.
            snapshot.bmc_reachable = false;
            ++stats.sensors_failed;
            return stats;
        } else if (!bmc_busy(sample.error()) || !hold(snapshot, n, options, stats)) {
            snapshot.samples[n].reset();
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
    for (const auto& [id, name, entity] : snapshot.fru_devices) {
        if (snapshot.fru.contains(id)) {
            continue; // read once
        }
        ipmi::FruReadLimits limits;
        if (auto image = ipmi::read_fru(client, id, limits)) {
            if (auto inv = ipmi::fru::parse(*image)) {
                snapshot.fru.emplace(id, std::move(*inv));
            }
        }
    }
    if (auto change = sel.refresh()) {
        snapshot.sel_info = sel.info();
        snapshot.sel = sel.entries();
        stats.sel_change = *change;
    }
    return stats;
}

} // namespace cim
