// Request body decoding: byte-order marks, UTF-16 to UTF-8, UTF-8 validation, DTD refusal.
#include "wsman_front/body_text.hpp"

#include <cstdint>
#include <cstring>
#include <fmt/format.h>

namespace wsman {
namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0U | (cp >> 6));
        out += static_cast<char>(0x80U | (cp & 0x3FU));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0U | (cp >> 12));
        out += static_cast<char>(0x80U | ((cp >> 6) & 0x3FU));
        out += static_cast<char>(0x80U | (cp & 0x3FU));
    } else {
        out += static_cast<char>(0xF0U | (cp >> 18));
        out += static_cast<char>(0x80U | ((cp >> 12) & 0x3FU));
        out += static_cast<char>(0x80U | ((cp >> 6) & 0x3FU));
        out += static_cast<char>(0x80U | (cp & 0x3FU));
    }
}

// UTF-16 code units (after the BOM) to UTF-8; surrogates must pair (Unicode 3.9 D91).
std::expected<std::string, BodyError> from_utf16(std::string_view b, bool big_endian) {
    if (b.size() % 2 != 0) {
        return std::unexpected(BodyError{BodyProblem::bad_encoding, "UTF-16 body with an odd number of bytes"});
    }
    const auto unit = [&](std::size_t i) {
        const auto hi = static_cast<std::uint32_t>(static_cast<unsigned char>(b[big_endian ? i : i + 1]));
        const auto lo = static_cast<std::uint32_t>(static_cast<unsigned char>(b[big_endian ? i + 1 : i]));
        return (hi << 8) | lo;
    };
    std::string out;
    out.reserve(b.size() / 2);
    for (std::size_t i = 0; i < b.size(); i += 2) {
        std::uint32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 3 >= b.size()) { // no low surrogate follows
                return std::unexpected(BodyError{BodyProblem::bad_encoding,
                                                 fmt::format("unpaired UTF-16 surrogate at byte {}", i + 2)});
            }
            const std::uint32_t low = unit(i + 2);
            if (low < 0xDC00 || low > 0xDFFF) {
                return std::unexpected(BodyError{BodyProblem::bad_encoding,
                                                 fmt::format("unpaired UTF-16 surrogate at byte {}", i + 2)});
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return std::unexpected(
                BodyError{BodyProblem::bad_encoding, fmt::format("unpaired UTF-16 surrogate at byte {}", i + 2)});
        }
        append_utf8(out, cp);
    }
    return out;
}

// The offset of the first byte that is not well-formed UTF-8 (Unicode Table 3-7), or npos.
std::size_t invalid_utf8_at(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        // ASCII, eight bytes at a time (requests are almost all ASCII).
        while (i + 8 <= s.size()) {
            std::uint64_t word = 0;
            std::memcpy(&word, s.data() + i, sizeof word);
            if ((word & 0x8080808080808080ULL) != 0) {
                break;
            }
            i += 8;
        }
        if (i >= s.size()) {
            break;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t n = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            lo = c == 0xE0 ? 0xA0 : 0x80; // no overlong forms
            hi = c == 0xED ? 0x9F : 0xBF; // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
        } else {
            return i;
        }
        for (std::size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size()) {
                return i;
            }
            const auto t = static_cast<unsigned char>(s[i + k]);
            if (k == 1 ? (t < lo || t > hi) : (t < 0x80 || t > 0xBF)) {
                return i;
            }
        }
        i += n + 1;
    }
    return std::string_view::npos;
}

} // namespace

std::string charset_of(std::string_view ct) {
    std::string lowered;
    lowered.reserve(ct.size());
    for (char c : ct) {
        lowered += lower(c);
    }
    const auto at = lowered.find("charset=");
    if (at == std::string::npos) {
        return {};
    }
    std::string v = lowered.substr(at + 8);
    const auto end = v.find_first_of("; \t");
    v = v.substr(0, end);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        v = v.substr(1, v.size() - 2);
    }
    return v;
}

std::expected<void, BodyError> make_utf8(std::string& text, std::string_view content_type) {
    const std::string charset = charset_of(content_type);
    const bool utf16_named = charset == "utf-16" || charset == "utf-16le" || charset == "utf-16be";
    if (!charset.empty() && charset != "utf-8" && charset != "utf8" && !utf16_named) {
        return std::unexpected(BodyError{BodyProblem::unsupported_charset,
                                         "The character set is not supported (UTF-8 and UTF-16 are): " +
                                             charset.substr(0, 40)});
    }
    const std::string_view b = text;
    if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xFE) {
        auto t = from_utf16(b.substr(2), false);
        if (!t) {
            return std::unexpected(t.error());
        }
        text = std::move(*t);
    } else if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFE &&
               static_cast<unsigned char>(b[1]) == 0xFF) {
        auto t = from_utf16(b.substr(2), true);
        if (!t) {
            return std::unexpected(t.error());
        }
        text = std::move(*t);
    } else if (utf16_named) {
        return std::unexpected(BodyError{BodyProblem::bad_encoding, "A UTF-16 body needs a byte-order mark"});
    } else if (b.starts_with("\xEF\xBB\xBF")) {
        text.erase(0, 3);
    }
    if (const auto bad = invalid_utf8_at(text); bad != std::string_view::npos) {
        return std::unexpected(
            BodyError{BodyProblem::bad_encoding, fmt::format("The body is not valid UTF-8 (at byte {})", bad)});
    }
    if (text.find("<!DOCTYPE") != std::string::npos || text.find("<!ENTITY") != std::string::npos) {
        return std::unexpected(
            BodyError{BodyProblem::dtd, "Document type declarations and entities are not accepted"});
    }
    return {};
}

std::expected<std::string, BodyError> body_as_utf8(std::string_view b, std::string_view content_type) {
    std::string text(b);
    if (auto made = make_utf8(text, content_type); !made) {
        return std::unexpected(made.error());
    }
    return text;
}

} // namespace wsman
