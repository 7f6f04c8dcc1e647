// The request and response layout that Get SDR (IPMI 2.0 33.12) and Get SEL
// Entry (31.5) share, and the reservation ID answer of Reserve SDR Repository
// (33.11) and Reserve SEL (31.4).
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <system_error>
#include <vector>

namespace ipmi::cmd::record_read {

// Reservation ID, record ID (both LS byte first), offset, bytes to read (FFh = all).
[[nodiscard]] std::vector<std::uint8_t> encode(std::uint16_t reservation_id,
                                               std::uint16_t record_id, std::uint8_t offset,
                                               std::uint8_t bytes_to_read);

struct Answer {
    std::uint16_t next_record_id = 0;
    std::vector<std::uint8_t> data;
};
// Next record ID, then the record bytes read.
[[nodiscard]] std::expected<Answer, std::error_code> decode(std::span<const std::uint8_t> data);

// A two-byte reservation ID.
[[nodiscard]] std::expected<std::uint16_t, std::error_code>
decode_reservation(std::span<const std::uint8_t> data);

} // namespace ipmi::cmd::record_read
