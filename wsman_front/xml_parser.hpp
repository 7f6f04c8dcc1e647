// Request XML to XmlNode with Expat, namespace-aware, in one pass. Bounded: at most
// max_xml_depth levels and max_xml_elements elements per document; no DTD.
#pragma once

#include "wsman_front/xml_node.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace wsman {

inline constexpr int max_xml_depth = 32;
inline constexpr std::size_t max_xml_elements = 20000;

struct XmlError {
    enum class Kind : std::uint8_t { malformed, too_deep, too_many_elements } kind = Kind::malformed;
    std::string why;
};

// Parses one XML document (UTF-8 text, already checked by body_as_utf8) with a parser
// kept per thread, so a request costs no parser set-up.
[[nodiscard]] std::expected<XmlNode, XmlError> parse_document(std::string_view text);

// The same with the error as text (tests, fuzzing).
[[nodiscard]] std::expected<XmlNode, std::string> parse_xml(std::string_view text);

} // namespace wsman
