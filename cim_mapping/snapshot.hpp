// What the mapping reads: one consistent picture of the BMC and the host at a moment, as
// the agent's model keeps it (SDR sensors with their last samples, SEL, chassis status,
// BMC identity) plus the host's SMBIOS inventory. Plain data; no BMC access here.
#pragma once

#include "cim_mapping/sensor_mapping.hpp"
#include "ipmi/commands/app.hpp"
#include "ipmi/commands/chassis.hpp"
#include "ipmi/commands/sel_commands.hpp"
#include "ipmi/sel_reader.hpp"
#include "smbios/inventory.hpp"

#include <optional>
#include <vector>

namespace cim {

struct Snapshot {
    SystemIdentity system;                  // the central system's keys
    bool bmc_reachable = true;              // false: instances say "No Contact"
    std::optional<ipmi::cmd::GetDeviceId::Response> bmc;
    std::vector<ipmi::sdr::Sensor> sensors; // every sensor of the SDR, shared ones expanded
    // Parallel to `sensors`: the last sample, nullopt when none could be read.
    std::vector<std::optional<ipmi::SensorSample>> samples;
    // Parallel to `sensors`: the BMC's current thresholds (Get Sensor Thresholds), read once
    // and again after a change (thresholds_stale); nullopt where none are readable.
    std::vector<std::optional<ipmi::cmd::GetSensorThresholds::Response>> thresholds;
    bool thresholds_stale = true;
    std::optional<ipmi::cmd::GetSelInfo::Response> sel_info;
    std::vector<ipmi::RawSel> sel;
    std::optional<ipmi::cmd::GetChassisStatus::Response> chassis;
    smbios::Inventory host;
};

} // namespace cim
