// What the mapping reads: one consistent picture of the BMC and the host at a moment, as
// the agent's model keeps it (SDR sensors with their last samples, SEL, chassis status,
// BMC identity) plus the host's SMBIOS inventory. Plain data; no BMC access here.
#pragma once

#include "cim_mapping/sensor_mapping.hpp"
#include "ipmi/commands/app.hpp"
#include "ipmi/commands/chassis.hpp"
#include "ipmi/commands/sel_commands.hpp"
#include "ipmi/fru/inventory.hpp"
#include "ipmi/sel_reader.hpp"
#include "smbios/inventory.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace cim {

// A FRU device behind the BMC: device 0, or one an SDR FRU device locator (Table 43-7) names,
// with the entity it describes (a power supply's FRU carries the power supply's entity).
struct FruDevice {
    std::uint8_t id = 0;
    std::string name;
    ipmi::sdr::Entity entity{};

    friend bool operator==(const FruDevice&, const FruDevice&) = default;
};

// The agent's SEL archive (sel_archive/, docs/SEL_ARCHIVE.md) as the mapping serves it: the
// agent hands the newest records over with each snapshot, so the mapping does no file I/O.
struct ArchivedSelRecord {
    std::uint64_t sequence = 0;
    std::chrono::system_clock::time_point archived_at;
    ipmi::RawSel bytes{};
    std::string identity; // "<archive id>:<sequence>"

    friend bool operator==(const ArchivedSelRecord&, const ArchivedSelRecord&) = default;
};
struct ArchivedSel {
    std::string archive_id;
    std::uint64_t kept = 0;      // records the archive holds (more than `records` when large)
    std::uint64_t bytes = 0;     // on disk
    std::uint64_t max_bytes = 0; // its bound
    bool write_failing = false;  // the last append failed (logged and counted by the agent)
    std::vector<ArchivedSelRecord> records; // the newest, oldest first
};

struct Snapshot {
    SystemIdentity system;                  // the central system's keys
    bool bmc_reachable = true;              // false: instances say "No Contact"
    std::optional<ipmi::cmd::GetDeviceId::Response> bmc;
    std::vector<ipmi::sdr::Sensor> sensors; // every sensor of the SDR, shared ones expanded
    // Parallel to `sensors`: the last sample, nullopt when none could be read.
    std::vector<std::optional<ipmi::SensorSample>> samples;
    // Parallel to `samples`: when each held sample was read (steady clock). A sample the BMC
    // was too busy to refresh (C0h/C3h after the client's retries) stays, with this time,
    // until it is older than the maximum reading age; then it is dropped (No Contact).
    std::vector<std::chrono::steady_clock::time_point> sampled_at;
    // Parallel to `sensors`: the BMC's current thresholds (Get Sensor Thresholds), read once
    // and again after a change (thresholds_stale); nullopt where none are readable.
    std::vector<std::optional<ipmi::cmd::GetSensorThresholds::Response>> thresholds;
    bool thresholds_stale = true;
    std::optional<ipmi::cmd::GetSelInfo::Response> sel_info;
    std::vector<ipmi::RawSel> sel;
    std::optional<ipmi::cmd::GetChassisStatus::Response> chassis;
    smbios::Inventory host;
    // FRU devices behind the BMC: device 0 and those the SDR's FRU device locators name;
    // their inventories once read (FRU contents change only with hardware).
    std::vector<FruDevice> fru_devices{{0, "Default FRU Device", {}}};
    std::map<std::uint8_t, ipmi::fru::Inventory> fru;
    // The SEL archive (a second CIM_RecordLog); null when the agent keeps none. Shared between
    // snapshots: replaced only when records were appended.
    std::shared_ptr<const ArchivedSel> sel_archive;
};

// FRU device locators (SDR 11h) of logical FRU devices behind the BMC, after device 0.
[[nodiscard]] std::vector<FruDevice>
fru_devices_of(std::span<const ipmi::sdr::SdrRecord> records);

} // namespace cim
