// Selector filters and the WQL subset: a tokenizer, a recursive-descent parser whose
// recursion is bounded by an explicit depth counter (AND/OR chains are loops, kept flat in
// the tree), and an evaluator over cim::Value.
#include "cim_mapping/filter.hpp"

#include "cim_mapping/errc.hpp"
#include "cim_mapping/schema.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>

namespace cim {
namespace {

FilterError error(Errc e, std::string detail) {
    return FilterError{make_error_code(e), std::move(detail)};
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_word_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool is_word_char(char c) {
    return is_word_start(c) || is_digit(c);
}

// Query text for an error detail: printable ASCII as it is, other bytes as \xHH, at most
// 40 characters (the detail ends up in a SOAP fault).
std::string shown(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < 40; ++i) {
        const auto u = static_cast<unsigned char>(s[i]);
        if (u >= 0x20 && u < 0x7F) {
            out += s[i];
        } else {
            out += fmt::format("\\x{:02X}", static_cast<unsigned>(u));
        }
    }
    return s.size() > 40 ? out + "..." : out;
}

// ---- datetimes (literals and selector values) ----

template <typename T> std::optional<T> digits(std::string_view s) {
    T v{};
    if (s.empty() || !is_digit(s.front())) {
        return std::nullopt;
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

// Fraction digits (1 to 9) as microseconds, truncated.
std::optional<std::uint32_t> fraction(std::string_view s) {
    if (s.empty() || s.size() > 9) {
        return std::nullopt;
    }
    std::string six(s.substr(0, 6));
    six.resize(6, '0');
    if (!digits<std::uint32_t>(s)) {
        return std::nullopt;
    }
    return digits<std::uint32_t>(six);
}

std::optional<Datetime> timestamp(int y, unsigned mo, unsigned d, std::int64_t h, std::int64_t mi, std::int64_t s,
                                  std::uint32_t us, std::int64_t offset_minutes) {
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{mo}, std::chrono::day{d}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60) {
        return std::nullopt;
    }
    const std::int64_t days = std::chrono::sys_days{ymd}.time_since_epoch().count();
    return Datetime{false, days * 86400 + h * 3600 + mi * 60 + s - offset_minutes * 60, us};
}

// DMTF (DSP0004 5.2.4): yyyymmddHHMMSS.mmmmmmsUUU (UUU: minutes from UTC) or the interval
// ddddddddHHMMSS.mmmmmm:000; no asterisk wildcards.
std::optional<Datetime> dmtf_datetime(std::string_view t) {
    if (t.size() != 25 || t[14] != '.') {
        return std::nullopt;
    }
    const auto h = digits<std::int64_t>(t.substr(8, 2));
    const auto mi = digits<std::int64_t>(t.substr(10, 2));
    const auto s = digits<std::int64_t>(t.substr(12, 2));
    const auto us = digits<std::uint32_t>(t.substr(15, 6));
    if (!h || !mi || !s || !us) {
        return std::nullopt;
    }
    if (t[21] == ':') {
        const auto days = digits<std::int64_t>(t.substr(0, 8));
        if (!days || t.substr(22) != "000" || *h > 23 || *mi > 59 || *s > 59) {
            return std::nullopt;
        }
        return Datetime{true, *days * 86400 + *h * 3600 + *mi * 60 + *s, *us};
    }
    const auto y = digits<int>(t.substr(0, 4));
    const auto mo = digits<unsigned>(t.substr(4, 2));
    const auto d = digits<unsigned>(t.substr(6, 2));
    const auto off = digits<std::int64_t>(t.substr(22, 3));
    if (!y || !mo || !d || !off || (t[21] != '+' && t[21] != '-')) {
        return std::nullopt;
    }
    return timestamp(*y, *mo, *d, *h, *mi, *s, *us, t[21] == '-' ? -*off : *off);
}

// xs:dateTime: YYYY-MM-DDTHH:MM:SS[.f][Z|(+|-)HH:MM]; without a zone, UTC.
std::optional<Datetime> xml_datetime(std::string_view t) {
    if (t.size() < 19 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != 't') || t[13] != ':' ||
        t[16] != ':') {
        return std::nullopt;
    }
    const auto y = digits<int>(t.substr(0, 4));
    const auto mo = digits<unsigned>(t.substr(5, 2));
    const auto d = digits<unsigned>(t.substr(8, 2));
    const auto h = digits<std::int64_t>(t.substr(11, 2));
    const auto mi = digits<std::int64_t>(t.substr(14, 2));
    const auto s = digits<std::int64_t>(t.substr(17, 2));
    if (!y || !mo || !d || !h || !mi || !s) {
        return std::nullopt;
    }
    std::string_view rest = t.substr(19);
    std::uint32_t us = 0;
    if (rest.starts_with('.')) {
        std::size_t n = 1;
        while (n < rest.size() && is_digit(rest[n])) {
            ++n;
        }
        const auto f = fraction(rest.substr(1, n - 1));
        if (!f) {
            return std::nullopt;
        }
        us = *f;
        rest.remove_prefix(n);
    }
    std::int64_t offset = 0;
    if (rest == "Z" || rest == "z") {
        rest = {};
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        const auto oh = digits<std::int64_t>(rest.substr(1, 2));
        const auto om = digits<std::int64_t>(rest.substr(4, 2));
        if (!oh || !om || *oh > 14 || *om > 59) {
            return std::nullopt;
        }
        offset = (*oh * 60 + *om) * (rest[0] == '-' ? -1 : 1);
        rest = {};
    }
    if (!rest.empty()) {
        return std::nullopt;
    }
    return timestamp(*y, *mo, *d, *h, *mi, *s, us, offset);
}

// xs:duration without years and months (DSP0230's form of an interval): [-]P[nD][T[nH][nM][n[.f]S]].
std::optional<Datetime> xml_duration(std::string_view t) {
    const bool negative = t.starts_with('-');
    if (negative) {
        t.remove_prefix(1);
    }
    if (t.size() < 3 || t.front() != 'P') {
        return std::nullopt;
    }
    t.remove_prefix(1);
    std::int64_t total = 0;
    std::uint32_t us = 0;
    bool time = false;
    bool any = false;
    while (!t.empty()) {
        if (t.front() == 'T' && !time) {
            time = true;
            t.remove_prefix(1);
            continue;
        }
        std::size_t n = 0;
        while (n < t.size() && is_digit(t[n])) {
            ++n;
        }
        // At most 9 digits per field: no overflow below.
        const auto v = n <= 9 ? digits<std::int64_t>(t.substr(0, n)) : std::nullopt;
        if (!v || n >= t.size()) {
            return std::nullopt;
        }
        const char unit = t[n];
        t.remove_prefix(n + 1);
        if (unit == '.' && time) {
            std::size_t m = 0;
            while (m < t.size() && is_digit(t[m])) {
                ++m;
            }
            const auto f = fraction(t.substr(0, m));
            if (!f || m >= t.size() || t[m] != 'S' || m + 1 != t.size()) {
                return std::nullopt;
            }
            us = *f;
            total += *v;
            t = {};
        } else if (unit == 'D' && !time) {
            total += *v * 86400;
        } else if (unit == 'H' && time) {
            total += *v * 3600;
        } else if (unit == 'M' && time) {
            total += *v * 60;
        } else if (unit == 'S' && time) {
            total += *v;
        } else {
            return std::nullopt;
        }
        any = true;
    }
    if (!any) {
        return std::nullopt;
    }
    return Datetime{true, negative ? -total : total, us};
}

std::optional<Datetime> datetime_of(std::string_view t) {
    if (auto d = dmtf_datetime(t)) {
        return d;
    }
    if (auto d = xml_datetime(t)) {
        return d;
    }
    return xml_duration(t);
}

// <0, 0, >0; nullopt when one is a timestamp and the other an interval.
std::optional<int> compare_datetimes(const Datetime& a, const Datetime& b) {
    if (a.interval != b.interval) {
        return std::nullopt;
    }
    if (a.seconds != b.seconds) {
        return a.seconds < b.seconds ? -1 : 1;
    }
    if (a.microseconds != b.microseconds) {
        return a.microseconds < b.microseconds ? -1 : 1;
    }
    return 0;
}

// ---- comparisons ----

template <typename T> constexpr bool is_integer_v = std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                                    !std::is_same_v<T, char16_t>;

template <typename A, typename B> int three_way_integer(A a, B b) {
    return std::cmp_less(a, b) ? -1 : (std::cmp_equal(a, b) ? 0 : 1);
}

template <typename A, typename B> std::optional<int> three_way_real(A a, B b) {
    if (std::isnan(a) || std::isnan(b)) {
        return std::nullopt;
    }
    return a < b ? -1 : (a == b ? 0 : 1);
}

int compare_strings(std::string_view a, std::string_view b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        const auto x = static_cast<unsigned char>(ascii_lower(a[i]));
        const auto y = static_cast<unsigned char>(ascii_lower(b[i]));
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

bool holds(int c, WqlOp op) {
    switch (op) {
    case WqlOp::eq: return c == 0;
    case WqlOp::ne: return c != 0;
    case WqlOp::lt: return c < 0;
    case WqlOp::le: return c <= 0;
    case WqlOp::gt: return c > 0;
    case WqlOp::ge: return c >= 0;
    case WqlOp::like: return false;
    }
    return false;
}

// The LIKE set that starts at pattern[p] ('['): its end (the index after ']'), or npos
// when it is not closed. A ']' right after '[' or '[^' is a member.
std::size_t set_end(std::string_view pattern, std::size_t p) {
    std::size_t q = p + 1;
    if (q < pattern.size() && pattern[q] == '^') {
        ++q;
    }
    if (q < pattern.size()) {
        ++q; // the first member, which may be ']'
    }
    while (q < pattern.size() && pattern[q] != ']') {
        ++q;
    }
    return q < pattern.size() ? q + 1 : std::string_view::npos;
}

// Whether c is in the set pattern[p, end): members, ranges a-f (and a=f, as WMI's
// documentation writes them), ^ negating; case-insensitive.
bool in_set(std::string_view pattern, std::size_t p, std::size_t end, char c) {
    std::size_t q = p + 1;
    const bool negate = pattern[q] == '^'; // as set_end reads it
    if (negate) {
        ++q;
    }
    const auto x = static_cast<unsigned char>(ascii_lower(c));
    bool in = false;
    const std::size_t last = end - 1; // the closing ']'
    while (q < last) {
        const auto lo = static_cast<unsigned char>(ascii_lower(pattern[q]));
        auto hi = lo;
        if (q + 2 < last && (pattern[q + 1] == '-' || pattern[q + 1] == '=')) {
            hi = static_cast<unsigned char>(ascii_lower(pattern[q + 2]));
            q += 3;
        } else {
            ++q;
        }
        in = in || (x >= lo && x <= hi);
    }
    return in != negate;
}

// WMI's LIKE: % any run, _ one byte, [set] one byte of the set, [^set] one byte not in it;
// case-insensitive. Iterative, one backtrack point: O(text * pattern) at worst. Sets
// were checked closed at parse time.
bool like(std::string_view text, std::string_view pattern) {
    std::size_t t = 0;
    std::size_t p = 0;
    std::size_t star = std::string_view::npos;
    std::size_t mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] != '%') {
            std::size_t next = p + 1;
            bool ok = false;
            if (pattern[p] == '_') {
                ok = true;
            } else if (pattern[p] == '[') {
                next = set_end(pattern, p);
                ok = next != std::string_view::npos && in_set(pattern, p, next, text[t]);
            } else {
                ok = ascii_lower(pattern[p]) == ascii_lower(text[t]);
            }
            if (ok) {
                p = next;
                ++t;
                continue;
            }
        }
        if (p < pattern.size() && pattern[p] == '%') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '%') {
        ++p;
    }
    return p == pattern.size();
}

