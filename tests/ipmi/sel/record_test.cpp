// SEL records from byte fixtures written from IPMI 2.0 Tables 32-1..32-3 and 29-6, and their
// event texts (ipmi-sel's wording).
#include "ipmi/errc.hpp"
#include "ipmi/sel/event_text.hpp"
#include "ipmi/sel/record.hpp"

#include <gtest/gtest.h>

namespace {

using namespace ipmi::sel;

// Record 0102h, system event at 69238180h (LS byte first), generator BMC
// (20h, channel 0, LUN 0), EvM 04h, temperature sensor 01h, threshold assertion, ED1 59h:
// trigger reading in ED2 (01b), trigger threshold in ED3 (01b), offset 09h (UC going high).
constexpr Bytes16 threshold_event{0x02, 0x01, 0x02, 0x80, 0x81, 0x23, 0x69, 0x20, 0x00,
                                  0x04, 0x01, 0x01, 0x01, 0x59, 0x5c, 0x5a};

ipmi::sdr::Sensor temperature_sensor() {
    ipmi::sdr::FullSensorRecord r;
    r.header = {0x0001, 0x51, 0x01, 0x3b};
    r.owner = {0x10, false, 0, 0}; // 20h
    r.number = 0x01;
    r.sensor_type = 0x01;
    r.event_reading_type = 0x01;
    r.units.base = 1; // degrees C
    r.factors.m = 1;
    r.id.text = "CPU1 Temp";
    return ipmi::sdr::sensor_of(r);
}

TEST(SelRecord, SystemEventEveryField) {
    const auto r = decode(threshold_event);
    EXPECT_EQ(r.record_id, 0x0102);
    EXPECT_EQ(r.record_type, 0x02);
    EXPECT_EQ(r.raw, threshold_event);
    const SystemEvent* e = r.system_event();
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->timestamp, 0x69238180U);
    EXPECT_EQ(r.timestamp(), 0x69238180U);
    EXPECT_FALSE(pre_init(e->timestamp));
    EXPECT_EQ(e->generator, (GeneratorId{0x10, false, 0, 0}));
    EXPECT_EQ(e->generator.address(), 0x20);
    EXPECT_EQ(e->evm_revision, 0x04);
    EXPECT_EQ(e->sensor_type, 0x01);
    EXPECT_EQ(e->sensor_number, 0x01);
    EXPECT_FALSE(e->deassertion);
    EXPECT_EQ(e->event_reading_type, 0x01);
    EXPECT_EQ(e->event_data, (std::array<std::uint8_t, 3>{0x59, 0x5c, 0x5a}));
    EXPECT_EQ(e->offset(), 0x09);
    EXPECT_EQ(e->data2_use(), DataUse::reading_or_state);
    EXPECT_EQ(e->data3_use(), DataUse::reading_or_state);
    EXPECT_EQ(e->event_class(), EventClass::threshold);
}

TEST(SelRecord, SoftwareGeneratorChannelLunAndDeassertion) {
    // Generator 41h = software ID 20h (BIOS, bit 0 set); byte 9 = channel 3, LUN 2; byte 13
    // bit 7 = deassertion of a sensor-specific (6Fh) event.
    constexpr Bytes16 b{0x05, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x41, 0x32, 0x04, 0x0f, 0x07, 0xef, 0x00, 0xff, 0xff};
    const auto r = decode(b);
    const auto* e = r.system_event();
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->timestamp, 0x100U);
    EXPECT_TRUE(pre_init(e->timestamp));
    EXPECT_TRUE(e->generator.software);
    EXPECT_EQ(e->generator.id, 0x20);
    EXPECT_EQ(e->generator.address(), 0x41);
    EXPECT_EQ(e->generator.channel, 3);
    EXPECT_EQ(e->generator.lun, 2);
    EXPECT_TRUE(e->deassertion);
    EXPECT_EQ(e->event_reading_type, 0x6f);
    EXPECT_EQ(e->event_class(), EventClass::sensor_specific);
    EXPECT_EQ(e->offset(), 0x00);
    EXPECT_EQ(e->data2_use(), DataUse::unspecified);
    EXPECT_EQ(e->data3_use(), DataUse::unspecified);
    // Firmware progress (0Fh) offset 00h, as ipmi-sel words it.
    EXPECT_EQ(event_text(r, nullptr), "System Firmware Error");
    EXPECT_TRUE(pre_init(last_pre_init_timestamp));
    EXPECT_FALSE(pre_init(last_pre_init_timestamp + 1));
}

