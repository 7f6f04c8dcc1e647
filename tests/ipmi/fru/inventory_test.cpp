// FRU images built byte by byte from the FRU specification (sections 8-18) in the test:
// every field of every area, each type/length encoding, each multirecord type, each corrupt
// case; a corrupt area is reported and the others still parse.
#include "ipmi/errc.hpp"
#include "ipmi/fru/inventory.hpp"

#include <gtest/gtest.h>
#include <numeric>

namespace {

using namespace ipmi::fru;
using Bytes = std::vector<std::uint8_t>;

std::uint8_t zero_checksum(const Bytes& b) {
    return static_cast<std::uint8_t>(-static_cast<int>(std::accumulate(b.begin(), b.end(), 0U) & 0xffU) & 0xff);
}

// An info area: version, length (8-byte units), body, C1h, padding, checksum.
Bytes area(Bytes body_after_length) {
    Bytes a{0x01, 0x00};
    a.insert(a.end(), body_after_length.begin(), body_after_length.end());
    a.push_back(0xc1);
    while ((a.size() + 1) % 8 != 0) {
        a.push_back(0x00);
    }
    a[1] = static_cast<std::uint8_t>((a.size() + 1) / 8);
    a.push_back(zero_checksum(a));
    return a;
}

Bytes text(const std::string& s) {
    // Byte by byte: GCC 12's -Warray-bounds misreads vector::insert from a string here.
    Bytes b;
    b.reserve(s.size() + 1);
    b.push_back(static_cast<std::uint8_t>(0xc0 | s.size()));
    for (const char c : s) {
        b.push_back(static_cast<std::uint8_t>(c));
    }
    return b;
}

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

Bytes record(std::uint8_t type, bool last, const Bytes& data) {
    Bytes head{type, static_cast<std::uint8_t>(0x02 | (last ? 0x80 : 0)), static_cast<std::uint8_t>(data.size()),
               zero_checksum(data)};
    head.push_back(zero_checksum(head));
    return cat({head, data});
}

// Common header + areas in order; offsets in 8-byte units.
Bytes image(const Bytes& internal, const Bytes& chassis, const Bytes& board, const Bytes& product,
            const Bytes& multi) {
    Bytes head{0x01, 0, 0, 0, 0, 0, 0x00};
    Bytes body;
    std::size_t offset = 8;
    const Bytes* areas[] = {&internal, &chassis, &board, &product, &multi};
    for (std::size_t i = 0; i < 5; ++i) {
        if (!areas[i]->empty()) {
            head[1 + i] = static_cast<std::uint8_t>(offset / 8);
            Bytes a = *areas[i];
            if (i != 4) {
                while (a.size() % 8 != 0) {
                    a.push_back(0);
                }
            }
            body.insert(body.end(), a.begin(), a.end());
            offset += a.size();
        }
    }
    head.push_back(zero_checksum(head));
    return cat({head, body});
}

const Bytes chassis = area(cat({{0x17}, text("CHS-4410-01"),
                                // 6-bit packed "SIMCH0001": 9 six-bit codes (20h less), LSB first, in 7 bytes
                                {0x87, 0x73, 0xda, 0x8e, 0x28, 0x04, 0x41, 0x11}, text("Rack 7")}));
// Board: language 25 (English), made 0x000A1B2C minutes after 1996-01-01.
const Bytes board = area(cat({{25, 0x2c, 0x1b, 0x0a}, text("Simulated Systems"), text("SIM-MB-2S"),
                              // BCD plus, three bytes (section 13.1)
                              {0x43, 0x21, 0xb3, 0x54}, text("MB-4410-A2"), {0x02, 0xab, 0xcd},
                              text("Rev A2")}));
const Bytes product = area(cat({{25}, text("Simulated Systems"), text("SimServer 4410"), text("SS-4410"),
                                text("2.1"), text("SRV0042"), text("ASSET-7781"), text("prod.xml")}));

Bytes psu_info() {
    // 800 W, peak 900 VA, 30 A inrush for 5 ms, 90.00-264.00 V (1), none (2), 47-63 Hz,
    // 20 ms dropout, flags 05h, 850 W peak with 2 s hold-up, combined 0, tach 0.
    return {0x20, 0x03, 0x84, 0x03, 30, 5, 0x28, 0x23, 0x50, 0x67, 0, 0, 0, 0, 47, 63, 20, 0x05,
            0x52, 0x23, 0, 0, 0, 0};
}

TEST(FruHeader, TruncatedChecksumVersion) {
    EXPECT_EQ(parse(Bytes{0x01, 0, 0}).error(), ipmi::Errc::fru_header_truncated);
    EXPECT_EQ(parse(Bytes{0x01, 0, 0, 0, 0, 0, 0, 0x00}).error(), ipmi::Errc::fru_header_checksum);
    EXPECT_EQ(parse(Bytes{0x02, 0, 0, 0, 0, 0, 0, 0xfe}).error(), ipmi::Errc::fru_bad_format_version);
    auto empty = parse(Bytes{0x01, 0, 0, 0, 0, 0, 0, 0xff});
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->format_version, 1);
    EXPECT_FALSE(empty->chassis || empty->board || empty->product || empty->internal_use);
    EXPECT_TRUE(empty->errors.empty());
}

