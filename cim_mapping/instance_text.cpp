// Renders instances as text.
#include "cim_mapping/instance_text.hpp"

#include <fmt/format.h>

namespace cim {
namespace {

std::string scalar_text(Type t, const Scalar& s) {
    const auto text = lexical(s);
    return t == Type::string || t == Type::datetime || t == Type::char16 ? fmt::format("\"{}\"", text)
                                                                         : text;
}

} // namespace

std::string to_text(const Instance& instance) {
    std::string out = fmt::format("instance of {} ({})\n", instance.class_name, instance.name_space);
    for (const auto& p : instance.properties) {
        const auto& v = p.value;
        std::string value;
        if (v.is_null()) {
            value = "NULL";
        } else if (v.is_array()) {
            value = "{";
            for (std::size_t n = 0; n < v.items().size(); ++n) {
                value += (n == 0 ? "" : ", ") + scalar_text(v.type(), v.items()[n]);
            }
            value += "}";
        } else {
            value = scalar_text(v.type(), v.scalar());
        }
        out += fmt::format("  {} = {};\n", p.name, value);
    }
    return out;
}

} // namespace cim
