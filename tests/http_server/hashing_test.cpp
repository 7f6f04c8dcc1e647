// The hashing seam against published vectors: MD5 (RFC 1321 A.5), SHA-256 (FIPS 180-4
// examples), HMAC-SHA256 (RFC 4231 test cases 1, 2 and 6), and getrandom-backed bytes.
#include "http_server/hashing.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace http::hashing {
namespace {

template <class Bytes>
std::string hex(const Bytes& bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::uint8_t b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 0x0f];
    }
    return out;
}

TEST(Hashing, Md5OfRfc1321Examples) {
    EXPECT_EQ(hex(digest(Digest::md5, "").value()), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(hex(digest(Digest::md5, "abc").value()), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(hex(digest(Digest::md5, "message digest").value()), "f96b697d7cb7938d525a2f31aaf161d0");
}

TEST(Hashing, Sha256OfFips180Examples) {
    EXPECT_EQ(hex(digest(Digest::sha256, "abc").value()),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hex(digest(Digest::sha256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").value()),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Hashing, HmacSha256OfRfc4231TestCases) {
    const std::vector<std::uint8_t> key1(20, 0x0b);
    EXPECT_EQ(hex(hmac_sha256(key1, bytes("Hi There")).value()),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(hex(hmac_sha256(bytes("Jefe"), bytes("what do ya want for nothing?")).value()),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6: a key longer than the block size is hashed first.
    const std::vector<std::uint8_t> key6(131, 0xaa);
    EXPECT_EQ(hex(hmac_sha256(key6, bytes("Test Using Larger Than Block-Size Key - Hash Key First")).value()),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Hashing, RandomBytesFillTheBufferAndDiffer) {
    std::array<std::uint8_t, 32> a{};
    std::array<std::uint8_t, 32> b{};
    ASSERT_TRUE(random_bytes(a));
    ASSERT_TRUE(random_bytes(b));
    EXPECT_NE(a, b); // equal with probability 2^-256
    EXPECT_FALSE(std::all_of(a.begin(), a.end(), [](std::uint8_t x) { return x == 0; }));
    std::array<std::uint8_t, 0> none{};
    EXPECT_TRUE(random_bytes(none));
}

TEST(Hashing, ConstantTimeEquality) {
    EXPECT_TRUE(equal_constant_time(bytes("secret"), bytes("secret")));
    EXPECT_FALSE(equal_constant_time(bytes("secret"), bytes("secreT")));
    EXPECT_FALSE(equal_constant_time(bytes("secret"), bytes("secret!")));
    EXPECT_TRUE(equal_constant_time(bytes(""), bytes("")));
}

TEST(Hashing, WipeZeroes) {
    std::string s = "password";
    wipe(s);
    EXPECT_EQ(s, std::string(8, '\0'));
}

} // namespace
} // namespace http::hashing