TEST(FruAreas, EveryFieldOfEveryArea) {
    const Bytes multi = cat({record(0x00, false, psu_info()),
                             record(0x01, false, {0x81, 0xb0, 0x04, 0xc4, 0xff, 0x3c, 0x00, 0x78, 0x00, 0x00, 0x00, 0x60, 0xea}),
                             record(0x03, false, {0x07, 0x5b, 0xc2, 0x7d, 0x3e, 0x11, 0x8f, 0x4a, 0x6c, 0x9d, 0x02, 0x47,
                                                  0xe5, 0x61, 0xb8, 0x30, 0xa9}),
                             record(0x03, false, {0x02, 's', 'r', 'v', '1'}), record(0xc0, true, {0x57, 0x01, 0x00, 0xaa})});
    const auto img = image({0x01, 0xde, 0xad}, chassis, board, product, multi);
    auto inv = parse(img);
    ASSERT_TRUE(inv);
    EXPECT_TRUE(inv->errors.empty()) << inv->errors.front().area << ": " << inv->errors.front().code.message();
    ASSERT_TRUE(inv->internal_use);
    EXPECT_EQ((*inv->internal_use)[0], 0x01); // version byte, then the data (to the next area)
    EXPECT_EQ((*inv->internal_use)[1], 0xde);

    ASSERT_TRUE(inv->chassis);
    EXPECT_EQ(inv->chassis->version, 1);
    EXPECT_EQ(inv->chassis->type, 0x17);
    EXPECT_EQ(inv->chassis->part_number.text, "CHS-4410-01");
    EXPECT_EQ(inv->chassis->part_number.type, FieldType::text8);
    EXPECT_EQ(inv->chassis->serial_number.type, FieldType::packed_ascii6);
    EXPECT_EQ(inv->chassis->serial_number.text, "SIMCH0001");
    ASSERT_EQ(inv->chassis->custom.size(), 1U);
    EXPECT_EQ(inv->chassis->custom[0].text, "Rack 7");

    ASSERT_TRUE(inv->board);
    EXPECT_EQ(inv->board->language, 25);
    EXPECT_EQ(inv->board->manufactured_minutes, 0x0a1b2cU);
    EXPECT_EQ(inv->board->manufactured_unix(), 820454400 + 0x0a1b2c * 60LL);
    EXPECT_EQ(inv->board->manufacturer.text, "Simulated Systems");
    EXPECT_EQ(inv->board->product_name.text, "SIM-MB-2S");
    EXPECT_EQ(inv->board->serial_number.type, FieldType::bcd_plus);
    EXPECT_EQ(inv->board->serial_number.text, "21-354"); // 2 1, B = dash 3, 5 4
    EXPECT_EQ(inv->board->part_number.text, "MB-4410-A2");
    EXPECT_EQ(inv->board->fru_file_id.type, FieldType::binary);
    EXPECT_EQ(inv->board->fru_file_id.raw, (Bytes{0xab, 0xcd}));
    EXPECT_EQ(inv->board->fru_file_id.text, "ABh CDh"); // as ipmi-fru prints binary fields
    ASSERT_EQ(inv->board->custom.size(), 1U);
    EXPECT_EQ(inv->board->custom[0].text, "Rev A2");

    ASSERT_TRUE(inv->product);
    EXPECT_EQ(inv->product->manufacturer.text, "Simulated Systems");
    EXPECT_EQ(inv->product->product_name.text, "SimServer 4410");
    EXPECT_EQ(inv->product->part_model_number.text, "SS-4410");
    EXPECT_EQ(inv->product->product_version.text, "2.1");
    EXPECT_EQ(inv->product->serial_number.text, "SRV0042");
    EXPECT_EQ(inv->product->asset_tag.text, "ASSET-7781");
    EXPECT_EQ(inv->product->fru_file_id.text, "prod.xml");
    EXPECT_TRUE(inv->product->custom.empty());

    ASSERT_EQ(inv->multirecords.size(), 5U);
    const auto& p = std::get<PowerSupplyInfo>(inv->multirecords[0].decoded);
    EXPECT_EQ(p.overall_capacity_w, 800);
    EXPECT_EQ(p.peak_va, 900);
    EXPECT_EQ(p.inrush_current_a, 30);
    EXPECT_EQ(p.inrush_interval_ms, 5);
    EXPECT_EQ(p.low_input_voltage_1_10mv, 9000);
    EXPECT_EQ(p.high_input_voltage_1_10mv, 26448);
    EXPECT_EQ(p.low_input_frequency_hz, 47);
    EXPECT_EQ(p.high_input_frequency_hz, 63);
    EXPECT_EQ(p.ac_dropout_tolerance_ms, 20);
    EXPECT_EQ(p.flags, 0x05);
    EXPECT_EQ(p.peak_wattage_w, 0x352);
    EXPECT_EQ(p.holdup_time_s, 2);
    EXPECT_EQ(inv->multirecords[0].format_version, 2);
    EXPECT_FALSE(inv->multirecords[0].end_of_list);
    const auto& d = std::get<DcOutput>(inv->multirecords[1].decoded);
    EXPECT_EQ(d.output_number, 1);
    EXPECT_TRUE(d.standby);
    EXPECT_EQ(d.nominal_voltage_10mv, 1200);
    EXPECT_EQ(d.max_negative_deviation_10mv, -60);
    EXPECT_EQ(d.max_positive_deviation_10mv, 60);
    EXPECT_EQ(d.ripple_noise_mv, 120);
    EXPECT_EQ(d.min_current_ma, 0);
    EXPECT_EQ(d.max_current_ma, 60000);
    const auto& uuid = std::get<ManagementAccess>(inv->multirecords[2].decoded);
    EXPECT_EQ(uuid.subtype, 0x07);
    EXPECT_EQ(uuid.text, "5Bh C2h 7Dh 3Eh 11h 8Fh 4Ah 6Ch 9Dh 02h 47h E5h 61h B8h 30h A9h"); // as ipmi-fru
    EXPECT_EQ(uuid.uuid, "3E7DC25B-8F11-6C4A-9D02-47E561B830A9"); // first three fields little-endian
    EXPECT_EQ(std::get<ManagementAccess>(inv->multirecords[3].decoded).text, "srv1");
    EXPECT_TRUE(std::holds_alternative<std::monostate>(inv->multirecords[4].decoded)); // OEM kept raw
    EXPECT_EQ(inv->multirecords[4].data, (Bytes{0x57, 0x01, 0x00, 0xaa}));
    EXPECT_TRUE(inv->multirecords[4].end_of_list);
}

