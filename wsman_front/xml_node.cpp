#include "wsman_front/xml_node.hpp"

namespace wsman {

const XmlNode* XmlNode::child(std::string_view ns_uri, std::string_view name) const {
    for (const auto& c : children) {
        if (c.ns == ns_uri && c.local == name) {
            return &c;
        }
    }
    return nullptr;
}

const std::string* XmlNode::attribute(std::string_view name) const {
    for (const auto& a : attributes) {
        if (a.local == name) {
            return &a.value;
        }
    }
    return nullptr;
}

} // namespace wsman
