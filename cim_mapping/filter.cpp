// Selector filters and the WQL subset: a tokenizer, a recursive-descent parser with a depth
// bound, and an evaluator over cim::Value.
#include "cim_mapping/filter.hpp"

#include "cim_mapping/errc.hpp"
#include "cim_mapping/schema.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <optional>
#include <type_traits>

namespace cim {
namespace {

FilterError error(Errc e, std::string detail) {
    return FilterError{make_error_code(e), std::move(detail)};
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// ---- values ----

std::optional<long double> number_of(const Scalar& s) {
    return std::visit(
        [](const auto& v) -> std::optional<long double> {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string> || std::is_same_v<T, Datetime> ||
                          std::is_same_v<T, Reference> || std::is_same_v<T, char16_t>) {
                return std::nullopt;
            } else {
                return static_cast<long double>(v);
            }
        },
        s);
}

bool like(std::string_view text, std::string_view pattern) {
    // % any run, _ one character, case-insensitive; iterative with one backtrack point.
    std::size_t t = 0;
    std::size_t p = 0;
    std::size_t star = std::string_view::npos;
    std::size_t mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '_' || lower(pattern[p]) == lower(text[t]))) {
            ++t;
            ++p;
        } else if (p < pattern.size() && pattern[p] == '%') {
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

int compare_strings(std::string_view a, std::string_view b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        const char x = lower(a[i]);
        const char y = lower(b[i]);
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

bool compare_scalar(const Scalar& s, WqlOp op, const WqlLiteral& lit) {
    if (const auto* str = std::get_if<std::string>(&lit.value)) {
        const std::string text = std::holds_alternative<std::string>(s) || std::holds_alternative<Datetime>(s)
                                     ? lexical(s)
                                     : std::string();
        if (!std::holds_alternative<std::string>(s) && !std::holds_alternative<Datetime>(s)) {
            return false; // a string literal against a number or boolean: no match
        }
        return op == WqlOp::like ? like(text, *str) : holds(compare_strings(text, *str), op);
    }
    if (op == WqlOp::like) {
        return false;
    }
    if (const auto* b = std::get_if<bool>(&lit.value)) {
        const auto* v = std::get_if<bool>(&s);
        return v != nullptr && (op == WqlOp::eq ? *v == *b : op == WqlOp::ne ? *v != *b : false);
    }
    const auto n = number_of(s);
    if (!n) {
        return false;
    }
    long double l = 0;
    if (const auto* i = std::get_if<std::int64_t>(&lit.value)) {
        l = static_cast<long double>(*i);
    } else if (const auto* d = std::get_if<double>(&lit.value)) {
        l = static_cast<long double>(*d);
    } else {
        return false;
    }
    return holds(*n < l ? -1 : (*n > l ? 1 : 0), op);
}

bool evaluate(const WqlCondition& c, const Instance& i) {
    switch (c.kind) {
    case WqlCondition::Kind::and_: return evaluate(*c.left, i) && evaluate(*c.right, i);
    case WqlCondition::Kind::or_: return evaluate(*c.left, i) || evaluate(*c.right, i);
    case WqlCondition::Kind::not_: return !evaluate(*c.left, i);
    case WqlCondition::Kind::is_null:
    case WqlCondition::Kind::is_not_null: {
        const Value* v = i.find(c.property);
        const bool null = v == nullptr || v->is_null();
        return c.kind == WqlCondition::Kind::is_null ? null : !null;
    }
    case WqlCondition::Kind::compare: {
        const Value* v = i.find(c.property);
        if (v == nullptr || v->is_null() || std::holds_alternative<std::monostate>(c.literal.value)) {
            return false; // NULL compares false; "= NULL" is written IS NULL
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
    std::string text;
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
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_') {
            t.type = Token::Type::word;
            while (p_ < s_.size() && ((s_[p_] >= 'A' && s_[p_] <= 'Z') || (s_[p_] >= 'a' && s_[p_] <= 'z') ||
                                      (s_[p_] >= '0' && s_[p_] <= '9') || s_[p_] == '_')) {
                t.text += s_[p_++];
            }
            return t;
        }
        if ((c >= '0' && c <= '9') || (c == '-' && p_ + 1 < s_.size() && s_[p_ + 1] >= '0' && s_[p_ + 1] <= '9')) {
            t.type = Token::Type::number;
            t.text += s_[p_++];
            while (p_ < s_.size() && ((s_[p_] >= '0' && s_[p_] <= '9') || s_[p_] == '.' || s_[p_] == 'x' ||
                                      s_[p_] == 'X' || (s_[p_] >= 'a' && s_[p_] <= 'f') ||
                                      (s_[p_] >= 'A' && s_[p_] <= 'F') || s_[p_] == '+' || s_[p_] == '-')) {
                t.text += s_[p_++];
            }
            return t;
        }
        if (c == '\'' || c == '"') {
            t.type = Token::Type::string;
            ++p_;
            while (p_ < s_.size() && s_[p_] != c) {
                if (s_[p_] == '\\' && p_ + 1 < s_.size()) {
                    ++p_; // WMI WQL: a backslash escapes the next character
                }
                t.text += s_[p_++];
            }
            if (p_ >= s_.size()) {
                return std::unexpected(error(Errc::filter_syntax, fmt::format("unterminated string (at {})", t.at)));
            }
            ++p_;
            return t;
        }
        for (std::string_view op : {"<>", "!=", "<=", ">=", "=", "<", ">"}) {
            if (s_.substr(p_).starts_with(op)) {
                t.type = Token::Type::op;
                t.text = std::string(op);
                p_ += op.size();
                return t;
            }
        }
        if (c == '(' || c == ')' || c == ',' || c == '*') {
            t.type = Token::Type::punct;
            t.text = std::string(1, c);
            ++p_;
            return t;
        }
        return std::unexpected(error(Errc::filter_syntax, fmt::format("unexpected character '{}' (at {})", c, p_)));
    }

private:
    std::string_view s_;
    std::size_t p_ = 0;
};

bool is_keyword(const Token& t, std::string_view k) {
    return t.type == Token::Type::word && iequals(t.text, k);
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
            return std::unexpected(error(Errc::filter_syntax, fmt::format("expected SELECT (at {})", tok_.at)));
        }
        WqlQuery q;
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        if (tok_.type == Token::Type::punct && tok_.text == "*") {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
        } else {
            for (;;) {
                if (tok_.type != Token::Type::word || is_keyword(tok_, "FROM")) {
                    return std::unexpected(error(Errc::filter_syntax, fmt::format("expected a property name (at {})", tok_.at)));
                }
                q.properties.push_back(tok_.text);
                if (auto e = advance(); !e) {
                    return std::unexpected(e.error());
                }
                if (tok_.type == Token::Type::punct && tok_.text == "(") {
                    return std::unexpected(unsupported("function " + q.properties.back()));
                }
                if (!(tok_.type == Token::Type::punct && tok_.text == ",")) {
                    break;
                }
                if (auto e = advance(); !e) {
                    return std::unexpected(e.error());
                }
            }
        }
        if (!is_keyword(tok_, "FROM")) {
            return std::unexpected(error(Errc::filter_syntax, fmt::format("expected FROM (at {})", tok_.at)));
        }
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        if (tok_.type != Token::Type::word) {
            return std::unexpected(error(Errc::filter_syntax, fmt::format("expected a class name (at {})", tok_.at)));
        }
        q.class_name = tok_.text;
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        if (tok_.type == Token::Type::punct && tok_.text == ",") {
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
        for (std::string_view k : {"GROUP", "HAVING", "WITHIN", "ORDER", "JOIN", "UNION"}) {
            if (is_keyword(tok_, k)) {
                return std::unexpected(unsupported(std::string(k)));
            }
        }
        if (tok_.type != Token::Type::end) {
            return std::unexpected(error(Errc::filter_syntax, fmt::format("unexpected '{}' (at {})", tok_.text, tok_.at)));
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

    FilterError unsupported(const std::string& what) const {
        return error(Errc::filter_unsupported, fmt::format("{} is not supported (at {})", what, tok_.at));
    }

    std::expected<WqlConditionPtr, FilterError> or_expr(int depth) {
        auto left = and_expr(depth);
        while (left && is_keyword(tok_, "OR")) {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            auto right = and_expr(depth);
            if (!right) {
                return right;
            }
            auto n = std::make_unique<WqlCondition>();
            n->kind = WqlCondition::Kind::or_;
            n->left = std::move(*left);
            n->right = std::move(*right);
            left = std::move(n);
        }
        return left;
    }

    std::expected<WqlConditionPtr, FilterError> and_expr(int depth) {
        auto left = unary(depth);
        while (left && is_keyword(tok_, "AND")) {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            auto right = unary(depth);
            if (!right) {
                return right;
            }
            auto n = std::make_unique<WqlCondition>();
            n->kind = WqlCondition::Kind::and_;
            n->left = std::move(*left);
            n->right = std::move(*right);
            left = std::move(n);
        }
        return left;
    }

    std::expected<WqlConditionPtr, FilterError> unary(int depth) {
        if (depth > max_wql_depth) {
            return std::unexpected(error(Errc::filter_too_complex, fmt::format("nested deeper than {} (at {})", max_wql_depth, tok_.at)));
        }
        if (is_keyword(tok_, "NOT")) {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            auto inner = unary(depth + 1);
            if (!inner) {
                return inner;
            }
            auto n = std::make_unique<WqlCondition>();
            n->kind = WqlCondition::Kind::not_;
            n->left = std::move(*inner);
            return n;
        }
        if (tok_.type == Token::Type::punct && tok_.text == "(") {
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            auto inner = or_expr(depth + 1);
            if (!inner) {
                return inner;
            }
            if (!(tok_.type == Token::Type::punct && tok_.text == ")")) {
                return std::unexpected(error(Errc::filter_syntax, fmt::format("expected ')' (at {})", tok_.at)));
            }
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            return inner;
        }
        return comparison();
    }

    std::expected<WqlConditionPtr, FilterError> comparison() {
        if (tok_.type != Token::Type::word) {
            return std::unexpected(error(Errc::filter_syntax, fmt::format("expected a property name (at {})", tok_.at)));
        }
        if (is_keyword(tok_, "ISA")) {
            return std::unexpected(unsupported("ISA"));
        }
        auto n = std::make_unique<WqlCondition>();
        n->property = tok_.text;
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        if (tok_.type == Token::Type::punct && tok_.text == "(") {
            return std::unexpected(unsupported("function " + n->property));
        }
        if (is_keyword(tok_, "ISA")) {
            return std::unexpected(unsupported("ISA"));
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
                return std::unexpected(error(Errc::filter_syntax, fmt::format("expected NULL after IS (at {})", tok_.at)));
            }
            if (auto e = advance(); !e) {
                return std::unexpected(e.error());
            }
            return n;
        }
        if (is_keyword(tok_, "LIKE")) {
            n->op = WqlOp::like;
        } else if (tok_.type == Token::Type::op) {
            const std::string& o = tok_.text;
            n->op = o == "=" ? WqlOp::eq : (o == "<>" || o == "!=") ? WqlOp::ne : o == "<" ? WqlOp::lt
                  : o == "<=" ? WqlOp::le : o == ">" ? WqlOp::gt : WqlOp::ge;
        } else {
            return std::unexpected(error(Errc::filter_syntax, fmt::format("expected an operator (at {})", tok_.at)));
        }
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        const std::size_t at = tok_.at;
        if (tok_.type == Token::Type::string) {
            if (n->op == WqlOp::like && tok_.text.find('[') != std::string::npos) {
                return std::unexpected(unsupported("a LIKE character set []"));
            }
            n->literal.value = tok_.text;
        } else if (tok_.type == Token::Type::number) {
            const std::string& t = tok_.text;
            std::int64_t i = 0;
            double d = 0;
            if (t.size() > 2 && (t.starts_with("0x") || t.starts_with("0X"))) {
                auto [p, ec] = std::from_chars(t.data() + 2, t.data() + t.size(), i, 16);
                if (ec != std::errc{} || p != t.data() + t.size()) {
                    return std::unexpected(error(Errc::filter_syntax, fmt::format("bad number '{}' (at {})", t, at)));
                }
                n->literal.value = i;
            } else if (auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), i);
                       ec == std::errc{} && p == t.data() + t.size()) {
                n->literal.value = i;
            } else if (auto [p2, ec2] = std::from_chars(t.data(), t.data() + t.size(), d);
                       ec2 == std::errc{} && p2 == t.data() + t.size() && std::isfinite(d)) {
                n->literal.value = d;
            } else {
                return std::unexpected(error(Errc::filter_syntax, fmt::format("bad number '{}' (at {})", t, at)));
            }
        } else if (is_keyword(tok_, "TRUE") || is_keyword(tok_, "FALSE")) {
            n->literal.value = is_keyword(tok_, "TRUE");
        } else if (is_keyword(tok_, "NULL")) {
            return std::unexpected(error(Errc::filter_syntax, fmt::format("compare with NULL using IS NULL (at {})", at)));
        } else {
            return std::unexpected(error(Errc::filter_syntax, fmt::format("expected a literal (at {})", at)));
        }
        if (n->op == WqlOp::like && !std::holds_alternative<std::string>(n->literal.value)) {
            return std::unexpected(error(Errc::filter_syntax, fmt::format("LIKE needs a string (at {})", at)));
        }
        if (auto e = advance(); !e) {
            return std::unexpected(e.error());
        }
        return n;
    }

    Lexer lexer_;
    Token tok_;
};

bool equal_as_type(const Scalar& s, const std::string& value) {
    if (std::holds_alternative<std::string>(s)) {
        return std::get<std::string>(s) == value;
    }
    if (const auto* b = std::get_if<bool>(&s)) {
        return (value == "true" && *b) || (value == "false" && !*b);
    }
    if (const auto n = number_of(s)) {
        long double v = 0;
        double d = 0;
        const char* begin = value.data();
        const char* end = value.data() + value.size();
        if (auto [p, ec] = std::from_chars(begin, end, d); ec != std::errc{} || p != end) {
            return false;
        }
        v = static_cast<long double>(d);
        return *n == v;
    }
    return lexical(s) == value;
}

} // namespace

std::expected<bool, FilterError> selector_match(const Instance& instance, const Selectors& selectors) {
    for (const auto& [name, value] : selectors) {
        const Value* v = instance.find(name);
        if (v == nullptr) {
            return std::unexpected(error(Errc::filter_unknown_property, "no property " + name));
        }
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
        return std::unexpected(error(Errc::filter_too_complex, fmt::format("longer than {} bytes", max_wql_length)));
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

} // namespace cim
