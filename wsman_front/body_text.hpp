// The request body as UTF-8 text for the XML parser: DSP0226 13.1 (R13.1-1..3) lets a
// client send UTF-8 or UTF-16 (with a byte-order mark); the service answers in UTF-8.
// Byte-order marks are dropped, UTF-16 (LE or BE) is converted, every byte sequence is
// validated, and a document type declaration is refused (no DTDs, so no entities).
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace wsman {

enum class BodyProblem : std::uint8_t {
    bad_encoding,        // not valid UTF-8 / UTF-16, or UTF-16 without its byte-order mark
    unsupported_charset, // Content-Type names a charset other than UTF-8 or UTF-16
    dtd,                 // <!DOCTYPE or <!ENTITY: refused before parsing
};

struct BodyError {
    BodyProblem problem;
    std::string why; // for the fault's Reason
};

// `content_type` is the request's Content-Type header value ("" when absent).
[[nodiscard]] std::expected<std::string, BodyError> body_as_utf8(std::string_view bytes,
                                                                  std::string_view content_type);
// The same in place: `body` becomes the UTF-8 text (a UTF-8 body without a byte-order mark,
// the usual case, is only checked, not copied).
[[nodiscard]] std::expected<void, BodyError> make_utf8(std::string& body, std::string_view content_type);

// The charset parameter of a Content-Type value, lower-cased, without quotes ("" when none).
[[nodiscard]] std::string charset_of(std::string_view content_type);

} // namespace wsman
