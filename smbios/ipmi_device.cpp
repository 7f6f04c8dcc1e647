// Type 38 decoding (DSP0134 7.39) with the quirks Linux ipmi_dmi.c applies.
#include "smbios/ipmi_device.hpp"

#include "smbios/errc.hpp"

namespace smbios {
namespace {

constexpr std::uint8_t type_ipmi_device = 38;
constexpr std::uint8_t min_length = 0x10; // DSP0134 7.39: the SMBIOS 2.1 record
constexpr std::uint8_t v2_length = 0x12;  // with byte 10h (modifier) and 11h (IRQ)
constexpr std::uint64_t io_mask = 0xfffe; // Linux ipmi_dmi.c DMI_IPMI_IO_MASK

} // namespace

std::string_view to_string(BmcInterface interface) {
    switch (interface) {
    case BmcInterface::kcs:
        return "KCS";
    case BmcInterface::smic:
        return "SMIC";
    case BmcInterface::bt:
        return "BT";
    case BmcInterface::ssif:
        return "SSIF";
    case BmcInterface::unknown:
        break;
    }
    return "unknown";
}

std::string_view to_string(AddressSpace space) {
    switch (space) {
    case AddressSpace::io:
        return "io";
    case AddressSpace::memory:
        return "memory";
    case AddressSpace::smbus:
        return "smbus";
    }
    return "unknown";
}

std::expected<BmcLocation, std::error_code> decode_ipmi_device(const Structure& s) {
    if (s.type != type_ipmi_device) {
        return std::unexpected(make_error_code(Errc::wrong_structure_type));
    }
    const auto b = s.formatted;
    if (b.size() < min_length) {
        return std::unexpected(make_error_code(Errc::ipmi_device_too_short));
    }
    BmcLocation loc;
    loc.handle = s.handle;
    // 04h interface type (DSP0134 Table 7.39-1: 01h KCS, 02h SMIC, 03h BT, 04h SSIF).
    if (b[0x04] < 1 || b[0x04] > 4) {
        return std::unexpected(make_error_code(Errc::unknown_interface));
    }
    loc.interface = static_cast<BmcInterface>(b[0x04]);
    // 05h IPMI specification revision, BCD: 20h = 2.0.
    loc.ipmi_major = static_cast<std::uint8_t>(b[0x05] >> 4);
    loc.ipmi_minor = b[0x05] & 0x0fU;
    loc.i2c_slave_address = b[0x06];
    loc.nv_storage_address = b[0x07];
    std::uint64_t base = 0;
    for (int i = 7; i >= 0; --i) {
        base = (base << 8) | b[0x08 + static_cast<std::size_t>(i)];
    }
    if (base == 0) {
        return std::unexpected(make_error_code(Errc::zero_base_address));
    }

    if (b.size() < v2_length) {
        // Old records have no modifier byte; so many put the wrong I/O bit that
        // Linux assumes I/O space (ipmi_dmi.c), as we do.
        loc.space = AddressSpace::io;
        loc.base_address = base & io_mask;
        loc.register_spacing = 1;
        return loc;
    }
    const std::uint8_t modifier = b[0x10];
    if (loc.interface == BmcInterface::ssif) {
        // SSIF: the base address holds the SMBus slave address (8-bit form);
        // some firmware put it in the slave field instead (Linux's quirk).
        loc.space = AddressSpace::smbus;
        loc.base_address = static_cast<std::uint8_t>(b[0x08] >> 1);
        if (loc.base_address == 0) {
            loc.base_address = static_cast<std::uint8_t>(b[0x06] >> 1);
            loc.i2c_slave_address = 0;
        }
        return loc;
    }
    // Base address bit 0: 1 = I/O space, 0 = memory; byte 10h bit 4 is the LSB.
    if ((base & 1U) != 0) {
        loc.space = AddressSpace::io;
        loc.base_address = base & io_mask;
    } else {
        loc.space = AddressSpace::memory;
        loc.base_address = base;
    }
    loc.base_address |= (modifier >> 4) & 1U;
    // Bits 7:6: register spacing 00b byte boundaries, 01b 32-bit, 10b 16-byte.
    switch ((modifier >> 6) & 3U) {
    case 0:
        loc.register_spacing = 1;
        break;
    case 1:
        loc.register_spacing = 4;
        break;
    case 2:
        loc.register_spacing = 16;
        break;
    default:
        return std::unexpected(make_error_code(Errc::bad_register_spacing));
    }
    // Bit 3: interrupt information specified; bit 1: active high; bit 0: level
    // (1b) or edge (0b). Byte 11h has its own "00h = unspecified", and Linux
    // takes it whatever bit 3 says (QEMU 7.2 writes 10h = 01h, 11h = 05h for
    // its level-triggered IRQ 5), and so do we: a non-zero byte 11h is the IRQ.
    loc.interrupt_info_valid = (modifier & 0x08U) != 0;
    loc.irq_active_high = (modifier & 0x02U) != 0;
    loc.irq_edge = (modifier & 0x01U) == 0;
    if (b[0x11] != 0) {
        loc.irq = b[0x11];
    }
    return loc;
}

std::expected<BmcLocation, std::error_code> locate_bmc(const Table& table) {
    const Structure* s = table.find_first(type_ipmi_device);
    if (s == nullptr) {
        return std::unexpected(make_error_code(Errc::no_ipmi_device));
    }
    return decode_ipmi_device(*s);
}

} // namespace smbios
