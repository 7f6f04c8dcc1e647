// SEL device commands (IPMI 2.0 section 31): info, reservation, entries, clear, time.
// The 16-byte records themselves are decoded by ipmi/sel.
#pragma once

#include "ipmi/commands/command.hpp"
#include "ipmi/message.hpp"

#include <array>
#include <cstdint>
#include <expected>
#include <span>
#include <system_error>
#include <vector>

namespace ipmi::cmd {

// IPMI 2.0 section 31.2, Table 31-2.
struct GetSelInfo {
    static constexpr std::uint8_t netfn = ipmi::netfn::storage;
    static constexpr std::uint8_t cmd = 0x40;
    struct Response {
        std::uint8_t version = 0; // 51h
        std::uint16_t entries = 0;
        std::uint16_t free_space = 0; // bytes; FFFFh = 65535 or more
        std::uint32_t most_recent_addition = 0;
        std::uint32_t most_recent_erase = 0;
        std::uint8_t operation_support = 0;
        [[nodiscard]] bool overflow() const { return (operation_support & 0x80U) != 0; }
        [[nodiscard]] bool delete_supported() const { return (operation_support & 0x08U) != 0; }
        [[nodiscard]] bool reserve_supported() const { return (operation_support & 0x02U) != 0; }
    };
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 31.4.
struct ReserveSel {
    static constexpr std::uint8_t netfn = ipmi::netfn::storage;
    static constexpr std::uint8_t cmd = 0x42;
    struct Response {
        std::uint16_t reservation_id = 0;
    };
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 31.5, Table 31-5. Record ID 0000h = first, FFFFh = last.
struct GetSelEntry {
    static constexpr std::uint8_t netfn = ipmi::netfn::storage;
    static constexpr std::uint8_t cmd = 0x43;
    static constexpr std::uint16_t first = 0x0000;
    static constexpr std::uint16_t last = 0xffff;
    struct Response {
        std::uint16_t next_record_id = 0;
        std::vector<std::uint8_t> data;
    };
    std::uint16_t reservation_id = 0; // needed only for partial reads
    std::uint16_t record_id = 0;
    std::uint8_t offset = 0;
    std::uint8_t bytes_to_read = 0xff; // FFh = the whole record
    [[nodiscard]] std::vector<std::uint8_t> encode() const;
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 31.9, Table 31-9: initiate (AAh) or poll (00h) the erasure.
struct ClearSel {
    static constexpr std::uint8_t netfn = ipmi::netfn::storage;
    static constexpr std::uint8_t cmd = 0x47;
    static constexpr std::uint8_t initiate = 0xaa;
    static constexpr std::uint8_t get_status = 0x00;
    struct Response {
        std::uint8_t progress = 0; // bits 3:0: 0h in progress, 1h completed
        [[nodiscard]] bool completed() const { return (progress & 0x0fU) == 0x01; }
    };
    std::uint16_t reservation_id = 0;
    std::uint8_t action = initiate;
    [[nodiscard]] std::vector<std::uint8_t> encode() const;
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 31.10.
struct GetSelTime {
    static constexpr std::uint8_t netfn = ipmi::netfn::storage;
    static constexpr std::uint8_t cmd = 0x48;
    struct Response {
        std::uint32_t time = 0; // seconds since 1970-01-01 (section 37)
    };
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

} // namespace ipmi::cmd