TEST(FruFields, Encodings) {
    // BCD plus: digits, space (A), dash (B), period (C); 6-bit packed; binary; Latin-1 to UTF-8.
    auto bcd = read_field(Bytes{0x42, 0x21, 0xbc}, 25);
    ASSERT_TRUE(bcd);
    EXPECT_EQ(bcd->field->type, FieldType::bcd_plus);
    EXPECT_EQ(bcd->field->text, "21-."); // 13.1: Bh dash, Ch period
    EXPECT_EQ(bcd->consumed, 3U);
    EXPECT_EQ(read_field(Bytes{0x41, 0xa9}, 25)->field->text, " 9"); // Ah space
    // 6-bit packed ASCII, the IPMI spec's example: "IPMI" = 29h DCh A6h.
    auto six = read_field(Bytes{0x83, 0x29, 0xdc, 0xa6}, 25);
    EXPECT_EQ(six->field->type, FieldType::packed_ascii6);
    EXPECT_EQ(six->field->text, "IPMI");
    auto bin = read_field(Bytes{0x03, 0x00, 0x7f, 0xff}, 25);
    EXPECT_EQ(bin->field->type, FieldType::binary);
    EXPECT_EQ(bin->field->raw, (Bytes{0x00, 0x7f, 0xff}));
    EXPECT_EQ(bin->field->text, "00h 7Fh FFh");
    auto latin = read_field(Bytes{0xc2, 'A', 0xe9}, 25);
    EXPECT_EQ(latin->field->text, "A\xc3\xa9");
    auto legacy = read_field(Bytes{0xc2, 'O', 'K'}, 0); // language 0: English too
    EXPECT_EQ(legacy->field->text, "OK");
    // Non-English: 16-bit Unicode in the spec; FreeIPMI refuses it, so do we (bytes kept).
    auto unicode = read_field(Bytes{0xc4, 'O', 0, 'K', 0}, 7);
    ASSERT_TRUE(unicode);
    EXPECT_EQ(unicode->field->error, ipmi::Errc::fru_language_not_supported);
    EXPECT_EQ(unicode->field->text, "");
    EXPECT_EQ(unicode->field->raw, (Bytes{'O', 0, 'K', 0}));
    EXPECT_EQ(unicode->consumed, 5U);
    // The other encodings do not depend on the language.
    EXPECT_EQ(read_field(Bytes{0x83, 0x29, 0xdc, 0xa6}, 7)->field->text, "IPMI");
    EXPECT_FALSE(read_field(Bytes{0x83, 0x29, 0xdc, 0xa6}, 7)->field->error);
    auto empty = read_field(Bytes{0xc0}, 25);
    EXPECT_EQ(empty->field->text, "");
    EXPECT_EQ(empty->consumed, 1U);
    auto end = read_field(Bytes{0xc1, 0x00}, 25);
    EXPECT_FALSE(end->field);
    EXPECT_EQ(read_field(Bytes{0xc5, 'a'}, 25).error(), ipmi::Errc::fru_field_beyond_area);
    EXPECT_EQ(read_field(Bytes{}, 25).error(), ipmi::Errc::fru_field_beyond_area);
}

