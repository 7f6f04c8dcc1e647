// The selector filter and the WQL subset: each operator on each type, precedence,
// parentheses, quoting and escapes, case-insensitivity, NULLs, LIKE patterns, projection,
// every refused construct with its text, and the length and depth limits.
#include "cim_mapping/errc.hpp"
#include "cim_mapping/filter.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace {

using namespace cim;

constexpr std::int64_t nov_24_2025_16h = 1764000000; // 2025-11-24T16:00:00Z

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
    // Properties of other types (not CIM_NumericSensor's; the filter does not care).
    i.set("Big", Value::uint64(std::numeric_limits<std::uint64_t>::max()));
    i.set("Small", Value::sint64(std::numeric_limits<std::int64_t>::min()));
    i.set("Ratio", Value::real64(0.25));
    i.set("Single", Value::array(Type::real32, {0.1F})); // real32 has no scalar factory
    i.set("Letter", Value::array(Type::char16, {u'Q'}));
    i.set("Stamp", Value::datetime(Datetime{false, nov_24_2025_16h, 0}));
    i.set("Span", Value::datetime(Datetime{true, 93784, 5})); // 1 day 02:03:04.000005
    i.set("Tag", Value::string("a_b%c[d]\\e'f\"g"));
    i.set("Owner", Value::reference(Reference{"CIM_ComputerSystem", "root/hardware", {{"Name", "sys"}}}));
    return i;
}

bool where(const std::string& condition) {
    auto q = parse_wql("SELECT * FROM CIM_NumericSensor WHERE " + condition);
    EXPECT_TRUE(q) << condition << ": " << (q ? "" : q.error().detail);
    return q && matches(*q, sensor());
}

FilterError refused(const std::string& query) {
    auto q = parse_wql(query);
    EXPECT_FALSE(q) << query;
    return q ? FilterError{} : q.error();
}

std::string refused_where(const std::string& condition) {
    return refused("SELECT * FROM A WHERE " + condition).detail; // the condition starts at 22
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
    EXPECT_EQ(some->class_name, "cim_numericsensor");
}

TEST(Wql, ProjectionKeepsKeysThenSelectedInQueryOrder) {
    auto some = parse_wql("SELECT currentreading, ElementName, DeviceID, NoSuch FROM CIM_NumericSensor");
    ASSERT_TRUE(some);
    const auto p = project(*some, sensor());
    // The four keys stay so the instance can still be addressed, then the selected ones
    // (with the instance's spelling); a key selected again is not repeated; unknown names
    // are left out.
    ASSERT_EQ(p.properties.size(), 6U);
    EXPECT_EQ(p.properties[0].name, "SystemCreationClassName");
    EXPECT_EQ(p.properties[3].name, "DeviceID");
    EXPECT_EQ(p.properties[4].name, "CurrentReading");
    EXPECT_EQ(p.properties[4].value, Value::sint32(48));
    EXPECT_EQ(p.properties[5].name, "ElementName");
    EXPECT_EQ(p.class_name, "CIM_NumericSensor");
    auto all = parse_wql("SELECT * FROM CIM_NumericSensor");
    ASSERT_TRUE(all);
    EXPECT_EQ(project(*all, sensor()), sensor());
    // A class the schema does not know keeps only the selected properties.
    Instance odd;
    odd.class_name = "Nobody_Knows";
    odd.set("A", Value::uint16(1));
    odd.set("B", Value::uint16(2));
    auto b = parse_wql("SELECT b FROM Nobody_Knows");
    ASSERT_TRUE(b);
    const auto pb = project(*b, odd);
    ASSERT_EQ(pb.properties.size(), 1U);
    EXPECT_EQ(pb.properties[0].name, "B");
}

