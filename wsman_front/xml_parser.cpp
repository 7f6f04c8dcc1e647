// Request XML to XmlNode with Expat (namespace processing on, so every element and
// attribute arrives as namespace URI + local name). Expat reads XML 1.0 (Namespaces in XML
// 1.0 for the names); what WS-Management never uses is refused here: any document type
// declaration (and with it every entity declaration), more than max_xml_depth levels, more
// than max_xml_elements elements. The parser stops at the first of these, so a hostile
// document costs no more than its first offending element.
#include "wsman_front/xml_parser.hpp"

#include <expat.h>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <sys/random.h>
#include <sys/types.h>
#include <vector>

namespace wsman {
namespace {

// Expat joins a namespace URI and a local name with this; it cannot occur in either (a
// control character is not allowed in XML 1.0 names or attribute values).
constexpr char ns_separator = '\x01';

void split_name(const char* qualified, std::string& ns, std::string& local) {
    const std::string_view name(qualified);
    const auto sep = name.find(ns_separator);
    if (sep == std::string_view::npos) {
        ns.clear();
        local.assign(name);
    } else {
        ns.assign(name.substr(0, sep));
        local.assign(name.substr(sep + 1));
    }
}

struct Builder {
    XML_Parser parser = nullptr;
    XmlNode root;
    std::vector<XmlNode*> open; // the path from the root to the element being read
    std::size_t elements = 0;
    bool have_root = false;
    std::optional<XmlError> refused; // why the parser was stopped by us

    void stop(XmlError::Kind kind, std::string why) {
        refused = XmlError{kind, std::move(why)};
        (void)XML_StopParser(parser, XML_FALSE);
    }
};

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** atts) {
    auto& b = *static_cast<Builder*>(data);
    if (b.refused) {
        return;
    }
    if (static_cast<int>(b.open.size()) > max_xml_depth) {
        b.stop(XmlError::Kind::too_deep, "XML nested too deeply");
        return;
    }
    if (++b.elements > max_xml_elements) {
        b.stop(XmlError::Kind::too_many_elements, "XML with too many elements");
        return;
    }
    XmlNode* node = nullptr;
    if (b.open.empty()) {
        b.have_root = true;
        node = &b.root;
    } else {
        // Only the innermost open element's children grow, so the pointers on the path stay
        // valid (each lives in a vector that is not being appended to).
        node = &b.open.back()->children.emplace_back();
    }
    split_name(name, node->ns, node->local);
    for (const XML_Char** a = atts; a[0] != nullptr; a += 2) {
        XmlAttribute& attr = node->attributes.emplace_back();
        split_name(a[0], attr.ns, attr.local);
        attr.value = a[1];
    }
    b.open.push_back(node);
}

void XMLCALL on_end(void* data, const XML_Char* /*name*/) {
    auto& b = *static_cast<Builder*>(data);
    if (b.refused || b.open.empty()) {
        return;
    }
    XmlNode* node = b.open.back();
    if (!node->children.empty()) {
        node->text.clear(); // text is the content of leaf elements only
    }
    b.open.pop_back();
}

void XMLCALL on_text(void* data, const XML_Char* s, int len) {
    auto& b = *static_cast<Builder*>(data);
    if (!b.refused && !b.open.empty() && len > 0) {
        b.open.back()->text.append(s, static_cast<std::size_t>(len));
    }
}

void XMLCALL on_doctype(void* data, const XML_Char* /*name*/, const XML_Char* /*sysid*/,
                        const XML_Char* /*pubid*/, int /*has_internal_subset*/) {
    static_cast<Builder*>(data)->stop(XmlError::Kind::malformed, "a document type declaration (DTD) is not allowed");
}

struct ParserFree {
    void operator()(XML_Parser p) const {
        XML_ParserFree(p);
    }
};

using ParserPtr = std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree>;

// The thread's secret salt for Expat's name hash tables (their defence against hash
// flooding), drawn once: a reset parser would otherwise ask getrandom(2) for a new one
// before every document. 0 (getrandom failed) leaves it to Expat.
unsigned long thread_hash_salt() {
    thread_local const unsigned long salt = [] {
        unsigned long v = 0;
        if (getrandom(&v, sizeof v, 0) != static_cast<ssize_t>(sizeof v)) {
            v = 0;
        }
        return v;
    }();
    return salt;
}

// One parser per thread, reset between documents (Expat keeps its memory pools).
XML_Parser thread_parser() {
    thread_local ParserPtr parser;
    if (!parser) {
        parser.reset(XML_ParserCreateNS("UTF-8", ns_separator));
    } else if (XML_ParserReset(parser.get(), "UTF-8") != XML_TRUE) {
        parser.reset(XML_ParserCreateNS("UTF-8", ns_separator));
    }
    if (parser) {
        if (const unsigned long salt = thread_hash_salt(); salt != 0) {
            (void)XML_SetHashSalt(parser.get(), salt);
        }
    }
    return parser.get();
}

} // namespace

std::expected<XmlNode, XmlError> parse_document(std::string_view text) {
    XML_Parser parser = thread_parser();
    if (parser == nullptr) {
        return std::unexpected(XmlError{XmlError::Kind::malformed, "no memory for the XML parser"});
    }
    if (text.size() > static_cast<std::size_t>(INT32_MAX)) {
        return std::unexpected(XmlError{XmlError::Kind::too_many_elements, "XML document too large"});
    }
    Builder b;
    b.parser = parser;
    b.open.reserve(static_cast<std::size_t>(max_xml_depth) + 1);
    XML_SetUserData(parser, &b);
    XML_SetElementHandler(parser, on_start, on_end);
    XML_SetCharacterDataHandler(parser, on_text);
    XML_SetStartDoctypeDeclHandler(parser, on_doctype);
    // "encoding" given at creation overrides the document's declaration: the text is UTF-8
    // here whatever the request was sent in (body_as_utf8 converted it).
    const XML_Status status = XML_Parse(parser, text.data(), static_cast<int>(text.size()), XML_TRUE);
    if (b.refused) {
        return std::unexpected(std::move(*b.refused));
    }
    if (status != XML_STATUS_OK) {
        return std::unexpected(XmlError{XmlError::Kind::malformed,
                                        fmt::format("{} (line {}, column {})", XML_ErrorString(XML_GetErrorCode(parser)),
                                                    XML_GetCurrentLineNumber(parser),
                                                    XML_GetCurrentColumnNumber(parser))});
    }
    if (!b.have_root) {
        return std::unexpected(XmlError{XmlError::Kind::malformed, "no root element"});
    }
    return std::move(b.root);
}

std::expected<XmlNode, std::string> parse_xml(std::string_view text) {
    auto r = parse_document(text);
    if (!r) {
        return std::unexpected(std::move(r.error().why));
    }
    return std::move(*r);
}

} // namespace wsman