// One scalar of the property against the literal: nullopt when the types do not compare.
std::optional<int> three_way(const Scalar& s, const WqlLiteral& lit) {
    return std::visit(
        [&](const auto& v) -> std::optional<int> {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string>) {
                const auto* str = std::get_if<std::string>(&lit.value);
                return str != nullptr ? std::optional<int>(compare_strings(v, *str)) : std::nullopt;
            } else if constexpr (std::is_same_v<T, char16_t>) {
                const auto* str = std::get_if<std::string>(&lit.value);
                return str != nullptr ? std::optional<int>(compare_strings(lexical(s), *str)) : std::nullopt;
            } else if constexpr (std::is_same_v<T, bool>) {
                const auto* b = std::get_if<bool>(&lit.value);
                return b != nullptr ? std::optional<int>(v == *b ? 0 : 1) : std::nullopt; // = and <> only
            } else if constexpr (std::is_same_v<T, Datetime>) {
                const auto* str = std::get_if<std::string>(&lit.value);
                const auto d = str != nullptr ? datetime_of(*str) : std::nullopt;
                return d ? compare_datetimes(v, *d) : std::nullopt;
            } else if constexpr (std::is_same_v<T, Reference>) {
                return std::nullopt;
            } else if constexpr (std::is_floating_point_v<T>) {
                if (const auto* i = std::get_if<std::int64_t>(&lit.value)) {
                    return three_way_real(v, static_cast<T>(*i));
                }
                if (const auto* u = std::get_if<std::uint64_t>(&lit.value)) {
                    return three_way_real(v, static_cast<T>(*u));
                }
                if (const auto* d = std::get_if<double>(&lit.value)) {
                    return three_way_real(v, static_cast<T>(*d)); // real32: the literal as real32
                }
                return std::nullopt;
            } else {
                static_assert(is_integer_v<T>);
                if (const auto* i = std::get_if<std::int64_t>(&lit.value)) {
                    return three_way_integer(v, *i);
                }
                if (const auto* u = std::get_if<std::uint64_t>(&lit.value)) {
                    return three_way_integer(v, *u);
                }
                if (const auto* d = std::get_if<double>(&lit.value)) {
                    // long double holds every 64-bit integer exactly on x86-64 and aarch64.
                    return three_way_real(static_cast<long double>(v), static_cast<long double>(*d));
                }
                return std::nullopt;
            }
        },
        s);
}

