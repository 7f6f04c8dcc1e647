// FRU inventory images (Platform Management FRU Information Storage Definition v1.0 rev 1.3):
// common header (section 8), internal use (9), chassis (10), board (11) and product (12)
// info areas with their type/length fields (13), multirecords (16) with power supply (18.1),
// DC output (18.2), DC load (18.3), management access (18.7) and base/extended compatibility
// (18.4, 18.5) records decoded; OEM (C0h-FFh) and other record types kept as bytes.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

namespace ipmi::fru {

// Type/length byte bits 7:6 (section 13).
enum class FieldType : std::uint8_t { binary = 0, bcd_plus = 1, packed_ascii6 = 2, text8 = 3 };

struct Field {
    FieldType type = FieldType::text8;
    std::vector<std::uint8_t> raw; // the bytes after the type/length byte
    std::string text;              // UTF-8; binary fields as ipmi-fru prints them ("01h ABh")
    // Set when the bytes have no text: 8-bit text under a non-English language code (the
    // spec's 16-bit Unicode, which FreeIPMI refuses too). The other fields still decode.
    std::error_code error;
    friend bool operator==(const Field&, const Field&) = default;
};

struct ChassisArea { // section 10
    std::uint8_t version = 0;
    std::uint8_t type = 0; // SMBIOS chassis type
    Field part_number;
    Field serial_number;
    std::vector<Field> custom;
};

struct BoardArea { // section 11
    std::uint8_t version = 0;
    std::uint8_t language = 0;
    std::optional<std::uint32_t> manufactured_minutes; // since 1996-01-01 00:00 UTC; 0 = unspecified
    Field manufacturer;
    Field product_name;
    Field serial_number;
    Field part_number;
    Field fru_file_id;
    std::vector<Field> custom;
    // Unix time of manufacture.
    [[nodiscard]] std::optional<std::int64_t> manufactured_unix() const;
};

struct ProductArea { // section 12
    std::uint8_t version = 0;
    std::uint8_t language = 0;
    Field manufacturer;
    Field product_name;
    Field part_model_number;
    Field product_version;
    Field serial_number;
    Field asset_tag;
    Field fru_file_id;
    std::vector<Field> custom;
};

struct PowerSupplyInfo { // section 18.1, record type 00h
    std::uint16_t overall_capacity_w = 0; // 11:0
    std::uint16_t peak_va = 0;            // FFFFh = not specified
    std::uint8_t inrush_current_a = 0;
    std::uint8_t inrush_interval_ms = 0;
    std::uint16_t low_input_voltage_1_10mv = 0;
    std::uint16_t high_input_voltage_1_10mv = 0;
    std::uint16_t low_input_voltage_2_10mv = 0;
    std::uint16_t high_input_voltage_2_10mv = 0;
    std::uint8_t low_input_frequency_hz = 0;
    std::uint8_t high_input_frequency_hz = 0;
    std::uint8_t ac_dropout_tolerance_ms = 0;
    std::uint8_t flags = 0; // bit 0 predictive fail pin, 1 power factor correction, 2 autoswitch,
                            // 3 hot swap, 4 tach pulses per rotation / predictive fail polarity
    std::uint16_t peak_wattage_w = 0;  // 11:0; FFFh = not specified
    std::uint8_t holdup_time_s = 0;    // 15:12
    std::uint8_t voltage_1 = 0;        // combined wattage byte 1 bits 7:4: 0 12V, 1 -12V, 2 5V, 3 3.3V
    std::uint8_t voltage_2 = 0;        // bits 3:0, same codes
    std::uint16_t total_combined_wattage_w = 0;
    std::uint8_t predictive_fail_tach_rps = 0; // lower threshold; 0 = a pass/fail pin