TEST(Wql, IntegerComparisons) {
    EXPECT_TRUE(where("CurrentReading = 48"));
    EXPECT_FALSE(where("CurrentReading = 47"));
    EXPECT_TRUE(where("CurrentReading <> 47"));
    EXPECT_FALSE(where("CurrentReading <> 48"));
    EXPECT_TRUE(where("CurrentReading != 47"));
    EXPECT_TRUE(where("CurrentReading < 49"));
    EXPECT_FALSE(where("CurrentReading < 48"));
    EXPECT_TRUE(where("CurrentReading <= 48"));
    EXPECT_FALSE(where("CurrentReading <= 47"));
    EXPECT_TRUE(where("CurrentReading > 47"));
    EXPECT_FALSE(where("CurrentReading > 48"));
    EXPECT_TRUE(where("CurrentReading >= 48"));
    EXPECT_FALSE(where("CurrentReading >= 49"));
    EXPECT_TRUE(where("UnitModifier = -2"));
    EXPECT_TRUE(where("UnitModifier < 0"));
    EXPECT_TRUE(where("HealthState > -1")); // unsigned against negative, exactly
    EXPECT_TRUE(where("CurrentReading = 0x30"));
    EXPECT_TRUE(where("CurrentReading = 0X30"));
    EXPECT_TRUE(where("UnitModifier = -0x2"));
    EXPECT_TRUE(where("CurrentReading < 48.5"));
    EXPECT_TRUE(where("CurrentReading = 4.8e1"));
    EXPECT_TRUE(where("CurrentReading > 4.79E+1"));
    // The whole 64-bit range compares exactly.
    EXPECT_TRUE(where("Big = 18446744073709551615"));
    EXPECT_TRUE(where("Big = 0xFFFFFFFFFFFFFFFF"));
    EXPECT_FALSE(where("Big = 18446744073709551614"));
    EXPECT_TRUE(where("Big > 9223372036854775807"));
    EXPECT_TRUE(where("Small = -9223372036854775808"));
    EXPECT_TRUE(where("Small = -0x8000000000000000"));
    EXPECT_TRUE(where("Small < -9223372036854775807"));
    EXPECT_EQ(refused_where("Big = 18446744073709551616"), "bad number '18446744073709551616' (at 28)");
    EXPECT_EQ(refused_where("Small = -0x8000000000000001"), "bad number '-0x8000000000000001' (at 30)");
    // A string literal against a number never matches (WMI wants the property's type).
    EXPECT_FALSE(where("CurrentReading = '48'"));
    EXPECT_FALSE(where("CurrentReading <> '48'"));
    EXPECT_FALSE(where("CurrentReading = TRUE"));
}

TEST(Wql, RealComparisons) {
    EXPECT_TRUE(where("Ratio = 0.25"));
    EXPECT_TRUE(where("Ratio = 2.5e-1"));
    EXPECT_TRUE(where("Ratio < 1"));
    EXPECT_TRUE(where("Ratio > 0"));
    EXPECT_TRUE(where("Ratio <> 0.3"));
    EXPECT_TRUE(where("Ratio >= 0.25"));
    EXPECT_TRUE(where("Ratio <= 0.25"));
    EXPECT_FALSE(where("Ratio = '0.25'"));
    // A real32 compares with the literal rounded to real32.
    EXPECT_TRUE(where("Single = 0.1"));
    EXPECT_TRUE(where("Single < 0.2"));
}

TEST(Wql, StringComparisonsIgnoreCase) {
    EXPECT_TRUE(where("ElementName = 'CPU1 Temp'"));
    EXPECT_TRUE(where("ElementName = \"cpu1 temp\"")); // case-insensitive, either quote
    EXPECT_FALSE(where("ElementName = 'CPU1 Temp '"));
    EXPECT_TRUE(where("ElementName <> 'Fan'"));
    EXPECT_TRUE(where("ElementName < 'D'"));
    EXPECT_TRUE(where("ElementName < 'cpu2'"));
    EXPECT_TRUE(where("ElementName <= 'cpu1 temp'"));
    EXPECT_TRUE(where("ElementName > 'CPU0'"));
    EXPECT_TRUE(where("ElementName > 'CPU1'")); // a longer string sorts after its prefix
    EXPECT_TRUE(where("ElementName >= 'CPU1 TEMP'"));
    EXPECT_FALSE(where("ElementName = 48"));
    EXPECT_TRUE(where("Letter = 'q'")); // char16 as a one-character string
    EXPECT_TRUE(where("Letter > 'P'"));
    EXPECT_TRUE(where("Letter LIKE '[p-r]'"));
}