TEST(FruCorrupt, ABadAreaIsReportedAndTheOthersStillParse) {
    Bytes bad_board = board;
    bad_board[5] ^= 0xff; // checksum no longer zero
    auto inv = parse(image({}, chassis, bad_board, product, {}));
    ASSERT_TRUE(inv);
    EXPECT_TRUE(inv->chassis);
    EXPECT_FALSE(inv->board);
    EXPECT_TRUE(inv->product);
    ASSERT_EQ(inv->errors.size(), 1U);
    EXPECT_EQ(inv->errors[0].area, "board");
    EXPECT_EQ(inv->errors[0].code, ipmi::Errc::fru_area_checksum);
}

TEST(FruCorrupt, OffsetsLengthsMarkersAndRecords) {
    // An area offset past the image.
    Bytes head{0x01, 0, 0x20, 0, 0, 0, 0};
    head.push_back(zero_checksum(head));
    auto far = parse(head);
    ASSERT_TRUE(far);
    EXPECT_EQ(far->errors.at(0).code, ipmi::Errc::fru_area_beyond_image);
    // An area whose length runs past the image.
    Bytes longer = image({}, chassis, {}, {}, {});
    longer[9] = 0x20;
    EXPECT_EQ(parse(longer)->errors.at(0).code, ipmi::Errc::fru_area_beyond_image);
    // No C1h before the checksum: fields all the way.
    Bytes no_end{0x01, 0x01, 0x17, 0xc2, 'a', 'b', 0x00};
    no_end.push_back(zero_checksum(no_end));
    auto ne = parse(image({}, no_end, {}, {}, {}));
    EXPECT_EQ(ne->errors.at(0).code, ipmi::Errc::fru_no_end_marker);
    // A field running past the area.
    Bytes overrun{0x01, 0x01, 0x17, 0xcf, 'a', 'b', 'c'};
    overrun.push_back(zero_checksum(overrun));
    EXPECT_EQ(parse(image({}, overrun, {}, {}, {}))->errors.at(0).code, ipmi::Errc::fru_field_beyond_area);
    // Multirecords: header checksum, data checksum, past the end, too short, no end-of-list.
    auto r = record(0x01, true, Bytes(13, 0x11));
    auto bad_head = r;
    bad_head[4] ^= 1;
    EXPECT_EQ(parse(image({}, {}, {}, {}, bad_head))->errors.at(0).code, ipmi::Errc::fru_multirecord_header_checksum);
    auto bad_data = r;
    bad_data[7] ^= 1;
    EXPECT_EQ(parse(image({}, {}, {}, {}, bad_data))->errors.at(0).code, ipmi::Errc::fru_multirecord_checksum);
    auto cut = r;
    cut.resize(10);
    EXPECT_EQ(parse(image({}, {}, {}, {}, cut))->errors.at(0).code, ipmi::Errc::fru_multirecord_beyond_image);
    auto short_psu = parse(image({}, {}, {}, {}, record(0x00, true, Bytes(10, 0))));
    EXPECT_EQ(short_psu->errors.at(0).code, ipmi::Errc::fru_multirecord_too_short);
    auto open_list = parse(image({}, {}, {}, {}, record(0x01, false, Bytes(13, 0))));
    EXPECT_EQ(open_list->multirecords.size(), 1U); // then the image ends
    EXPECT_EQ(open_list->errors.at(0).code, ipmi::Errc::fru_multirecord_beyond_image);
}

