// Errors of the Redfish front end: why a request body or a write is refused, each with the
// Base message the answer carries (redfish_front/messages.hpp) and its HTTP status.
#pragma once

#include <system_error>

namespace redfish {

enum class Errc {
    body_too_large = 1, // more than max_body_bytes                    -> 413 PayloadTooLarge
    body_too_deep,      // nested deeper than max_body_depth            -> 400 MalformedJSON
    malformed_json,     // not JSON, or not one JSON object             -> 400 MalformedJSON
    unknown_property,   // a property the resource or action does not have -> 400 PropertyUnknown
    wrong_type,         // a value of the wrong JSON type               -> 400 PropertyValueTypeError
    not_in_list,        // a value outside the allowable values         -> 400 PropertyValueNotInList
    missing_property,   // a required property or parameter left out    -> 400 PropertyMissing
    not_writable,       // a read-only property in a PATCH              -> 400 PropertyNotWritable
    empty_patch,        // a PATCH that changes nothing                 -> 400 NoOperation
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace redfish

template <> struct std::is_error_code_enum<redfish::Errc> : std::true_type {};