TEST(Wql, QuotingAndEscapes) {
    // The tag holds a_b%c[d]\e'f"g.
    EXPECT_TRUE(where("Tag = 'a_b%c[d]\\\\e\\'f\"g'"));
    EXPECT_TRUE(where("Tag = \"a_b%c[d]\\\\e'f\\\"g\""));
    EXPECT_TRUE(where("Tag = 'A_B%C[D]\\\\E\\'F\\\"G'")); // \" is allowed in single quotes too
    EXPECT_TRUE(where("ElementName = '' OR DeviceID = '1.0.32'"));
    EXPECT_EQ(refused_where("Tag = 'C:\\Windows'"), "unknown escape '\\W' in a string (at 31)");
    EXPECT_EQ(refused_where("Tag = 'it''s'"), "unexpected 's' (at 32)"); // no SQL '' doubling
    EXPECT_EQ(refused_where("Tag = 'open"), "unterminated string (at 28)");
    EXPECT_EQ(refused_where("Tag = \"open'"), "unterminated string (at 28)");
    EXPECT_EQ(refused_where("Tag = 'ends in backslash\\"), "unterminated string (at 28)");
}

TEST(Wql, LikePatterns) {
    EXPECT_TRUE(where("ElementName LIKE 'CPU%'"));
    EXPECT_TRUE(where("ElementName LIKE '%temp'"));
    EXPECT_TRUE(where("ElementName LIKE '%1 t%'"));
    EXPECT_TRUE(where("ElementName LIKE 'CPU_ Temp'"));
    EXPECT_FALSE(where("ElementName LIKE 'CPU_Temp'"));
    EXPECT_TRUE(where("ElementName LIKE '%'"));
    EXPECT_TRUE(where("ElementName LIKE '%%%'"));
    EXPECT_TRUE(where("ElementName LIKE '_________'"));
    EXPECT_FALSE(where("ElementName LIKE '__________'"));
    EXPECT_FALSE(where("ElementName LIKE 'CPU'"));
    EXPECT_FALSE(where("ElementName LIKE ''"));
    EXPECT_TRUE(where("ElementName LIKE '[abc]PU1%'"));
    EXPECT_TRUE(where("ElementName LIKE '[A-D]pu[0-9] %'"));
    EXPECT_TRUE(where("ElementName LIKE '[a=d]pu%'")); // a=f is the range in WMI's documentation
    EXPECT_FALSE(where("ElementName LIKE '[^c]%'"));
    EXPECT_TRUE(where("ElementName LIKE '[^x-z]%'"));
    EXPECT_FALSE(where("ElementName LIKE '[d-z]%'"));
    // [_], [%] and [[] are how WMI writes a literal _, % and [.
    EXPECT_TRUE(where("Tag LIKE 'a[_]b[%]c[[]d]%'"));
    EXPECT_FALSE(where("Tag LIKE 'a[%]%'"));
    EXPECT_TRUE(where("Tag LIKE '%[]]%'")); // ']' first in a set is a member
    EXPECT_TRUE(where("Tag LIKE '%\\\\e%'"));
    EXPECT_TRUE(where("Tag LIKE '%[-]%' OR Tag LIKE '%[a-]%'"));
    // LIKE is for strings and char16.
    EXPECT_FALSE(where("DeviceID LIKE '1.0.3_' AND CurrentReading LIKE '4%'"));
    EXPECT_FALSE(where("Stamp LIKE '2025%'"));
    EXPECT_EQ(refused_where("X LIKE '[ab'"), "unterminated '[' in the LIKE pattern (at 29)");
    EXPECT_EQ(refused_where("X LIKE '[]'"), "unterminated '[' in the LIKE pattern (at 29)");
    EXPECT_EQ(refused_where("X LIKE 5"), "LIKE needs a string pattern (at 29)");
    EXPECT_EQ(refused_where("X LIKE NULL"), "compare with NULL using IS NULL or IS NOT NULL (at 29)");
}

TEST(Wql, LikeBacktrackingStaysBounded) {
    Instance i;
    i.class_name = "A";
    i.set("S", Value::string(std::string(2000, 'a')));
    auto q = parse_wql("SELECT * FROM A WHERE S LIKE '" + std::string(500, '%') + std::string(100, 'a') + "b'");
    ASSERT_TRUE(q);
    EXPECT_FALSE(matches(*q, i));
}