bool compare_scalar(const Scalar& s, WqlOp op, const WqlLiteral& lit) {
    if (op == WqlOp::like) {
        const auto* pattern = std::get_if<std::string>(&lit.value);
        if (pattern == nullptr) {
            return false;
        }
        if (const auto* str = std::get_if<std::string>(&s)) {
            return like(*str, *pattern);
        }
        return std::holds_alternative<char16_t>(s) && like(lexical(s), *pattern);
    }
    const auto c = three_way(s, lit);
    if (!c) {
        return false;
    }
    if (std::holds_alternative<bool>(s) && op != WqlOp::eq && op != WqlOp::ne) {
        return false;
    }
    return holds(*c, op);
}

// The property's value; __CLASS is the instance's class name.
const Value* property_of(const Instance& i, std::string_view name, Value& class_value) {
    if (iequals(name, "__CLASS")) {
        class_value = Value::string(i.class_name);
        return &class_value;
    }
    return i.find(name);
}

// Recursion bounded by the parser's depth limit (AND/OR operands are siblings).
bool evaluate(const WqlCondition& c, const Instance& i) {
    switch (c.kind) {
    case WqlCondition::Kind::and_:
        for (const auto& o : c.operands) {
            if (!evaluate(*o, i)) {
                return false;
            }
        }
        return true;
    case WqlCondition::Kind::or_:
        for (const auto& o : c.operands) {
            if (evaluate(*o, i)) {
                return true;
            }
        }
        return false;
    case WqlCondition::Kind::not_: return !evaluate(*c.operands.front(), i);
    case WqlCondition::Kind::is_null:
    case WqlCondition::Kind::is_not_null: {
        Value class_value = Value::null(Type::string);
        const Value* v = property_of(i, c.property, class_value);
        const bool null = v == nullptr || v->is_null();
        return c.kind == WqlCondition::Kind::is_null ? null : !null;
    }
    case WqlCondition::Kind::compare: {
        Value class_value = Value::null(Type::string);
        const Value* v = property_of(i, c.property, class_value);
        if (v == nullptr || v->is_null() || std::holds_alternative<std::monostate>(c.literal.value)) {
            return false; // NULL compares false; only IS NULL holds
        }
        for (const auto& item : v->items()) {
            if (compare_scalar(item, c.op, c.literal)) {
                return true;
            }
        }
        return false;
    }
    }
    return false;
}

