// Lexical forms of CIM values.
#include "cim_mapping/value.hpp"

#include <cassert>
#include <cmath>
#include <ctime>
#include <fmt/format.h>
#include <type_traits>

namespace cim {

std::string_view type_name(Type t) noexcept {
    switch (t) {
    case Type::boolean: return "boolean";
    case Type::string: return "string";
    case Type::char16: return "char16";
    case Type::uint8: return "uint8";
    case Type::sint8: return "sint8";
    case Type::uint16: return "uint16";
    case Type::sint16: return "sint16";
    case Type::uint32: return "uint32";
    case Type::sint32: return "sint32";
    case Type::uint64: return "uint64";
    case Type::sint64: return "sint64";
    case Type::real32: return "real32";
    case Type::real64: return "real64";
    case Type::datetime: return "datetime";
    case Type::reference: return "reference";
    }
    return "unknown";
}

namespace {

// The variant alternative index each Type stores (Scalar's order).
constexpr std::size_t index_of(Type t) {
    switch (t) {
    case Type::boolean: return 0;
    case Type::string: return 1;
    case Type::char16: return 2;
    case Type::uint8: return 3;
    case Type::sint8: return 4;
    case Type::uint16: return 5;
    case Type::sint16: return 6;
    case Type::uint32: return 7;
    case Type::sint32: return 8;
    case Type::uint64: return 9;
    case Type::sint64: return 10;
    case Type::real32: return 11;
    case Type::real64: return 12;
    case Type::datetime: return 13;
    case Type::reference: return 14;
    }
    return 0;
}

// XML Schema's canonical double: "INF", "-INF", "NaN", else the shortest round trip.
std::string real_lexical(double v) {
    if (std::isnan(v)) {
        return "NaN";
    }
    if (std::isinf(v)) {
        return v > 0 ? "INF" : "-INF";
    }
    return fmt::format("{}", v);
}

// One UTF-16 code unit as UTF-8 (a lone surrogate becomes U+FFFD).
std::string utf8(char16_t c) {
    const unsigned u = (c >= 0xd800 && c <= 0xdfff) ? 0xfffdU : static_cast<unsigned>(c);
    std::string out;
    if (u < 0x80) {
        out.push_back(static_cast<char>(u));
    } else if (u < 0x800) {
        out.push_back(static_cast<char>(0xc0U | (u >> 6)));
        out.push_back(static_cast<char>(0x80U | (u & 0x3fU)));
    } else {
        out.push_back(static_cast<char>(0xe0U | (u >> 12)));
        out.push_back(static_cast<char>(0x80U | ((u >> 6) & 0x3fU)));
        out.push_back(static_cast<char>(0x80U | (u & 0x3fU)));
    }
    return out;
}

} // namespace

Value Value::array(Type type, std::vector<Scalar> items) {
#ifndef NDEBUG
    for (const auto& item : items) {
        assert(item.index() == index_of(type));
    }
#endif
    return Value(type, true, false, std::move(items));
}

std::string Datetime::xml_lexical() const {
    if (interval) {
        // xs:duration with days (DSP0004's interval has no months or years).
        std::int64_t s = seconds < 0 ? -seconds : seconds;
        const auto days = s / 86400;
        s %= 86400;
        std::string out = fmt::format("{}P{}DT{}H{}M{}", seconds < 0 ? "-" : "", days, s / 3600,
                                      (s % 3600) / 60, s % 60);
        if (microseconds != 0) {
            out += fmt::format(".{:06}", microseconds);
        }
        return out + "S";
    }
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900,
                                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (microseconds != 0) {
        out += fmt::format(".{:06}", microseconds);
    }
    return out + "Z";
}

std::string lexical(const Scalar& s) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) {
                return v ? "true" : "false";
            } else if constexpr (std::is_same_v<T, std::string>) {
                return v;
            } else if constexpr (std::is_same_v<T, char16_t>) {
                return utf8(v);
            } else if constexpr (std::is_same_v<T, std::uint64_t>) {
                return fmt::format("{}", v);
            } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
                return real_lexical(static_cast<double>(v));
            } else if constexpr (std::is_same_v<T, Datetime>) {
                return v.xml_lexical();
            } else if constexpr (std::is_same_v<T, Reference>) {
                std::string out = v.class_name;
                char sep = '.';
                for (const auto& [k, val] : v.keys) {
                    out += fmt::format("{}{}=\"{}\"", sep, k, val);
                    sep = ',';
                }
                return out;
            } else {
                return fmt::format("{}", static_cast<std::int64_t>(v)); // 8 to 32 bits, sint64
            }
        },
        s);
}

} // namespace cim