TEST(Wql, BooleanComparisons) {
    EXPECT_TRUE(where("IsLinear = TRUE"));
    EXPECT_TRUE(where("IsLinear = true"));
    EXPECT_FALSE(where("IsLinear = false"));
    EXPECT_TRUE(where("IsLinear <> FALSE"));
    EXPECT_TRUE(where("IsLinear != False"));
    EXPECT_FALSE(where("IsLinear > FALSE")); // booleans have no order
    EXPECT_FALSE(where("IsLinear < TRUE"));
    EXPECT_FALSE(where("IsLinear = 1"));
    EXPECT_FALSE(where("IsLinear = 'true'"));
}

TEST(Wql, DatetimesCompareByTime) {
    EXPECT_TRUE(where("Stamp = '2025-11-24T16:00:00Z'"));
    EXPECT_TRUE(where("Stamp = '2025-11-24T17:00:00+01:00'"));
    EXPECT_TRUE(where("Stamp = '2025-11-24T16:00:00'")); // no zone: UTC
    EXPECT_TRUE(where("Stamp = '20251124160000.000000+000'")); // DMTF, as WMI writes them
    EXPECT_TRUE(where("Stamp = '20251124150000.000000-060'"));
    EXPECT_TRUE(where("Stamp < '2025-11-24T16:00:00.000001Z'"));
    EXPECT_TRUE(where("Stamp > '2025-11-24T15:59:59.999999Z'"));
    EXPECT_TRUE(where("Stamp >= '20250101000000.000000+000'"));
    EXPECT_TRUE(where("Stamp <> '2024-11-24T16:00:00Z'"));
    EXPECT_FALSE(where("Stamp <= '2025-11-24T15:00:00Z'"));
    EXPECT_TRUE(where("Span = 'P1DT2H3M4.000005S'"));
    EXPECT_TRUE(where("Span = '00000001020304.000005:000'"));
    EXPECT_TRUE(where("Span > 'PT26H'"));
    EXPECT_TRUE(where("Span < 'P2D'"));
    EXPECT_FALSE(where("Span = '2025-11-24T16:00:00Z'")); // an interval is no timestamp
    EXPECT_FALSE(where("Stamp = 'P1D'"));
    EXPECT_FALSE(where("Stamp = 'yesterday'"));
    EXPECT_FALSE(where("Stamp = '2025-02-30T00:00:00Z'")); // no such day
    EXPECT_FALSE(where("Stamp = 1764000000"));
}

TEST(Wql, ReferencesNeverCompare) {
    EXPECT_FALSE(where("Owner = 'CIM_ComputerSystem.Name=\"sys\"'"));
    EXPECT_FALSE(where("Owner <> 'x'"));
    EXPECT_TRUE(where("Owner IS NOT NULL"));
}

TEST(Wql, ArraysMatchWhenAnyElementDoes) {
    EXPECT_TRUE(where("SupportedThresholds = 3"));
    EXPECT_FALSE(where("SupportedThresholds = 2"));
    EXPECT_TRUE(where("SupportedThresholds > 4"));
    EXPECT_TRUE(where("SupportedThresholds <> 1"));
    EXPECT_FALSE(where("NOT SupportedThresholds = 1"));
}

TEST(Wql, NullsAndMissingProperties) {
    EXPECT_TRUE(where("LowerThresholdCritical IS NULL"));
    EXPECT_TRUE(where("LowerThresholdCritical is null"));
    EXPECT_FALSE(where("LowerThresholdCritical IS NOT NULL"));
    EXPECT_TRUE(where("CurrentReading IS NOT NULL"));
    EXPECT_FALSE(where("CurrentReading IS NULL"));
    EXPECT_FALSE(where("LowerThresholdCritical = 0"));
    EXPECT_FALSE(where("LowerThresholdCritical <> 0")); // NULL compares false either way
    EXPECT_FALSE(where("LowerThresholdCritical < 0"));
    EXPECT_TRUE(where("NOT LowerThresholdCritical = 0"));
    EXPECT_TRUE(where("NoSuchProperty IS NULL"));
    EXPECT_FALSE(where("NoSuchProperty = 1"));
    EXPECT_EQ(refused_where("A = NULL"), "compare with NULL using IS NULL or IS NOT NULL (at 26)");
    EXPECT_EQ(refused_where("NULL = A"), "compare with NULL using IS NULL or IS NOT NULL (at 22)");
    EXPECT_EQ(refused_where("X IS 5"), "expected NULL after IS (at 27)");
    EXPECT_EQ(refused_where("X IS NOT 'NTFS'"), "expected NULL after IS (at 31)");
}

