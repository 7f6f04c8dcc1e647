// Application commands (IPMI 2.0 section 20): Get Device ID, Get Self Test
// Results, Get System GUID.
#pragma once

#include "ipmi/message.hpp"

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

namespace ipmi::cmd {

// IPMI 2.0 section 20.1, Table 20-2.
struct GetDeviceId {
    static constexpr std::uint8_t netfn = ipmi::netfn::app;
    static constexpr std::uint8_t cmd = 0x01;
    struct Response {
        std::uint8_t device_id = 0;
        bool provides_sdrs = false;       // byte 2 bit 7
        std::uint8_t device_revision = 0; // byte 2 bits 3:0
        bool update_in_progress = false;  // byte 3 bit 7 (device available = 1b)
        std::uint8_t firmware_major = 0;  // byte 3 bits 6:0
        std::uint8_t firmware_minor = 0;  // byte 4, BCD
        std::uint8_t ipmi_major = 0;      // byte 5 bits 3:0
        std::uint8_t ipmi_minor = 0;      // byte 5 bits 7:4
        std::uint8_t additional_device_support = 0;
        std::uint32_t manufacturer_id = 0; // 20 bits, IANA enterprise number
        std::uint16_t product_id = 0;
        std::optional<std::array<std::uint8_t, 4>> aux_firmware_revision;
    };
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 20.4: 55h = no error, 56h = not implemented, 57h = corrupted
// or inaccessible data or devices (byte 2 says which), 58h = fatal hardware error.
struct GetSelfTestResults {
    static constexpr std::uint8_t netfn = ipmi::netfn::app;
    static constexpr std::uint8_t cmd = 0x04;
    struct Response {
        std::uint8_t result = 0;
        std::uint8_t detail = 0;
        [[nodiscard]] bool passed() const { return result == 0x55; }
    };
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 22.14: the 16-byte system GUID, as sent (SMBIOS-style byte order
// for the first three fields is the caller's business).
struct GetSystemGuid {
    static constexpr std::uint8_t netfn = ipmi::netfn::app;
    static constexpr std::uint8_t cmd = 0x37;
    struct Response {
        std::array<std::uint8_t, 16> guid{};
    };
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

} // namespace ipmi::cmd
