// Names of KCS interface states and GET_STATUS status codes for diagnostics.
#include "kcs_driver/protocol.hpp"

namespace kcs {

std::string_view to_string(InterfaceState state) noexcept {
    switch (state) {
    case InterfaceState::idle:
        return "IDLE";
    case InterfaceState::read:
        return "READ";
    case InterfaceState::write:
        return "WRITE";
    case InterfaceState::error:
        return "ERROR";
    }
    return "?";
}

// IPMI 2.0 Table 9-4.
std::string_view describe_status_code(std::uint8_t code) noexcept {
    switch (code) {
    case status_code::no_error:
        return "no error";
    case status_code::aborted_by_command:
        return "aborted by command";
    case status_code::illegal_control_code:
        return "illegal control code";
    case status_code::length_error:
        return "length error";
    case status_code::unspecified_error:
        return "unspecified error";
    default:
        return code >= 0xc0 ? "OEM error" : "reserved status code";
    }
}

} // namespace kcs