TEST(Wql, ClassPseudoProperty) {
    EXPECT_TRUE(where("__CLASS = 'cim_numericsensor'"));
    EXPECT_TRUE(where("__class LIKE 'CIM[_]%Sensor'"));
    EXPECT_FALSE(where("__CLASS = 'CIM_Sensor'"));
    EXPECT_TRUE(where("__CLASS IS NOT NULL"));
}

TEST(Wql, LiteralOnTheLeft) {
    EXPECT_TRUE(where("48 = CurrentReading"));
    EXPECT_TRUE(where("49 > CurrentReading"));
    EXPECT_FALSE(where("48 > CurrentReading"));
    EXPECT_TRUE(where("48 >= CurrentReading"));
    EXPECT_TRUE(where("47 < CurrentReading"));
    EXPECT_TRUE(where("48 <= CurrentReading"));
    EXPECT_TRUE(where("'Fan' <> ElementName"));
    EXPECT_TRUE(where("TRUE = IsLinear"));
    EXPECT_EQ(refused_where("'a%' LIKE X"), "expected a comparison operator (at 27)");
    EXPECT_EQ(refused_where("1 = 2"), "comparing two literals is not supported (at 26)");
    EXPECT_EQ(refused_where("1 = LOWER(X)"), "function LOWER is not supported (at 31)");
}

TEST(Wql, AndBindsTighterThanOrAndParenthesesAndNot) {
    EXPECT_TRUE(where("HealthState = 5 OR CurrentReading = 0 AND IsLinear = FALSE"));
    EXPECT_FALSE(where("(HealthState = 5 OR CurrentReading = 0) AND IsLinear = FALSE"));
    EXPECT_FALSE(where("HealthState = 0 AND CurrentReading = 48 OR IsLinear = FALSE"));
    EXPECT_TRUE(where("HealthState = 0 AND CurrentReading = 0 OR IsLinear = TRUE"));
    EXPECT_FALSE(where("HealthState = 0 AND (CurrentReading = 0 OR IsLinear = TRUE)"));
    EXPECT_TRUE(where("HealthState = 5 AND CurrentReading = 48 AND IsLinear = TRUE AND UnitModifier = -2"));
    EXPECT_TRUE(where("HealthState = 0 OR CurrentReading = 0 OR IsLinear = FALSE OR UnitModifier = -2"));
    EXPECT_TRUE(where("NOT HealthState = 0"));
    EXPECT_FALSE(where("NOT (HealthState = 5 AND IsLinear = TRUE)"));
    EXPECT_TRUE(where("NOT HealthState = 0 AND IsLinear = TRUE")); // NOT binds tighter than AND
    EXPECT_FALSE(where("NOT (HealthState = 0 OR IsLinear = TRUE)"));
    EXPECT_TRUE(where("not not HealthState = 5"));
    EXPECT_TRUE(where("((((HealthState = 5))))"));
    EXPECT_TRUE(where("(HealthState = 5)AND(IsLinear = TRUE)"));
    // The tree is flat for chains: three ANDs are one node with three operands.
    auto q = parse_wql("SELECT * FROM A WHERE a = 1 AND b = 2 AND c = 3 OR d = 4");
    ASSERT_TRUE(q);
    ASSERT_EQ(q->where->kind, WqlCondition::Kind::or_);
    ASSERT_EQ(q->where->operands.size(), 2U);
    EXPECT_EQ(q->where->operands[0]->kind, WqlCondition::Kind::and_);
    EXPECT_EQ(q->where->operands[0]->operands.size(), 3U);
    EXPECT_EQ(q->where->operands[1]->property, "d");
}

