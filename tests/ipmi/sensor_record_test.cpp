// Sensor SDR records (IPMI 2.0 43.1-43.3) from byte fixtures: full, compact with
// share-count expansion (numeric and alphabetic), event-only, other types, and
// malformed records.
#include "ipmi/errc.hpp"
#include "ipmi/sensor_record.hpp"

#include <gtest/gtest.h>

namespace {

using Bytes = std::vector<std::uint8_t>;

// The profile's "CPU1 Temp": full record, threshold, degrees C, UNC 85 / UC 90 / UNR 95.
const Bytes cpu1_temp{0x01, 0x00, 0x51, 0x01, 0x34, 0x20, 0x00, 0x01, 0x03, 0x01, 0x7f, 0x59,
                      0x01, 0x01, 0x80, 0x0a, 0x80, 0x7a, 0x38, 0x08, 0x00, 0x01, 0x00, 0x00,
                      0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x30, 0x00, 0x00, 0xff, 0x00,
                      0x5f, 0x5a, 0x55, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0xc9,
                      'C',  'P',  'U',  '1',  ' ',  'T',  'e',  'm',  'p'};

Bytes compact(std::uint8_t sharing1, std::uint8_t sharing2, const std::string& name) {
    Bytes r{0x07,     0x00, 0x51, 0x02,
            0x00,     0x20, 0x31, 0x66,
            0x04,     0x02, 0x7f, 0x41,
            0x0d,     0x6f, 0x03, 0x00,
            0x03,     0x00, 0x03, 0x00,
            0xc0,     0x00, 0x00, sharing1,
            sharing2, 0x00, 0x00, 0x00,
            0x00,     0x00, 0x00, static_cast<std::uint8_t>(0xc0 | name.size())};
    r.insert(r.end(), name.begin(), name.end());
    r[4] = static_cast<std::uint8_t>(r.size() - 5);
    return r;
}

TEST(SensorRecord, FullThresholdRecordEveryField) {
    auto sensors = ipmi::sensors_of(cpu1_temp);
    ASSERT_TRUE(sensors) << sensors.error().message();
    ASSERT_EQ(sensors->size(), 1U);
    const auto& s = sensors->front();
    EXPECT_EQ(s.record_id, 1);
    EXPECT_EQ(s.record_type, 0x01);
    EXPECT_EQ(s.owner_id, 0x20);
    EXPECT_EQ(s.owner_lun, 0);
    EXPECT_EQ(s.number, 0x01);
    EXPECT_EQ(s.entity_id, 0x03);
    EXPECT_EQ(s.entity_instance, 1);
    EXPECT_EQ(s.sensor_type, 0x01);
    EXPECT_EQ(s.event_reading_type, 0x01);
    EXPECT_TRUE(s.threshold_based());
    EXPECT_EQ(s.assertion_mask, 0x0a80);
    EXPECT_EQ(s.deassertion_mask, 0x7a80);
    EXPECT_EQ(s.readable_thresholds, 0x38);
    EXPECT_EQ(s.settable_thresholds, 0x08);
    EXPECT_EQ(s.format, ipmi::AnalogFormat::unsigned_value);
    EXPECT_EQ(s.base_unit, 1);
    EXPECT_EQ(ipmi::unit_name(s.base_unit), "degrees C");
    EXPECT_EQ(s.linearization, 0);
    EXPECT_EQ(s.factors.m, 1);
    EXPECT_EQ(s.factors.b, 0);
    EXPECT_FALSE(s.thresholds[0]);
    EXPECT_EQ(s.thresholds[3], 85);
    EXPECT_EQ(s.thresholds[4], 90);
    EXPECT_EQ(s.thresholds[5], 95);
    EXPECT_EQ(s.hysteresis_positive, 2);
    EXPECT_EQ(s.hysteresis_negative, 2);
    EXPECT_EQ(s.name, "CPU1 Temp");
    EXPECT_EQ(s.value(48), 48.0);
}

TEST(SensorRecord, CompactSharedNumericAndAlphaNames) {
    // Share count 4, numeric modifier from 0, entity instance increments.
    auto drives = ipmi::sensors_of(compact(0x04, 0x80, "Drive"));
    ASSERT_TRUE(drives) << drives.error().message();
    ASSERT_EQ(drives->size(), 4U);
    EXPECT_EQ((*drives)[0].name, "Drive 0");
    EXPECT_EQ((*drives)[3].name, "Drive 3");
    EXPECT_EQ((*drives)[3].number, 0x69);
    EXPECT_EQ((*drives)[3].entity_instance, 5);
    EXPECT_EQ((*drives)[0].owner_lun, 1);
    EXPECT_EQ((*drives)[0].channel, 3);
    EXPECT_EQ((*drives)[0].reading_mask, 0x0003);
    EXPECT_FALSE((*drives)[0].threshold_based());
    EXPECT_FALSE((*drives)[0].value(1)); // no conversion for compact records
    // Alphabetic modifier (01b) from offset 25: Z, AA.
    auto fans = ipmi::sensors_of(compact(0x12, 25, "Fan"));
    ASSERT_TRUE(fans);
    ASSERT_EQ(fans->size(), 2U);
    EXPECT_EQ((*fans)[0].name, "Fan Z");
    EXPECT_EQ((*fans)[1].name, "Fan AA");
    EXPECT_EQ((*fans)[1].entity_instance, 2); // no increment
    // Share count 0 or 1: one sensor, no modifier.
    auto single = ipmi::sensors_of(compact(0x00, 0x00, "PSU1 Status "));
    ASSERT_TRUE(single);
    ASSERT_EQ(single->size(), 1U);
    EXPECT_EQ(single->front().name, "PSU1 Status"); // trailing space trimmed
}

TEST(SensorRecord, EventOnlyIsNotReadable) {
    Bytes r{0x2d, 0x00, 0x51, 0x03, 0x00, 0x20, 0x00, 0x70, 0x17,
            0x01, 0x14, 0x6f, 0x01, 0x00, 0x00, 0x00, 0xcc};
    const std::string name = "Power Button";
    r.insert(r.end(), name.begin(), name.end());
    r[4] = static_cast<std::uint8_t>(r.size() - 5);
    auto s = ipmi::sensors_of(r);
    ASSERT_TRUE(s) << s.error().message();
    ASSERT_EQ(s->size(), 1U);
    EXPECT_FALSE(s->front().readable());
    EXPECT_EQ(s->front().sensor_type, 0x14);
    EXPECT_EQ(s->front().name, "Power Button");
}

TEST(SensorRecord, SixBitPackedName) {
    Bytes r = compact(0x01, 0x00, "");
    // "ABCD" in 6-bit packed ASCII: 21h 22h 23h 24h, LSB first -> A1h 38h 92h
    // (type/length 10b, 3 bytes) in place of the empty 8-bit name.
    r.back() = 0x83;
    r.insert(r.end(), {0xa1, 0x38, 0x92});
    r[4] = static_cast<std::uint8_t>(r.size() - 5);
    auto s = ipmi::sensors_of(r);
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(s->front().name, "ABCD");
}

TEST(SensorRecord, OtherTypesHaveNoSensorsAndBadRecordsAreErrors) {
    const Bytes fru_locator{0x2e, 0x00, 0x51, 0x11, 0x0b, 0x20, 0x01, 0x80,
                            0,    0,    0x10, 0,    0x0a, 1,    0,    0xc0};
    auto none = ipmi::sensors_of(fru_locator);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
    Bytes truncated(cpu1_temp.begin(), cpu1_temp.begin() + 30);
    truncated[4] = 25;
    EXPECT_EQ(ipmi::sensors_of(truncated).error(), ipmi::Errc::sdr_record_malformed);
    Bytes lying = cpu1_temp;
    lying[4] = 200;
    EXPECT_EQ(ipmi::sensors_of(lying).error(), ipmi::Errc::sdr_record_malformed);
    Bytes long_name = cpu1_temp;
    long_name[47] = 0xdf; // 31 name bytes, only 9 present
    long_name[4] = static_cast<std::uint8_t>(long_name.size() - 5);
    EXPECT_EQ(ipmi::sensors_of(long_name).error(), ipmi::Errc::sdr_record_malformed);
    EXPECT_EQ(ipmi::sensors_of(Bytes{1, 2, 3}).error(), ipmi::Errc::sdr_record_malformed);
}

TEST(SensorRecord, UnitNames) {
    EXPECT_EQ(ipmi::unit_name(4), "Volts");
    EXPECT_EQ(ipmi::unit_name(18), "RPM");
    EXPECT_EQ(ipmi::unit_name(92), "grams");
    EXPECT_EQ(ipmi::unit_name(200), "unit 200");
}

} // namespace
