// parse_sdr over byte fixtures of every record type, every field asserted, and every corrupt
// input (IPMI 2.0 section 43).
#include "ipmi/errc.hpp"
#include "ipmi/sdr/record.hpp"
#include "tests/ipmi/sdr/fixtures.hpp"

#include <gtest/gtest.h>
#include <utility>

namespace {

using namespace ipmi::sdr;
using ipmi::Errc;
using sdr_fixtures::Bytes;

template <typename T> T parse_as(const Bytes& bytes) {
    const auto r = parse_sdr(bytes);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message());
    if (!r || !std::holds_alternative<T>(*r)) {
        ADD_FAILURE() << "wrong record type";
        return T{};
    }
    return std::get<T>(*r);
}

TEST(SdrHeader, ParsesIdVersionTypeLength) {
    const auto h = parse_header(sdr_fixtures::full_record());
    ASSERT_TRUE(h);
    EXPECT_EQ(*h, (SdrHeader{0x0034, 0x51, 0x01, 0x33}));
}

TEST(FullSensorRecord, EveryField) {
    const auto s = parse_as<FullSensorRecord>(sdr_fixtures::full_record());
    EXPECT_EQ(s.header, (SdrHeader{0x0034, 0x51, 0x01, 0x33}));
    EXPECT_EQ(s.owner, (SensorOwner{0x10, false, 5, 2}));
    EXPECT_EQ(s.owner.address(), 0x20);
    EXPECT_EQ(s.number, 0x31);
    EXPECT_EQ(s.entity, (Entity{0x03, 1, true}));
    EXPECT_EQ(s.initialization,
              (SensorInitialization{true, false, true, false, false, true, false, true}));
    EXPECT_EQ(s.capabilities, (SensorCapabilities{true, true, 1, 2, 1}));
    EXPECT_EQ(s.sensor_type, 0x01);
    EXPECT_EQ(s.event_reading_type, 0x01);
    EXPECT_TRUE(s.threshold_based());
    EXPECT_EQ(s.masks.assertion, 0x7a95);
    EXPECT_EQ(s.masks.deassertion, 0x3a95);
    EXPECT_EQ(s.masks.reading, 0x1b3f);
    EXPECT_EQ(s.masks.threshold_assertion_events(), 0x0a95);
    EXPECT_EQ(s.masks.threshold_deassertion_events(), 0x0a95);
    EXPECT_EQ(s.masks.lower_threshold_reading_mask(), 0x07);
    EXPECT_EQ(s.masks.upper_threshold_reading_mask(), 0x03);
    EXPECT_EQ(s.masks.readable_thresholds(), 0x3f);
    EXPECT_EQ(s.masks.settable_thresholds(), 0x1b);
    EXPECT_TRUE(s.masks.settable(Threshold::lower_non_critical));
    EXPECT_FALSE(s.masks.settable(Threshold::lower_non_recoverable));
    EXPECT_TRUE(s.masks.readable(Threshold::upper_non_recoverable));
    EXPECT_EQ(s.analog_format, AnalogFormat::twos_complement);
    EXPECT_EQ(s.units, (SensorUnits{3, ModifierUse::divide, true, 0x01, 0x16}));
    EXPECT_EQ(s.linearization, 0x00);
    EXPECT_EQ(s.factors.m, -212);
    EXPECT_EQ(s.factors.tolerance, 0x15);
    EXPECT_EQ(s.factors.b, -496);
    EXPECT_EQ(s.factors.accuracy, 0x2a | (0x5 << 6));
    EXPECT_EQ(s.factors.accuracy_exp, 3);
    EXPECT_EQ(s.factors.r_exp, -2);
    EXPECT_EQ(s.factors.b_exp, 3);
    EXPECT_EQ(s.direction, 1);
    EXPECT_TRUE(s.nominal_specified);
    EXPECT_FALSE(s.normal_max_specified);
    EXPECT_TRUE(s.normal_min_specified);
    EXPECT_EQ(s.nominal_reading, 0x40);
    EXPECT_EQ(s.normal_maximum, 0x50);
    EXPECT_EQ(s.normal_minimum, 0x10);
    EXPECT_EQ(s.sensor_maximum, 0x7f);
    EXPECT_EQ(s.sensor_minimum, 0x80);
    EXPECT_EQ(s.upper_non_recoverable, 0x60);
    EXPECT_EQ(s.upper_critical, 0x5a);
    EXPECT_EQ(s.upper_non_critical, 0x55);
    EXPECT_EQ(s.lower_non_recoverable, 0x05);
    EXPECT_EQ(s.lower_critical, 0x0a);
    EXPECT_EQ(s.lower_non_critical, 0x0f);
    EXPECT_EQ(s.threshold(Threshold::upper_critical), 0x5a);
    EXPECT_EQ(s.threshold(Threshold::lower_non_critical), 0x0f);
    EXPECT_EQ(s.positive_hysteresis, 0x02);
    EXPECT_EQ(s.negative_hysteresis, 0x03);
    EXPECT_EQ(s.oem, 0x77);
    EXPECT_EQ(s.id.type, IdStringType::latin1);
    EXPECT_EQ(s.id.length, 8);
    EXPECT_EQ(s.id.text, "CPU Temp");
    EXPECT_EQ(s.id.raw, (Bytes{'C', 'P', 'U', ' ', 'T', 'e', 'm', 'p'}));
}

