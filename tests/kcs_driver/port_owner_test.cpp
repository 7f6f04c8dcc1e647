// Unit tests of /proc/ioports parsing for the KCS port owner.
#include "kcs_driver/port_owner.hpp"

#include <gtest/gtest.h>

namespace {

constexpr std::string_view with_ipmi_si = "0000-0cf7 : PCI Bus 0000:00\n"
                                          "  0000-001f : dma1\n"
                                          "  0070-0077 : rtc0\n"
                                          "  0ca2-0ca3 : pnp 00:05\n"
                                          "    0ca2-0ca3 : ipmi_si\n"
                                          "0cf8-0cff : PCI conf1\n";

TEST(PortOwner, FindsTheKernelDriverInNestedRanges) {
    EXPECT_EQ(kcs::find_port_owner(with_ipmi_si, 0xca2), "ipmi_si");
    EXPECT_EQ(kcs::find_port_owner(with_ipmi_si, 0xca3), "ipmi_si");
}

TEST(PortOwner, UnclaimedPortsHaveNoOwner) {
    EXPECT_EQ(kcs::find_port_owner(with_ipmi_si, 0xca8), std::nullopt);
    EXPECT_EQ(kcs::find_port_owner("", 0xca2), std::nullopt);
    EXPECT_EQ(kcs::find_port_owner("0000-0cf7 : PCI Bus 0000:00\n  0ca2-0ca3 : pnp 00:05\n", 0xca2),
              std::nullopt);
}

TEST(PortOwner, TopLevelClaimCounts) {
    EXPECT_EQ(kcs::find_port_owner("0ca2-0ca3 : ipmi_si\n", 0xca2), "ipmi_si");
    EXPECT_EQ(kcs::find_port_owner("0ca8-0cab : bmc_kcs\n", 0xca9), "bmc_kcs");
}

// Seen in a QEMU guest (isa-ipmi-kcs): the kernel declares the device it found
// through ACPI/DMI; no driver owns the ports until ipmi_si binds below it.
constexpr std::string_view qemu_declared = "0000-0cf7 : PCI Bus 0000:00\n"
                                           "  0ca2-0ca3 : IPI0001:00\n"
                                           "    0ca2-0ca2 : IPMI Address 1\n"
                                           "    0ca3-0ca3 : IPMI Address 2\n";
constexpr std::string_view qemu_claimed = "0000-0cf7 : PCI Bus 0000:00\n"
                                          "  0ca2-0ca3 : IPI0001:00\n"
                                          "    0ca2-0ca2 : IPMI Address 1\n"
                                          "      0ca2-0ca2 : ipmi_si\n"
                                          "    0ca3-0ca3 : IPMI Address 2\n"
                                          "      0ca3-0ca3 : ipmi_si\n";

TEST(PortOwner, FirmwareDeclaredIpmiDeviceIsNotAnOwner) {
    EXPECT_EQ(kcs::find_port_owner(qemu_declared, 0xca2), std::nullopt);
    EXPECT_EQ(kcs::find_port_owner(qemu_declared, 0xca3), std::nullopt);
}

TEST(PortOwner, IpmiSiBelowTheDeclaredDeviceIsTheOwner) {
    EXPECT_EQ(kcs::find_port_owner(qemu_claimed, 0xca2), "ipmi_si");
    EXPECT_EQ(kcs::find_port_owner(qemu_claimed, 0xca3), "ipmi_si");
}

TEST(PortOwner, UnprivilegedZeroRangesAndGarbageAreIgnored) {
    EXPECT_EQ(kcs::find_port_owner("0000-0000 : ipmi_si\n", 0), std::nullopt);
    EXPECT_EQ(kcs::find_port_owner("garbage\nzz-0ca3 : x\n0ca2 : y\n0ca2-0ca3 :\n", 0xca2),
              std::nullopt);
}

TEST(PortOwner, ReadingTheRunningSystemDoesNotFail) {
    // The answer depends on the machine; the call must just not crash.
    static_cast<void>(kcs::find_port_owner(std::uint64_t{0xca2}));
}

} // namespace
