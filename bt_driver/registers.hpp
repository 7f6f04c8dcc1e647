// The seam: the host side of the BT interface registers (IPMI 2.0 11.6, Table 11-1).
#pragma once

#include <cstdint>

namespace bt {

// BT_CTRL at base, the HOST2BMC/BMC2HOST buffer at base + spacing (write: host to BMC,
// read: BMC to host). BT_INTMASK (base + 2 * spacing) is not used: the driver polls.
class Registers {
public:
    Registers() = default;
    Registers(const Registers&) = delete;
    Registers& operator=(const Registers&) = delete;
    virtual ~Registers() = default;

    virtual std::uint8_t read_control() = 0;
    virtual void write_control(std::uint8_t value) = 0;
    virtual std::uint8_t read_buffer() = 0;
    virtual void write_buffer(std::uint8_t value) = 0;
};

// IPMI 2.0 Table 11-1, BT_CTRL bits. Writing 1 to CLR_WR_PTR/CLR_RD_PTR clears a pointer,
// to H2B_ATN sets it, to B2H_ATN/SMS_ATN clears them, to H_BUSY toggles it.
namespace ctrl {
inline constexpr std::uint8_t clr_wr_ptr = 0x01;
inline constexpr std::uint8_t clr_rd_ptr = 0x02;
inline constexpr std::uint8_t h2b_atn = 0x04;
inline constexpr std::uint8_t b2h_atn = 0x08;
inline constexpr std::uint8_t sms_atn = 0x10;
inline constexpr std::uint8_t oem0 = 0x20;
inline constexpr std::uint8_t h_busy = 0x40;
inline constexpr std::uint8_t b_busy = 0x80;
} // namespace ctrl

} // namespace bt
