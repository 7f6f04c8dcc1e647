// Decodes SDR ID strings: type/length byte, Latin-1, BCD plus, 6-bit packed ASCII (43.15).
#include "ipmi/sdr/id_string.hpp"

#include "ipmi/errc.hpp"
#include "ipmi/sdr/bytes.hpp"

#include <string_view>

namespace ipmi::sdr {
namespace {

void append_latin1(std::string& out, std::uint8_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else { // U+0080-U+00FF as two UTF-8 bytes
        out.push_back(static_cast<char>(0xc0U | (c >> 6)));
        out.push_back(static_cast<char>(0x80U | (c & 0x3fU)));
    }
}

std::string latin1(std::span<const std::uint8_t> bytes) {
    std::string out;
    for (const std::uint8_t c : bytes) {
        if (c == 0) {
            break; // NUL padding ends the string
        }
        append_latin1(out, c);
    }
    return out;
}

// FRU spec 13.1: BCD plus digits, high nibble first.
std::string bcd_plus(std::span<const std::uint8_t> bytes) {
    constexpr std::string_view digits = "0123456789 -.:,_";
    std::string out;
    for (const std::uint8_t c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 0x0fU]);
    }
    return out;
}

// FRU spec 13.1: 6-bit characters packed LS bits first (first character in byte 0 bits 5:0).
std::string packed_ascii6(std::span<const std::uint8_t> bytes) {
    std::string out;
    unsigned acc = 0;
    unsigned held = 0;
    for (const std::uint8_t c : bytes) {
        acc |= static_cast<unsigned>(c) << held;
        held += 8;
        while (held >= 6) {
            out.push_back(static_cast<char>(0x20U + (acc & 0x3fU)));
            acc >>= 6;
            held -= 6;
        }
    }
    return out;
}

} // namespace

std::string decode_id_text(IdStringType type, std::span<const std::uint8_t> bytes) {
    switch (type) {
    case IdStringType::bcd_plus:
        return bcd_plus(bytes);
    case IdStringType::packed_ascii6:
        return packed_ascii6(bytes);
    case IdStringType::unicode:
    case IdStringType::latin1:
        break;
    }
    return latin1(bytes);
}

std::expected<IdString, std::error_code> parse_id_string(std::span<const std::uint8_t> from) {
    if (from.empty()) {
        return std::unexpected(make_error_code(Errc::sdr_record_too_short));
    }
    IdString id;
    id.type = static_cast<IdStringType>(detail::bits(from[0], 6, 2));
    id.length = detail::bits(from[0], 0, 5);
    if (id.length > from.size() - 1) {
        return std::unexpected(make_error_code(Errc::sdr_id_string_beyond_record));
    }
    const auto bytes = from.subspan(1, id.length);
    id.raw.assign(bytes.begin(), bytes.end());
    id.text = decode_id_text(id.type, bytes);
    return id;
}

} // namespace ipmi::sdr