TEST(Wql, KeywordsAndNamesAreCaseInsensitive) {
    auto q = parse_wql("sElEcT ElementName FrOm cim_NUMERICsensor wHeRe currentREADING = 48 aNd NoT "
                       "isLINEAR = fAlSe oR lowerthresholdcritical Is NoT nUlL");
    ASSERT_TRUE(q) << q.error().detail;
    EXPECT_TRUE(matches(*q, sensor()));
    EXPECT_EQ(project(*q, sensor()).properties.back().name, "ElementName");
}

TEST(Wql, RefusedConstructsNameWhatAndWhere) {
    const auto a = refused("ASSOCIATORS OF {CIM_ComputerSystem.Name=\"x\"}");
    EXPECT_EQ(a.code, Errc::filter_unsupported);
    EXPECT_EQ(a.detail, "ASSOCIATORS OF is not supported (at 0)");
    EXPECT_EQ(refused("  references of {x}").detail, "REFERENCES OF is not supported (at 2)");
    EXPECT_EQ(refused("SELECT * FROM A, B").detail, "a join of several classes is not supported (at 15)");
    EXPECT_EQ(refused("SELECT * FROM A JOIN B ON A.x = B.y").detail, "JOIN is not supported (at 16)");
    EXPECT_EQ(refused("SELECT * FROM A INNER JOIN B").detail, "INNER is not supported (at 16)");
    EXPECT_EQ(refused("SELECT * FROM A UNION SELECT * FROM B").detail, "UNION is not supported (at 16)");
    EXPECT_EQ(refused_where("X ISA 'B'"), "ISA is not supported (at 24)");
    EXPECT_EQ(refused_where("X IN (1, 2)"), "IN is not supported (at 24)");
    EXPECT_EQ(refused_where("X BETWEEN 1 AND 2"), "BETWEEN is not supported (at 24)");
    EXPECT_EQ(refused_where("X NOT LIKE 'a'"),
              "NOT after a property name (write NOT before the comparison) is not supported (at 24)");
    EXPECT_EQ(refused_where("X IN (SELECT Y FROM B)"), "IN is not supported (at 24)");
    EXPECT_EQ(refused_where("X = (SELECT Y FROM B)"), "a nested SELECT is not supported (at 27)");
    EXPECT_EQ(refused_where("(SELECT Y FROM B) = 1"), "a nested SELECT is not supported (at 23)");
    EXPECT_EQ(refused_where("X = (1)"), "an expression in parentheses is not supported (at 26)");
    EXPECT_EQ(refused_where("X = Y"), "comparing two properties is not supported (at 26)");
    EXPECT_EQ(refused_where("X = 1 + 2"), "unexpected character '+' (at 28)");
    EXPECT_EQ(refused_where("UPPER(X) = 'A'"), "function UPPER is not supported (at 22)");
    EXPECT_EQ(refused("SELECT COUNT(X) FROM A").detail, "function COUNT is not supported (at 7)");
    EXPECT_EQ(refused("SELECT Name, count(*) FROM A").detail, "function count is not supported (at 13)");
    EXPECT_EQ(refused("SELECT DISTINCT X FROM A").detail, "DISTINCT is not supported (at 7)");
    EXPECT_EQ(refused("SELECT TOP 5 * FROM A").detail, "TOP is not supported (at 7)");
    EXPECT_EQ(refused("SELECT * FROM A GROUP BY X").detail, "GROUP is not supported (at 16)");
    EXPECT_EQ(refused("SELECT * FROM A HAVING X > 1").detail, "HAVING is not supported (at 16)");
    EXPECT_EQ(refused("SELECT * FROM A WITHIN 5 WHERE X = 1").detail, "WITHIN is not supported (at 16)");
    EXPECT_EQ(refused("SELECT * FROM A WHERE X = 1 ORDER BY X").detail, "ORDER is not supported (at 28)");
    EXPECT_EQ(refused("SELECT * FROM A WHERE X = 1 GROUP WITHIN 10").detail, "GROUP is not supported (at 28)");
    for (const auto* q : {"SELECT * FROM A WHERE X ISA 'B'", "SELECT DISTINCT X FROM A", "REFERENCES OF {x}"}) {
        EXPECT_EQ(refused(q).code, Errc::filter_unsupported) << q;
    }
}

