// Unit tests of the kcs error category: distinct values, a message for each.
#include "kcs_driver/errc.hpp"

#include <gtest/gtest.h>
#include <set>

namespace {

TEST(KcsErrc, EveryValueHasItsOwnMessage) {
    std::set<std::string> messages;
    for (int v = static_cast<int>(kcs::Errc::ibf_timeout);
         v <= static_cast<int>(kcs::Errc::mmap_failed); ++v) {
        const std::error_code ec = static_cast<kcs::Errc>(v);
        EXPECT_EQ(ec.category().name(), std::string("kcs"));
        EXPECT_NE(ec.message(), "unknown kcs error") << v;
        EXPECT_TRUE(messages.insert(ec.message()).second) << ec.message();
    }
    const std::error_code hosed = kcs::Errc::hosed;
    EXPECT_EQ(hosed, kcs::Errc::hosed);
    EXPECT_NE(hosed, kcs::Errc::unexpected_state);
}

} // namespace
