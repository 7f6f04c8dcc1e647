// SDR ID strings and their type/length byte (IPMI 2.0 section 43.15; FRU spec 13.1 for the
// BCD plus and 6-bit packed ASCII encodings).
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace ipmi::sdr {

// Type/length byte bits 7:6.
enum class IdStringType : std::uint8_t {
    unicode = 0,       // kept raw; text decodes the bytes as Latin-1
    bcd_plus = 1,      // 0-9, space, '-', '.', ':', ',', '_' two per byte
    packed_ascii6 = 2, // 6-bit ASCII (20h + value), four characters in three bytes
    latin1 = 3,        // 8-bit ASCII + Latin 1 (text is converted to UTF-8)
};

struct IdString {
    IdStringType type = IdStringType::latin1;
    std::uint8_t length = 0;       // bits 4:0: number of bytes that follow
    std::vector<std::uint8_t> raw; // the bytes as stored
    std::string text;              // decoded, UTF-8, ends at the first NUL

    friend bool operator==(const IdString&, const IdString&) = default;
};

// `from` starts at the type/length byte. Errc::sdr_record_too_short when the byte itself is
// missing, Errc::sdr_id_string_beyond_record when its length runs past the span.
[[nodiscard]] std::expected<IdString, std::error_code>
parse_id_string(std::span<const std::uint8_t> from);

// The text of `bytes` in an encoding (also used by FRU-style fields).
[[nodiscard]] std::string decode_id_text(IdStringType type, std::span<const std::uint8_t> bytes);

} // namespace ipmi::sdr
