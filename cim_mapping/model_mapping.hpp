// The snapshot as CIM instances, class by class: the central system and the BMC
// (DSP1004), firmware (CIM_SoftwareIdentity), power (DSP1027), identify LED (DSP1074), the
// SEL as a record log (DSP1010), physical assets from SMBIOS (DSP1011), the registered
// profiles (DSP1033) and the associations between them.
#pragma once

#include "cim_mapping/instance.hpp"
#include "cim_mapping/snapshot.hpp"

#include <string_view>
#include <vector>

namespace cim {

// Every instance of exactly this class (not its subclasses); empty for a class the
// registry does not know.
[[nodiscard]] std::vector<Instance> instances_of(const Snapshot& snapshot, std::string_view class_name);

// A reference to an instance: its class, namespace and key properties (as the registry
// marks them) in key order.
[[nodiscard]] Reference reference_to(const Instance& instance);

// Per-group builders (each in its own file), used by instances_of.
[[nodiscard]] Instance host_system(const Snapshot& s);
[[nodiscard]] Instance bmc_system(const Snapshot& s);
[[nodiscard]] std::vector<Instance> software_identities(const Snapshot& s);
[[nodiscard]] Instance power_management_service(const Snapshot& s);
[[nodiscard]] Instance identify_led(const Snapshot& s);
[[nodiscard]] std::vector<Instance> sensors(const Snapshot& s, std::string_view class_name);
[[nodiscard]] Instance record_log(const Snapshot& s);
// Every record of both logs (the BMC's SEL, then the archive's).
[[nodiscard]] std::vector<Instance> log_records(const Snapshot& s, std::string_view class_name);
// The SEL archive (docs/SEL_ARCHIVE.md) as a second CIM_RecordLog and its records; only
// when s.sel_archive is set.
inline constexpr std::string_view archive_log_instance_id = "bmcwsman:SELArchive";
inline constexpr std::string_view archive_log_name = "SEL archive";
[[nodiscard]] Instance archive_log(const Snapshot& s);
[[nodiscard]] std::vector<Instance> bmc_log_records(const Snapshot& s, std::string_view class_name);
[[nodiscard]] std::vector<Instance> archive_log_records(const Snapshot& s, std::string_view class_name);
// The record logs there are: the BMC's, and the archive when the agent keeps one.
[[nodiscard]] std::vector<Instance> record_logs(const Snapshot& s);
[[nodiscard]] std::vector<Instance> physical_assets(const Snapshot& s, std::string_view class_name);
[[nodiscard]] std::vector<Instance> processors(const Snapshot& s);
[[nodiscard]] std::vector<Instance> processor_chips(const Snapshot& s);
[[nodiscard]] std::vector<Instance> power_supplies(const Snapshot& s);
[[nodiscard]] std::vector<Instance> fans(const Snapshot& s);

// A power supply or fan: an IPMI entity (ID, instance), the sensors that measure it (indexes
// into Snapshot::sensors) and, for a power supply, the FRU device that describes it.
struct EntityDevice {
    ipmi::sdr::Entity entity;
    std::vector<std::size_t> sensors;
    std::optional<std::uint8_t> fru_id;
};
// IPMI 2.0 Table 43-13 entity IDs of the devices above.
inline constexpr std::uint8_t entity_power_supply = 0x0a;
inline constexpr std::uint8_t entity_fan = 0x1d;
[[nodiscard]] std::vector<EntityDevice> entity_devices(const Snapshot& s, std::uint8_t entity_id);
// The instance of one such device (what power_supplies() and fans() hold, one per group).
[[nodiscard]] Instance power_supply(const Snapshot& s, const EntityDevice& d);
[[nodiscard]] Instance fan(const Snapshot& s, const EntityDevice& d);
// The Tag of the CIM_PhysicalPackage of a FRU device behind the BMC (not device 0).
[[nodiscard]] std::string fru_package_tag(std::uint8_t fru_id);
[[nodiscard]] std::vector<Instance> registered_profiles();
[[nodiscard]] std::vector<Instance> associations(const Snapshot& s, std::string_view class_name);

} // namespace cim
