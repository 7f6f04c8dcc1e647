// Parsing FRU images: every offset and length checked against the image; a bad area is
// recorded and skipped, the rest still parses.
#include "ipmi/fru/inventory.hpp"

#include "ipmi/errc.hpp"
#include "ipmi/sdr/id_string.hpp"

#include <array>
#include <fmt/format.h>
#include <numeric>

namespace ipmi::fru {
namespace {

constexpr std::uint8_t end_marker = 0xc1; // section 13: type 11b, length 1
constexpr std::uint8_t language_english = 25; // section 15; 0 also means English

std::unexpected<std::error_code> fail(Errc e) {
    return std::unexpected(make_error_code(e));
}

bool zero_sum(std::span<const std::uint8_t> bytes) {
    return (std::accumulate(bytes.begin(), bytes.end(), 0U) & 0xffU) == 0;
}

std::uint16_t le16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | (static_cast<unsigned>(b[at + 1]) << 8U));
}

std::int16_t le16s(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::int16_t>(le16(b, at));
}

// An info area (sections 10-12): version, length in 8-byte units, zero checksum; the span
// returned is the whole area.
std::expected<std::span<const std::uint8_t>, std::error_code> info_area(std::span<const std::uint8_t> image,
                                                                        std::size_t offset) {
    if (offset + 2 > image.size()) {
        return fail(Errc::fru_area_beyond_image);
    }
    const std::size_t length = static_cast<std::size_t>(image[offset + 1]) * 8;
    if (length < 8 || offset + length > image.size()) {
        return fail(Errc::fru_area_beyond_image);
    }
    auto area = image.subspan(offset, length);
    if (!zero_sum(area)) {
        return fail(Errc::fru_area_checksum);
    }
    if ((area[0] & 0x0fU) != 0x01) { // format version 1h (bits 3:0), as ipmi-fru checks it
        return fail(Errc::fru_area_version);
    }
    return area;
}

// Reads `fixed` fields, then custom fields up to C1h (the checksum byte is excluded).
struct Fields {
    std::vector<Field> fixed;
    std::vector<Field> custom;
};
std::expected<Fields, std::error_code> read_fields(std::span<const std::uint8_t> area, std::size_t at,
                                                   std::size_t fixed, std::uint8_t language) {
    Fields out;
    const auto body = area.first(area.size() - 1);
    while (true) {
        if (at >= body.size()) {
            return fail(Errc::fru_no_end_marker);
        }
        auto f = read_field(body.subspan(at), language);
        if (!f) {
            return std::unexpected(f.error());
        }
        at += f->consumed;
        if (!f->field) {
            break; // C1h
        }
        (out.fixed.size() < fixed ? out.fixed : out.custom).push_back(std::move(*f->field));
    }
    out.fixed.resize(fixed); // fields the area leaves out are empty
    return out;
}

// Section 18.1, 24 bytes.
PowerSupplyInfo power_supply(std::span<const std::uint8_t> data) {
    PowerSupplyInfo p;
    p.overall_capacity_w = static_cast<std::uint16_t>(le16(data, 0) & 0x0fffU);
    p.peak_va = le16(data, 2);
    p.inrush_current_a = data[4];
    p.inrush_interval_ms = data[5];
    p.low_input_voltage_1_10mv = le16(data, 6);
    p.high_input_voltage_1_10mv = le16(data, 8);
    p.low_input_voltage_2_10mv = le16(data, 10);
    p.high_input_voltage_2_10mv = le16(data, 12);
    p.low_input_frequency_hz = data[14];
    p.high_input_frequency_hz = data[15];
    p.ac_dropout_tolerance_ms = data[16];
    p.flags = data[17];
    const auto peak = le16(data, 18);
    p.peak_wattage_w = static_cast<std::uint16_t>(peak & 0x0fffU);
    p.holdup_time_s = static_cast<std::uint8_t>(peak >> 12U);
    p.voltage_1 = static_cast<std::uint8_t>(static_cast<unsigned>(data[20]) >> 4U);
    p.voltage_2 = static_cast<std::uint8_t>(data[20] & 0x0fU);
    p.total_combined_wattage_w = le16(data, 21);
    p.predictive_fail_tach_rps = data[23];
    return p;
}

