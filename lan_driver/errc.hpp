// Errors of the LAN (RMCP+) transport: FreeIPMI's ipmi_errnum values, named as
// libfreeipmi names them, plus this transport's own.
#pragma once

#include <system_error>

namespace lan {

// Values 1..99 are libfreeipmi's `enum ipmi_errnum` unchanged; 100+ are ours.
enum class Errc {
    password_file_unreadable = 100, // the password file cannot be read or is empty
    password_missing,               // neither a password file nor BMCWSMAN_PASSWORD
    bad_host,                       // HOST[:PORT] cannot be parsed
    response_too_short,             // libfreeipmi returned fewer than cmd + completion code
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;
// A libfreeipmi error number as an error in this category.
[[nodiscard]] std::error_code from_freeipmi(int errnum) noexcept;

} // namespace lan

template <> struct std::is_error_code_enum<lan::Errc> : std::true_type {};
