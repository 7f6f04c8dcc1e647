#include "ipmi/completion_code.hpp"

#include <string>

namespace ipmi {

std::string_view describe(CompletionCode cc) noexcept {
    // IPMI 2.0 Table 5-2, Completion Codes.
    switch (cc) {
    case CompletionCode::ok:
        return "command completed normally";
    case CompletionCode::node_busy:
        return "node busy";
    case CompletionCode::invalid_command:
        return "invalid command";
    case CompletionCode::invalid_for_lun:
        return "command invalid for given LUN";
    case CompletionCode::timeout:
        return "timeout while processing command";
    case CompletionCode::out_of_space:
        return "out of space";
    case CompletionCode::reservation_cancelled:
        return "reservation cancelled or invalid reservation ID";
    case CompletionCode::request_data_truncated:
        return "request data truncated";
    case CompletionCode::request_data_length_invalid:
        return "request data length invalid";
    case CompletionCode::request_data_field_length_exceeded:
        return "request data field length limit exceeded";
    case CompletionCode::parameter_out_of_range:
        return "parameter out of range";
    case CompletionCode::cannot_return_requested_bytes:
        return "cannot return number of requested data bytes";
    case CompletionCode::not_present:
        return "requested sensor, data, or record not present";
    case CompletionCode::invalid_data_field:
        return "invalid data field in request";
    case CompletionCode::illegal_for_sensor_or_record_type:
        return "command illegal for specified sensor or record type";
    case CompletionCode::response_not_provided:
        return "command response could not be provided";
    case CompletionCode::duplicated_request:
        return "cannot execute duplicated request";
    case CompletionCode::sdr_in_update_mode:
        return "SDR repository in update mode";
    case CompletionCode::firmware_in_update_mode:
        return "device in firmware update mode";
    case CompletionCode::initialization_in_progress:
        return "BMC initialization in progress";
    case CompletionCode::destination_unavailable:
        return "destination unavailable";
    case CompletionCode::insufficient_privilege:
        return "insufficient privilege level";
    case CompletionCode::not_supported_in_present_state:
        return "command not supported in present state";
    case CompletionCode::sub_function_disabled:
        return "command sub-function disabled or unavailable";
    case CompletionCode::unspecified_error:
        return "unspecified error";
    }
    const auto v = static_cast<std::uint8_t>(cc);
    if (v >= 0x01 && v <= 0x7e) {
        return "device-specific (OEM) completion code";
    }
    if (v >= 0x80 && v <= 0xbe) {
        return "command-specific completion code";
    }
    return "reserved completion code";
}

namespace {
class CompletionCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "ipmi.completion"; }
    std::string message(int value) const override {
        return std::string(describe(static_cast<CompletionCode>(value)));
    }
};
} // namespace

const std::error_category& completion_category() noexcept {
    static const CompletionCategory category;
    return category;
}

std::error_code make_error_code(CompletionCode cc) noexcept {
    return {static_cast<int>(cc), completion_category()};
}

} // namespace ipmi
