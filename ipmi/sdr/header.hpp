// The 5-byte SDR record header every record starts with (IPMI 2.0 section 43, Table 43-1 bytes
// 1-5).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <system_error>

namespace ipmi::sdr {

inline constexpr std::size_t header_size = 5;
inline constexpr std::uint8_t sdr_version_2_0 = 0x51; // byte 3: 51h for IPMI 1.5 and 2.0

// Byte 4 record type codes (section 43 / Table 33-1 list of record types).
namespace record_type {
inline constexpr std::uint8_t full_sensor = 0x01;
inline constexpr std::uint8_t compact_sensor = 0x02;
inline constexpr std::uint8_t event_only = 0x03;
inline constexpr std::uint8_t entity_association = 0x08;
inline constexpr std::uint8_t device_relative_entity_association = 0x09;
inline constexpr std::uint8_t generic_device_locator = 0x10;
inline constexpr std::uint8_t fru_device_locator = 0x11;
inline constexpr std::uint8_t mc_device_locator = 0x12;
inline constexpr std::uint8_t mc_confirmation = 0x13;
inline constexpr std::uint8_t bmc_message_channel_info = 0x14;
inline constexpr std::uint8_t oem = 0xc0;
} // namespace record_type

struct SdrHeader {
    std::uint16_t record_id = 0; // bytes 1-2, LS byte first
    std::uint8_t version = 0;    // byte 3, 51h; other values are kept, not refused
    std::uint8_t type = 0;       // byte 4
    std::uint8_t length = 0;     // byte 5: number of bytes after the header

    friend bool operator==(const SdrHeader&, const SdrHeader&) = default;
};

// Errc::sdr_header_truncated when fewer than 5 bytes are given.
[[nodiscard]] std::expected<SdrHeader, std::error_code>
parse_header(std::span<const std::uint8_t> record);

} // namespace ipmi::sdr