TEST(FruAreas, UnspecifiedDateProductCustomAndNonEnglishFields) {
    // Board: language 7 (Aymara), date 0 = unspecified (section 11); 8-bit fields cannot be
    // read (FreeIPMI: "language code not supported"), 6-bit and BCD plus ones can.
    const Bytes board7 = area(cat({{7, 0, 0, 0}, text("Maker"), {0x83, 0x29, 0xdc, 0xa6}, {0x41, 0x12},
                                   text("PN"), {0xc0}}));
    const Bytes product_custom = area(cat({{25}, text("Ma"), text("Nm"), {0xc0}, {0xc0}, {0xc0}, {0xc0}, {0xc0},
                                           text("c1"), {0x01, 0x5a}}));
    auto inv = parse(image({}, {}, board7, product_custom, {}));
    ASSERT_TRUE(inv);
    EXPECT_TRUE(inv->errors.empty());
    ASSERT_TRUE(inv->board);
    EXPECT_EQ(inv->board->language, 7);
    EXPECT_FALSE(inv->board->manufactured_minutes);
    EXPECT_FALSE(inv->board->manufactured_unix());
    EXPECT_EQ(inv->board->manufacturer.error, ipmi::Errc::fru_language_not_supported);
    EXPECT_EQ(inv->board->manufacturer.raw, (Bytes{'M', 'a', 'k', 'e', 'r'}));
    EXPECT_EQ(inv->board->product_name.text, "IPMI");
    EXPECT_EQ(inv->board->serial_number.text, "12");
    EXPECT_EQ(inv->board->part_number.error, ipmi::Errc::fru_language_not_supported);
    EXPECT_EQ(inv->board->fru_file_id.text, "");
    EXPECT_FALSE(inv->board->fru_file_id.error); // empty: nothing to decode
    ASSERT_TRUE(inv->product);
    EXPECT_EQ(inv->product->part_model_number.text, "");
    ASSERT_EQ(inv->product->custom.size(), 2U);
    EXPECT_EQ(inv->product->custom[0].text, "c1");
    EXPECT_EQ(inv->product->custom[1].text, "5Ah");
    // An area that ends (C1h) before its fixed fields: the missing ones are empty.
    auto early = parse(image({}, {}, {}, area({25, 0xc2, 'M', 'a'}), {}));
    ASSERT_TRUE(early->product);
    EXPECT_EQ(early->product->manufacturer.text, "Ma");
    EXPECT_EQ(early->product->fru_file_id.text, "");
    EXPECT_TRUE(early->errors.empty());
}

