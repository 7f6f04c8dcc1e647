// Storage commands for the SDR repository (IPMI 2.0 section 33) and FRU
// inventory (section 34). SEL commands live with ipmi/sel.
#pragma once

#include "ipmi/commands/command.hpp"
#include "ipmi/message.hpp"

#include <cstdint>
#include <expected>
#include <span>
#include <system_error>
#include <vector>

namespace ipmi::cmd {

// IPMI 2.0 section 33.9, Table 33-3.
struct GetSdrRepositoryInfo {
    static constexpr std::uint8_t netfn = ipmi::netfn::storage;
    static constexpr std::uint8_t cmd = 0x20;
    struct Response {
        std::uint8_t sdr_version = 0; // 51h for IPMI 1.5/2.0
        std::uint16_t record_count = 0;
        std::uint16_t free_space = 0; // bytes; FFFFh = unspecified
        std::uint32_t most_recent_addition = 0;
        std::uint32_t most_recent_erase = 0;
        std::uint8_t operation_support = 0;
        [[nodiscard]] bool overflow() const { return (operation_support & 0x80U) != 0; }
        [[nodiscard]] bool reserve_supported() const { return (operation_support & 0x02U) != 0; }
    };
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 33.11. Any other reservation cancels this one (C5h).
struct ReserveSdrRepository {
    static constexpr std::uint8_t netfn = ipmi::netfn::storage;
    static constexpr std::uint8_t cmd = 0x22;
    struct Response {
        std::uint16_t reservation_id = 0;
    };
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 33.12, Table 33-6. bytes_to_read FFh reads the whole record.
struct GetSdr {
    static constexpr std::uint8_t netfn = ipmi::netfn::storage;
    static constexpr std::uint8_t cmd = 0x23;
    static constexpr std::uint16_t first_record = 0x0000;
    static constexpr std::uint16_t last_record = 0xffff; // as "next record ID": end of repository
    struct Response {
        std::uint16_t next_record_id = 0;
        std::vector<std::uint8_t> data;
    };
    std::uint16_t reservation_id = 0;
    std::uint16_t record_id = 0;
    std::uint8_t offset = 0;
    std::uint8_t bytes_to_read = 0xff;
    [[nodiscard]] std::vector<std::uint8_t> encode() const;
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 34.1, Table 34-2.
struct GetFruInventoryAreaInfo {
    static constexpr std::uint8_t netfn = ipmi::netfn::storage;
    static constexpr std::uint8_t cmd = 0x10;
    struct Response {
        std::uint16_t area_size = 0; // bytes
        bool word_access = false;    // byte 3 bit 0: accessed by words, not bytes
    };
    std::uint8_t fru_device_id = 0;
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {fru_device_id}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 34.2, Table 34-3. The count returned must equal the data sent.
struct ReadFruData {
    static constexpr std::uint8_t netfn = ipmi::netfn::storage;
    static constexpr std::uint8_t cmd = 0x11;
    struct Response {
        std::vector<std::uint8_t> data;
    };
    std::uint8_t fru_device_id = 0;
    std::uint16_t offset = 0;
    std::uint8_t count = 0;
    [[nodiscard]] std::vector<std::uint8_t> encode() const;
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

} // namespace ipmi::cmd
