// Unit tests of Get System Interface Capabilities decoding and the transient-error rule.
#include "ssif_driver/errc.hpp"
#include "ssif_driver/protocol.hpp"
#include "ssif_driver/session.hpp"

#include <array>
#include <set>
#include <string>
#include <gtest/gtest.h>

namespace {

using T = ssif::Capabilities::Transactions;

TEST(SsifCapabilities, QemuAnswer) {
    // QEMU smbus_ipmi.c: 1c 57 00 | 00 80 ff ff.
    const std::array<std::uint8_t, 4> data{0x00, 0x80, 0xff, 0xff};
    const auto caps = ssif::parse_capabilities(data);
    EXPECT_EQ(caps.transactions, T::start_middle_end);
    EXPECT_FALSE(caps.pec);
    EXPECT_EQ(caps.max_request, 255U);
    EXPECT_EQ(caps.max_response, 255U);
}

TEST(SsifCapabilities, ClampedAsLinux) {
    const std::array<std::uint8_t, 4> single{0x00, 0x08, 0x80, 0x80};
    auto caps = ssif::parse_capabilities(single);
    EXPECT_EQ(caps.transactions, T::single_part);
    EXPECT_TRUE(caps.pec);
    EXPECT_EQ(caps.max_request, 32U);
    EXPECT_EQ(caps.max_response, 32U);
    const std::array<std::uint8_t, 4> two{0x00, 0x40, 0xff, 0xff};
    caps = ssif::parse_capabilities(two);
    EXPECT_EQ(caps.transactions, T::start_end);
    EXPECT_EQ(caps.max_request, 63U);
    EXPECT_EQ(caps.max_response, 62U);
}

TEST(SsifCapabilities, ShortOrZeroSizesFallBack) {
    const std::array<std::uint8_t, 3> shorter{0x00, 0x80, 0xff};
    EXPECT_EQ(ssif::parse_capabilities(shorter).max_request, 32U);
    const std::array<std::uint8_t, 4> zero{0x00, 0x80, 0x00, 0x00};
    const auto caps = ssif::parse_capabilities(zero);
    EXPECT_EQ(caps.max_request, 32U);
    EXPECT_EQ(caps.max_response, 32U);
}

TEST(SsifSession, TransientErrorsAreTheBusOnes) {
    EXPECT_TRUE(ssif::is_transient(std::make_error_code(std::errc::no_such_device_or_address)));
    EXPECT_TRUE(ssif::is_transient(std::make_error_code(std::errc::protocol_error)));
    EXPECT_TRUE(ssif::is_transient(std::make_error_code(std::errc::timed_out)));
    EXPECT_FALSE(ssif::is_transient(std::make_error_code(std::errc::invalid_argument)));
    EXPECT_FALSE(ssif::is_transient(make_error_code(ssif::Errc::nak_timeout)));
}

TEST(SsifErrc, EveryCodeHasItsOwnMessage) {
    std::set<std::string> seen;
    for (int e = 1; e <= static_cast<int>(ssif::Errc::bad_spec); ++e) {
        const auto msg = make_error_code(static_cast<ssif::Errc>(e)).message();
        EXPECT_NE(msg, "unknown ssif error");
        EXPECT_TRUE(seen.insert(msg).second) << msg;
    }
    EXPECT_STREQ(ssif::category().name(), "ssif");
}

} // namespace
