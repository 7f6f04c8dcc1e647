// gSOAP's DOM to XmlNode: the only file besides the server that sees gSOAP types.
#pragma once

#include "wsman_front/xml_node.hpp"

#include <expected>
#include <string>
#include <string_view>

struct soap;

namespace wsman {

inline constexpr int max_xml_depth = 32;

// Reads one XML document from the soap context's input after soap_begin_recv (the HTTP
// headers are read): the request body. The error is a short description.
[[nodiscard]] std::expected<XmlNode, std::string> read_xml_body(struct soap* soap);

// Parses XML from memory with a private soap context (tests, fuzzing).
[[nodiscard]] std::expected<XmlNode, std::string> parse_xml(std::string_view text);

} // namespace wsman