// ---- tokens ----

struct Token {
    enum class Type : std::uint8_t { end, word, string, number, op, punct } type = Type::end;
    std::string text; // strings unescaped
    std::size_t at = 0;
};

class Lexer {
public:
    explicit Lexer(std::string_view s) : s_(s) {}

    std::expected<Token, FilterError> next() {
        while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\r' || s_[p_] == '\n')) {
            ++p_;
        }
        Token t;
        t.at = p_;
        if (p_ >= s_.size()) {
            return t;
        }
        const char c = s_[p_];
        if (is_word_start(c)) {
            t.type = Token::Type::word;
            while (p_ < s_.size() && is_word_char(s_[p_])) {
                t.text += s_[p_++];
            }
            return t;
        }
        if (is_digit(c) || (c == '-' && p_ + 1 < s_.size() && is_digit(s_[p_ + 1]))) {
            return number(std::move(t));
        }
        if (c == '\'' || c == '"') {
            return string(std::move(t), c);
        }
        for (std::string_view op : {"<>", "!=", "<=", ">=", "=", "<", ">"}) {
            if (s_.substr(p_).starts_with(op)) {
                t.type = Token::Type::op;
                t.text = std::string(op);
                p_ += op.size();
                return t;
            }
        }
        if (c == '(' || c == ')' || c == ',' || c == '*' || c == '{') {
            t.type = Token::Type::punct;
            t.text = std::string(1, c);
            ++p_;
            return t;
        }
        return std::unexpected(
            error(Errc::filter_syntax, fmt::format("unexpected character '{}' (at {})", shown(s_.substr(p_, 1)), p_)));
    }

