#include "agent/byte_args.hpp"

#include <gtest/gtest.h>

namespace {

TEST(ByteArgs, HexWithPrefixDecimalWithout) {
    EXPECT_EQ(agent::parse_byte("0x06"), 6);
    EXPECT_EQ(agent::parse_byte("0XfF"), 255);
    EXPECT_EQ(agent::parse_byte("10"), 10);
    EXPECT_EQ(agent::parse_byte("010"), 10); // no octal surprise
}

TEST(ByteArgs, RejectsWhatIsNotOneByte) {
    EXPECT_FALSE(agent::parse_byte("0x100"));
    EXPECT_FALSE(agent::parse_byte("256"));
    EXPECT_FALSE(agent::parse_byte("-1"));
    EXPECT_FALSE(agent::parse_byte("0x"));
    EXPECT_FALSE(agent::parse_byte(""));
    EXPECT_FALSE(agent::parse_byte("12z"));
    EXPECT_NE(agent::parse_byte("0x100").error().find("one byte"), std::string::npos);
}

TEST(ByteArgs, ListAndHexOutput) {
    auto bytes = agent::parse_bytes({"0x06", "1", "0xab"});
    ASSERT_TRUE(bytes);
    EXPECT_EQ(*bytes, (std::vector<std::uint8_t>{0x06, 0x01, 0xab}));
    EXPECT_EQ(agent::hex_bytes(*bytes), "06 01 ab");
    EXPECT_EQ(agent::hex_bytes({}), "");
    EXPECT_FALSE(agent::parse_bytes({"1", "x"}));
}

} // namespace
