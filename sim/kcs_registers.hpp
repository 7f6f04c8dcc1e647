// The BMC's view of the KCS register bits and codes (IPMI 2.0 section 9), kept apart from
// kcs_driver so that a misread of the spec in one does not cancel out in the other.
#pragma once

#include <cstdint>

namespace sim::kcs_reg {

// IPMI 2.0 Table 9-1: status register. Bit 0 OBF, 1 IBF, 2 SMS_ATN, 3 C/D#, 7:6 state.
inline constexpr std::uint8_t output_buffer_full = 1U << 0;
inline constexpr std::uint8_t input_buffer_full = 1U << 1;
inline constexpr std::uint8_t sms_attention = 1U << 2;
inline constexpr std::uint8_t command_written = 1U << 3;

// IPMI 2.0 Table 9-2: state bits 7:6.
enum class State : std::uint8_t { idle = 0b00, read = 0b01, write = 0b10, error = 0b11 };

// IPMI 2.0 Table 9-3: control codes.
inline constexpr std::uint8_t cc_get_status_abort = 0x60;
inline constexpr std::uint8_t cc_write_start = 0x61;
inline constexpr std::uint8_t cc_write_end = 0x62;
inline constexpr std::uint8_t cc_read = 0x68;

// IPMI 2.0 Table 9-4: status codes returned after GET_STATUS/ABORT.
inline constexpr std::uint8_t sc_no_error = 0x00;
inline constexpr std::uint8_t sc_aborted = 0x01;
inline constexpr std::uint8_t sc_illegal_control_code = 0x02;
inline constexpr std::uint8_t sc_length_error = 0x06;
inline constexpr std::uint8_t sc_unspecified = 0xff;

// The BMC's message buffer (the host side allows the same, Linux IPMI_MAX_MSG_LENGTH).
inline constexpr std::size_t buffer_size = 272;

} // namespace sim::kcs_reg
