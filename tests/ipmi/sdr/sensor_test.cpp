// The sensor list of an SDR repository and the names of sensor states (ipmi/sdr/sensor.hpp).
#include "ipmi/errc.hpp"
#include "ipmi/sdr/sensor.hpp"
#include "tests/ipmi/sdr/fixtures.hpp"

#include <gtest/gtest.h>

namespace {

using namespace ipmi::sdr;

std::vector<SdrRecord> repository() {
    std::vector<SdrRecord> records;
    for (const auto& bytes :
         {sdr_fixtures::mc_locator_record(), sdr_fixtures::full_record(),
          sdr_fixtures::compact_record(), sdr_fixtures::fru_locator_record(),
          sdr_fixtures::event_only_record(), sdr_fixtures::oem_record()}) {
        auto r = parse_sdr(bytes);
        EXPECT_TRUE(r) << r.error().message();
        records.push_back(*r);
    }
    return records;
}

TEST(SensorsOf, OnePerSensorInRecordOrderLocatorsAndOemLeftOut) {
    const auto sensors = sensors_of(repository());
    // full (1) + compact shared by 4 + event-only shared by 2
    ASSERT_EQ(sensors.size(), 7U);
    EXPECT_EQ(sensors[0].name, "CPU Temp");
    EXPECT_EQ(sensors[1].name, "DIMM 1");
    EXPECT_EQ(sensors[4].name, "DIMM 4");
    EXPECT_EQ(sensors[5].name, "PS Redund D"); // alpha modifier from offset 3
    EXPECT_EQ(sensors[6].name, "PS Redund E");
}

TEST(SensorsOf, FullRecordKeepsItsFields) {
    const auto s = sensors_of(repository())[0];
    EXPECT_EQ(s.header.record_id, 0x0034);
    EXPECT_EQ(s.header.type, 0x01);
    EXPECT_EQ(s.owner.address(), 0x20);
    EXPECT_EQ(s.owner.channel, 5);
    EXPECT_EQ(s.owner.lun, 2);
    EXPECT_EQ(s.number, 0x31);
    EXPECT_EQ(s.entity, (Entity{0x03, 1, true}));
    EXPECT_EQ(s.sensor_type, 0x01);
    EXPECT_TRUE(s.threshold_based());
    EXPECT_TRUE(s.readable());
    EXPECT_TRUE(s.analog());
    EXPECT_EQ(s.masks.readable_thresholds(), 0x3f);
    EXPECT_EQ(s.units.base, 0x01);
    EXPECT_EQ(s.positive_hysteresis, 0x02);
    EXPECT_EQ(s.negative_hysteresis, 0x03);
    ASSERT_TRUE(s.full);
    EXPECT_EQ(s.full->upper_critical, 0x5a);
}

TEST(SensorsOf, SharedInstancesCountSensorNumberAndInstance) {
    const auto sensors = sensors_of(repository());
    for (std::uint8_t i = 0; i < 4; ++i) {
        const auto& s = sensors[1U + i];
        EXPECT_EQ(s.header.record_id, 0x0035);
        EXPECT_EQ(s.number, 0x40 + i);
        EXPECT_EQ(s.entity.instance, 1 + i);
        EXPECT_FALSE(s.threshold_based());
        EXPECT_FALSE(s.analog()); // compact records have no factors
        EXPECT_FALSE(s.full);
        EXPECT_EQ(s.masks.discrete_reading_mask(), 0x07ff);
    }
}

TEST(SensorsOf, EventOnlyIsNotReadable) {
    const auto s = sensors_of(repository())[5];
    EXPECT_FALSE(s.readable());
    EXPECT_TRUE(s.owner.software_id);
    EXPECT_EQ(s.owner.channel, 1);
    EXPECT_EQ(s.sensor_type, 0x08);
    EXPECT_EQ(s.event_reading_type, 0x0b);
    EXPECT_EQ(s.masks, EventMasks{});
}

TEST(SensorsOf, EmptyRepository) {
    EXPECT_TRUE(sensors_of({}).empty());
}

// Names as IPMI 2.0 Tables 42-2 and 42-3 give them.
TEST(StateName, ThresholdGenericAndSensorSpecific) {
    EXPECT_EQ(state_name(0x01, 0x01, 0x09), "Upper Critical - going high");
    EXPECT_EQ(state_name(0x0b, 0x08, 0x01), "Redundancy Lost");
    EXPECT_EQ(state_name(0x6f, 0x08, 0x00), "Presence detected");
    EXPECT_EQ(state_name(0x6f, 0x0c, 0x00), "Correctable ECC/other correctable memory error");
    EXPECT_EQ(state_name(0x6f, 0x07, 0x07), "Processor Presence detected");
}

TEST(StateName, UndefinedAndOemAreEmpty) {
    EXPECT_EQ(state_name(0x6f, 0x08, 0x0e), "");  // power supply has offsets 00h-06h
    EXPECT_EQ(state_name(0x70, 0x08, 0x00), "");  // OEM event/reading type
    EXPECT_EQ(state_name(0x6f, 0xc0, 0x00), "");  // OEM sensor type
    EXPECT_EQ(state_name(0x03, 0x01, 0x02), "");  // digital state has 00h-01h
}

TEST(AssertedStateNames, LowestOffsetFirstNamelessSkipped) {
    // Power supply: presence (00h) and input lost (03h); bit 14 has no name.
    const auto names = asserted_state_names(0x6f, 0x08, 0x4009);
    ASSERT_EQ(names.size(), 2U);
    EXPECT_EQ(names[0], "Presence detected");
    EXPECT_EQ(names[1], "Power Supply input lost (AC/DC)");
    EXPECT_TRUE(asserted_state_names(0x6f, 0x08, 0).empty());
    // Bit 15 is not a state (section 35.14: byte 5 bits 6:0 carry states 8-14).
    EXPECT_TRUE(asserted_state_names(0x03, 0x01, 0x8000).empty());
}

} // namespace

namespace {

TEST(ParseRepository, BadRecordsAreSetAsideWithTheirIds) {
    auto truncated = sdr_fixtures::full_record();
    truncated.resize(20); // the header still says 51 bytes follow
    const std::vector<std::vector<std::uint8_t>> raw{sdr_fixtures::full_record(), truncated, {0x07},
                                                     sdr_fixtures::compact_record()};
    const auto parsed = ipmi::sdr::parse_repository(raw);
    ASSERT_EQ(parsed.records.size(), 2U);
    ASSERT_EQ(parsed.rejected.size(), 2U);
    EXPECT_EQ(parsed.rejected[0].first, 0x0034);
    EXPECT_EQ(parsed.rejected[0].second, ipmi::Errc::sdr_length_beyond_data);
    EXPECT_EQ(parsed.rejected[1].first, 0);
    EXPECT_EQ(parsed.rejected[1].second, ipmi::Errc::sdr_header_truncated);
}

} // namespace
