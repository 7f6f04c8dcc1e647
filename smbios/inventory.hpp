// Inventory structures for the CIM mapping: BIOS (type 0), system (1), baseboard
// (2), chassis (3), processor (4), memory device (17) (DSP0134 7.1-7.5, 7.18).
// A field the structure's length does not reach (older SMBIOS) is std::nullopt.
#pragma once

#include "smbios/table.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace smbios {

using OptString = std::optional<std::string>;

struct BiosInfo { // type 0
    std::string vendor;
    std::string version;
    std::uint16_t starting_segment = 0;
    std::string release_date;
    std::uint64_t rom_size_bytes = 0; // 64 KiB * (n + 1), or the 3.1 extended size
    std::uint64_t characteristics = 0;
    std::optional<std::uint16_t> characteristics_ext;
    std::optional<std::uint8_t> bios_major, bios_minor; // as read; FFh = not supported
    std::optional<std::uint8_t> ec_major, ec_minor;     // as read; FFh = no EC firmware
};

struct SystemInfo { // type 1
    std::string manufacturer;
    std::string product;
    std::string version;
    std::string serial;
    std::optional<std::string> uuid; // DSP0134 7.2.1; nullopt when absent, all 00h or all FFh
    std::optional<std::uint8_t> wake_up_type;
    OptString sku;
    OptString family;
};

struct BaseboardInfo { // type 2
    std::string manufacturer;
    std::string product;
    std::string version;
    std::string serial;
    OptString asset_tag;
    std::optional<std::uint8_t> feature_flags;
    OptString location_in_chassis;
    std::optional<std::uint16_t> chassis_handle;
    std::optional<std::uint8_t> board_type;
};

struct ChassisInfo { // type 3
    std::string manufacturer;
    std::uint8_t type = 0; // bits 6:0 (Table 17)
    bool lock_present = false;
    std::string version;
    std::string serial;
    std::string asset_tag;
    std::optional<std::uint8_t> boot_up_state, power_supply_state, thermal_state, security_status;
    std::optional<std::uint32_t> oem_defined;
    std::optional<std::uint8_t> height_u; // 0 = unspecified
    std::optional<std::uint8_t> power_cords;
    OptString sku;
};

struct ProcessorInfo { // type 4
    std::string socket;
    std::uint8_t processor_type = 0;
    std::uint16_t family = 0; // 06h, or 28h when 06h is FEh
    std::string manufacturer;
    std::uint64_t id = 0;
    std::string version;
    std::uint8_t voltage = 0;
    std::uint16_t external_clock_mhz = 0;
    std::uint16_t max_speed_mhz = 0;
    std::uint16_t current_speed_mhz = 0;
    std::uint8_t status = 0;
    bool populated = false; // status bit 6
    std::uint8_t upgrade = 0;
    OptString serial, asset_tag, part_number;
    std::optional<std::uint16_t> core_count, cores_enabled, thread_count; // 2Ah/2Ch/2Eh when FFh
    std::optional<std::uint16_t> characteristics;
    std::optional<std::uint16_t> threads_enabled;
};

struct MemoryDevice { // type 17
    std::uint16_t array_handle = 0;
    std::optional<std::uint16_t> total_width_bits, data_width_bits; // FFFFh unknown
    std::optional<std::uint64_t> size_bytes; // 0 = not installed; nullopt = unknown
    std::uint8_t form_factor = 0;
    std::uint8_t device_set = 0;
    std::string device_locator;
    std::string bank_locator;
    std::uint8_t memory_type = 0;
    std::uint16_t type_detail = 0;
    std::optional<std::uint32_t> speed_mts; // 0 = unknown (then nullopt)
    OptString manufacturer, serial, asset_tag, part_number;
    std::optional<std::uint8_t> rank;
    std::optional<std::uint32_t> configured_speed_mts;
    std::optional<std::uint16_t> min_voltage_mv, max_voltage_mv, configured_voltage_mv;
};

[[nodiscard]] std::expected<BiosInfo, std::error_code> decode_bios(const Structure& s);
[[nodiscard]] std::expected<SystemInfo, std::error_code> decode_system(const Structure& s,
                                                                       const EntryPoint& version);
[[nodiscard]] std::expected<BaseboardInfo, std::error_code> decode_baseboard(const Structure& s);
[[nodiscard]] std::expected<ChassisInfo, std::error_code> decode_chassis(const Structure& s);
[[nodiscard]] std::expected<ProcessorInfo, std::error_code> decode_processor(const Structure& s);
[[nodiscard]] std::expected<MemoryDevice, std::error_code> decode_memory_device(const Structure& s);

// Every structure of the type that decodes, in table order; a malformed record
// is skipped so that one bad DIMM or socket does not hide the others.
[[nodiscard]] std::vector<ProcessorInfo> decode_all_processors(const Table& table);
[[nodiscard]] std::vector<MemoryDevice> decode_all_memory(const Table& table);

// Everything the inventory types say about the host, for the CIM mapping: the first
// structure of types 0-3 that decodes (nullopt when none does), every processor and memory
// device that decodes.
struct Inventory {
    std::optional<BiosInfo> bios;
    std::optional<SystemInfo> system;
    std::optional<BaseboardInfo> baseboard;
    std::optional<ChassisInfo> chassis;
    std::vector<ProcessorInfo> processors;
    std::vector<MemoryDevice> memory;
};
[[nodiscard]] Inventory decode_inventory(const Table& table);

// DSP0134 7.2.1: the first three fields little-endian from SMBIOS 2.6 on; all
// 00h (not present) or all FFh (not set) gives std::nullopt.
[[nodiscard]] std::optional<std::string> format_uuid(std::span<const std::uint8_t> sixteen,
                                                     bool little_endian_fields);

} // namespace smbios
