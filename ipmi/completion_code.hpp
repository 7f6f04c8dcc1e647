// IPMI completion codes (IPMI 2.0 Table 5-2) and their error category.
#pragma once

#include <cstdint>
#include <string_view>
#include <system_error>

namespace ipmi {

enum class CompletionCode : std::uint8_t {
    ok = 0x00,
    node_busy = 0xc0,
    invalid_command = 0xc1,
    invalid_for_lun = 0xc2,
    timeout = 0xc3,
    out_of_space = 0xc4,
    reservation_cancelled = 0xc5,
    request_data_truncated = 0xc6,
    request_data_length_invalid = 0xc7,
    request_data_field_length_exceeded = 0xc8,
    parameter_out_of_range = 0xc9,
    cannot_return_requested_bytes = 0xca,
    not_present = 0xcb,
    invalid_data_field = 0xcc,
    illegal_for_sensor_or_record_type = 0xcd,
    response_not_provided = 0xce,
    duplicated_request = 0xcf,
    sdr_in_update_mode = 0xd0,
    firmware_in_update_mode = 0xd1,
    initialization_in_progress = 0xd2,
    destination_unavailable = 0xd3,
    insufficient_privilege = 0xd4,
    not_supported_in_present_state = 0xd5,
    sub_function_disabled = 0xd6,
    unspecified_error = 0xff,
};

// The spec's wording for a completion code; device-specific (01h-7Eh) and
// command-specific (80h-BEh) ranges are named as such.
[[nodiscard]] std::string_view describe(CompletionCode cc) noexcept;

// Error category whose values are completion codes, for callers that turn a
// non-zero completion code into an error (the ipmi Client does, transports don't).
[[nodiscard]] const std::error_category& completion_category() noexcept;
[[nodiscard]] std::error_code make_error_code(CompletionCode cc) noexcept;

} // namespace ipmi

template <> struct std::is_error_code_enum<ipmi::CompletionCode> : std::true_type {};
