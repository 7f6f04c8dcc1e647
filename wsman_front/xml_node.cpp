#include "wsman_front/xml_node.hpp"

#include <charconv>

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

std::string trim_text(std::string_view text) {
    const auto b = text.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) {
        return {};
    }
    return std::string(text.substr(b, text.find_last_not_of(" \t\r\n") - b + 1));
}

std::optional<std::uint64_t> unsigned_text(std::string_view text) {
    const auto t = trim_text(text);
    std::uint64_t v = 0;
    if (auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v); ec != std::errc{} || p != t.data() + t.size()) {
        return std::nullopt;
    }
    return v;
}

} // namespace wsman
