// SSIF constants and Get System Interface Capabilities (IPMI 2.0 section 12, 22.9).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

namespace ssif {

// IPMI 2.0 Table 12-2..12-5: the SMBus command byte of each SSIF transfer.
namespace smbus_cmd {
inline constexpr std::uint8_t write_single = 0x02;       // whole request, 1..32 bytes
inline constexpr std::uint8_t read_start = 0x03;         // single-part read or multi-part start
inline constexpr std::uint8_t write_start = 0x06;        // multi-part write START, 32 bytes
inline constexpr std::uint8_t write_middle = 0x07;       // multi-part write MIDDLE, 32 bytes
inline constexpr std::uint8_t write_end = 0x08;          // multi-part write END, 1..32 bytes
inline constexpr std::uint8_t read_middle = 0x09;        // multi-part read MIDDLE/END
} // namespace smbus_cmd

// IPMI 2.0 12.6: a multi-part read START block begins with 00h 01h; MIDDLE blocks
// carry a block number (0, 1, ...) and 31 data bytes; the END block is numbered FFh.
inline constexpr std::uint8_t multi_part_marker0 = 0x00;
inline constexpr std::uint8_t multi_part_marker1 = 0x01;
inline constexpr std::uint8_t last_block = 0xff;
inline constexpr std::size_t middle_block_data = 31;

// Without Get System Interface Capabilities: single-part only, as Linux assumes.
inline constexpr std::size_t single_part_max = 32;
// IPMI 2.0 12.4: input/output sizes are one byte, so at most 255 message bytes.
inline constexpr std::size_t message_max = 255;

// IPMI 2.0 22.9 Table 22-16, SSIF variant (interface type 00h).
struct Capabilities {
    enum class Transactions : std::uint8_t { single_part = 0, start_end = 1, start_middle_end = 2 };
    Transactions transactions = Transactions::single_part;
    bool pec = false;
    std::size_t max_request = single_part_max;  // input message size
    std::size_t max_response = single_part_max; // output message size
};

// Get System Interface Capabilities, App (06h) 57h, data 00h = SSIF.
inline constexpr std::uint8_t get_interface_capabilities_cmd = 0x57;

// The response data after the completion code: reserved, flags, input size, output
// size. Sizes are clamped as Linux's ssif_probe does (32/32 single-part, 63/62 for
// START+END only); a short reply gives the single-part defaults.
[[nodiscard]] Capabilities parse_capabilities(std::span<const std::uint8_t> data) noexcept;

// Linux drivers/char/ipmi/ipmi_ssif.c timing (2023 values) unless noted.
struct Timing {
    // Before the first read of a response: SSIF_MSG_PART_USEC. With QEMU's ipmi-bmc-extern
    // an early read returns the previous response (see stale_rereads, confirm_repeats).
    std::chrono::microseconds first_read_wait{5'000};
    std::chrono::microseconds read_retry_wait{60'000}; // SSIF_MSG_USEC, between NAKed reads
    unsigned read_retries = 250;                       // SSIF_RECV_RETRIES
    std::chrono::microseconds write_retry_wait{60'000}; // SSIF_REQ_RETRY_USEC
    unsigned write_retries = 5;                         // SSIF_SEND_RETRIES
    // A response whose NetFn/command is not the request's is a stale one (QEMU
    // smbus-ipmi with ipmi-bmc-extern): read again this often, this far apart.
    unsigned stale_rereads = 50;
    std::chrono::microseconds stale_wait{5'000};
    // An answer byte-equal to the previous response is read once more after stale_wait
    // (it may be that response again); costs one wait when a BMC really repeats itself.
    bool confirm_repeats = true;
    // All the waits of one request together (the command deadline).
    std::chrono::microseconds budget{15'000'000};
};

} // namespace ssif
