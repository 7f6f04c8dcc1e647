// Enumeration filters evaluated on instances: the selector filter (DSP0226 8.3, DSP0227
// SelectorFilter) and a WQL subset (WMI's WQL; DSP0227 leaves the dialect to it):
//   SELECT * | p1, p2 FROM Class [WHERE condition]
// with comparisons p op literal (=, <>, !=, <, <=, >, >=, LIKE with % and _), p IS [NOT]
// NULL, AND binding tighter than OR, NOT and parentheses. Keywords, property and class
// names are case-insensitive; string comparisons are case-insensitive as in WMI. Anything
// else (ASSOCIATORS OF, REFERENCES OF, ISA, JOIN, GROUP BY, HAVING, WITHIN, functions,
// LIKE character sets) is refused with an error naming it and its position.
#pragma once

#include "cim_mapping/instance.hpp"
#include "cim_mapping/provider.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

namespace cim {

inline constexpr std::size_t max_wql_length = 4096;
inline constexpr int max_wql_depth = 32;

struct FilterError {
    std::error_code code; // cim::Errc::filter_*
    std::string detail;   // "ASSOCIATORS OF is not supported (at 0)"
};

// Every selector names a property of the instance (case-insensitive) whose value equals
// the selector's: numbers numerically ("010" = 10), booleans as true/false, strings
// exactly (DSP0227 compares selector values as the property's type); arrays when any
// element equals. Errc::filter_unknown_property for a selector naming no property.
[[nodiscard]] std::expected<bool, FilterError> selector_match(const Instance& instance, const Selectors& selectors);

struct WqlLiteral {
    std::variant<std::monostate, std::string, std::int64_t, double, bool> value; // monostate: NULL
};

enum class WqlOp : std::uint8_t { eq, ne, lt, le, gt, ge, like };

struct WqlCondition;
using WqlConditionPtr = std::unique_ptr<WqlCondition>;
struct WqlCondition {
    enum class Kind : std::uint8_t { compare, is_null, is_not_null, and_, or_, not_ } kind = Kind::compare;
    std::string property;
    WqlOp op = WqlOp::eq;
    WqlLiteral literal;
    WqlConditionPtr left;
    WqlConditionPtr right;
};

struct WqlQuery {
    std::vector<std::string> properties; // empty: SELECT *
    std::string class_name;
    WqlConditionPtr where; // null: no WHERE
};

[[nodiscard]] std::expected<WqlQuery, FilterError> parse_wql(std::string_view text);

// The WHERE clause on an instance: a NULL property compares false (only IS NULL holds);
// integers compare numerically with integer or real literals; strings case-insensitively;
// a type mismatch is false; an array matches when any element does.
[[nodiscard]] bool matches(const WqlQuery& query, const Instance& instance);

// The selected properties only (all for SELECT *), in the query's order; the class's keys
// are kept so the instance can still be addressed.
[[nodiscard]] Instance project(const WqlQuery& query, const Instance& instance);

} // namespace cim