TEST(FruAreas, ChassisTypeNames) {
    EXPECT_EQ(chassis_type_name(0x17), "Rack Mount Chassis"); // SMBIOS Table 17
    EXPECT_EQ(chassis_type_name(0x11), "Main Server Chassis");
    EXPECT_EQ(chassis_type_name(0x01), "Other");
    EXPECT_EQ(chassis_type_name(0x00), "");
    EXPECT_EQ(chassis_type_name(0x18), "");
}

TEST(FruMultirecords, PowerSupplyAllFields) {
    // 18.1: capacity 1200 W (12 bits of 04B0h), peak VA FFFFh, flags 1Fh (all five bits),
    // peak FFFh = unspecified with 3 s hold-up, combined: voltage 1 = 1 (-12V), voltage 2 =
    // 3 (3.3V), 800 W total; tach threshold 7 RPS.
    const Bytes psu{0xb0, 0xf4, 0xff, 0xff, 40, 8, 0x28, 0x23, 0x50, 0x67, 0x50, 0x46, 0x50, 0x67, 47, 63, 20, 0x1f,
                    0xff, 0x3f, 0x13, 0x20, 0x03, 7};
    auto inv = parse(image({}, {}, {}, {}, record(0x00, true, psu)));
    ASSERT_TRUE(inv);
    ASSERT_EQ(inv->multirecords.size(), 1U);
    const auto& p = std::get<PowerSupplyInfo>(inv->multirecords[0].decoded);
    EXPECT_EQ(p.overall_capacity_w, 1200);
    EXPECT_EQ(p.peak_va, 0xffff);
    EXPECT_EQ(p.inrush_current_a, 40);
    EXPECT_EQ(p.inrush_interval_ms, 8);
    EXPECT_EQ(p.low_input_voltage_1_10mv, 9000);
    EXPECT_EQ(p.high_input_voltage_1_10mv, 26448);
    EXPECT_EQ(p.low_input_voltage_2_10mv, 18000);
    EXPECT_EQ(p.high_input_voltage_2_10mv, 26448);
    EXPECT_TRUE(p.predictive_fail_support());
    EXPECT_TRUE(p.power_factor_correction());
    EXPECT_TRUE(p.autoswitch());
    EXPECT_TRUE(p.hot_swap());
    EXPECT_TRUE(p.tach_polarity());
    EXPECT_EQ(p.peak_wattage_w, 0x0fff);
    EXPECT_EQ(p.holdup_time_s, 3);
    EXPECT_EQ(p.voltage_1, 1);
    EXPECT_EQ(p.voltage_2, 3);
    EXPECT_EQ(p.total_combined_wattage_w, 800);
    EXPECT_EQ(p.predictive_fail_tach_rps, 7);
    auto none = std::get<PowerSupplyInfo>(parse(image({}, {}, {}, {}, record(0x00, true, Bytes(24, 0))))
                                              ->multirecords[0].decoded);
    EXPECT_FALSE(none.predictive_fail_support() || none.power_factor_correction() || none.autoswitch() ||
                 none.hot_swap() || none.tach_polarity());
}

