// Errors of the Linux OpenIPMI device transport (/dev/ipmi0).
#pragma once

#include <system_error>

namespace openipmi {

enum class Errc {
    timeout = 1,        // no response with our message ID before the deadline
    response_truncated, // the response did not fit the receive buffer
    empty_response,     // a response without even a completion code
    no_device,          // /dev/ipmi0 (ipmi_devintf) is not there
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace openipmi

template <> struct std::is_error_code_enum<openipmi::Errc> : std::true_type {};
