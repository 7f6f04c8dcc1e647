// Errors of the ipmi library that are not completion codes.
#pragma once

#include <system_error>

namespace ipmi {

enum class Errc {
    response_too_short = 1, // fewer bytes than netfn/cmd/completion code
    response_mismatch,      // netfn or command of the response is not the request's
    request_too_long,       // the request does not fit the transport's buffer
    // client/ and commands/
    response_data_too_short, // a command's response data is shorter than the spec's layout
    response_data_too_long,  // a command's response data has bytes the spec doesn't define
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace ipmi

template <> struct std::is_error_code_enum<ipmi::Errc> : std::true_type {};
