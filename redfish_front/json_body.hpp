// Request bodies of PATCH and POST (DSP0266 7.5, 7.9): one JSON object, bounded in size and
// depth before anything parses it (nlohmann's parser recurses per level), then checked
// against the properties the resource or action takes: unknown names, wrong JSON types and
// values outside the allowable values are refused before anything reaches the BMC.
#pragma once

#include "redfish_front/messages.hpp"

#include <cstddef>
#include <expected>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

namespace redfish {

struct BodyLimits {
    std::size_t max_bytes = 16 * 1024; // a Redfish write here is a few properties
    unsigned max_depth = 8;            // nesting of objects and arrays
};

// The deepest nesting of `text` (brackets outside strings), counted without parsing; stops
// counting once past `limit`.
[[nodiscard]] unsigned nesting_depth(std::string_view text, unsigned limit);

// The body as one JSON object: Errc::body_too_large, body_too_deep or malformed_json.
[[nodiscard]] std::expected<Json, std::error_code> parse_body(std::string_view body, const BodyLimits& limits);

enum class Kind { string, boolean, integer };

// One property a write accepts. `allowed` (strings) limits a string's values.
struct Field {
    std::string_view name;
    Kind kind;
    std::vector<std::string_view> allowed = {};
    bool required = false;
};

// The first thing wrong with `body` for `fields`, or nullopt. `action` ("ComputerSystem.Reset")
// words the refusal as an action parameter's; `read_only` names the resource's other
// properties (PropertyNotWritable rather than PropertyUnknown). An empty body with no
// required field is Errc::empty_patch when `action` is empty.
[[nodiscard]] std::optional<Refusal> check_fields(const Json& body, std::span<const Field> fields,
                                                  std::string_view action, const Json* read_only = nullptr);

// A JSON value as a message argument: its text, cut to 64 bytes.
[[nodiscard]] std::string value_text(const Json& value);

} // namespace redfish
