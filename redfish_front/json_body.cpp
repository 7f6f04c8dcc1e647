// Bounded request bodies and their property checks (see json_body.hpp).
#include "redfish_front/json_body.hpp"

#include <algorithm>

namespace redfish {

unsigned nesting_depth(std::string_view text, unsigned limit) {
    unsigned depth = 0;
    unsigned deepest = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit) {
                return deepest;
            }
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

std::expected<Json, std::error_code> parse_body(std::string_view body, const BodyLimits& limits) {
    if (body.size() > limits.max_bytes) {
        return std::unexpected(make_error_code(Errc::body_too_large));
    }
    if (nesting_depth(body, limits.max_depth) > limits.max_depth) {
        return std::unexpected(make_error_code(Errc::body_too_deep));
    }
    Json j = Json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return std::unexpected(make_error_code(Errc::malformed_json));
    }
    return j;
}

std::string value_text(const Json& value) {
    std::string text = value.is_string() ? value.get<std::string>()
                                         : value.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (text.size() > 64) {
        text.resize(64);
    }
    return text;
}

namespace {

bool has_kind(const Json& v, Kind k) {
    switch (k) {
    case Kind::string: return v.is_string();
    case Kind::boolean: return v.is_boolean();
    case Kind::integer: return v.is_number_integer();
    }
    return false;
}

Refusal refusal(Errc e, std::string_view property, std::string value, std::string_view action) {
    return Refusal{make_error_code(e), std::string(property), std::move(value), std::string(action)};
}

} // namespace

std::optional<Refusal> check_fields(const Json& body, std::span<const Field> fields, std::string_view action,
                                    const Json* read_only) {
    for (const auto& [name, value] : body.items()) {
        const auto f = std::find_if(fields.begin(), fields.end(), [&name](const Field& x) { return x.name == name; });
        if (f == fields.end()) {
            const bool known = action.empty() && read_only != nullptr && read_only->contains(name);
            return refusal(known ? Errc::not_writable : Errc::unknown_property, name, {}, action);
        }
        if (!has_kind(value, f->kind)) {
            return refusal(Errc::wrong_type, name, value_text(value), action);
        }
        if (!f->allowed.empty() &&
            std::find(f->allowed.begin(), f->allowed.end(), value.get<std::string>()) == f->allowed.end()) {
            return refusal(Errc::not_in_list, name, value_text(value), action);
        }
    }
    for (const auto& f : fields) {
        if (f.required && !body.contains(f.name)) {
            return refusal(Errc::missing_property, f.name, {}, action);
        }
    }
    if (action.empty() && body.empty()) {
        return refusal(Errc::empty_patch, {}, {}, action);
    }
    return std::nullopt;
}

} // namespace redfish
