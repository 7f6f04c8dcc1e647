// CIM values and instances: lexical forms (XML Schema / DSP0230) and property lookup.
#include "cim_mapping/instance.hpp"
#include "cim_mapping/value.hpp"

#include <gtest/gtest.h>

namespace {

using namespace cim;

TEST(Value, ScalarsAndTheirLexicalForms) {
    EXPECT_EQ(lexical(Value::boolean(true).scalar()), "true");
    EXPECT_EQ(lexical(Value::boolean(false).scalar()), "false");
    EXPECT_EQ(lexical(Value::uint8(255).scalar()), "255");
    EXPECT_EQ(lexical(Value::sint8(-128).scalar()), "-128");
    EXPECT_EQ(lexical(Value::sint32(-40).scalar()), "-40");
    EXPECT_EQ(lexical(Value::uint64(18446744073709551615ULL).scalar()), "18446744073709551615");
    EXPECT_EQ(lexical(Value::sint64(-9223372036854775807LL - 1).scalar()), "-9223372036854775808");
    EXPECT_EQ(lexical(Value::real64(1.5).scalar()), "1.5");
    EXPECT_EQ(lexical(Scalar{std::numeric_limits<double>::infinity()}), "INF");
    EXPECT_EQ(lexical(Scalar{-std::numeric_limits<double>::infinity()}), "-INF");
    EXPECT_EQ(lexical(Scalar{std::numeric_limits<double>::quiet_NaN()}), "NaN");
    EXPECT_EQ(lexical(Scalar{char16_t{u'A'}}), "A");
    EXPECT_EQ(lexical(Scalar{char16_t{0x00e9}}), "\xc3\xa9");
    EXPECT_EQ(lexical(Scalar{char16_t{0x20ac}}), "\xe2\x82\xac");
    EXPECT_EQ(lexical(Scalar{char16_t{0xd800}}), "\xef\xbf\xbd"); // lone surrogate
    EXPECT_EQ(Value::uint16(5).type(), Type::uint16);
    EXPECT_FALSE(Value::uint16(5).is_array());
    EXPECT_FALSE(Value::uint16(5).is_null());
}

TEST(Value, DatetimeTimestampsAndIntervals) {
    EXPECT_EQ((Datetime{false, 1764000000, 0}).xml_lexical(), "2025-11-24T16:00:00Z");
    EXPECT_EQ((Datetime{false, 0, 250000}).xml_lexical(), "1970-01-01T00:00:00.250000Z");
    EXPECT_EQ((Datetime{true, 93784, 0}).xml_lexical(), "P1DT2H3M4S");
    EXPECT_EQ((Datetime{true, 0, 5}).xml_lexical(), "P0DT0H0M0.000005S");
    EXPECT_EQ((Datetime{true, -60, 0}).xml_lexical(), "-P0DT0H1M0S");
}

TEST(Value, NullsArraysAndReferences) {
    const auto n = Value::null(Type::sint32);
    EXPECT_TRUE(n.is_null());
    EXPECT_EQ(n.type(), Type::sint32);
    EXPECT_TRUE(n.items().empty());
    const auto a = Value::array(Type::uint16, {std::uint16_t{2}, std::uint16_t{3}});
    EXPECT_TRUE(a.is_array());
    ASSERT_EQ(a.items().size(), 2U);
    EXPECT_EQ(lexical(a.items()[1]), "3");
    EXPECT_TRUE(Value::array(Type::string, {}).items().empty());
    const Reference r{"CIM_RecordLog", "root/hardware", {{"InstanceID", "IPMI:SEL"}}};
    EXPECT_EQ(lexical(Value::reference(r).scalar()), "CIM_RecordLog.InstanceID=\"IPMI:SEL\"");
    EXPECT_EQ(type_name(Type::reference), "reference");
    EXPECT_EQ(type_name(Type::real32), "real32");
}

TEST(Instance, NamesAreCaseInsensitiveAndSetReplaces) {
    Instance i;
    i.class_name = "CIM_Sensor";
    i.set("DeviceID", Value::string("1.0.32"));
    i.set("HealthState", Value::uint16(5));
    i.set("deviceid", Value::string("2.0.32"));
    ASSERT_EQ(i.properties.size(), 2U);
    EXPECT_EQ(i.properties[0].name, "DeviceID"); // the first spelling and the order stay
    ASSERT_NE(i.find("DEVICEID"), nullptr);
    EXPECT_EQ(lexical(i.find("DEVICEID")->scalar()), "2.0.32");
    EXPECT_EQ(i.find("Missing"), nullptr);
    EXPECT_EQ(i.name_space, "root/hardware");
    EXPECT_TRUE(iequals("SystemName", "systemname"));
    EXPECT_FALSE(iequals("SystemName", "SystemNam"));
    EXPECT_FALSE(iequals("a", "b"));
}

} // namespace