TEST(Wql, SyntaxErrorsSayWhere) {
    EXPECT_EQ(refused("").detail, "expected SELECT (at 0)");
    EXPECT_EQ(refused("   ").detail, "expected SELECT (at 3)");
    EXPECT_EQ(refused("DELETE FROM A").detail, "expected SELECT (at 0)");
    EXPECT_EQ(refused("SELECT FROM A").detail, "expected a property name (at 7)");
    EXPECT_EQ(refused("SELECT A, FROM B").detail, "expected a property name (at 10)");
    EXPECT_EQ(refused("SELECT * A").detail, "expected FROM (at 9)");
    EXPECT_EQ(refused("SELECT *, A FROM B").detail, "expected FROM (at 8)");
    EXPECT_EQ(refused("SELECT * FROM").detail, "expected a class name (at 13)");
    EXPECT_EQ(refused("SELECT * FROM 'A'").detail, "expected a class name (at 14)");
    EXPECT_EQ(refused("SELECT * FROM A WHERE").detail, "expected a property name (at 21)");
    EXPECT_EQ(refused_where("(X = 1"), "expected ')' (at 28)");
    EXPECT_EQ(refused_where("X = 1)"), "unexpected ')' (at 27)");
    EXPECT_EQ(refused_where("X ~ 1"), "unexpected character '~' (at 24)");
    EXPECT_EQ(refused_where("X = 1 Y"), "unexpected 'Y' (at 28)");
    EXPECT_EQ(refused_where("X = 1 AND"), "expected a property name (at 31)");
    EXPECT_EQ(refused_where("X = 1 OR OR Y = 2"), "expected a property name (at 31)");
    EXPECT_EQ(refused_where("X ="), "expected a literal (at 25)");
    EXPECT_EQ(refused_where("X 1"), "expected an operator (at 24)");
    EXPECT_EQ(refused_where("X = 12abc"), "bad number '12abc' (at 26)");
    EXPECT_EQ(refused_where("X = 1.2.3"), "bad number '1.2.3' (at 26)");
    EXPECT_EQ(refused_where("X = 0x"), "bad number '0x' (at 26)");
    EXPECT_EQ(refused_where("X = 0xZZ"), "bad number '0xZZ' (at 26)");
    EXPECT_EQ(refused_where("X.Y = 1"), "unexpected character '.' (at 23)");
    // Bytes that are not printable ASCII are shown escaped (the detail goes into a fault).
    EXPECT_EQ(refused_where("X = \x01"), "unexpected character '\\x01' (at 26)");
    EXPECT_EQ(refused_where("X = 1 \xC3\xA9"), "unexpected character '\\xC3' (at 28)");
    EXPECT_EQ(refused_where("X = 1 '\x7F'"), "unexpected '\\x7F' (at 28)");
    EXPECT_EQ(refused("SELECT * FROM A WHERE X = 1 {").code, Errc::filter_syntax);
}

TEST(Wql, LengthLimit) {
    const std::string head = "SELECT * FROM A WHERE X = '";
    const std::string fits = head + std::string(max_wql_length - head.size() - 1, 'a') + "'";
    ASSERT_EQ(fits.size(), max_wql_length);
    EXPECT_TRUE(parse_wql(fits));
    const auto e = refused(fits + " ");
    EXPECT_EQ(e.code, Errc::filter_too_complex);
    EXPECT_EQ(e.detail, "the query is longer than 4096 bytes (at 4096)");
}

std::string nested(int depth, std::string_view open, std::string_view close) {
    std::string s = "SELECT * FROM CIM_NumericSensor WHERE ";
    for (int i = 0; i < depth; ++i) {
        s += open;
    }
    s += "HealthState = 5";
    for (int i = 0; i < depth; ++i) {
        s += close;
    }
    return s;
}

TEST(Wql, DepthLimit) {
    for (const auto& [open, close] : {std::pair{"(", ")"}, std::pair{"NOT ", ""}, std::pair{"NOT (", ")"}}) {
        const int levels = std::string_view(open) == "NOT (" ? max_wql_depth / 2 : max_wql_depth;
        auto ok = parse_wql(nested(levels, open, close));
        ASSERT_TRUE(ok) << open << ": " << ok.error().detail;
        EXPECT_EQ(matches(*ok, sensor()), std::string_view(open) == "(" || levels % 2 == 0);
        const auto e = refused(nested(levels + 1, open, close));
        EXPECT_EQ(e.code, Errc::filter_too_complex) << open;
        EXPECT_TRUE(e.detail.starts_with("nested deeper than 32 (at ")) << e.detail;
    }
    EXPECT_EQ(refused(nested(5000, "(", ")")).code, Errc::filter_too_complex); // length first
}