    [[nodiscard]] bool predictive_fail_support() const { return (flags & 0x01U) != 0; }
    [[nodiscard]] bool power_factor_correction() const { return (flags & 0x02U) != 0; }
    [[nodiscard]] bool autoswitch() const { return (flags & 0x04U) != 0; }
    [[nodiscard]] bool hot_swap() const { return (flags & 0x08U) != 0; }
    [[nodiscard]] bool tach_polarity() const { return (flags & 0x10U) != 0; }
};

struct DcOutput { // section 18.2 (01h)
    std::uint8_t output_number = 0;  // bits 3:0
    bool standby = false;            // bit 7
    std::int16_t nominal_voltage_10mv = 0;
    std::int16_t max_negative_deviation_10mv = 0;
    std::int16_t max_positive_deviation_10mv = 0;
    std::uint16_t ripple_noise_mv = 0;
    std::uint16_t min_current_ma = 0;
    std::uint16_t max_current_ma = 0;
};

struct DcLoad { // section 18.3 (02h): absolute voltage limits, no standby bit
    std::uint8_t output_number = 0; // bits 3:0
    std::int16_t nominal_voltage_10mv = 0;
    std::int16_t min_voltage_10mv = 0;
    std::int16_t max_voltage_10mv = 0;
    std::uint16_t ripple_noise_mv = 0;
    std::uint16_t min_current_ma = 0;
    std::uint16_t max_current_ma = 0;
};

struct ManagementAccess { // section 18.7 (03h)
    // 01h system management URL, 02h system name, 03h system ping address, 04h component
    // management URL, 05h component name, 06h component ping address, 07h system unique ID.
    std::uint8_t subtype = 0;
    std::vector<std::uint8_t> data;
    // As ipmi-fru prints the value: subtypes 01h-06h as text (to the first NUL), 07h and
    // unknown subtypes as bytes ("44h 45h ...").
    std::string text;
    // 07h only: the 16 bytes as a UUID string, first three fields little-endian (the SMBIOS
    // order of the system UUID).
    std::string uuid;
};

struct Compatibility { // sections 18.4 (04h base) and 18.5 (05h extended): the same layout
    std::uint32_t manufacturer_id = 0; // IANA enterprise number, 3 bytes LS first
    std::uint8_t entity_id = 0;
    std::uint8_t compatibility_base = 0;
    std::uint8_t code_start = 0;
    std::vector<std::uint8_t> code_range_mask;
};

struct MultiRecord {
    std::uint8_t type = 0;
    std::uint8_t format_version = 0;
    bool end_of_list = false;
    std::vector<std::uint8_t> data;
    std::variant<std::monostate, PowerSupplyInfo, DcOutput, DcLoad, ManagementAccess, Compatibility> decoded;
};

struct AreaError {
    std::string area; // "chassis", "board", "product", "multirecord", "internal use"
    std::error_code code;
};

struct Inventory {
    std::uint8_t format_version = 0;
    std::optional<std::vector<std::uint8_t>> internal_use;
    std::optional<ChassisArea> chassis;
    std::optional<BoardArea> board;
    std::optional<ProductArea> product;
    std::vector<MultiRecord> multirecords;
    // A corrupt area is reported here; the others still parse (issue: per area).
    std::vector<AreaError> errors;
};

// Errors only when the common header itself is unusable (truncated, checksum, version).
[[nodiscard]] std::expected<Inventory, std::error_code> parse(std::span<const std::uint8_t> image);

// Section 13: one type/length field at the start of `from`; C1h is the end marker (nullopt).
struct FieldRead {
    std::optional<Field> field; // nullopt at the end marker
    std::size_t consumed = 0;
};
[[nodiscard]] std::expected<FieldRead, std::error_code> read_field(std::span<const std::uint8_t> from,
                                                                   std::uint8_t language);

// Bytes as ipmi-fru prints what it has no text for: "01h ABh CDh".
[[nodiscard]] std::string hex_text(std::span<const std::uint8_t> bytes);

// SMBIOS chassis type (DSP0134 Table 17, FRU spec 10) as FreeIPMI names it, 01h-17h; empty
// for other values.
[[nodiscard]] std::string_view chassis_type_name(std::uint8_t type);

} // namespace ipmi::fru