TEST(FullSensorRecord, LinearizationKeepsBits6To0) {
    auto bytes = sdr_fixtures::full_record();
    bytes[23] = 0xf0; // bit 7 reserved
    EXPECT_EQ(parse_as<FullSensorRecord>(bytes).linearization, 0x70);
}

TEST(FullSensorRecord, EmptyIdStringIsFine) {
    auto bytes = sdr_fixtures::full_record();
    bytes.resize(48);
    bytes[4] = 43;
    bytes[47] = 0xc0;
    const auto s = parse_as<FullSensorRecord>(bytes);
    EXPECT_EQ(s.id.length, 0);
    EXPECT_EQ(s.id.text, "");
}

TEST(CompactSensorRecord, EveryField) {
    const auto s = parse_as<CompactSensorRecord>(sdr_fixtures::compact_record());
    EXPECT_EQ(s.header, (SdrHeader{0x0035, 0x51, 0x02, 0x1f}));
    EXPECT_EQ(s.owner, (SensorOwner{0x10, false, 0, 0}));
    EXPECT_EQ(s.number, 0x40);
    EXPECT_EQ(s.entity, (Entity{0x20, 1, false}));
    EXPECT_EQ(s.initialization,
              (SensorInitialization{false, false, false, false, false, false, true, true}));
    EXPECT_EQ(s.capabilities, (SensorCapabilities{false, true, 0, 0, 0}));
    EXPECT_EQ(s.sensor_type, 0x0c);
    EXPECT_EQ(s.event_reading_type, 0x6f);
    EXPECT_FALSE(s.threshold_based());
    EXPECT_EQ(s.masks, (EventMasks{0x0003, 0x0003, 0x07ff}));
    EXPECT_EQ(s.masks.discrete_reading_mask(), 0x07ff);
    EXPECT_EQ(s.units, SensorUnits{});
    EXPECT_EQ(s.direction, 2);
    EXPECT_EQ(s.sharing, (RecordSharing{4, IdModifierType::numeric, 1, true}));
    EXPECT_EQ(s.positive_hysteresis, 1);
    EXPECT_EQ(s.negative_hysteresis, 2);
    EXPECT_EQ(s.oem, 0x99);
    EXPECT_EQ(s.id.text, "DIMM");
}

TEST(EventOnlyRecord, EveryField) {
    const auto s = parse_as<EventOnlyRecord>(sdr_fixtures::event_only_record());
    EXPECT_EQ(s.header, (SdrHeader{0x0036, 0x51, 0x03, 0x15}));
    EXPECT_EQ(s.owner, (SensorOwner{0x20, true, 1, 0}));
    EXPECT_EQ(s.owner.address(), 0x41);
    EXPECT_EQ(s.number, 0x50);
    EXPECT_EQ(s.entity, (Entity{0x0a, 2, false}));
    EXPECT_EQ(s.sensor_type, 0x08);
    EXPECT_EQ(s.event_reading_type, 0x0b);
    EXPECT_EQ(s.direction, 1);
    EXPECT_EQ(s.sharing, (RecordSharing{2, IdModifierType::alpha, 3, false}));
    EXPECT_EQ(s.oem, 0x12);
    EXPECT_EQ(s.id.text, "PS Redund");
}