TEST(SelRecord, OemRecordsAndReservedTypes) {
    // C1h: timestamp, manufacturer 000157h (LS first), six OEM bytes.
    constexpr Bytes16 ts{0x0b, 0x00, 0xc1, 0x10, 0x00, 0x00, 0x00, 0x57, 0x01, 0x00, 1, 2, 3, 4, 5, 6};
    const auto t = decode(ts);
    const auto* o = std::get_if<OemTimestamped>(&t.body);
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(o->timestamp, 0x10U);
    EXPECT_EQ(o->manufacturer_id, 0x000157U);
    EXPECT_EQ(o->data, (std::array<std::uint8_t, 6>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(t.timestamp(), 0x10U);
    EXPECT_EQ(event_text(t, nullptr), "OEM defined = 01h 02h 03h 04h 05h 06h");
    EXPECT_EQ(t.system_event(), nullptr);

    constexpr Bytes16 nts{0x0c, 0x00, 0xe0, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c};
    const auto n = decode(nts);
    ASSERT_TRUE(std::holds_alternative<OemNonTimestamped>(n.body));
    EXPECT_FALSE(n.timestamp());
    EXPECT_EQ(event_text(n, nullptr), "OEM defined = 10h 11h 12h 13h 14h 15h 16h 17h 18h 19h 1Ah 1Bh 1Ch");
    // DFh is still timestamped OEM; FFh non-timestamped; 03h and BFh are reserved.
    Bytes16 edge = ts;
    edge[2] = 0xdf;
    EXPECT_TRUE(std::holds_alternative<OemTimestamped>(decode(edge).body));
    edge[2] = 0xff;
    EXPECT_TRUE(std::holds_alternative<OemNonTimestamped>(decode(edge).body));
    for (const int type : {0x00, 0x01, 0x03, 0xbf}) {
        edge[2] = static_cast<std::uint8_t>(type);
        const auto u = decode(edge);
        EXPECT_TRUE(std::holds_alternative<UnknownRecord>(u.body)) << type;
        EXPECT_FALSE(u.timestamp());
        EXPECT_EQ(u.raw, edge);
    }
    edge[2] = 0x03;
    EXPECT_EQ(event_text(decode(edge), nullptr), "Unknown SEL record type 03h");
}

TEST(SelEventText, ThresholdWithTriggerReadingAndThreshold) {
    const auto sensor = temperature_sensor();
    const auto r = decode(threshold_event);
    const std::vector<ipmi::sdr::Sensor> sensors{sensor};
    EXPECT_EQ(find_sensor(sensors, *r.system_event()), &sensors[0]);
    EXPECT_EQ(event_text(r, &sensors[0]),
              "Upper Critical - going high ; Sensor Reading = 92.00 C ; Threshold = 90.00 C");
    // Without the SDR the bytes are shown as they are.
    EXPECT_EQ(event_text(r, nullptr), "Upper Critical - going high ; Sensor Reading = 5Ch ; Threshold = 5Ah");
    // Another LUN or owner is another sensor.
    auto other = threshold_event;
    other[8] = 0x01;
    EXPECT_EQ(find_sensor(sensors, *decode(other).system_event()), nullptr);
}

TEST(SelEventText, DiscreteAndSensorSpecificWithEventDataUses) {
    // Power supply (08h), sensor-specific (6Fh), offset 03h, no event data.
    Bytes16 psu{0x03, 0x00, 0x02, 0, 0, 0, 0, 0x20, 0x00, 0x04, 0x08, 0x61, 0x6f, 0x03, 0xff, 0xff};
    EXPECT_EQ(event_text(decode(psu), nullptr), "Power Supply input lost (AC/DC)");
    // Memory (0Ch) offset 00h with OEM codes in ED2 and ED3 (ED1 A0h: 10b, 10b).
    Bytes16 mem{0x07, 0x00, 0x02, 0, 0, 0, 0, 0x20, 0x00, 0x04, 0x0c, 0x6c, 0x6f, 0xa0, 0x00, 0x01};
    EXPECT_EQ(event_text(decode(mem), nullptr),
              "Correctable memory error ; OEM Event Data2 code = 00h ; OEM Event Data3 code = 01h");
    // Generic redundancy (0Bh) offset 01h with previous state/severity in ED2 (01b: severity
    // 0h = transition to OK, previous state 0h) and a sensor-specific extension in ED3 (11b).
    Bytes16 red{0x08, 0x00, 0x02, 0, 0, 0, 0, 0x20, 0x00, 0x04, 0x08, 0x62, 0x0b, 0x71, 0x00, 0x07};
    EXPECT_EQ(event_text(decode(red), nullptr), "Redundancy Lost ; Severity State = transition to OK ; Event Data3 = 07h");
    // Severity 1h, previous state 3h; severity Fh (unspecified) leaves the byte raw; FFh is
    // unspecified altogether; ED3 01b is reserved for discrete events.
    red[14] = 0x13;
    EXPECT_EQ(event_text(decode(red), nullptr),
              "Redundancy Lost ; Severity State = transition to Non-Critical from OK ; Event Data3 = 07h");
    red[14] = 0xf3;
    EXPECT_EQ(event_text(decode(red), nullptr), "Redundancy Lost ; Event Data2 = F3h ; Event Data3 = 07h");
    red[14] = 0xff;
    EXPECT_EQ(event_text(decode(red), nullptr), "Redundancy Lost ; Event Data3 = 07h");
    red[13] = 0x51;
    EXPECT_EQ(event_text(decode(red), nullptr), "Redundancy Lost");
    // An offset with no name, and an OEM event/reading type.
    Bytes16 odd = psu;
    odd[13] = 0x0e;
    EXPECT_EQ(event_text(decode(odd), nullptr), "Event Offset = 0Eh");
    odd[12] = 0x70;
    odd[13] = 0xf2; // OEM class: any non-zero use is an OEM code, FFh none
    odd[14] = 0x12;
    odd[15] = 0x34;
    EXPECT_EQ(event_text(decode(odd), nullptr), "OEM Event Offset = 02h ; OEM Event Data2 code = 12h ; OEM Event Data3 code = 34h");
    odd[14] = 0xff;
    EXPECT_EQ(event_text(decode(odd), nullptr), "OEM Event Offset = 02h ; OEM Event Data3 code = 34h");
    // A reserved event/reading type (00h, 0Dh-6Eh): no name, both bytes raw whatever ED1 says.
    odd[12] = 0x0d;
    odd[13] = 0x01;
    EXPECT_EQ(event_text(decode(odd), nullptr), "Event Offset = 01h ; Event Data2 = FFh ; Event Data3 = 34h");
}

TEST(SelEventText, ThresholdEventDataUses) {
    // Every ED1 7:6 / 5:4 combination of a threshold event (Table 29-6), worded as ipmi-sel.
    auto with = [](std::uint8_t ed1, std::uint8_t ed2, std::uint8_t ed3) {
        Bytes16 b = threshold_event;
        b[13] = ed1;
        b[14] = ed2;
        b[15] = ed3;
        return event_text(decode(b), nullptr);
    };
    EXPECT_EQ(with(0x09, 0x5c, 0x5a), "Upper Critical - going high");
    EXPECT_EQ(with(0x19, 0x5c, 0x5a), "Upper Critical - going high ; Threshold = 5Ah");
    EXPECT_EQ(with(0x29, 0x5c, 0x5a), "Upper Critical - going high ; OEM Event Data3 code = 5Ah");
    EXPECT_EQ(with(0x39, 0x5c, 0x5a), "Upper Critical - going high ; Event Data3 = 5Ah");
    EXPECT_EQ(with(0x49, 0x5c, 0x5a), "Upper Critical - going high ; Sensor Reading = 5Ch");
    EXPECT_EQ(with(0x89, 0x5c, 0x5a), "Upper Critical - going high ; OEM Event Data2 code = 5Ch");
    EXPECT_EQ(with(0xc9, 0x5c, 0x5a), "Upper Critical - going high ; Event Data2 = 5Ch");
    EXPECT_EQ(with(0xc9, 0xff, 0xff), "Upper Critical - going high");
}

TEST(SelRecord, DecodeFromResponseData) {
    const std::vector<std::uint8_t> whole(threshold_event.begin(), threshold_event.end());
    auto r = decode(std::span<const std::uint8_t>(whole));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->raw, threshold_event);
    for (const std::size_t n : {std::size_t{0}, std::size_t{15}}) {
        auto shorter = decode(std::span<const std::uint8_t>(whole).first(n));
        ASSERT_FALSE(shorter);
        EXPECT_EQ(shorter.error(), ipmi::Errc::sel_entry_malformed);
    }
    auto longer = whole;
    longer.push_back(0);
    EXPECT_EQ(decode(std::span<const std::uint8_t>(longer)).error(), ipmi::Errc::sel_entry_malformed);
}

} // namespace