private:
    // [-]digits[.digits][(e|E)[+|-]digits] or [-]0x hexdigits; not followed by a letter.
    std::expected<Token, FilterError> number(Token t) {
        t.type = Token::Type::number;
        const std::size_t begin = p_;
        if (s_[p_] == '-') {
            ++p_;
        }
        const auto run = [&](bool hex) {
            while (p_ < s_.size() && (is_digit(s_[p_]) || (hex && ((s_[p_] >= 'a' && s_[p_] <= 'f') ||
                                                                   (s_[p_] >= 'A' && s_[p_] <= 'F'))))) {
                ++p_;
            }
        };
        if (s_.substr(p_).starts_with("0x") || s_.substr(p_).starts_with("0X")) {
            p_ += 2;
            run(true);
        } else {
            run(false);
            if (p_ + 1 < s_.size() && s_[p_] == '.' && is_digit(s_[p_ + 1])) {
                ++p_;
                run(false);
            }
            if (p_ < s_.size() && (s_[p_] == 'e' || s_[p_] == 'E')) {
                const std::size_t e = p_ + ((p_ + 1 < s_.size() && (s_[p_ + 1] == '+' || s_[p_ + 1] == '-')) ? 2 : 1);
                if (e < s_.size() && is_digit(s_[e])) {
                    p_ = e;
                    run(false);
                }
            }
        }
        while (p_ < s_.size() && (is_word_char(s_[p_]) || s_[p_] == '.')) {
            ++p_; // swallowed so the error shows the whole bad token
        }
        t.text = std::string(s_.substr(begin, p_ - begin));
        return t;
    }

    // WMI: a backslash escapes a backslash or either quote (KB 242507; WHERE Clause (WMI)).
    std::expected<Token, FilterError> string(Token t, char quote) {
        t.type = Token::Type::string;
        ++p_;
        while (p_ < s_.size() && s_[p_] != quote) {
            if (s_[p_] == '\\') {
                if (p_ + 1 >= s_.size()) {
                    p_ = s_.size(); // a backslash as the last byte escapes nothing: unterminated
                    break;
                }
                const char e = s_[p_ + 1];
                if (e != '\\' && e != '\'' && e != '"') {
                    return std::unexpected(error(Errc::filter_syntax,
                                                 fmt::format("unknown escape '\\{}' in a string (at {})",
                                                             shown(s_.substr(p_ + 1, 1)), p_)));
                }
                ++p_;
            }
            t.text += s_[p_++];
        }
        if (p_ >= s_.size()) {
            return std::unexpected(error(Errc::filter_syntax, fmt::format("unterminated string (at {})", t.at)));
        }
        ++p_;
        return t;
    }

    std::string_view s_;
    std::size_t p_ = 0;
};

bool is_keyword(const Token& t, std::string_view k) {
    return t.type == Token::Type::word && iequals(t.text, k);
}

bool is_punct(const Token& t, char c) {
    return t.type == Token::Type::punct && t.text.size() == 1 && t.text[0] == c;
}

// The literal a number token holds.
std::optional<WqlLiteral> number_literal(const std::string& t) {
    const bool negative = t.starts_with('-');
    const std::string_view body = std::string_view(t).substr(negative ? 1 : 0);
    const char* end = body.data() + body.size();
    if (body.size() > 2 && (body.starts_with("0x") || body.starts_with("0X"))) {
        std::uint64_t u = 0;
        auto [p, ec] = std::from_chars(body.data() + 2, end, u, 16);
        if (ec != std::errc{} || p != end) {
            return std::nullopt;
        }
        if (!negative) {
            return u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                       ? WqlLiteral{static_cast<std::int64_t>(u)}
                       : WqlLiteral{u};
        }
        constexpr auto min_magnitude = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1U;
        if (u > min_magnitude) {
            return std::nullopt;
        }
        return u == min_magnitude ? WqlLiteral{std::numeric_limits<std::int64_t>::min()}
                                  : WqlLiteral{-static_cast<std::int64_t>(u)};
    }
    if (negative) {
        std::int64_t i = 0;
        if (auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), i); ec == std::errc{} && p == t.data() + t.size()) {
            return WqlLiteral{i};
        }
    } else {
        std::uint64_t u = 0;
        if (auto [p, ec] = std::from_chars(body.data(), end, u); ec == std::errc{} && p == end) {
            return u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                       ? WqlLiteral{static_cast<std::int64_t>(u)}
                       : WqlLiteral{u};
        }
    }
    if (body.find_first_of(".eE") == std::string_view::npos) {
        return std::nullopt; // an integer outside the 64-bit range, not a real
    }
    double d = 0;
    if (auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
        ec == std::errc{} && p == t.data() + t.size() && std::isfinite(d)) {
        return WqlLiteral{d};
    }
    return std::nullopt;
}

WqlOp mirrored(WqlOp op) {
    switch (op) {
    case WqlOp::lt: return WqlOp::gt;
    case WqlOp::le: return WqlOp::ge;
    case WqlOp::gt: return WqlOp::lt;
    case WqlOp::ge: return WqlOp::le;
    default: return op;
    }
}

class Parser {
public:
    explicit Parser(std::string_view s) : lexer_(s) {}

