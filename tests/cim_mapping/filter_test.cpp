// The selector filter and the WQL subset: each operator on each type, precedence,
// parentheses, quoting, NULLs, LIKE, projection, every refused construct and the limits.
#include "cim_mapping/errc.hpp"
#include "cim_mapping/filter.hpp"

#include <gtest/gtest.h>

namespace {

using namespace cim;

Instance sensor() {
    Instance i;
    i.class_name = "CIM_NumericSensor";
    i.set("SystemCreationClassName", Value::string("CIM_ComputerSystem"));
    i.set("SystemName", Value::string("sys"));
    i.set("CreationClassName", Value::string("CIM_NumericSensor"));
    i.set("DeviceID", Value::string("1.0.32"));
    i.set("ElementName", Value::string("CPU1 Temp"));
    i.set("CurrentReading", Value::sint32(48));
    i.set("UnitModifier", Value::sint32(-2));
    i.set("HealthState", Value::uint16(5));
    i.set("IsLinear", Value::boolean(true));
    i.set("LowerThresholdCritical", Value::null(Type::sint32));
    i.set("SupportedThresholds", Value::uint16_array({1, 3, 5}));
    return i;
}

bool where(const std::string& condition) {
    auto q = parse_wql("SELECT * FROM CIM_NumericSensor WHERE " + condition);
    EXPECT_TRUE(q) << condition << ": " << q.error().detail;
    return q && matches(*q, sensor());
}

FilterError refused(const std::string& query) {
    auto q = parse_wql(query);
    EXPECT_FALSE(q) << query;
    return q ? FilterError{} : q.error();
}

TEST(Wql, SelectStarAndProperties) {
    auto all = parse_wql("SELECT * FROM CIM_NumericSensor");
    ASSERT_TRUE(all);
    EXPECT_TRUE(all->properties.empty());
    EXPECT_EQ(all->class_name, "CIM_NumericSensor");
    EXPECT_EQ(all->where, nullptr);
    EXPECT_TRUE(matches(*all, sensor()));
    auto some = parse_wql("select ElementName, currentreading from cim_numericsensor");
    ASSERT_TRUE(some);
    EXPECT_EQ(some->properties, (std::vector<std::string>{"ElementName", "currentreading"}));
    const auto p = project(*some, sensor());
    // The four keys stay so the instance can be addressed, then the selected properties.
    ASSERT_EQ(p.properties.size(), 6U);
    EXPECT_EQ(p.properties[3].name, "DeviceID");
    EXPECT_EQ(p.properties[4].name, "ElementName");
    EXPECT_EQ(p.properties[5].name, "CurrentReading");
    EXPECT_EQ(project(*all, sensor()), sensor());
}

TEST(Wql, IntegerComparisons) {
    EXPECT_TRUE(where("CurrentReading = 48"));
    EXPECT_FALSE(where("CurrentReading = 47"));
    EXPECT_TRUE(where("CurrentReading <> 47"));
    EXPECT_TRUE(where("CurrentReading != 47"));
    EXPECT_TRUE(where("CurrentReading < 49"));
    EXPECT_FALSE(where("CurrentReading < 48"));
    EXPECT_TRUE(where("CurrentReading <= 48"));
    EXPECT_TRUE(where("CurrentReading > 47"));
    EXPECT_FALSE(where("CurrentReading > 48"));
    EXPECT_TRUE(where("CurrentReading >= 48"));
    EXPECT_TRUE(where("UnitModifier = -2"));
    EXPECT_TRUE(where("CurrentReading = 0x30"));
    EXPECT_TRUE(where("CurrentReading < 48.5"));
    EXPECT_FALSE(where("CurrentReading = '48'")); // a string literal against a number
}

TEST(Wql, StringsBooleansArraysAndLike) {
    EXPECT_TRUE(where("ElementName = 'CPU1 Temp'"));
    EXPECT_TRUE(where("ElementName = \"cpu1 temp\"")); // case-insensitive, either quote
    EXPECT_TRUE(where("ElementName < 'D'"));
    EXPECT_TRUE(where("ElementName > 'CPU0'"));
    EXPECT_TRUE(where("ElementName <> 'Fan'"));
    EXPECT_TRUE(where("ElementName LIKE 'CPU%'"));
    EXPECT_TRUE(where("ElementName LIKE '%temp'"));
    EXPECT_TRUE(where("ElementName LIKE 'CPU_ Temp'"));
    EXPECT_FALSE(where("ElementName LIKE 'CPU_Temp'"));
    EXPECT_TRUE(where("ElementName LIKE '%'"));
    EXPECT_TRUE(where("DeviceID = '1.0.32'"));
    EXPECT_TRUE(where("ElementName = 'CPU1 \\'Temp' OR HealthState = 5")); // escaped quote
    EXPECT_TRUE(where("IsLinear = TRUE"));
    EXPECT_FALSE(where("IsLinear = false"));
    EXPECT_TRUE(where("IsLinear <> FALSE"));
    EXPECT_TRUE(where("SupportedThresholds = 3")); // any element of an array
    EXPECT_FALSE(where("SupportedThresholds = 2"));
}

TEST(Wql, NullsAndMissingProperties) {
    EXPECT_TRUE(where("LowerThresholdCritical IS NULL"));
    EXPECT_FALSE(where("LowerThresholdCritical IS NOT NULL"));
    EXPECT_TRUE(where("CurrentReading IS NOT NULL"));
    EXPECT_FALSE(where("LowerThresholdCritical = 0"));
    EXPECT_FALSE(where("LowerThresholdCritical <> 0")); // NULL compares false either way
    EXPECT_TRUE(where("NoSuchProperty IS NULL"));
    EXPECT_FALSE(where("NoSuchProperty = 1"));
    EXPECT_EQ(refused("SELECT * FROM C WHERE A = NULL").code, Errc::filter_syntax);
}

TEST(Wql, AndBindsTighterThanOrAndParenthesesAndNot) {
    EXPECT_TRUE(where("HealthState = 5 OR CurrentReading = 0 AND IsLinear = FALSE"));
    EXPECT_FALSE(where("(HealthState = 5 OR CurrentReading = 0) AND IsLinear = FALSE"));
    EXPECT_FALSE(where("HealthState = 0 AND CurrentReading = 48 OR IsLinear = FALSE"));
    EXPECT_TRUE(where("NOT HealthState = 0"));
    EXPECT_FALSE(where("NOT (HealthState = 5 AND IsLinear = TRUE)"));
    EXPECT_TRUE(where("not not HealthState = 5"));
    EXPECT_TRUE(where("((((HealthState = 5))))"));
}

TEST(Wql, RefusedConstructsNameWhatAndWhere) {
    auto a = refused("ASSOCIATORS OF {CIM_ComputerSystem.Name=\"x\"}");
    EXPECT_EQ(a.code, Errc::filter_unsupported);
    EXPECT_EQ(a.detail, "ASSOCIATORS OF is not supported (at 0)");
    EXPECT_EQ(refused("REFERENCES OF {x}").detail, "REFERENCES OF is not supported (at 0)");
    EXPECT_EQ(refused("SELECT * FROM A, B").detail, "a join of several classes is not supported (at 15)");
    EXPECT_EQ(refused("SELECT * FROM A WHERE X ISA 'B'").code, Errc::filter_unsupported);
    EXPECT_EQ(refused("SELECT * FROM A GROUP BY X").detail, "GROUP is not supported (at 16)");
    EXPECT_EQ(refused("SELECT * FROM A WITHIN 5").code, Errc::filter_unsupported);
    EXPECT_EQ(refused("SELECT * FROM A HAVING X").code, Errc::filter_unsupported);
    EXPECT_EQ(refused("SELECT COUNT(X) FROM A").code, Errc::filter_unsupported);
    EXPECT_EQ(refused("SELECT * FROM A WHERE UPPER(X) = 'A'").code, Errc::filter_unsupported);
    EXPECT_EQ(refused("SELECT * FROM A WHERE X LIKE '[ab]%'").detail,
              "a LIKE character set [] is not supported (at 29)");
    EXPECT_EQ(refused("SELECT * FROM A WHERE X LIKE 5").code, Errc::filter_syntax);
}

TEST(Wql, SyntaxErrorsSayWhere) {
    EXPECT_EQ(refused("").detail, "expected SELECT (at 0)");
    EXPECT_EQ(refused("SELECT FROM A").detail, "expected a property name (at 7)");
    EXPECT_EQ(refused("SELECT * A").detail, "expected FROM (at 9)");
    EXPECT_EQ(refused("SELECT * FROM").detail, "expected a class name (at 13)");
    EXPECT_EQ(refused("SELECT * FROM A WHERE X = 'open").detail, "unterminated string (at 26)");
    EXPECT_EQ(refused("SELECT * FROM A WHERE (X = 1").detail, "expected ')' (at 28)");
    EXPECT_EQ(refused("SELECT * FROM A WHERE X ~ 1").detail, "unexpected character '~' (at 24)");
    EXPECT_EQ(refused("SELECT * FROM A WHERE X = 1 Y").detail, "unexpected 'Y' (at 28)");
    EXPECT_EQ(refused("SELECT * FROM A WHERE X = 12abc").code, Errc::filter_syntax);
    EXPECT_EQ(refused("SELECT * FROM A WHERE X IS 5").detail, "expected NULL after IS (at 27)");
}

TEST(Wql, Limits) {
    EXPECT_EQ(refused("SELECT * FROM A WHERE X = '" + std::string(5000, 'a') + "'").code, Errc::filter_too_complex);
    std::string deep = "SELECT * FROM A WHERE ";
    for (int i = 0; i < 40; ++i) {
        deep += "(";
    }
    deep += "X = 1";
    for (int i = 0; i < 40; ++i) {
        deep += ")";
    }
    EXPECT_EQ(refused(deep).code, Errc::filter_too_complex);
    std::string nots = "SELECT * FROM A WHERE ";
    for (int i = 0; i < 40; ++i) {
        nots += "NOT ";
    }
    EXPECT_EQ(refused(nots + "X = 1").code, Errc::filter_too_complex);
}

TEST(SelectorFilter, TypedEqualityAndUnknownNames) {
    EXPECT_TRUE(*selector_match(sensor(), {{"DeviceID", "1.0.32"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"deviceid", "1.0.32"}, {"HealthState", "05"}})); // numeric
    EXPECT_FALSE(*selector_match(sensor(), {{"DeviceID", "1.0.33"}}));
    EXPECT_FALSE(*selector_match(sensor(), {{"ElementName", "cpu1 temp"}})); // strings exactly
    EXPECT_TRUE(*selector_match(sensor(), {{"IsLinear", "true"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"SupportedThresholds", "5"}}));
    EXPECT_FALSE(*selector_match(sensor(), {{"LowerThresholdCritical", "0"}})); // null
    EXPECT_TRUE(*selector_match(sensor(), {}));
    EXPECT_EQ(selector_match(sensor(), {{"Bogus", "1"}}).error().code, Errc::filter_unknown_property);
}

} // namespace