// Section 18.2, 13 bytes.
DcOutput dc_output(std::span<const std::uint8_t> data) {
    DcOutput d;
    d.output_number = static_cast<std::uint8_t>(data[0] & 0x0fU);
    d.standby = (data[0] & 0x80U) != 0;
    d.nominal_voltage_10mv = le16s(data, 1);
    d.max_negative_deviation_10mv = le16s(data, 3);
    d.max_positive_deviation_10mv = le16s(data, 5);
    d.ripple_noise_mv = le16(data, 7);
    d.min_current_ma = le16(data, 9);
    d.max_current_ma = le16(data, 11);
    return d;
}

// Section 18.3, 13 bytes.
DcLoad dc_load(std::span<const std::uint8_t> data) {
    DcLoad d;
    d.output_number = static_cast<std::uint8_t>(data[0] & 0x0fU);
    d.nominal_voltage_10mv = le16s(data, 1);
    d.min_voltage_10mv = le16s(data, 3);
    d.max_voltage_10mv = le16s(data, 5);
    d.ripple_noise_mv = le16(data, 7);
    d.min_current_ma = le16(data, 9);
    d.max_current_ma = le16(data, 11);
    return d;
}

// Section 18.7: a sub-record type byte, then the data.
std::expected<ManagementAccess, std::error_code> management_access(std::span<const std::uint8_t> data) {
    ManagementAccess m;
    m.subtype = data[0];
    const auto value = data.subspan(1);
    m.data.assign(value.begin(), value.end());
    if (m.subtype >= 0x01 && m.subtype <= 0x06) { // URLs, names, ping addresses: text
        m.text = sdr::decode_id_text(sdr::IdStringType::latin1, value);
        return m;
    }
    m.text = hex_text(value);
    if (m.subtype == 0x07) { // system unique ID, 16 bytes
        if (value.size() < 16) {
            return fail(Errc::fru_multirecord_too_short);
        }
        const auto& g = value;
        m.uuid = fmt::format("{:02X}{:02X}{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-"
                             "{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}",
                             g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13],
                             g[14], g[15]);
    }
    return m;
}

// Sections 18.4/18.5: manufacturer ID (3 bytes), entity ID, base, code start, range mask.
Compatibility compatibility(std::span<const std::uint8_t> data) {
    Compatibility c;
    c.manufacturer_id = data[0] | (static_cast<std::uint32_t>(data[1]) << 8U) |
                        (static_cast<std::uint32_t>(data[2]) << 16U);
    c.entity_id = data[3];
    c.compatibility_base = data[4];
    c.code_start = static_cast<std::uint8_t>(data[5] & 0x7fU); // bit 7 reserved
    c.code_range_mask.assign(data.begin() + 6, data.end());
    return c;
}

// The record's data decoded by its type (16.2: Table 16-2); too short for its layout is an
// error, the bytes are kept either way.
MultiRecord decode_record(std::uint8_t type, std::uint8_t head1, std::span<const std::uint8_t> data,
                          std::error_code& error) {
    MultiRecord r;
    r.type = type;
    r.format_version = static_cast<std::uint8_t>(head1 & 0x0fU);
    r.end_of_list = (head1 & 0x80U) != 0;
    r.data.assign(data.begin(), data.end());
    std::size_t minimum = 0;
    switch (type) {
    case 0x00: minimum = 24; break;
    case 0x01:
    case 0x02: minimum = 13; break;
    case 0x03: minimum = 1; break;
    case 0x04:
    case 0x05: minimum = 6; break;
    default: return r; // 06h-BFh (ASF, extended DC, reserved) and OEM C0h-FFh: kept as bytes
    }
    if (data.size() < minimum) {
        error = make_error_code(Errc::fru_multirecord_too_short);
        return r;
    }
    switch (type) {
    case 0x00: r.decoded = power_supply(data); break;
    case 0x01: r.decoded = dc_output(data); break;
    case 0x02: r.decoded = dc_load(data); break;
    case 0x03:
        if (auto m = management_access(data)) {
            r.decoded = std::move(*m);
        } else {
            error = m.error();
        }
        break;
    default: r.decoded = compatibility(data); break;
    }
    return r;
}

} // namespace

