// Shared compact and event-only records expand into one sensor per instance (section 43.2).
#include "ipmi/sdr/record.hpp"
#include "tests/ipmi/sdr/fixtures.hpp"

#include <gtest/gtest.h>

namespace {

using namespace ipmi::sdr;

CompactSensorRecord compact() {
    return std::get<CompactSensorRecord>(*parse_sdr(sdr_fixtures::compact_record()));
}

TEST(ExpandShared, NumericModifierAndIncrementingInstance) {
    const auto sensors = expand_shared(compact());
    ASSERT_EQ(sensors.size(), 4U);
    for (std::uint8_t i = 0; i < 4; ++i) {
        EXPECT_EQ(sensors[i].number, 0x40 + i);
        EXPECT_EQ(sensors[i].entity.instance, 1 + i);
        EXPECT_EQ(sensors[i].sharing.share_count, 1);
        EXPECT_EQ(sensors[i].sensor_type, 0x0c);
    }
    EXPECT_EQ(sensors[0].id.text, "DIMM 1");
    EXPECT_EQ(sensors[3].id.text, "DIMM 4");
}

TEST(ExpandShared, SameInstanceForAll) {
    auto record = compact();
    record.sharing.entity_instance_increments = false;
    for (const auto& s : expand_shared(record)) {
        EXPECT_EQ(s.entity.instance, 1);
    }
}

TEST(ExpandShared, AlphaModifierFromA) {
    auto record = compact();
    record.sharing.modifier_type = IdModifierType::alpha;
    record.sharing.modifier_offset = 0;
    record.id.text = "Temp";
    const auto sensors = expand_shared(record);
    ASSERT_EQ(sensors.size(), 4U);
    EXPECT_EQ(sensors[0].id.text, "Temp A");
    EXPECT_EQ(sensors[1].id.text, "Temp B");
    EXPECT_EQ(sensors[3].id.text, "Temp D");
}

TEST(ExpandShared, AlphaPastZIsBase26AsTheSpecExample) {
    RecordSharing sharing{3, IdModifierType::alpha, 25, false};
    EXPECT_EQ(shared_name("Temp ", sharing, 0), "Temp Z");
    EXPECT_EQ(shared_name("Temp ", sharing, 1), "Temp AA");
    EXPECT_EQ(shared_name("Temp ", sharing, 2), "Temp AB");
    sharing.modifier_offset = 127;
    EXPECT_EQ(shared_name("T", sharing, 15), "T EM"); // 142 = 26 + 4*26 + 12: "E", "M"
}

TEST(ExpandShared, NumericSpecExampleWithTrailingSpace) {
    const RecordSharing sharing{3, IdModifierType::numeric, 5, false};
    EXPECT_EQ(shared_name("Temp ", sharing, 0), "Temp 5");
    EXPECT_EQ(shared_name("Temp", sharing, 2), "Temp 7");
}

TEST(ExpandShared, ShareCountZeroOrOneIsOneSensorUnchanged) {
    auto record = compact();
    record.sharing.share_count = 1;
    const auto sensors = expand_shared(record);
    ASSERT_EQ(sensors.size(), 1U);
    EXPECT_EQ(sensors[0].id.text, "DIMM");
    auto bytes = sdr_fixtures::compact_record();
    bytes[23] = 0x80; // share count 0
    const auto parsed = std::get<CompactSensorRecord>(*parse_sdr(bytes));
    EXPECT_EQ(parsed.sharing.share_count, 1);
    EXPECT_EQ(expand_shared(parsed).size(), 1U);
}

TEST(ExpandShared, EventOnlyRecords) {
    const auto record = std::get<EventOnlyRecord>(*parse_sdr(sdr_fixtures::event_only_record()));
    const auto sensors = expand_shared(record);
    ASSERT_EQ(sensors.size(), 2U);
    EXPECT_EQ(sensors[0].id.text, "PS Redund D");
    EXPECT_EQ(sensors[1].id.text, "PS Redund E");
    EXPECT_EQ(sensors[1].number, 0x51);
    EXPECT_EQ(sensors[1].entity.instance, 2);
}

} // namespace