TEST(FruDeviceLocatorRecord, EveryField) {
    const auto f = parse_as<FruDeviceLocatorRecord>(sdr_fixtures::fru_locator_record());
    EXPECT_EQ(f.header, (SdrHeader{0x0037, 0x51, 0x11, 0x0f}));
    EXPECT_EQ(f.access_address, 0x20);
    EXPECT_EQ(f.fru_device_id, 5);
    EXPECT_TRUE(f.logical);
    EXPECT_EQ(f.access_lun, 1);
    EXPECT_EQ(f.private_bus, 2);
    EXPECT_EQ(f.channel, 3);
    EXPECT_EQ(f.device_type, 0x10);
    EXPECT_EQ(f.device_type_modifier, 0x01);
    EXPECT_EQ(f.entity, (Entity{0x07, 1, false}));
    EXPECT_EQ(f.oem, 0);
    EXPECT_EQ(f.id.text, "FRU0");
}

TEST(McDeviceLocatorRecord, EveryField) {
    const auto m = parse_as<McDeviceLocatorRecord>(sdr_fixtures::mc_locator_record());
    EXPECT_EQ(m.header, (SdrHeader{0x0038, 0x51, 0x12, 0x0e}));
    EXPECT_EQ(m.slave_address, 0x20);
    EXPECT_EQ(m.channel, 2);
    EXPECT_TRUE(m.acpi_system_power_notification);
    EXPECT_TRUE(m.acpi_device_power_notification);
    EXPECT_TRUE(m.controller_logs_init_errors);
    EXPECT_TRUE(m.log_init_agent_errors);
    EXPECT_EQ(m.global_initialization, 1);
    EXPECT_TRUE(m.chassis_device);
    EXPECT_FALSE(m.bridge);
    EXPECT_TRUE(m.event_generator);
    EXPECT_TRUE(m.event_receiver);
    EXPECT_TRUE(m.fru_inventory);
    EXPECT_TRUE(m.sel_device);
    EXPECT_TRUE(m.sdr_repository);
    EXPECT_TRUE(m.sensor_device);
    EXPECT_EQ(m.entity, (Entity{0x2e, 1, false}));
    EXPECT_EQ(m.oem, 0);
    EXPECT_EQ(m.id.text, "BMC");
}

TEST(OemRecord, ManufacturerIdAndData) {
    const auto o = parse_as<OemRecord>(sdr_fixtures::oem_record());
    EXPECT_EQ(o.header, (SdrHeader{0x0039, 0x51, 0xc0, 0x06}));
    EXPECT_EQ(o.manufacturer_id, 0x000157U);
    EXPECT_EQ(o.data, (Bytes{0xaa, 0xbb, 0xcc}));
}

TEST(RawRecord, UnknownTypeIsKeptNotRefused) {
    const auto r = parse_as<RawRecord>(sdr_fixtures::entity_association_record());
    EXPECT_EQ(r.header, (SdrHeader{0x003a, 0x51, 0x08, 0x03}));
    EXPECT_EQ(r.body, (Bytes{0x07, 0x01, 0x00}));
    const auto odd = parse_as<RawRecord>(Bytes{0x01, 0x00, 0x51, 0x7e, 0x00});
    EXPECT_EQ(odd.header.type, 0x7e);
    EXPECT_TRUE(odd.body.empty());
}

TEST(ParseSdr, OtherVersionIsKept) {
    auto bytes = sdr_fixtures::mc_locator_record();
    bytes[2] = 0x52;
    EXPECT_EQ(parse_as<McDeviceLocatorRecord>(bytes).header.version, 0x52);
}

TEST(ParseSdr, BytesPastTheLengthAreIgnored) {
    auto bytes = sdr_fixtures::mc_locator_record();
    bytes.push_back(0xff);
    bytes.push_back(0xff);
    EXPECT_EQ(parse_as<McDeviceLocatorRecord>(bytes).id.text, "BMC");
}

// --- ID strings (43.15) ---

TEST(IdString, BcdPlus) {
    const Bytes b{0x43, 0x12, 0x3a, 0xbc};
    const auto id = parse_id_string(b);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->type, IdStringType::bcd_plus);
    EXPECT_EQ(id->text, "123 -.");
}

TEST(IdString, SixBitPackedAscii) {
    const Bytes b{0x83, 0x29, 0xdc, 0xa6};
    const auto id = parse_id_string(b);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->type, IdStringType::packed_ascii6);
    EXPECT_EQ(id->text, "IPMI");
}

TEST(IdString, Latin1BecomesUtf8AndNulEnds) {
    const Bytes b{0xc5, 'C', 'a', 'f', 0xe9, 0x00};
    const auto id = parse_id_string(b);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->text, "Caf\xc3\xa9");
    EXPECT_EQ(id->raw.size(), 5U);
}

