// Reading XML with gSOAP's DOM parser (depth bounded by the soap context, elements counted
// while converting).
#include "wsman_front/dom_reader.hpp"

#include "soapH.h"
#include "soap.nsmap" // the namespace table: included by exactly this file

#include <cstring>
#include <memory>
#include <optional>

namespace wsman {
namespace {

std::string_view local_part(const char* name) {
    if (name == nullptr) {
        return {};
    }
    std::string_view n(name);
    const auto colon = n.find(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

struct Limits {
    std::size_t elements = 0;
};

std::optional<XmlError> convert(const soap_dom_element& e, XmlNode& out, int depth, Limits& limits) {
    if (depth > max_xml_depth) {
        return XmlError{XmlError::Kind::too_deep, "XML nested too deeply"};
    }
    if (++limits.elements > max_xml_elements) {
        return XmlError{XmlError::Kind::too_many_elements, "XML with too many elements"};
    }
    out.ns = e.nstr != nullptr ? e.nstr : "";
    out.local = std::string(local_part(e.name));
    out.text = e.text != nullptr ? e.text : "";
    for (const soap_dom_attribute* a = e.atts; a != nullptr; a = a->next) {
        if (a->name != nullptr) {
            out.attributes.push_back({a->nstr != nullptr ? a->nstr : "", std::string(local_part(a->name)),
                                      a->text != nullptr ? a->text : ""});
        }
    }
    for (const soap_dom_element* c = e.elts; c != nullptr; c = c->next) {
        if (c->name == nullptr) {
            continue; // text or comment nodes
        }
        out.children.emplace_back();
        if (auto err = convert(*c, out.children.back(), depth + 1, limits)) {
            return err;
        }
    }
    return std::nullopt;
}

// The document being parsed, read by gSOAP through frecv.
struct Source {
    std::string_view rest;
};

std::size_t read_source(struct soap* soap, char* buf, std::size_t len) {
    auto* s = static_cast<Source*>(soap->user);
    const std::size_t n = std::min(len, s->rest.size());
    std::memcpy(buf, s->rest.data(), n);
    s->rest.remove_prefix(n);
    return n;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Nothing but white space after the root element, in gSOAP's buffer and in the source.
bool only_space_left(struct soap* soap, const Source& source) {
    for (std::size_t i = soap->bufidx; i < soap->buflen; ++i) {
        if (!is_space(soap->buf[i])) {
            soap->error = SOAP_SYNTAX_ERROR;
            return false;
        }
    }
    for (char c : source.rest) {
        if (!is_space(c)) {
            soap->error = SOAP_SYNTAX_ERROR;
            return false;
        }
    }
    return true;
}

struct SoapFree {
    void operator()(struct soap* s) const {
        soap_destroy(s);
        soap_end(s);
        soap_free(s);
    }
};

struct soap* thread_parser() {
    thread_local std::unique_ptr<struct soap, SoapFree> parser;
    if (!parser) {
        // Plain XML (no HTTP header is looked for), UTF-8 kept as is, strict.
        parser.reset(soap_new1(SOAP_C_UTFSTRING | SOAP_XML_STRICT | SOAP_ENC_PLAIN));
        parser->maxlevel = max_xml_depth + 2;
        parser->frecv = read_source;
    }
    return parser.get();
}

} // namespace

std::expected<XmlNode, XmlError> parse_document(std::string_view text) {
    struct soap* soap = thread_parser();
    Source source{text};
    soap->user = &source;
    std::expected<XmlNode, XmlError> result;
    {
        soap_dom_element dom(soap);
        // soap_end_recv is not called: it resolves SOAP-encoding id/href references (a scan
        // of gSOAP's hash tables, 6% of a Get), which WS-Management never uses. What follows
        // the root element is checked here instead.
        if (soap_begin_recv(soap) != SOAP_OK || soap_in_xsd__anyType(soap, nullptr, &dom, nullptr) == nullptr ||
            !only_space_left(soap, source)) {
            const bool deep = soap->error == SOAP_LEVEL;
            const char* const* s = soap_faultstring(soap);
            result = std::unexpected(XmlError{deep ? XmlError::Kind::too_deep : XmlError::Kind::malformed,
                                              deep ? "XML nested too deeply"
                                                   : std::string(s != nullptr && *s != nullptr ? *s : "malformed XML")});
        } else {
            XmlNode root;
            Limits limits;
            if (auto err = convert(dom, root, 0, limits)) {
                result = std::unexpected(std::move(*err));
            } else {
                result = std::move(root);
            }
        }
    }
    soap->user = nullptr;
    soap_destroy(soap);
    soap_end(soap);
    return result;
}

std::expected<XmlNode, std::string> parse_xml(std::string_view text) {
    auto r = parse_document(text);
    if (!r) {
        return std::unexpected(std::move(r.error().why));
    }
    return std::move(*r);
}

} // namespace wsman
