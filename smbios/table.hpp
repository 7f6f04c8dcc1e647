// The SMBIOS entry point and structure table (DMTF DSP0134 5.2 and 6.1), read
// from sysfs or a directory, with every length and offset bounds-checked.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

namespace smbios {

struct EntryPoint {
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
    std::uint8_t docrev = 0;
    bool is_64bit = false;
    std::uint64_t table_address = 0;
    std::uint32_t table_length = 0;    // 2.x: exact length; 3.x: maximum size
    std::uint16_t structure_count = 0; // 0 for 3.x (not given)
};

// DSP0134 5.2.1 (2.1 32-bit "_SM_" with "_DMI_", and the legacy bare "_DMI_")
// and 5.2.2 (3.0 64-bit "_SM3_").
[[nodiscard]] std::expected<EntryPoint, std::error_code>
parse_entry_point(std::span<const std::uint8_t> bytes);

struct Structure {
    std::uint8_t type = 0;
    std::uint8_t length = 0;
    std::uint16_t handle = 0;
    std::span<const std::uint8_t> formatted; // the whole formatted area, header included
    std::vector<std::string_view> strings;   // string 1 = strings[0]

    // String number `index` (DSP0134 6.1.3): 0 means no string ("").
    [[nodiscard]] std::expected<std::string_view, std::error_code> string(std::uint8_t index) const;
};

class Table {
public:
    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;
    Table(Table&&) noexcept = default;
    Table& operator=(Table&&) noexcept = default;
    ~Table() = default;

    [[nodiscard]] const EntryPoint& entry_point() const { return entry_point_; }
    [[nodiscard]] std::span<const Structure> structures() const { return structures_; }
    [[nodiscard]] const Structure* find_first(std::uint8_t type) const;
    [[nodiscard]] std::vector<const Structure*> find_all(std::uint8_t type) const;

private:
    friend std::expected<Table, std::error_code> parse_table(std::span<const std::uint8_t>,
                                                             std::span<const std::uint8_t>);
    Table() = default;

    EntryPoint entry_point_;
    std::vector<std::uint8_t> bytes_; // owned copy; the structures point into it
    std::vector<Structure> structures_;
};

[[nodiscard]] std::expected<Table, std::error_code>
parse_table(std::span<const std::uint8_t> entry_point, std::span<const std::uint8_t> dmi);

inline constexpr const char* default_tables_dir = "/sys/firmware/dmi/tables";

// Reads DIR/smbios_entry_point and DIR/DMI (files over 1 MiB are refused).
[[nodiscard]] std::expected<Table, std::error_code> read_table(const std::filesystem::path& dir);

} // namespace smbios
