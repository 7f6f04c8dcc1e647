// Reading XML with gSOAP's DOM parser (depth and size bounded by the soap context).
#include "wsman_front/dom_reader.hpp"

#include "soapH.h"
#include "soap.nsmap" // the namespace table: included by exactly this file

#include <sstream>

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

bool convert(const soap_dom_element& e, XmlNode& out, int depth) {
    if (depth > max_xml_depth) {
        return false;
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
        if (!convert(*c, out.children.back(), depth + 1)) {
            return false;
        }
    }
    return true;
}

} // namespace

std::expected<XmlNode, std::string> read_xml_body(struct soap* soap) {
    soap_dom_element dom(soap);
    if (soap_in_xsd__anyType(soap, nullptr, &dom, nullptr) == nullptr || soap_end_recv(soap) != SOAP_OK) {
        const char* const* s = soap_faultstring(soap);
        return std::unexpected(std::string(s != nullptr && *s != nullptr ? *s : "malformed XML"));
    }
    XmlNode root;
    if (!convert(dom, root, 0)) {
        return std::unexpected(std::string("XML nested too deeply"));
    }
    return root;
}

std::expected<XmlNode, std::string> parse_xml(std::string_view text) {
    struct soap* soap = soap_new1(SOAP_C_UTFSTRING | SOAP_XML_STRICT);
    soap->maxlevel = max_xml_depth + 2;
    std::istringstream in{std::string(text)};
    soap->is = &in;
    auto result = soap_begin_recv(soap) == SOAP_OK ? read_xml_body(soap)
                                                    : std::unexpected(std::string("unreadable input"));
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
    return result;
}

} // namespace wsman