    std::expected<WqlQuery, FilterError> query() {
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        for (std::string_view k : {"ASSOCIATORS", "REFERENCES"}) {
            if (is_keyword(tok_, k)) {
                return std::unexpected(unsupported(std::string(k) + " OF"));
            }
        }
        if (!is_keyword(tok_, "SELECT")) {
            return std::unexpected(syntax("expected SELECT"));
        }
        WqlQuery q;
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        for (std::string_view k : {"DISTINCT", "TOP"}) {
            if (is_keyword(tok_, k)) {
                return std::unexpected(unsupported(std::string(k)));
            }
        }
        if (is_punct(tok_, '*')) {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
        } else {
            for (;;) {
                if (tok_.type != Token::Type::word || is_keyword(tok_, "FROM")) {
                    return std::unexpected(syntax("expected a property name"));
                }
                q.properties.push_back(tok_.text);
                const std::size_t at = tok_.at;
                if (auto e = advance(); !e) {
                    return std::unexpected(e.error());
                }
                if (is_punct(tok_, '(')) {
                    return std::unexpected(unsupported("function " + q.properties.back(), at));
                }
                if (!is_punct(tok_, ',')) {
                    break;
                }
                if (auto e = advance(); !e) {
                    return std::unexpected(e.error());
                }
            }
        }
        if (!is_keyword(tok_, "FROM")) {
            return std::unexpected(syntax("expected FROM"));
        }
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        if (tok_.type != Token::Type::word) {
            return std::unexpected(syntax("expected a class name"));
        }
        q.class_name = tok_.text;
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        if (is_punct(tok_, ',')) {
            return std::unexpected(unsupported("a join of several classes"));
        }
        if (is_keyword(tok_, "WHERE")) {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            auto c = or_expr(0);
            if (!c) {
                return std::unexpected(c.error());
            }
            q.where = std::move(*c);
        }
        for (std::string_view k : {"GROUP", "HAVING", "WITHIN", "ORDER", "JOIN", "INNER", "LEFT", "UNION", "LIMIT"}) {
            if (is_keyword(tok_, k)) {
                return std::unexpected(unsupported(std::string(k)));
            }
        }
        if (tok_.type != Token::Type::end) {
            return std::unexpected(syntax(fmt::format("unexpected '{}'", shown(tok_.text))));
        }
        return q;
    }

private:
    std::expected<void, FilterError> advance() {
        auto t = lexer_.next();
        if (!t) {
            return std::unexpected(t.error());
        }
        tok_ = std::move(*t);
        return {};
    }

    FilterError unsupported(const std::string& what) const { return unsupported(what, tok_.at); }
    static FilterError unsupported(const std::string& what, std::size_t at) {
        return error(Errc::filter_unsupported, fmt::format("{} is not supported (at {})", what, at));
    }
    FilterError syntax(const std::string& what) const {
        return error(Errc::filter_syntax, fmt::format("{} (at {})", what, tok_.at));
    }

    static WqlConditionPtr node(WqlCondition::Kind kind) {
        auto n = std::make_unique<WqlCondition>();
        n->kind = kind;
        return n;
    }

    // operand (KEYWORD operand)*, one flat node for two or more.
    template <typename Next>
    std::expected<WqlConditionPtr, FilterError> chain(std::string_view keyword, WqlCondition::Kind kind, Next next) {
        auto first = next();
        if (!first || !is_keyword(tok_, keyword)) {
            return first;
        }
        auto n = node(kind);
        n->operands.push_back(std::move(*first));
        while (is_keyword(tok_, keyword)) {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            auto more = next();
            if (!more) {
                return more;
            }
            n->operands.push_back(std::move(*more));
        }
        return n;
    }

    std::expected<WqlConditionPtr, FilterError> or_expr(int depth) {
        return chain("OR", WqlCondition::Kind::or_, [&] { return and_expr(depth); });
    }

    std::expected<WqlConditionPtr, FilterError> and_expr(int depth) {
        return chain("AND", WqlCondition::Kind::and_, [&] { return unary(depth); });
    }

    // NOT and parentheses are the only ways down: each costs one level of depth.
    std::expected<WqlConditionPtr, FilterError> unary(int depth) {
        const bool nested = is_keyword(tok_, "NOT") || is_punct(tok_, '(');
        if (nested && depth >= max_wql_depth) {
            return std::unexpected(error(Errc::filter_too_complex,
                                         fmt::format("nested deeper than {} (at {})", max_wql_depth, tok_.at)));
        }
        if (is_keyword(tok_, "NOT")) {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            auto inner = unary(depth + 1);
            if (!inner) {
                return inner;
            }
            auto n = node(WqlCondition::Kind::not_);
            n->operands.push_back(std::move(*inner));
            return n;
        }
        if (is_punct(tok_, '(')) {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            if (is_keyword(tok_, "SELECT")) {
                return std::unexpected(unsupported("a nested SELECT"));
            }
            auto inner = or_expr(depth + 1);
            if (!inner) {
                return inner;
            }
            if (!is_punct(tok_, ')')) {
                return std::unexpected(syntax("expected ')'"));
            }
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            return inner;
        }
        return comparison();
    }