TEST(FruMultirecords, DcLoadCompatibilityManagementAccessOem) {
    const Bytes multi = cat({
        // 18.3 DC load: output 3 (bits 3:0 only), 12.00 V nominal, 11.40-12.60 V, 100 mV
        // ripple, 500-20000 mA.
        record(0x02, false, {0xf3, 0xb0, 0x04, 0x74, 0x04, 0xec, 0x04, 0x64, 0x00, 0xf4, 0x01, 0x20, 0x4e}),
        // 18.4 base compatibility: manufacturer 000157h, entity 0Ah, base 12h, code start
        // B4h (bit 7 reserved: 34h), mask FFh 0Fh.
        record(0x04, false, {0x57, 0x01, 0x00, 0x0a, 0x12, 0xb4, 0xff, 0x0f}),
        // 18.5 extended compatibility, no mask.
        record(0x05, false, {0x01, 0x02, 0x03, 0x07, 0x01, 0x02}),
        // 18.7 sub-records 01h-06h are text; 08h is unknown.
        record(0x03, false, {0x01, 'h', 't', 't', 'p', ':', '/', '/', 'b'}),
        record(0x03, false, {0x02, 's', 'r', 'v', '1'}),
        record(0x03, false, {0x03, '1', '0', '.', '0', '.', '0', '.', '1'}),
        record(0x03, false, {0x04, 'u', 'r', 'l'}),
        record(0x03, false, {0x05, 'c', 'o', 'm', 'p'}),
        record(0x03, false, {0x06, '1', '0', '.', '2'}),
        record(0x03, false, {0x08, 0x01, 0x02}),
        // 06h (ASF) and C0h (OEM) are kept as bytes.
        record(0x06, false, {0x01, 0x02, 0x03}),
        record(0xc0, true, {0x57, 0x01, 0x00, 0xaa, 0xbb}),
    });
    auto inv = parse(image({}, {}, {}, {}, multi));
    ASSERT_TRUE(inv);
    EXPECT_TRUE(inv->errors.empty());
    ASSERT_EQ(inv->multirecords.size(), 12U);
    const auto& l = std::get<DcLoad>(inv->multirecords[0].decoded);
    EXPECT_EQ(l.output_number, 3);
    EXPECT_EQ(l.nominal_voltage_10mv, 1200);
    EXPECT_EQ(l.min_voltage_10mv, 1140);
    EXPECT_EQ(l.max_voltage_10mv, 1260);
    EXPECT_EQ(l.ripple_noise_mv, 100);
    EXPECT_EQ(l.min_current_ma, 500);
    EXPECT_EQ(l.max_current_ma, 20000);
    const auto& base = std::get<Compatibility>(inv->multirecords[1].decoded);
    EXPECT_EQ(base.manufacturer_id, 0x000157U);
    EXPECT_EQ(base.entity_id, 0x0a);
    EXPECT_EQ(base.compatibility_base, 0x12);
    EXPECT_EQ(base.code_start, 0x34);
    EXPECT_EQ(base.code_range_mask, (Bytes{0xff, 0x0f}));
    const auto& ext = std::get<Compatibility>(inv->multirecords[2].decoded);
    EXPECT_EQ(inv->multirecords[2].type, 0x05);
    EXPECT_EQ(ext.manufacturer_id, 0x030201U);
    EXPECT_EQ(ext.entity_id, 0x07);
    EXPECT_TRUE(ext.code_range_mask.empty());
    const char* texts[] = {"http://b", "srv1", "10.0.0.1", "url", "comp", "10.2"};
    for (std::size_t i = 0; i < 6; ++i) {
        const auto& m = std::get<ManagementAccess>(inv->multirecords[3 + i].decoded);
        EXPECT_EQ(static_cast<std::size_t>(m.subtype), i + 1);
        EXPECT_EQ(m.text, texts[i]);
        EXPECT_EQ(m.uuid, "");
    }
    EXPECT_EQ(std::get<ManagementAccess>(inv->multirecords[9].decoded).text, "01h 02h");
    EXPECT_TRUE(std::holds_alternative<std::monostate>(inv->multirecords[10].decoded));
    EXPECT_EQ(inv->multirecords[10].data, (Bytes{0x01, 0x02, 0x03}));
    EXPECT_TRUE(std::holds_alternative<std::monostate>(inv->multirecords[11].decoded));
}

