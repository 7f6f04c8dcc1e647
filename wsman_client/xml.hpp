// A parsed answer as plain values (namespace-aware Expat DOM), its bounded parser and its writer.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wsman::client {

struct Attribute {
  std::string ns;    // namespace URI ("" for unqualified)
  std::string name;  // local name
  std::string value;
};

struct Element {
  std::string ns;    // namespace URI
  std::string name;  // local name
  std::vector<Attribute> attributes;
  std::string text;  // character data directly inside (all pieces joined)
  std::vector<Element> children;

  // The first child with this namespace and local name ("" ns matches any), or nullptr.
  const Element* child(std::string_view child_ns, std::string_view local) const;
  // An attribute's value by namespace and local name, or nullptr.
  const std::string* attribute(std::string_view attr_ns, std::string_view local) const;
};

struct XmlLimits {
  std::size_t max_depth = 64;
  std::size_t max_elements = 1'000'000;
};

// The body as UTF-8: a UTF-8 BOM dropped, UTF-16 LE/BE (BOM, or '<' with a zero byte) converted.
std::expected<std::string, std::error_code> to_utf8(std::string_view body);

// Parses a whole document (any encoding to_utf8 accepts). No DTDs, no external entities;
// depth and element count bounded (Errc::bad_response past them).
std::expected<Element, std::error_code> parse_xml(std::string_view body, const XmlLimits& limits = {});

// Escapes text for element content and attribute values.
std::string xml_escape(std::string_view text);

// An element and its subtree as standalone XML: every namespace declared where first used.
std::string to_xml(const Element& element, bool pretty = false);

}  // namespace wsman::client