    // A literal token: string, number, TRUE, FALSE, NULL (monostate).
    std::optional<WqlLiteral> literal() const {
        if (tok_.type == Token::Type::string) {
            return WqlLiteral{tok_.text};
        }
        if (tok_.type == Token::Type::number) {
            return number_literal(tok_.text);
        }
        if (is_keyword(tok_, "TRUE") || is_keyword(tok_, "FALSE")) {
            return WqlLiteral{is_keyword(tok_, "TRUE")};
        }
        if (is_keyword(tok_, "NULL")) {
            return WqlLiteral{};
        }
        return std::nullopt;
    }

    bool is_literal_token() const {
        return tok_.type == Token::Type::string || tok_.type == Token::Type::number || is_keyword(tok_, "TRUE") ||
               is_keyword(tok_, "FALSE") || is_keyword(tok_, "NULL");
    }

    std::optional<WqlOp> comparison_op() const {
        if (tok_.type != Token::Type::op) {
            return std::nullopt;
        }
        const std::string& o = tok_.text;
        if (o == "=") {
            return WqlOp::eq;
        }
        if (o == "<>" || o == "!=") {
            return WqlOp::ne;
        }
        if (o == "<") {
            return WqlOp::lt;
        }
        if (o == "<=") {
            return WqlOp::le;
        }
        return o == ">" ? WqlOp::gt : WqlOp::ge;
    }

    // The literal after an operator, or the refusal of what stands there instead.
    std::expected<WqlLiteral, FilterError> operand(WqlOp op) {
        const std::size_t at = tok_.at;
        if (is_literal_token()) {
            auto lit = literal();
            if (!lit) {
                return std::unexpected(syntax(fmt::format("bad number '{}'", shown(tok_.text))));
            }
            if (std::holds_alternative<std::monostate>(lit->value)) {
                return std::unexpected(syntax("compare with NULL using IS NULL or IS NOT NULL"));
            }
            if (op == WqlOp::like && !std::holds_alternative<std::string>(lit->value)) {
                return std::unexpected(syntax("LIKE needs a string pattern"));
            }
            if (op == WqlOp::like) {
                const auto& pattern = std::get<std::string>(lit->value);
                for (std::size_t i = 0; i < pattern.size(); ++i) {
                    if (pattern[i] == '[') {
                        const std::size_t end = set_end(pattern, i);
                        if (end == std::string::npos) {
                            return std::unexpected(syntax("unterminated '[' in the LIKE pattern"));
                        }
                        i = end - 1;
                    }
                }
            }
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            return std::move(*lit);
        }
        if (tok_.type == Token::Type::word) {
            return std::unexpected(unsupported("comparing two properties"));
        }
        if (is_punct(tok_, '(')) {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            if (is_keyword(tok_, "SELECT")) {
                return std::unexpected(unsupported("a nested SELECT"));
            }
            return std::unexpected(unsupported("an expression in parentheses", at));
        }
        return std::unexpected(syntax("expected a literal"));
    }

    // `literal op property`: WMI accepts the constant on either side.
    std::expected<WqlConditionPtr, FilterError> reversed_comparison() {
        auto lit = literal();
        if (!lit) {
            return std::unexpected(syntax(fmt::format("bad number '{}'", shown(tok_.text))));
        }
        if (std::holds_alternative<std::monostate>(lit->value)) {
            return std::unexpected(syntax("compare with NULL using IS NULL or IS NOT NULL"));
        }
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        const auto op = comparison_op();
        if (!op) {
            return std::unexpected(syntax("expected a comparison operator"));
        }
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        if (is_literal_token()) {
            return std::unexpected(unsupported("comparing two literals"));
        }
        if (tok_.type != Token::Type::word) {
            return std::unexpected(syntax("expected a property name"));
        }
        auto n = node(WqlCondition::Kind::compare);
        n->property = tok_.text;
        n->op = mirrored(*op);
        n->literal = std::move(*lit);
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        if (is_punct(tok_, '(')) {
            return std::unexpected(unsupported("function " + n->property));
        }
        return n;
    }

