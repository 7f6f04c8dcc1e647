// Get Sensor Reading decoding (section 35.14) and health classification.
#include "ipmi/errc.hpp"
#include "ipmi/sdr/health.hpp"
#include "ipmi/sdr/reading.hpp"

#include <gtest/gtest.h>

namespace {

using namespace ipmi::sdr;
using Bytes = std::vector<std::uint8_t>;

SensorReading reading(const Bytes& b) {
    const auto r = parse_reading(b);
    EXPECT_TRUE(r) << (r ? "" : r.error().message());
    return r ? *r : SensorReading{};
}

TEST(ParseReading, ThresholdSensor) {
    const auto r = reading({0x5b, 0xc0, 0xd2, 0x80}); // reserved bits set as BMCs send them
    EXPECT_EQ(r.raw, 0x5b);
    EXPECT_TRUE(r.event_messages_enabled);
    EXPECT_TRUE(r.scanning_enabled);
    EXPECT_FALSE(r.unavailable);
    EXPECT_TRUE(r.valid());
    EXPECT_TRUE(r.has_states);
    EXPECT_EQ(r.threshold_status(), 0x12);
    EXPECT_TRUE(r.at_or_beyond(Threshold::upper_critical));
    EXPECT_TRUE(r.at_or_beyond(Threshold::lower_critical));
    EXPECT_FALSE(r.at_or_beyond(Threshold::upper_non_critical));
}

TEST(ParseReading, ReadingUnavailable) {
    const auto r = reading({0x00, 0xe0});
    EXPECT_TRUE(r.unavailable);
    EXPECT_FALSE(r.valid());
    EXPECT_FALSE(r.has_states);
    EXPECT_EQ(health(r, 0x01, 0x01), std::nullopt);
}

TEST(ParseReading, ScanningDisabled) {
    const auto r = reading({0x30, 0x80, 0x00});
    EXPECT_FALSE(r.scanning_enabled);
    EXPECT_TRUE(r.event_messages_enabled);
    EXPECT_FALSE(r.valid());
    EXPECT_EQ(health(r, 0x01, 0x01), std::nullopt);
}

TEST(ParseReading, EventMessagesDisabled) {
    const auto r = reading({0x30, 0x40, 0x00});
    EXPECT_FALSE(r.event_messages_enabled);
    EXPECT_TRUE(r.valid());
}

TEST(ParseReading, DiscreteStateBits) {
    const auto r = reading({0x00, 0x40, 0x09, 0xc1});
    EXPECT_EQ(r.states, 0x4109); // byte 5 bit 7 reserved
    EXPECT_TRUE(r.state_asserted(0));
    EXPECT_TRUE(r.state_asserted(3));
    EXPECT_TRUE(r.state_asserted(8));
    EXPECT_TRUE(r.state_asserted(14));
    EXPECT_FALSE(r.state_asserted(15));
    const auto only3 = reading({0x00, 0x40, 0x01});
    EXPECT_EQ(only3.states, 0x0001);
}

TEST(ParseReading, TooShort) {
    for (const Bytes& b : {Bytes{}, Bytes{0x01}}) {
        const auto r = parse_reading(b);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), make_error_code(ipmi::Errc::sdr_reading_too_short));
    }
}

TEST(Health, ThresholdCrossings) {
    EXPECT_EQ(threshold_health(0x00), Health::ok);
    EXPECT_EQ(threshold_health(0x01), Health::warning);        // LNC
    EXPECT_EQ(threshold_health(0x08), Health::warning);        // UNC
    EXPECT_EQ(threshold_health(0x18), Health::critical);       // UNC + UC
    EXPECT_EQ(threshold_health(0x03), Health::critical);       // LNC + LC
    EXPECT_EQ(threshold_health(0x07), Health::nonrecoverable); // LNR
    EXPECT_EQ(threshold_health(0x20), Health::nonrecoverable); // UNR
    EXPECT_EQ(health(reading({0x5b, 0xc0, 0xd8}), 0x01, 0x01), Health::critical);
}

TEST(Health, SensorSpecificOffsets) {
    constexpr std::uint8_t specific = 0x6f;
    EXPECT_EQ(offset_severity(specific, 0x08, 0x00), Health::ok);       // presence detected
    EXPECT_EQ(offset_severity(specific, 0x08, 0x01), Health::critical); // PS failure
    EXPECT_EQ(offset_severity(specific, 0x08, 0x02), Health::warning);  // predictive failure
    EXPECT_EQ(offset_severity(specific, 0x08, 0x03), Health::critical); // AC lost
    EXPECT_EQ(offset_severity(specific, 0x05, 0x00), Health::critical); // chassis intrusion
    EXPECT_EQ(offset_severity(specific, 0x07, 0x07), Health::ok);       // processor presence
    EXPECT_EQ(offset_severity(specific, 0x0c, 0x00), Health::warning);  // correctable ECC
    EXPECT_EQ(offset_severity(specific, 0x29, 0x00), Health::warning);  // battery low
    EXPECT_EQ(offset_severity(specific, 0x08, 0x0e), Health::ok);       // undefined offset
    EXPECT_EQ(offset_severity(specific, 0xc0, 0x00), Health::ok);       // OEM sensor type
    // Presence and input lost together: the worse wins.
    EXPECT_EQ(health(reading({0x00, 0x40, 0x09}), specific, 0x08), Health::critical);
    EXPECT_EQ(health(reading({0x00, 0x40, 0x01}), specific, 0x08), Health::ok);
}

TEST(Health, GenericOffsets) {
    EXPECT_EQ(discrete_health(0x0b, 0x08, 0x0001), Health::ok);       // fully redundant
    EXPECT_EQ(discrete_health(0x0b, 0x08, 0x0002), Health::critical); // redundancy lost
    EXPECT_EQ(discrete_health(0x0b, 0x08, 0x0004), Health::warning);  // degraded
    EXPECT_EQ(discrete_health(0x07, 0x00, 0x0008), Health::nonrecoverable);
    EXPECT_EQ(discrete_health(0x04, 0x00, 0x0002), Health::warning);    // predictive failure
    EXPECT_EQ(discrete_health(0x03, 0x00, 0x0003), Health::ok);         // digital state
    EXPECT_EQ(discrete_health(0x70, 0x00, 0x7fff), Health::ok);         // OEM reading type
    EXPECT_EQ(health(reading({0x00, 0x40}), 0x0b, 0x08), std::nullopt); // no state bytes
}

TEST(Health, Names) {
    EXPECT_EQ(to_string(Health::ok), "ok");
    EXPECT_EQ(to_string(Health::warning), "warning");
    EXPECT_EQ(to_string(Health::critical), "critical");
    EXPECT_EQ(to_string(Health::nonrecoverable), "nonrecoverable");
}

} // namespace
