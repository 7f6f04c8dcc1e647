// Type 38 (DSP0134 7.39) to a BMC location: every field, the Linux quirks
// (ipmi_dmi.c), and every malformed record.
#include "smbios/errc.hpp"
#include "smbios/ipmi_device.hpp"
#include "tests/smbios/smbios_builder.hpp"

#include <gtest/gtest.h>

namespace {

using smbios::Errc;
using test::Bytes;

// Parses one structure through the table walker, as the agent meets it.
smbios::Table table_of(const Bytes& structure) {
    const auto dmi = test::concat({structure, test::end_of_table()});
    return std::move(
        smbios::parse_table(test::entry_point_3x(static_cast<std::uint32_t>(dmi.size())), dmi)
            .value());
}

Bytes type38(std::uint8_t interface, std::uint8_t revision, std::uint8_t slave, std::uint64_t base,
             std::uint8_t modifier, std::uint8_t irq, bool short_record = false) {
    Bytes body{interface, revision, slave, 0xff};
    for (int i = 0; i < 8; ++i) {
        body.push_back(static_cast<std::uint8_t>(base >> (8 * i)));
    }
    if (!short_record) {
        body.push_back(modifier);
        body.push_back(irq);
    }
    return test::structure(38, 0x0026, body);
}

TEST(IpmiDevice, QemuKcsRecord) {
    const auto t = table_of(test::qemu_type38());
    auto loc = smbios::locate_bmc(t);
    ASSERT_TRUE(loc) << loc.error().message();
    EXPECT_EQ(loc->interface, smbios::BmcInterface::kcs);
    EXPECT_EQ(loc->ipmi_major, 2);
    EXPECT_EQ(loc->ipmi_minor, 0);
    EXPECT_EQ(loc->i2c_slave_address, 0x20);
    EXPECT_EQ(loc->nv_storage_address, 0x00);
    EXPECT_EQ(loc->space, smbios::AddressSpace::io);
    EXPECT_EQ(loc->base_address, 0xca2U); // 0xca3 with the I/O bit cleared
    EXPECT_EQ(loc->register_spacing, 1);
    // Byte 10h = 01h: bits 7:6 = 00b (byte spacing), bit 4 = 0 (LSB 0), bit 3 = 0
    // (interrupt information not specified), bit 1 = 0 (active low), bit 0 = 1
    // (level). Byte 11h = 05h: IRQ 5, taken as Linux ipmi_dmi.c takes it,
    // whatever bit 3 says.
    EXPECT_FALSE(loc->interrupt_info_valid);
    EXPECT_FALSE(loc->irq_edge);
    EXPECT_FALSE(loc->irq_active_high);
    EXPECT_EQ(loc->irq, 5);
    EXPECT_EQ(loc->handle, 0x3000);
    EXPECT_EQ(smbios::to_string(loc->interface), "KCS");
    EXPECT_EQ(smbios::to_string(loc->space), "io");
}

TEST(IpmiDevice, MemoryMappedWithSpacingAndOddAddress) {
    // Memory space (bit 0 clear), LSB set through byte 10h bit 4, spacing 4 (01b),
    // active-high edge interrupt 11.
    auto loc = smbios::locate_bmc(table_of(type38(1, 0x15, 0x20, 0xfed40000, 0x5a, 11)));
    ASSERT_TRUE(loc) << loc.error().message();
    EXPECT_EQ(loc->space, smbios::AddressSpace::memory);
    EXPECT_EQ(loc->base_address, 0xfed40001U);
    EXPECT_EQ(loc->register_spacing, 4);
    EXPECT_EQ(loc->ipmi_major, 1);
    EXPECT_EQ(loc->ipmi_minor, 5);
    EXPECT_TRUE(loc->interrupt_info_valid); // 5Ah: bit 3 set
    EXPECT_TRUE(loc->irq_active_high);
    EXPECT_TRUE(loc->irq_edge);
    EXPECT_EQ(loc->irq, 11);
    EXPECT_EQ(loc->nv_storage_address, 0xff);
}

TEST(IpmiDevice, SixteenByteSpacingAndNoIrq) {
    auto loc = smbios::locate_bmc(table_of(type38(3, 0x20, 0x20, 0xe5, 0x80, 0)));
    ASSERT_TRUE(loc);
    EXPECT_EQ(loc->interface, smbios::BmcInterface::bt);
    EXPECT_EQ(loc->base_address, 0xe4U);
    EXPECT_EQ(loc->register_spacing, 16);
    EXPECT_FALSE(loc->irq);
}

TEST(IpmiDevice, IoAddressesAreSixteenBits) {
    auto loc = smbios::locate_bmc(table_of(type38(1, 0x20, 0x20, 0x1'0000'0ca3ULL, 0x00, 0)));
    ASSERT_TRUE(loc);
    EXPECT_EQ(loc->base_address, 0xca2U);
}

TEST(IpmiDevice, OldShortRecordIsIoWithByteSpacing) {
    // 16-byte record (no modifier/IRQ): I/O assumed whatever bit 0 says (Linux).
    auto loc = smbios::locate_bmc(table_of(type38(1, 0x10, 0x20, 0xca2, 0, 0, true)));
    ASSERT_TRUE(loc) << loc.error().message();
    EXPECT_EQ(loc->space, smbios::AddressSpace::io);
    EXPECT_EQ(loc->base_address, 0xca2U);
    EXPECT_EQ(loc->register_spacing, 1);
    EXPECT_FALSE(loc->irq);
}

TEST(IpmiDevice, SsifAddressAndItsQuirk) {
    auto loc = smbios::locate_bmc(table_of(type38(4, 0x20, 0x20, 0x20, 0, 0)));
    ASSERT_TRUE(loc);
    EXPECT_EQ(loc->interface, smbios::BmcInterface::ssif);
    EXPECT_EQ(loc->space, smbios::AddressSpace::smbus);
    EXPECT_EQ(loc->base_address, 0x10U);
    EXPECT_EQ(loc->i2c_slave_address, 0x20);
    EXPECT_FALSE(loc->irq); // SSIF has no IRQ in the record's sense (Linux: 0)
    EXPECT_EQ(smbios::to_string(loc->space), "smbus");
    EXPECT_EQ(smbios::to_string(loc->interface), "SSIF");
    // Firmware that put the SMBus address in the slave field instead: Linux
    // takes it from there and then has no IPMB slave address.
    auto quirk = smbios::locate_bmc(table_of(type38(4, 0x20, 0x42, 0x100, 0, 0)));
    ASSERT_TRUE(quirk);
    EXPECT_EQ(quirk->base_address, 0x21U);
    EXPECT_EQ(quirk->i2c_slave_address, 0);
}

TEST(IpmiDevice, SmicAndNames) {
    auto loc = smbios::locate_bmc(table_of(type38(2, 0x20, 0x20, 0xca9, 0x10, 0)));
    ASSERT_TRUE(loc);
    EXPECT_EQ(loc->interface, smbios::BmcInterface::smic);
    EXPECT_EQ(loc->base_address, 0xca9U); // I/O bit cleared, LSB set again by bit 4
    EXPECT_EQ(smbios::to_string(smbios::BmcInterface::smic), "SMIC");
    EXPECT_EQ(smbios::to_string(smbios::BmcInterface::bt), "BT");
    EXPECT_EQ(smbios::to_string(smbios::BmcInterface::unknown), "unknown");
    EXPECT_EQ(smbios::to_string(smbios::AddressSpace::memory), "memory");
}

TEST(IpmiDevice, FirstRecordWins) {
    const auto dmi = test::concat(
        {type38(3, 0x20, 0x20, 0xe5, 0, 0), test::qemu_type38(), test::end_of_table()});
    const auto t =
        smbios::parse_table(test::entry_point_3x(static_cast<std::uint32_t>(dmi.size())), dmi);
    ASSERT_TRUE(t);
    EXPECT_EQ(smbios::locate_bmc(*t)->interface, smbios::BmcInterface::bt);
}

TEST(IpmiDevice, MalformedRecords) {
    auto err = [](const Bytes& s) { return smbios::locate_bmc(table_of(s)).error(); };
    EXPECT_EQ(err(test::structure(38, 1, Bytes(8, 0))), Errc::ipmi_device_too_short);
    EXPECT_EQ(err(type38(0, 0x20, 0x20, 0xca3, 0, 0)), Errc::unknown_interface);
    EXPECT_EQ(err(type38(9, 0x20, 0x20, 0xca3, 0, 0)), Errc::unknown_interface);
    EXPECT_EQ(err(type38(1, 0x20, 0x20, 0, 0, 0)), Errc::zero_base_address);
    EXPECT_EQ(err(type38(1, 0x20, 0x20, 0xca3, 0xc0, 0)), Errc::bad_register_spacing);
    EXPECT_EQ(err(test::structure(1, 1, Bytes(20, 0))), Errc::no_ipmi_device);
    const auto t = table_of(test::structure(1, 1, Bytes(20, 0)));
    EXPECT_EQ(smbios::decode_ipmi_device(t.structures()[0]).error(), Errc::wrong_structure_type);
}

} // namespace
