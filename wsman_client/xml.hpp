// A parsed answer as plain values: a namespace-aware tree whose names and texts are views into
// the document that owns the bytes (one allocation per element with children, none per leaf),
// its bounded parser and its writer.
#pragma once

#include <cstddef>
#include <deque>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wsman::client {

struct Attribute {
  std::string_view ns;    // namespace URI ("" for unqualified)
  std::string_view name;  // local name
  std::string_view value;
};

// Views into an XmlDocument (or into strings the caller keeps alive while it edits a tree).
struct Element {
  std::string_view ns;    // namespace URI
  std::string_view name;  // local name
  std::vector<Attribute> attributes;
  std::string_view text;  // character data directly inside (all pieces joined)
  std::vector<Element> children;

  // The first child with this namespace and local name ("" ns matches any), or nullptr.
  const Element* child(std::string_view child_ns, std::string_view local) const;
  // An attribute's value by namespace and local name, or nullptr.
  const std::string_view* attribute(std::string_view attr_ns, std::string_view local) const;
};

// Owns what a tree's views point at: the text parsed, texts that needed decoding (entities,
// pieces joined) and the tree. Shared by everything read from one answer (items, instances).
struct XmlDocument {
  std::string bytes;                 // the answer as received
  std::string converted;             // its UTF-8 form when it came as UTF-16 ("" otherwise)
  std::deque<std::string> decoded;   // texts that are not a plain slice of the bytes
  Element root;

  std::string_view raw() const { return bytes; }
  std::string_view keep(std::string s) { return decoded.emplace_back(std::move(s)); }
};
using DocumentPtr = std::shared_ptr<const XmlDocument>;

// An element costs ~150 bytes parsed: 200,000 bound a hostile answer's tree to ~30 MB besides its
// bytes (a million cost 160 MB, client_test's /wide); an answer within the MaxEnvelopeSize
// asked (512000 bytes) holds far fewer.
struct XmlLimits {
  std::size_t max_depth = 64;
  std::size_t max_elements = 200'000;
};

// The body as UTF-8: a UTF-8 BOM dropped, UTF-16 LE/BE (BOM, or '<' with a zero byte) converted.
std::expected<std::string, std::error_code> to_utf8(std::string_view body);

// Parses a whole document (any encoding to_utf8 accepts), taking the bytes. Checks what XML 1.0
// and Namespaces require of a document without a DTD (tags nest and match, attributes are
// quoted, entity and character references exist, prefixes are declared, characters are valid
// UTF-8 XML characters); no DTDs (SOAP 1.2 part 1, 5), so no entity expansion; depth and element
// count bounded. Errc::bad_response on any violation.
std::expected<std::shared_ptr<XmlDocument>, std::error_code> parse_owned(std::string body,
                                                                         const XmlLimits& limits = {});
inline std::expected<std::shared_ptr<XmlDocument>, std::error_code> parse_xml(std::string_view body,
                                                                              const XmlLimits& limits = {}) {
  return parse_owned(std::string(body), limits);
}

// A code point appended as UTF-8.
void append_utf8(std::string& out, char32_t cp);
// s without leading and trailing XML white space.
std::string_view trim_space(std::string_view s);

// Escapes text for element content and attribute values.
std::string xml_escape(std::string_view text);
void append_escaped(std::string& out, std::string_view text);

// An element and its subtree as standalone XML: every namespace declared where first used.
std::string to_xml(const Element& element, bool pretty = false);

}  // namespace wsman::client
