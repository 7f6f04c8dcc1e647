// SEL records as CIM_AlertIndication: property by property from hand-made records (IPMI 2.0
// Table 32-1 layouts), the event text as ipmi/sel words it, and WQL filters over the result.
#include "cim_mapping/alert_indication.hpp"
#include "cim_mapping/filter.hpp"
#include "cim_mapping/model_mapping.hpp"
#include "ipmi/sel/event_text.hpp"

#include <gtest/gtest.h>

namespace {

using namespace cim;

Snapshot system_only() {
    Snapshot s;
    s.system.name = "3e7dc25b-8f11-6c4a-9d02-47e561b830a9";
    return s;
}

// Record 0x0102, system event at 2026-11-24 (0x6922_xxxx), sensor 0x30 owned by 20h LUN 0.
ipmi::RawSel system_event(std::uint8_t sensor_type, std::uint8_t type_byte, std::uint8_t ed1, std::uint8_t ed2 = 0xff,
                          std::uint8_t ed3 = 0xff) {
    return {0x02, 0x01, 0x02, 0x00, 0x00, 0x24, 0x69, 0x20, 0x00, 0x04, sensor_type, 0x30, type_byte, ed1, ed2, ed3};
}

std::uint16_t u16(const Instance& i, std::string_view name) {
    const Value* v = i.find(name);
    EXPECT_NE(v, nullptr) << name;
    return v != nullptr ? std::get<std::uint16_t>(v->scalar()) : 0;
}

std::string text(const Instance& i, std::string_view name) {
    const Value* v = i.find(name);
    EXPECT_NE(v, nullptr) << name;
    return v != nullptr ? std::get<std::string>(v->scalar()) : "";
}

TEST(AlertIndication, UpperCriticalTemperatureAssertion) {
    const auto s = system_only();
    const SelEvent e{"a1b2:7", system_event(0x01, 0x01, 0x59, 0x5c, 0x5a), {}};
    const Instance i = alert_indication(s, e);
    EXPECT_EQ(i.class_name, "CIM_AlertIndication");
    EXPECT_EQ(text(i, "IndicationIdentifier"), "a1b2:7");
    EXPECT_EQ(u16(i, "AlertType"), 6);          // Environmental Alert
    EXPECT_EQ(u16(i, "PerceivedSeverity"), 6);  // upper critical: Critical
    EXPECT_EQ(u16(i, "ProbableCause"), 51);     // Temperature Unacceptable
    EXPECT_EQ(text(i, "SystemName"), s.system.name);
    EXPECT_EQ(text(i, "EventID"), "258");
    EXPECT_EQ(text(i, "MessageID"), "IPMI.01.01.9");
    EXPECT_EQ(text(i, "IPMI_RecordData"), "02010200002469200004013001595c5a");
    // The event text ipmi-sel prints (and `bmcwsman sel` shows).
    EXPECT_EQ(text(i, "Message"), ipmi::sel::event_text(ipmi::sel::decode(e.bytes), nullptr));
    EXPECT_TRUE(text(i, "Message").starts_with("Upper Critical - going high")) << text(i, "Message");
    // The record's own time (0x69240000 is past the BMC's pre-init range).
    const auto when = std::get<Datetime>(i.find("IndicationTime")->scalar());
    EXPECT_EQ(when.seconds, 0x69240000);
    EXPECT_FALSE(when.interval);
    const auto ref = std::get<Reference>(i.find("AlertingManagedElement")->scalar());
    EXPECT_EQ(ref.class_name, "CIM_Sensor");
    ASSERT_EQ(ref.keys.size(), 4U);
    EXPECT_EQ(ref.keys[3], (std::pair<std::string, std::string>{"DeviceID", "48.0.32"}));
    EXPECT_EQ(u16(i, "AlertingElementFormat"), 2);
}

TEST(AlertIndication, DeassertionIsInformation) {
    const Instance i = alert_indication(system_only(), {"x:1", system_event(0x01, 0x81, 0x59), {}});
    EXPECT_EQ(u16(i, "PerceivedSeverity"), 2);
}

TEST(AlertIndication, PreInitTimestampUsesTheReadTime) {
    auto bytes = system_event(0x04, 0x01, 0x52);
    bytes[3] = 0x10; bytes[4] = 0; bytes[5] = 0; bytes[6] = 0; // 16 s after BMC start
    const auto read_at = std::chrono::system_clock::time_point{std::chrono::seconds{1'800'000'000}};
    const Instance i = alert_indication(system_only(), {"x:2", bytes, read_at});
    EXPECT_EQ(std::get<Datetime>(i.find("IndicationTime")->scalar()).seconds, 1'800'000'000);
    EXPECT_EQ(u16(i, "ProbableCause"), 94); // fan
}

TEST(AlertIndication, PowerSupplyAndOemRecords) {
    // Sensor type 08h offset 1: Power Supply Failure detected (Table 42-3).
    const Instance psu = alert_indication(system_only(), {"x:3", system_event(0x08, 0x6f, 0x01), {}});
    EXPECT_EQ(u16(psu, "ProbableCause"), 89);
    EXPECT_EQ(u16(psu, "AlertType"), 5);
    const Instance presence = alert_indication(system_only(), {"x:4", system_event(0x08, 0x6f, 0x00), {}});
    EXPECT_EQ(u16(presence, "ProbableCause"), 1);
    ipmi::RawSel oem{0x05, 0x00, 0xc1, 0x00, 0x00, 0x24, 0x69, 0x57, 0x01, 0x00, 1, 2, 3, 4, 5, 6};
    const Instance o = alert_indication(system_only(), {"x:5", oem, {}});
    EXPECT_EQ(u16(o, "AlertType"), 1);
    EXPECT_EQ(u16(o, "PerceivedSeverity"), 0);
    EXPECT_EQ(o.find("AlertingManagedElement"), nullptr);
    EXPECT_EQ(text(o, "MessageID"), "IPMI.OEM.C1");
}

TEST(AlertIndication, CausesOfOtherSensors) {
    EXPECT_EQ(alert_cause(0x02, 0x01, 0x07), 36);
    EXPECT_EQ(alert_cause(0x07, 0x6f, 0x00), 16);
    EXPECT_EQ(alert_cause(0x0c, 0x6f, 0x01), 16);
    EXPECT_EQ(alert_cause(0x2a, 0x01, 0x00), 52); // another sensor type's threshold event
    EXPECT_EQ(alert_cause(0x2a, 0x6f, 0x00), 0);
    EXPECT_EQ(alert_cause(0x2a, 0x70, 0x00), 1);
}

TEST(AlertIndication, WqlFiltersOnItsProperties) {
    const Instance critical = alert_indication(system_only(), {"x:6", system_event(0x01, 0x01, 0x59), {}});
    const Instance info = alert_indication(system_only(), {"x:7", system_event(0x01, 0x81, 0x59), {}});
    auto q = parse_wql("SELECT * FROM CIM_AlertIndication WHERE PerceivedSeverity >= 6");
    ASSERT_TRUE(q.has_value());
    EXPECT_TRUE(matches(*q, critical));
    EXPECT_FALSE(matches(*q, info));
    auto like = parse_wql("select * from CIM_AlertIndication where Message like 'Upper Critical%' and AlertType = 6");
    ASSERT_TRUE(like.has_value());
    EXPECT_TRUE(matches(*like, critical));
}

TEST(LogRecordOfOneEntry, IsTheArchiveLogsInstance) {
    auto s = system_only();
    s.sel = {system_event(0x01, 0x01, 0x59), system_event(0x04, 0x01, 0x52)};
    const auto bmc = bmc_log_records(s, "CIM_LogRecord");
    ASSERT_EQ(bmc.size(), 2U);
    auto one = log_record(s, s.sel[1], "a1b2:9");
    EXPECT_EQ(text(one, "RecordID"), "a1b2:9");
    EXPECT_EQ(text(one, "LogName"), "SEL archive");
    // The rest as the BMC log's own instance of the same entry.
    one.set("RecordID", Value::string("258"));
    one.set("LogName", Value::string("IPMI SEL"));
    EXPECT_EQ(one, bmc[1]);
}

} // namespace