    std::expected<WqlConditionPtr, FilterError> comparison() {
        if (is_literal_token()) {
            return reversed_comparison();
        }
        if (tok_.type != Token::Type::word || is_keyword(tok_, "AND") || is_keyword(tok_, "OR")) {
            return std::unexpected(syntax("expected a property name"));
        }
        const std::size_t at = tok_.at;
        auto n = node(WqlCondition::Kind::compare);
        n->property = tok_.text;
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        if (is_punct(tok_, '(')) {
            return std::unexpected(unsupported("function " + n->property, at));
        }
        for (std::string_view k : {"ISA", "IN", "BETWEEN"}) {
            if (is_keyword(tok_, k)) {
                return std::unexpected(unsupported(std::string(k)));
            }
        }
        if (is_keyword(tok_, "NOT")) {
            return std::unexpected(unsupported("NOT after a property name (write NOT before the comparison)"));
        }
        if (is_keyword(tok_, "IS")) {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            n->kind = WqlCondition::Kind::is_null;
            if (is_keyword(tok_, "NOT")) {
                n->kind = WqlCondition::Kind::is_not_null;
                if (auto e = advance(); !e) {
                    return std::unexpected(e.error());
                }
            }
            if (!is_keyword(tok_, "NULL")) {
                return std::unexpected(syntax("expected NULL after IS"));
            }
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            return n;
        }
        if (is_keyword(tok_, "LIKE")) {
            n->op = WqlOp::like;
        } else if (const auto op = comparison_op()) {
            n->op = *op;
        } else {
            return std::unexpected(syntax("expected an operator"));
        }
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        auto lit = operand(n->op);
        if (!lit) {
            return std::unexpected(lit.error());
        }
        n->literal = std::move(*lit);
        return n;
    }

    Lexer lexer_;
    Token tok_;
};

// ---- selector values ----

template <typename T> std::optional<T> integer_as(std::string_view text) {
    if (text.starts_with('+')) {
        text.remove_prefix(1);
        if (text.starts_with('-')) {
            return std::nullopt;
        }
    }
    T v{};
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || p != text.data() + text.size()) {
        return std::nullopt;
    }
    return v;
}

bool equal_as_type(const Scalar& s, const std::string& text) {
    return std::visit(
        [&](const auto& v) -> bool {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string>) {
                return iequals(v, text);
            } else if constexpr (std::is_same_v<T, bool>) {
                return v ? (text == "true" || text == "1") : (text == "false" || text == "0");
            } else if constexpr (std::is_same_v<T, Datetime>) {
                const auto d = datetime_of(text);
                return d && compare_datetimes(v, *d) == 0;
            } else if constexpr (std::is_same_v<T, char16_t> || std::is_same_v<T, Reference>) {
                return lexical(s) == text;
            } else if constexpr (std::is_floating_point_v<T>) {
                T parsed{};
                auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
                return !text.empty() && ec == std::errc{} && p == text.data() + text.size() && parsed == v;
            } else {
                static_assert(is_integer_v<T>);
                if constexpr (std::is_signed_v<T>) {
                    const auto parsed = integer_as<std::int64_t>(text);
                    return parsed && std::cmp_equal(*parsed, v);
                } else {
                    const auto parsed = integer_as<std::uint64_t>(text);
                    return parsed && std::cmp_equal(*parsed, v);
                }
            }
        },
        s);
}

} // namespace

std::expected<bool, FilterError> selector_match(const Instance& instance, const Selectors& selectors) {
    for (const auto& [name, value] : selectors) { // an unknown name is an error wherever it stands
        if (instance.find(name) == nullptr) {
            return std::unexpected(error(Errc::filter_unknown_property,
                                         fmt::format("{} has no property {}", instance.class_name, shown(name))));
        }
    }
    for (const auto& [name, value] : selectors) {
        const Value* v = instance.find(name);
        bool any = false;
        for (const auto& item : v->items()) {
            any = any || equal_as_type(item, value);
        }
        if (!any) {
            return false;
        }
    }
    return true;
}

std::expected<WqlQuery, FilterError> parse_wql(std::string_view text) {
    if (text.size() > max_wql_length) {
        return std::unexpected(error(Errc::filter_too_complex,
                                     fmt::format("the query is longer than {} bytes (at {})", max_wql_length,
                                                 max_wql_length)));
    }
    return Parser(text).query();
}

bool matches(const WqlQuery& query, const Instance& instance) {
    return query.where == nullptr || evaluate(*query.where, instance);
}

Instance project(const WqlQuery& query, const Instance& instance) {
    if (query.properties.empty()) {
        return instance;
    }
    Instance out;
    out.class_name = instance.class_name;
    out.name_space = instance.name_space;
    if (const ClassDef* c = find_class(instance.class_name)) {
        for (const PropertyDef* k : c->keys()) {
            if (const Value* v = instance.find(k->name)) {
                out.set(k->name, *v);
            }
        }
    }
    for (const auto& name : query.properties) {
        for (const auto& p : instance.properties) {
            if (iequals(p.name, name)) {
                out.set(p.name, p.value);
            }
        }
    }
    return out;
}

std::optional<Datetime> parse_datetime(std::string_view text) {
    return datetime_of(text);
}

} // namespace cim