std::string hex_text(std::span<const std::uint8_t> bytes) {
    std::string out;
    for (const auto b : bytes) {
        out += fmt::format("{}{:02X}h", out.empty() ? "" : " ", b);
    }
    return out;
}

std::string_view chassis_type_name(std::uint8_t type) {
    static constexpr std::array<std::string_view, 0x18> names{
        "",          "Other",         "Unknown",     "Desktop",          "Low Profile Desktop",
        "Pizza Box", "Mini Tower",    "Tower",       "Portable",         "LapTop",
        "Notebook",  "Hand Held",     "Docking Station", "All in One",  "Sub Notebook",
        "Space-saving", "Lunch Box",  "Main Server Chassis", "Expansion Chassis", "SubChassis",
        "Bus Expansion Chassis", "Peripheral Chassis", "RAID Chassis", "Rack Mount Chassis"};
    return type < names.size() ? names[type] : std::string_view{};
}

std::optional<std::int64_t> BoardArea::manufactured_unix() const {
    if (!manufactured_minutes) {
        return std::nullopt;
    }
    constexpr std::int64_t epoch_1996 = 820454400; // 1996-01-01 00:00:00 UTC (section 11)
    return epoch_1996 + static_cast<std::int64_t>(*manufactured_minutes) * 60;
}

std::expected<FieldRead, std::error_code> read_field(std::span<const std::uint8_t> from, std::uint8_t language) {
    if (from.empty()) {
        return fail(Errc::fru_field_beyond_area);
    }
    const std::uint8_t tl = from[0];
    if (tl == end_marker) {
        return FieldRead{std::nullopt, 1};
    }
    const std::size_t length = tl & 0x3fU;
    if (1 + length > from.size()) {
        return fail(Errc::fru_field_beyond_area);
    }
    Field f;
    f.type = static_cast<FieldType>(tl >> 6U);
    const auto bytes = from.subspan(1, length);
    f.raw.assign(bytes.begin(), bytes.end());
    switch (f.type) {
    case FieldType::binary: f.text = hex_text(bytes); break;
    case FieldType::bcd_plus: f.text = sdr::decode_id_text(sdr::IdStringType::bcd_plus, bytes); break;
    case FieldType::packed_ascii6: f.text = sdr::decode_id_text(sdr::IdStringType::packed_ascii6, bytes); break;
    case FieldType::text8:
        // Section 13: 8-bit ASCII + Latin 1 for English (language code 0 or 25), 16-bit Unicode
        // for other languages. FreeIPMI (ipmi_fru_type_length_field_to_string) refuses the
        // latter with "language code not supported"; so do we, keeping the bytes.
        if (length == 0 || language == 0 || language == language_english) {
            f.text = sdr::decode_id_text(sdr::IdStringType::latin1, bytes);
        } else {
            f.error = make_error_code(Errc::fru_language_not_supported);
        }
        break;
    }
    return FieldRead{std::move(f), 1 + length};
}

