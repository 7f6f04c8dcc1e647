// The seam: SMBus block transfers to one SSIF address, and waiting.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <system_error>

namespace ssif {

// I2C_SMBUS_BLOCK_MAX: the most data bytes one SMBus block transfer carries.
inline constexpr std::size_t block_max = 32;
using Block = std::array<std::uint8_t, block_max>;

// IPMI 2.0 12.3: every SSIF transfer is one SMBus Block Write or Block Read at the
// BMC's address. Errors are errno values as i2c-dev reports them (ENXIO for a NAK,
// EPROTO for a bad count, EAGAIN, ETIMEDOUT). wait() is here too so the protocol code
// never sleeps itself: tests pass a seam that only records the waits.
class SmbusIo {
public:
    SmbusIo() = default;
    SmbusIo(const SmbusIo&) = delete;
    SmbusIo& operator=(const SmbusIo&) = delete;
    virtual ~SmbusIo() = default;

    // SMBus Block Write: command byte, count, data (1..32 bytes).
    [[nodiscard]] virtual std::error_code block_write(std::uint8_t command,
                                                      std::span<const std::uint8_t> data) = 0;
    // SMBus Block Read: the data bytes the BMC sent (the count is the return value).
    [[nodiscard]] virtual std::expected<std::size_t, std::error_code>
    block_read(std::uint8_t command, Block& out) = 0;
    // Ask the adapter to add and check the SMBus PEC (the kernel computes it).
    [[nodiscard]] virtual std::error_code set_pec(bool on) = 0;
    virtual void wait(std::chrono::microseconds duration) = 0;
};

} // namespace ssif
