// The request body's encodings (DSP0226 13.1), on bytes.
#include "wsman_front/body_text.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace {

using namespace wsman;

std::string utf16(std::u16string_view s, bool big_endian, bool bom = true) {
    std::string out;
    if (bom) {
        out += big_endian ? "\xFE\xFF" : "\xFF\xFE";
    }
    for (char16_t c : s) {
        const auto hi = static_cast<char>((c >> 8) & 0xFF);
        const auto lo = static_cast<char>(c & 0xFF);
        out += big_endian ? hi : lo;
        out += big_endian ? lo : hi;
    }
    return out;
}

TEST(BodyText, Utf8PassesAndItsBomIsDropped) {
    EXPECT_EQ(*body_as_utf8("<a>\xC3\xA9</a>", "application/soap+xml;charset=UTF-8"), "<a>\xC3\xA9</a>");
    EXPECT_EQ(*body_as_utf8("\xEF\xBB\xBF<a/>", ""), "<a/>");
}

TEST(BodyText, Utf16BothByteOrdersWithSurrogatePairs) {
    // "<a>é😀</a>": U+00E9 and U+1F600 (the pair D83D DE00).
    const std::u16string text = u"<a>\u00E9\U0001F600</a>";
    const std::string expected = "<a>\xC3\xA9\xF0\x9F\x98\x80</a>";
    EXPECT_EQ(*body_as_utf8(utf16(text, false), "application/soap+xml;charset=UTF-16"), expected);
    EXPECT_EQ(*body_as_utf8(utf16(text, true), "application/soap+xml; charset=\"utf-16\""), expected);
    EXPECT_EQ(*body_as_utf8(utf16(text, false), ""), expected); // the BOM alone says UTF-16
}

TEST(BodyText, BrokenEncodingsAreRefused) {
    const auto bad = [](std::string_view bytes, std::string_view type = "") {
        auto r = body_as_utf8(bytes, type);
        return r ? BodyProblem{} : r.error().problem;
    };
    EXPECT_FALSE(body_as_utf8(utf16(u"\xD83D<", false), ""));            // high surrogate, then no low one
    EXPECT_FALSE(body_as_utf8(utf16(u"<\xDE00", true), ""));             // a lone low surrogate
    EXPECT_FALSE(body_as_utf8(std::string("\xFF\xFE<\x00a", 5), ""));    // odd length
    EXPECT_FALSE(body_as_utf8(utf16(u"<a/>", false, false), "text/xml;charset=utf-16")); // no BOM
    EXPECT_EQ(bad("<a>\xC0\xAF</a>"), BodyProblem::bad_encoding);        // overlong '/'
    EXPECT_EQ(bad("<a>\xED\xA0\x80</a>"), BodyProblem::bad_encoding);    // a surrogate in UTF-8
    EXPECT_EQ(bad("<a>\xF4\x90\x80\x80</a>"), BodyProblem::bad_encoding); // above U+10FFFF
    EXPECT_EQ(bad("<a>\xE2\x82"), BodyProblem::bad_encoding);            // cut short
    EXPECT_EQ(bad("<a/>", "text/xml; charset=ISO-8859-1"), BodyProblem::unsupported_charset);
    EXPECT_EQ(bad("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>"), BodyProblem::dtd);
    EXPECT_EQ(bad(utf16(u"<!DOCTYPE x><x/>", true)), BodyProblem::dtd); // after conversion too
    EXPECT_EQ(bad("<x><!ENTITY a \"b\"></x>"), BodyProblem::dtd);
    EXPECT_NE(body_as_utf8("<a>\xC3\xA9</a>\x80", "").error().why.find("at byte 9"), std::string::npos);
}

TEST(BodyText, Utf8CheckedAtEveryOffsetOfALongAsciiRun) {
    // The ASCII run is scanned eight bytes at a time: a bad byte or a good multi-byte
    // sequence at any offset, and at the very end, is still seen and its offset reported.
    for (std::size_t at = 0; at < 40; ++at) {
        std::string text(40, 'a');
        text[at] = '\x80';
        auto r = body_as_utf8(text, "");
        ASSERT_FALSE(r) << at;
        EXPECT_NE(r.error().why.find(fmt::format("at byte {})", at)), std::string::npos) << r.error().why;
        std::string good(40, 'a');
        good.replace(std::min<std::size_t>(at, 38), 2, "\xC3\xA9");
        EXPECT_TRUE(body_as_utf8(good, "")) << at;
        std::string cut(at + 1, 'a');
        cut.back() = '\xE2';
        EXPECT_FALSE(body_as_utf8(cut, "")) << at;
    }
}

TEST(BodyText, CharsetParameter) {
    EXPECT_EQ(charset_of("application/soap+xml;charset=UTF-8"), "utf-8");
    EXPECT_EQ(charset_of("application/soap+xml; action=x; charset=\"UTF-16\""), "utf-16");
    EXPECT_EQ(charset_of("application/soap+xml"), "");
}

} // namespace