TEST(Wql, LongFlatChainsNeedNoDepth) {
    std::string s = "SELECT * FROM CIM_NumericSensor WHERE HealthState = 5";
    while (s.size() + 20 < max_wql_length) {
        s += " AND HealthState = 5";
    }
    auto q = parse_wql(s);
    ASSERT_TRUE(q) << q.error().detail;
    EXPECT_GT(q->where->operands.size(), 150U);
    EXPECT_TRUE(matches(*q, sensor()));
}

TEST(SelectorFilter, ValuesCompareAsThePropertysType) {
    EXPECT_TRUE(*selector_match(sensor(), {{"DeviceID", "1.0.32"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"deviceid", "1.0.32"}, {"HealthState", "05"}})); // names any case
    EXPECT_TRUE(*selector_match(sensor(), {{"HealthState", "+5"}}));
    EXPECT_FALSE(*selector_match(sensor(), {{"HealthState", "5.0"}}));
    EXPECT_FALSE(*selector_match(sensor(), {{"HealthState", "0x5"}}));
    EXPECT_FALSE(*selector_match(sensor(), {{"HealthState", " 5"}}));
    EXPECT_FALSE(*selector_match(sensor(), {{"HealthState", ""}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"UnitModifier", "-2"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"Big", "18446744073709551615"}}));
    EXPECT_FALSE(*selector_match(sensor(), {{"Big", "18446744073709551614"}})); // no rounding through double
    EXPECT_TRUE(*selector_match(sensor(), {{"Small", "-9223372036854775808"}}));
    EXPECT_FALSE(*selector_match(sensor(), {{"DeviceID", "1.0.33"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"ElementName", "cpu1 temp"}})); // strings without case, as Get
    EXPECT_TRUE(*selector_match(sensor(), {{"CreationClassName", "cim_numericsensor"}})); // as Get's keys
    EXPECT_TRUE(*selector_match(sensor(), {{"SystemCreationClassName", "CIM_COMPUTERSYSTEM"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"IsLinear", "true"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"IsLinear", "1"}}));
    EXPECT_FALSE(*selector_match(sensor(), {{"IsLinear", "TRUE"}})); // xs:boolean is lower case
    EXPECT_FALSE(*selector_match(sensor(), {{"IsLinear", "false"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"Ratio", "0.25"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"Single", "0.1"}})); // parsed as real32
    EXPECT_TRUE(*selector_match(sensor(), {{"Letter", "Q"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"Stamp", "2025-11-24T16:00:00Z"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"Stamp", "20251124160000.000000+000"}}));
    EXPECT_FALSE(*selector_match(sensor(), {{"Stamp", "2025-11-24T16:00:01Z"}}));
    EXPECT_TRUE(*selector_match(sensor(), {{"SupportedThresholds", "5"}})); // any element
    EXPECT_FALSE(*selector_match(sensor(), {{"SupportedThresholds", "2"}}));
    EXPECT_FALSE(*selector_match(sensor(), {{"LowerThresholdCritical", "0"}})); // null
    EXPECT_TRUE(*selector_match(sensor(), {}));
    EXPECT_FALSE(*selector_match(sensor(), {{"DeviceID", "1.0.32"}, {"HealthState", "6"}})); // all must hold
}

TEST(SelectorFilter, UnknownNameIsItsOwnError) {
    const auto e = selector_match(sensor(), {{"DeviceID", "x"}, {"Bogus", "1"}});
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, Errc::filter_unknown_property);
    EXPECT_EQ(e.error().detail, "CIM_NumericSensor has no property Bogus");
    EXPECT_EQ(selector_match(sensor(), {{"Bad\nName", "1"}}).error().detail,
              "CIM_NumericSensor has no property Bad\\x0AName");
}

} // namespace