std::expected<Inventory, std::error_code> parse(std::span<const std::uint8_t> image) {
    if (image.size() < 8) {
        return fail(Errc::fru_header_truncated);
    }
    const auto header = image.first(8);
    if (!zero_sum(header)) {
        return fail(Errc::fru_header_checksum);
    }
    if ((header[0] & 0x0fU) != 0x01) {
        return fail(Errc::fru_bad_format_version);
    }
    Inventory inv;
    inv.format_version = static_cast<std::uint8_t>(header[0] & 0x0fU);
    const auto offset = [&](std::size_t i) { return static_cast<std::size_t>(header[i]) * 8; };

    if (offset(1) != 0) { // 9: internal use runs to the next area (or the image end)
        std::size_t end = image.size();
        for (std::size_t i = 2; i <= 5; ++i) {
            if (offset(i) > offset(1) && offset(i) < end) {
                end = offset(i);
            }
        }
        if (offset(1) < image.size()) {
            inv.internal_use.emplace(image.begin() + static_cast<std::ptrdiff_t>(offset(1)),
                                     image.begin() + static_cast<std::ptrdiff_t>(end));
        } else {
            inv.errors.push_back({"internal use", make_error_code(Errc::fru_area_beyond_image)});
        }
    }
    if (offset(2) != 0) { // 10
        auto area = info_area(image, offset(2));
        auto fields = area ? read_fields(*area, 3, 2, language_english)
                           : std::expected<Fields, std::error_code>(std::unexpected(area.error()));
        if (fields) {
            ChassisArea c;
            c.version = (*area)[0];
            c.type = (*area)[2];
            c.part_number = fields->fixed[0];
            c.serial_number = fields->fixed[1];
            c.custom = std::move(fields->custom);
            inv.chassis = std::move(c);
        } else {
            inv.errors.push_back({"chassis", fields.error()});
        }
    }
    if (offset(3) != 0) { // 11
        auto area = info_area(image, offset(3));
        std::expected<Fields, std::error_code> fields = std::unexpected(make_error_code(Errc::fru_area_beyond_image));
        if (!area) {
            fields = std::unexpected(area.error());
        } else if (area->size() >= 7) {
            fields = read_fields(*area, 6, 5, (*area)[2]);
        }
        if (fields) {
            const auto& a = *area;
            BoardArea b;
            b.version = a[0];
            b.language = a[2];
            const std::uint32_t minutes = a[3] | (static_cast<std::uint32_t>(a[4]) << 8U) |
                                          (static_cast<std::uint32_t>(a[5]) << 16U);
            if (minutes != 0) {
                b.manufactured_minutes = minutes;
            }
            b.manufacturer = fields->fixed[0];
            b.product_name = fields->fixed[1];
            b.serial_number = fields->fixed[2];
            b.part_number = fields->fixed[3];
            b.fru_file_id = fields->fixed[4];
            b.custom = std::move(fields->custom);
            inv.board = std::move(b);
        } else {
            inv.errors.push_back({"board", fields.error()});
        }
    }
    if (offset(4) != 0) { // 12
        auto area = info_area(image, offset(4));
        auto fields = area ? read_fields(*area, 3, 7, (*area)[2])
                           : std::expected<Fields, std::error_code>(std::unexpected(area.error()));
        if (fields) {
            ProductArea p;
            p.version = (*area)[0];
            p.language = (*area)[2];
            p.manufacturer = fields->fixed[0];
            p.product_name = fields->fixed[1];
            p.part_model_number = fields->fixed[2];
            p.product_version = fields->fixed[3];
            p.serial_number = fields->fixed[4];
            p.asset_tag = fields->fixed[5];
            p.fru_file_id = fields->fixed[6];
            p.custom = std::move(fields->custom);
            inv.product = std::move(p);
        } else {
            inv.errors.push_back({"product", fields.error()});
        }
    }
    if (offset(5) != 0) {
        // 16.1: records until end-of-list (header byte 1 bit 7). Each record moves `at` forward
        // by at least its 5-byte header, so the chain cannot loop; one that never ends stops
        // at the image end, and the version check stops a run of zero bytes early.
        std::size_t at = offset(5);
        for (;;) {
            if (at + 5 > image.size()) {
                inv.errors.push_back({"multirecord", make_error_code(Errc::fru_multirecord_beyond_image)});
                break;
            }
            const auto head = image.subspan(at, 5);
            if (!zero_sum(head)) {
                inv.errors.push_back({"multirecord", make_error_code(Errc::fru_multirecord_header_checksum)});
                break;
            }
            if ((head[1] & 0x0fU) != 0x02) { // record format version 2h
                inv.errors.push_back({"multirecord", make_error_code(Errc::fru_multirecord_version)});
                break;
            }
            const std::size_t length = head[2];
            if (at + 5 + length > image.size()) {
                inv.errors.push_back({"multirecord", make_error_code(Errc::fru_multirecord_beyond_image)});
                break;
            }
            const auto data = image.subspan(at + 5, length);
            if (((std::accumulate(data.begin(), data.end(), 0U) + head[3]) & 0xffU) != 0) {
                inv.errors.push_back({"multirecord", make_error_code(Errc::fru_multirecord_checksum)});
            } else {
                std::error_code ec;
                inv.multirecords.push_back(decode_record(head[0], head[1], data, ec));
                if (ec) {
                    inv.errors.push_back({"multirecord", ec});
                }
            }
            at += 5 + length;
            if ((head[1] & 0x80U) != 0) {
                break; // end of list
            }
        }
    }
    return inv;
}

} // namespace ipmi::fru
