// Parsing FRU images: every offset and length checked against the image; a bad area is
// recorded and skipped, the rest still parses.
#include "ipmi/fru/inventory.hpp"

#include "ipmi/errc.hpp"
#include "ipmi/sdr/id_string.hpp"

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

std::string utf8_of_ucs2(std::span<const std::uint8_t> bytes) {
    std::string out;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        const unsigned c = bytes[i] | (static_cast<unsigned>(bytes[i + 1]) << 8U);
        if (c == 0) {
            break;
        }
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xc0U | (c >> 6U)));
            out.push_back(static_cast<char>(0x80U | (c & 0x3fU)));
        } else {
            out.push_back(static_cast<char>(0xe0U | (c >> 12U)));
            out.push_back(static_cast<char>(0x80U | ((c >> 6U) & 0x3fU)));
            out.push_back(static_cast<char>(0x80U | (c & 0x3fU)));
        }
    }
    return out;
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

MultiRecord decode_record(std::uint8_t type, std::uint8_t head1, std::span<const std::uint8_t> data,
                          std::error_code& error) {
    MultiRecord r;
    r.type = type;
    r.format_version = static_cast<std::uint8_t>(head1 & 0x0fU);
    r.end_of_list = (head1 & 0x80U) != 0;
    r.data.assign(data.begin(), data.end());
    switch (type) {
    case 0x00: { // 18.1, 24 bytes
        if (data.size() < 24) {
            error = make_error_code(Errc::fru_multirecord_too_short);
            break;
        }
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
        p.combined_wattage = {data[20], data[21], data[22]};
        p.predictive_fail_tach_rps = data[23];
        r.decoded = p;
        break;
    }
    case 0x01:
    case 0x02: { // 18.2 / 18.3, 13 bytes
        if (data.size() < 13) {
            error = make_error_code(Errc::fru_multirecord_too_short);
            break;
        }
        DcOutput d;
        d.output_number = static_cast<std::uint8_t>(data[0] & 0x0fU);
        d.standby = (data[0] & 0x80U) != 0;
        d.nominal_voltage_10mv = static_cast<std::int16_t>(le16(data, 1));
        d.max_negative_deviation_10mv = static_cast<std::int16_t>(le16(data, 3));
        d.max_positive_deviation_10mv = static_cast<std::int16_t>(le16(data, 5));
        d.ripple_noise_mv = le16(data, 7);
        d.min_current_ma = le16(data, 9);
        d.max_current_ma = le16(data, 11);
        r.decoded = d;
        break;
    }
    case 0x03: { // 18.7
        if (data.empty()) {
            error = make_error_code(Errc::fru_multirecord_too_short);
            break;
        }
        ManagementAccess m;
        m.subtype = data[0];
        m.data.assign(data.begin() + 1, data.end());
        if (m.subtype == 0x07) {
            if (m.data.size() < 16) {
                error = make_error_code(Errc::fru_multirecord_too_short);
                break;
            }
            // The GUID's first three fields little-endian (SMBIOS order), as ipmi-fru prints it.
            const auto& g = m.data;
            m.text = fmt::format("{:02X}{:02X}{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-"
                                 "{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}",
                                 g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12],
                                 g[13], g[14], g[15]);
        } else {
            m.text = sdr::decode_id_text(sdr::IdStringType::latin1, m.data);
        }
        r.decoded = m;
        break;
    }
    default:
        break; // 04h/05h compatibility, C0h-FFh OEM and the rest: kept as bytes
    }
    return r;
}

} // namespace

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
    case FieldType::binary:
        for (auto b : bytes) {
            f.text += fmt::format("{}{:02X}", f.text.empty() ? "" : " ", b);
        }
        break;
    case FieldType::bcd_plus: f.text = sdr::decode_id_text(sdr::IdStringType::bcd_plus, bytes); break;
    case FieldType::packed_ascii6: f.text = sdr::decode_id_text(sdr::IdStringType::packed_ascii6, bytes); break;
    case FieldType::text8:
        // Section 13: 8-bit ASCII + Latin 1 for English, 16-bit Unicode for other languages.
        f.text = (language == 0 || language == language_english)
                     ? sdr::decode_id_text(sdr::IdStringType::latin1, bytes)
                     : utf8_of_ucs2(bytes);
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
    if (offset(5) != 0) { // 16: records until end-of-list; bounded by the image
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
