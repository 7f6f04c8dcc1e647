#include "eventing/xml_copy.hpp"

#include "wsman_front/xml_writer.hpp"

#include <fmt/format.h>
#include <map>

namespace eventing {
namespace {

// Prefixes n0, n1, ... per namespace URI, declared where first used.
struct Prefixes {
    std::map<std::string, std::string> known;
    std::string qualified(const std::string& ns, const std::string& local, std::string& declarations) {
        if (ns.empty()) {
            return local;
        }
        if (ns == "http://www.w3.org/XML/1998/namespace") {
            return "xml:" + local; // bound by definition, never declared
        }
        auto it = known.find(ns);
        if (it == known.end()) {
            it = known.emplace(ns, fmt::format("n{}", known.size())).first;
            declarations += fmt::format(" xmlns:{}=\"{}\"", it->second, wsman::escape(ns));
        }
        return it->second + ":" + local;
    }
};

void write(const wsman::XmlNode& node, Prefixes prefixes, std::string& out) {
    std::string declarations;
    const std::string name = prefixes.qualified(node.ns, node.local, declarations);
    std::string attributes;
    for (const auto& a : node.attributes) {
        attributes += fmt::format(" {}=\"{}\"", prefixes.qualified(a.ns, a.local, declarations), wsman::escape(a.value));
    }
    out += fmt::format("<{}{}{}>", name, declarations, attributes);
    out += wsman::escape(node.text);
    for (const auto& c : node.children) {
        write(c, prefixes, out);
    }
    out += fmt::format("</{}>", name);
}

} // namespace

std::string xml_text(const wsman::XmlNode& node) {
    std::string out;
    write(node, Prefixes{}, out);
    return out;
}

} // namespace eventing
