// KCS register bits, control codes and status codes (IPMI 2.0 section 9).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kcs {

// IPMI 2.0 9.7, Table 9-1: status register bits.
namespace status_bit {
inline constexpr std::uint8_t obf = 0x01;     // output buffer full (BMC -> host byte ready)
inline constexpr std::uint8_t ibf = 0x02;     // input buffer full (host byte not yet taken)
inline constexpr std::uint8_t sms_atn = 0x04; // BMC has a message/event for system software
inline constexpr std::uint8_t cd = 0x08;      // last write was to the command register
inline constexpr int state_shift = 6;         // bits 7:6, Table 9-2
} // namespace status_bit

// IPMI 2.0 9.7, Table 9-2: interface state bits 7:6 of the status register.
enum class InterfaceState : std::uint8_t { idle = 0, read = 1, write = 2, error = 3 };

[[nodiscard]] constexpr InterfaceState state_of(std::uint8_t status) noexcept {
    return static_cast<InterfaceState>(status >> status_bit::state_shift);
}
[[nodiscard]] std::string_view to_string(InterfaceState state) noexcept;

// IPMI 2.0 9.5, Table 9-3: KCS control codes.
namespace control {
inline constexpr std::uint8_t get_status_abort = 0x60; // command register
inline constexpr std::uint8_t write_start = 0x61;      // command register
inline constexpr std::uint8_t write_end = 0x62;        // command register
inline constexpr std::uint8_t read_byte = 0x68;        // data register, read phase
} // namespace control

// IPMI 2.0 Table 9-4: KCS interface status codes, read in the GET_STATUS error exit.
namespace status_code {
inline constexpr std::uint8_t no_error = 0x00;
inline constexpr std::uint8_t aborted_by_command = 0x01;
inline constexpr std::uint8_t illegal_control_code = 0x02;
inline constexpr std::uint8_t length_error = 0x06;
inline constexpr std::uint8_t unspecified_error = 0xff;
} // namespace status_code
[[nodiscard]] std::string_view describe_status_code(std::uint8_t code) noexcept;

// Linux IPMI_MAX_MSG_LENGTH: the largest KCS message either way.
inline constexpr std::size_t max_message = 272;

} // namespace kcs