TEST(IdString, UnicodeKeptRaw) {
    const Bytes b{0x02, 'O', 'K'};
    const auto id = parse_id_string(b);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->type, IdStringType::unicode);
    EXPECT_EQ(id->raw, (Bytes{'O', 'K'}));
}

// --- corrupt input: each error names what was wrong ---

void expect_error(const Bytes& bytes, Errc want) {
    const auto r = parse_sdr(bytes);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), make_error_code(want)) << r.error().message();
    EXPECT_EQ(r.error().category().name(), std::string_view("ipmi"));
}

TEST(ParseSdrCorrupt, TruncatedHeader) {
    expect_error({}, Errc::sdr_header_truncated);
    expect_error({0x01, 0x00, 0x51, 0x01}, Errc::sdr_header_truncated);
    EXPECT_EQ(make_error_code(Errc::sdr_header_truncated).message(),
              "SDR record shorter than its 5-byte header");
}

TEST(ParseSdrCorrupt, LengthByteBeyondData) {
    auto bytes = sdr_fixtures::full_record();
    bytes.pop_back();
    expect_error(bytes, Errc::sdr_length_beyond_data);
    expect_error({0x01, 0x00, 0x51, 0x7e, 0x01}, Errc::sdr_length_beyond_data);
}

TEST(ParseSdrCorrupt, RecordShorterThanItsType) {
    // Each fixture cut just before its ID string's type/length byte (OEM: before the maker ID's
    // last byte), with a length byte that agrees.
    const std::pair<Bytes, std::size_t> cases[] = {
        {sdr_fixtures::full_record(), 47},       {sdr_fixtures::compact_record(), 31},
        {sdr_fixtures::event_only_record(), 16}, {sdr_fixtures::fru_locator_record(), 15},
        {sdr_fixtures::mc_locator_record(), 15}, {sdr_fixtures::oem_record(), 7},
    };
    for (const auto& [whole, fixed] : cases) {
        Bytes bytes(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(fixed));
        bytes[4] = static_cast<std::uint8_t>(fixed - 5);
        expect_error(bytes, Errc::sdr_record_too_short);
    }
}

TEST(ParseSdrCorrupt, IdStringLengthBeyondRecord) {
    auto bytes = sdr_fixtures::full_record();
    bytes[47] = 0xcf; // 15 bytes claimed, 8 present
    expect_error(bytes, Errc::sdr_id_string_beyond_record);
    auto compact = sdr_fixtures::compact_record();
    compact[31] = 0xc5;
    expect_error(compact, Errc::sdr_id_string_beyond_record);
    auto fru = sdr_fixtures::fru_locator_record();
    fru[15] = 0xdf; // 31: reserved length
    expect_error(fru, Errc::sdr_id_string_beyond_record);
}

TEST(ParseSdrCorrupt, ErrorMessagesAreDistinct) {
    const Errc all[] = {Errc::sdr_header_truncated, Errc::sdr_length_beyond_data,
                        Errc::sdr_record_too_short, Errc::sdr_id_string_beyond_record};
    for (const auto a : all) {
        for (const auto b : all) {
            if (a != b) {
                EXPECT_NE(make_error_code(a).message(), make_error_code(b).message());
            }
        }
    }
}

// Every prefix of every fixture, with its length byte as given and as fixed up: a record or
// one of the four parse errors, never a crash.
TEST(ParseSdrCorrupt, EveryPrefixParsesOrNamesTheError) {
    for (const auto& whole : {sdr_fixtures::full_record(), sdr_fixtures::compact_record(),
                              sdr_fixtures::event_only_record(), sdr_fixtures::fru_locator_record(),
                              sdr_fixtures::mc_locator_record(), sdr_fixtures::oem_record(),
                              sdr_fixtures::entity_association_record()}) {
        for (std::size_t n = 0; n <= whole.size(); ++n) {
            Bytes prefix(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
            for (int fix = 0; fix < 2; ++fix) {
                if (fix == 1 && n >= 5) {
                    prefix[4] = static_cast<std::uint8_t>(n - 5);
                }
                const auto r = parse_sdr(prefix);
                if (!r) {
                    const auto e = r.error();
                    EXPECT_TRUE(
                        e == Errc::sdr_header_truncated || e == Errc::sdr_length_beyond_data ||
                        e == Errc::sdr_record_too_short || e == Errc::sdr_id_string_beyond_record)
                        << e.message();
                }
            }
        }
    }
}

} // namespace
