#include "ipmi/completion_code.hpp"
#include "ipmi/errc.hpp"

#include <gtest/gtest.h>

namespace {

TEST(CompletionCode, NamesFollowTable5_2) {
    EXPECT_EQ(ipmi::describe(ipmi::CompletionCode::node_busy), "node busy");
    EXPECT_EQ(ipmi::describe(ipmi::CompletionCode::reservation_cancelled),
              "reservation cancelled or invalid reservation ID");
    EXPECT_EQ(ipmi::describe(ipmi::CompletionCode::cannot_return_requested_bytes),
              "cannot return number of requested data bytes");
}

TEST(CompletionCode, RangesWithoutFixedMeaning) {
    EXPECT_EQ(ipmi::describe(static_cast<ipmi::CompletionCode>(0x01)),
              "device-specific (OEM) completion code");
    EXPECT_EQ(ipmi::describe(static_cast<ipmi::CompletionCode>(0x81)),
              "command-specific completion code");
    EXPECT_EQ(ipmi::describe(static_cast<ipmi::CompletionCode>(0xd7)), "reserved completion code");
}

TEST(CompletionCode, IsAnErrorCodeEnum) {
    std::error_code ec = ipmi::CompletionCode::invalid_command;
    EXPECT_EQ(ec.value(), 0xc1);
    EXPECT_EQ(&ec.category(), &ipmi::completion_category());
    EXPECT_EQ(ec.message(), "invalid command");
    EXPECT_TRUE(static_cast<bool>(ec));
}

TEST(IpmiErrc, HasItsOwnCategory) {
    std::error_code ec = ipmi::Errc::response_mismatch;
    EXPECT_STREQ(ec.category().name(), "ipmi");
    EXPECT_NE(ec.message().find("does not match"), std::string::npos);
}

} // namespace
