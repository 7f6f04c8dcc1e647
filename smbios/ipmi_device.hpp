// SMBIOS type 38, IPMI Device Information (DSP0134 7.39): where the BMC is.
#pragma once

#include "smbios/table.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>
#include <system_error>

namespace smbios {

enum class BmcInterface : std::uint8_t { unknown = 0, kcs = 1, smic = 2, bt = 3, ssif = 4 };
enum class AddressSpace : std::uint8_t { io, memory, smbus };

[[nodiscard]] std::string_view to_string(BmcInterface interface);
[[nodiscard]] std::string_view to_string(AddressSpace space);

struct BmcLocation {
    BmcInterface interface = BmcInterface::unknown;
    std::uint8_t ipmi_major = 0;
    std::uint8_t ipmi_minor = 0;
    AddressSpace space = AddressSpace::io;
    // The real address: I/O bit cleared, LSB from byte 10h bit 4 applied; for
    // SSIF the 7-bit SMBus address.
    std::uint64_t base_address = 0;
    std::uint8_t register_spacing = 1; // bytes between registers: 1, 4 or 16
    // The BMC's IPMB address as recorded (8-bit form); 0 when an SSIF record
    // misused this field for the SMBus address (Linux's quirk).
    std::uint8_t i2c_slave_address = 0;
    std::uint8_t nv_storage_address = 0xff; // FFh = none
    // Byte 11h when non-zero. Taken whatever byte 10h bit 3 says, as Linux
    // ipmi_dmi.c does: QEMU records IRQ 5 with bit 3 clear.
    std::optional<std::uint8_t> irq;
    bool interrupt_info_valid = false; // byte 10h bit 3: bits 1 and 0 are specified
    bool irq_active_high = false;      // byte 10h bit 1
    bool irq_edge = false;             // byte 10h bit 0 clear (1b = level)
    std::uint16_t handle = 0;
};

[[nodiscard]] std::expected<BmcLocation, std::error_code> decode_ipmi_device(const Structure& s);

// The first type 38 structure of the table.
[[nodiscard]] std::expected<BmcLocation, std::error_code> locate_bmc(const Table& table);

} // namespace smbios
