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
    Bytes b{static_cast<std::uint8_t>(0xc0 | s.size())};
    b.insert(b.end(), s.begin(), s.end());
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
    EXPECT_EQ(inv->board->part_number.text, "MB-4410-A2");
    EXPECT_EQ(inv->board->fru_file_id.type, FieldType::binary);
    EXPECT_EQ(inv->board->fru_file_id.raw, (Bytes{0xab, 0xcd}));
    EXPECT_EQ(inv->board->fru_file_id.text, "AB CD");
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
    EXPECT_EQ(uuid.text, "3E7DC25B-8F11-6C4A-9D02-47E561B830A9");
    EXPECT_EQ(std::get<ManagementAccess>(inv->multirecords[3].decoded).text, "srv1");
    EXPECT_TRUE(std::holds_alternative<std::monostate>(inv->multirecords[4].decoded)); // OEM kept raw
    EXPECT_EQ(inv->multirecords[4].data, (Bytes{0x57, 0x01, 0x00, 0xaa}));
    EXPECT_TRUE(inv->multirecords[4].end_of_list);
}

TEST(FruFields, Encodings) {
    // BCD plus: digits, space (A), dash (B), period (C); 6-bit packed; binary; Latin-1 to UTF-8.
    auto bcd = read_field(Bytes{0x42, 0x21, 0xba}, 25);
    ASSERT_TRUE(bcd);
    EXPECT_EQ(bcd->field->type, FieldType::bcd_plus);
    EXPECT_EQ(bcd->consumed, 3U);
    auto latin = read_field(Bytes{0xc2, 'A', 0xe9}, 25);
    EXPECT_EQ(latin->field->text, "A\xc3\xa9");
    auto unicode = read_field(Bytes{0xc4, 'O', 0, 'K', 0}, 7); // non-English: 16-bit Unicode
    EXPECT_EQ(unicode->field->text, "OK");
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

} // namespace
