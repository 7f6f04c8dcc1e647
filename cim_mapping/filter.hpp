// Enumeration filters evaluated on instances: the selector filter (DSP0226 8.3, DSP0227
// SelectorFilter) and a WQL subset (WMI's WQL, MS-WMI 2.2.1; DSP0227 leaves the dialect
// to it):
//   SELECT * | p1, p2 FROM Class [WHERE condition]
// with comparisons `p op literal` or `literal op p` (=, <>, !=, <, <=, >, >=), `p LIKE
// 'pattern'` (%, _, [set], [^set], ranges [a-f]), `p IS [NOT] NULL`, NOT, AND binding
// tighter than OR, and parentheses. Keywords, property and class names are
// case-insensitive; __CLASS names the instance's class.
//
// Literals: strings in single or double quotes with WMI's backslash escapes (\\, \', \";
// any other escape is refused), integers (decimal, negative, 0x hex, up to uint64), reals
// (1.5, -2e3), TRUE, FALSE, and NULL only after IS [NOT].
//
// Anything else is refused with a FilterError whose detail names the construct and its
// byte offset: ASSOCIATORS OF, REFERENCES OF, ISA, IN, BETWEEN, joins, functions, nested
// SELECT, DISTINCT, TOP, GROUP BY, HAVING, WITHIN, ORDER BY, comparing two properties,
// arithmetic, unterminated strings or LIKE sets, bad tokens. A query is at most
// max_wql_length bytes and nests parentheses and NOT at most max_wql_depth deep; AND/OR
// chains are kept flat, so neither parsing nor evaluation recurses deeper than that.
#pragma once

#include "cim_mapping/instance.hpp"
#include "cim_mapping/provider.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

namespace cim {

inline constexpr std::size_t max_wql_length = 4096;
inline constexpr int max_wql_depth = 32;

// The error of a filter: a cim::Errc code (filter_syntax, filter_unsupported and
// filter_too_complex map to wsen:CannotProcessFilter, filter_unknown_property to
// wsman:InvalidSelectors) and a detail for the fault's Reason, with the byte offset in the
// query where there is one: "ASSOCIATORS OF is not supported (at 0)". The detail is
// printable ASCII (other bytes of the query are shown as \xHH).
struct FilterError {
    std::error_code code;
    std::string detail;
};

// Every selector names a property of the instance (case-insensitive, DSP0004) whose value
// equals the selector's, compared as the property's type (DSP0226 R5.1.2.2-1 leaves case
// sensitivity to the service; WinRM, MS-WSMV 3.1.4.1.2, ignores case everywhere):
//   integers numerically ("010" and "+10" equal 10; exact up to uint64/sint64),
//   real32/real64 parsed as that type, booleans as xs:boolean (true, false, 1, 0),
//   datetimes by time (xs:dateTime, xs:duration or the DMTF form), strings without case:
//   the same rule as Get's key selectors (cim::keys_match), so Get and a selector-filtered
//   Enumerate select the same instances; char16 and references by their lexical form.
// An array property matches when any element equals; a null property never matches.
// Errc::filter_unknown_property for a selector naming no property of the instance.
// A datetime as filters and selectors write it: xs:dateTime, xs:duration, or the DMTF forms
// (yyyymmddHHMMSS.mmmmmm+UUU, ddddddddHHMMSS.mmmmmm:000); nullopt when it is none of them.
[[nodiscard]] std::optional<Datetime> parse_datetime(std::string_view text);

[[nodiscard]] std::expected<bool, FilterError> selector_match(const Instance& instance, const Selectors& selectors);

struct WqlLiteral {
    // monostate: NULL; std::uint64_t only for integers above INT64_MAX.
    std::variant<std::monostate, std::string, std::int64_t, std::uint64_t, double, bool> value;
};

enum class WqlOp : std::uint8_t { eq, ne, lt, le, gt, ge, like };

struct WqlCondition;
using WqlConditionPtr = std::unique_ptr<WqlCondition>;
struct WqlCondition {
    enum class Kind : std::uint8_t { compare, is_null, is_not_null, and_, or_, not_ } kind = Kind::compare;
    std::string property; // compare, is_null, is_not_null
    WqlOp op = WqlOp::eq; // compare; `literal op p` is stored as `p op' literal`
    WqlLiteral literal;   // compare
    std::vector<WqlConditionPtr> operands; // and_/or_: two or more; not_: one
};

struct WqlQuery {
    std::vector<std::string> properties; // empty: SELECT *
    std::string class_name;
    WqlConditionPtr where; // null: no WHERE
};

[[nodiscard]] std::expected<WqlQuery, FilterError> parse_wql(std::string_view text);

// The WHERE clause on an instance. Comparisons use the property's CIM type:
// - integers numerically and exactly against integer literals, against real literals as
//   reals; real32/real64 as reals (the literal rounded to real32 for a real32 property);
// - strings ASCII-case-insensitively (WMI compares strings without case), ordered by
//   byte after case folding; char16 as a one-character string;
// - booleans against TRUE/FALSE with = and <> only;
// - datetimes by time against a string literal holding a datetime (xs:dateTime,
//   xs:duration, or DMTF yyyymmddHHMMSS.mmmmmm+UUU / ddddddddHHMMSS.mmmmmm:000); a
//   timestamp never equals an interval;
// - LIKE on strings and char16 only; `_` and sets match one byte (non-ASCII characters
//   are compared byte by byte, so use % around them).
// A type mismatch (a string literal against a number, a number against a string, any
// literal against a reference) is false: WMI requires the literal to be of the
// property's type, and without the schema at parse time we cannot refuse it earlier.
// NULL (or a property the instance does not have) compares false with every operator,
// <> included; only IS NULL holds. WMI refuses array properties in WHERE; here an array
// matches when any element does (so `A <> 1` holds when some element is not 1).
[[nodiscard]] bool matches(const WqlQuery& query, const Instance& instance);

// The selected properties only (all for SELECT *), in the query's order. WMI keeps
// __PATH so a projected object can still be addressed; we keep the class's key
// properties instead (first, in schema order), which is what an EPR needs. Selected names
// the instance does not have are left out.
[[nodiscard]] Instance project(const WqlQuery& query, const Instance& instance);

} // namespace cim
