// A parsed XML element as plain values (namespace URI, local name, text, attributes,
// children): what the request parser works on (xml_parser builds it with Expat).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsman {

struct XmlAttribute {
    std::string ns;
    std::string local;
    std::string value;
};

struct XmlNode {
    std::string ns;    // namespace URI ("" when none)
    std::string local; // local name, without prefix
    std::string text;  // character content (leaf elements)
    std::vector<XmlAttribute> attributes;
    std::vector<XmlNode> children;

    // The first child with this namespace and local name, or nullptr.
    [[nodiscard]] const XmlNode* child(std::string_view ns_uri, std::string_view name) const;
    // An attribute by local name (any namespace), or nullptr.
    [[nodiscard]] const std::string* attribute(std::string_view name) const;
};

// Text without leading and trailing XML white space (space, tab, CR, LF).
[[nodiscard]] std::string trim_text(std::string_view text);
// A decimal xs:unsignedLong between white space; nullopt when it is not one.
[[nodiscard]] std::optional<std::uint64_t> unsigned_text(std::string_view text);

} // namespace wsman