TEST(FruMultirecords, TooShortForTheirLayouts) {
    const std::pair<std::uint8_t, std::size_t> cases[] = {{0x01, 12}, {0x02, 12}, {0x04, 5}, {0x05, 5}, {0x03, 0}};
    for (const auto& [type, size] : cases) {
        auto inv = parse(image({}, {}, {}, {}, record(type, true, Bytes(size, 0x01))));
        ASSERT_TRUE(inv);
        EXPECT_EQ(inv->errors.at(0).code, ipmi::Errc::fru_multirecord_too_short) << unsigned{type};
        EXPECT_TRUE(std::holds_alternative<std::monostate>(inv->multirecords.at(0).decoded));
    }
    // A system unique ID shorter than 16 bytes.
    auto uuid = parse(image({}, {}, {}, {}, record(0x03, true, {0x07, 1, 2, 3})));
    EXPECT_EQ(uuid->errors.at(0).code, ipmi::Errc::fru_multirecord_too_short);
}

TEST(FruCorrupt, VersionsAndRunsOfZeros) {
    // An info area of format version 2: rejected (ipmi-fru: "area format invalid").
    Bytes v2 = chassis;
    v2[0] = 0x02;
    v2.back() = static_cast<std::uint8_t>(v2.back() - 1);
    auto inv = parse(image({}, v2, board, {}, {}));
    ASSERT_TRUE(inv);
    EXPECT_FALSE(inv->chassis);
    EXPECT_TRUE(inv->board);
    EXPECT_EQ(inv->errors.at(0).area, "chassis");
    EXPECT_EQ(inv->errors.at(0).code, ipmi::Errc::fru_area_version);
    // A multirecord of format version 1.
    Bytes r1 = record(0x01, true, Bytes(13, 0));
    r1[1] = 0x81;
    r1[4] = static_cast<std::uint8_t>(r1[4] + 1);
    EXPECT_EQ(parse(image({}, {}, {}, {}, r1))->errors.at(0).code, ipmi::Errc::fru_multirecord_version);
    // A record without end-of-list followed by zeros (whose header would sum to zero): the
    // version check stops the chain at the first zero header.
    Bytes zeros = cat({record(0x01, false, Bytes(13, 0)), Bytes(4096, 0)});
    auto z = parse(image({}, {}, {}, {}, zeros));
    EXPECT_EQ(z->multirecords.size(), 1U);
    ASSERT_EQ(z->errors.size(), 1U);
    EXPECT_EQ(z->errors[0].code, ipmi::Errc::fru_multirecord_version);
    // The multirecord offset itself past the image.
    Bytes head{0x01, 0, 0, 0, 0, 0x10, 0};
    head.push_back(zero_checksum(head));
    EXPECT_EQ(parse(head)->errors.at(0).code, ipmi::Errc::fru_multirecord_beyond_image);
    // An internal use offset past the image.
    Bytes iu{0x01, 0x10, 0, 0, 0, 0, 0};
    iu.push_back(zero_checksum(iu));
    EXPECT_EQ(parse(iu)->errors.at(0).area, "internal use");
}

} // namespace
