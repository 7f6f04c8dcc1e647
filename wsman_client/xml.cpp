// Expat to Element with bounds; UTF-16 to UTF-8; escaping; the subtree writer.
#include "wsman_client/xml.hpp"

#include <expat.h>

#include <map>
#include <memory>

#include "wsman_client/errc.hpp"

namespace wsman::client {

const Element* Element::child(std::string_view child_ns, std::string_view local) const {
  for (const auto& c : children) {
    if (c.name == local && (child_ns.empty() || c.ns == child_ns)) return &c;
  }
  return nullptr;
}

const std::string* Element::attribute(std::string_view attr_ns, std::string_view local) const {
  for (const auto& a : attributes) {
    if (a.name == local && a.ns == attr_ns) return &a.value;
  }
  return nullptr;
}

namespace {

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::expected<std::string, std::error_code> utf16_to_utf8(std::string_view body, bool little) {
  if (body.size() % 2 != 0) return std::unexpected(make_error_code(Errc::bad_response));
  std::string out;
  out.reserve(body.size() / 2);
  auto unit = [&](std::size_t i) {
    auto a = static_cast<unsigned char>(body[i]);
    auto b = static_cast<unsigned char>(body[i + 1]);
    return static_cast<char32_t>(little ? (a | (b << 8)) : ((a << 8) | b));
  };
  for (std::size_t i = 0; i < body.size(); i += 2) {
    char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= body.size()) return std::unexpected(make_error_code(Errc::bad_response));
      char32_t low = unit(i + 2);
      if (low < 0xDC00 || low > 0xDFFF) return std::unexpected(make_error_code(Errc::bad_response));
      u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      return std::unexpected(make_error_code(Errc::bad_response));
    }
    append_utf8(out, u);
  }
  return out;
}

// Expat's namespace-separated names "URI\x1Flocal" (or "local").
void split_name(const XML_Char* full, std::string& ns, std::string& local) {
  std::string_view s(full);
  auto sep = s.find('\x1F');
  if (sep == std::string_view::npos) {
    ns.clear();
    local.assign(s);
  } else {
    ns.assign(s.substr(0, sep));
    local.assign(s.substr(sep + 1));
  }
}

struct Builder {
  XmlLimits limits;
  std::vector<Element> stack;  // open elements; the root is stack[0] while open
  Element root;
  bool have_root = false;
  std::size_t elements = 0;
  bool over_limit = false;
  XML_Parser parser = nullptr;

  void stop() {
    over_limit = true;
    XML_StopParser(parser, XML_FALSE);
  }
};

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** atts) {
  auto* b = static_cast<Builder*>(data);
  if (++b->elements > b->limits.max_elements || b->stack.size() >= b->limits.max_depth) {
    b->stop();
    return;
  }
  Element e;
  split_name(name, e.ns, e.name);
  for (std::size_t i = 0; atts[i] != nullptr && atts[i + 1] != nullptr; i += 2) {
    Attribute a;
    split_name(atts[i], a.ns, a.name);
    a.value = atts[i + 1];
    e.attributes.push_back(std::move(a));
  }
  b->stack.push_back(std::move(e));
}

void XMLCALL on_end(void* data, const XML_Char*) {
  auto* b = static_cast<Builder*>(data);
  if (b->stack.empty()) return;
  Element e = std::move(b->stack.back());
  b->stack.pop_back();
  if (b->stack.empty()) {
    b->root = std::move(e);
    b->have_root = true;
  } else {
    b->stack.back().children.push_back(std::move(e));
  }
}

void XMLCALL on_text(void* data, const XML_Char* s, int len) {
  auto* b = static_cast<Builder*>(data);
  if (!b->stack.empty() && len > 0) b->stack.back().text.append(s, static_cast<std::size_t>(len));
}

void XMLCALL on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<Builder*>(data)->stop();  // SOAP forbids DTDs (SOAP 1.2 part 1, 5)
}

struct ParserFree {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

}  // namespace

std::expected<std::string, std::error_code> to_utf8(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) return std::string(body.substr(3));
  if (body.starts_with("\xFF\xFE")) return utf16_to_utf8(body.substr(2), true);
  if (body.starts_with("\xFE\xFF")) return utf16_to_utf8(body.substr(2), false);
  if (body.size() >= 2 && body[0] == '<' && body[1] == '\0') return utf16_to_utf8(body, true);
  if (body.size() >= 2 && body[0] == '\0' && body[1] == '<') return utf16_to_utf8(body, false);
  return std::string(body);
}

std::expected<Element, std::error_code> parse_xml(std::string_view body, const XmlLimits& limits) {
  auto text = to_utf8(body);
  if (!text) return std::unexpected(text.error());
  // The declaration may still say UTF-16 after conversion; Expat is told the real encoding.
  std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreateNS("UTF-8", '\x1F'));
  if (!parser) return std::unexpected(make_error_code(Errc::bad_response));
  Builder b;
  b.limits = limits;
  b.parser = parser.get();
  XML_SetUserData(parser.get(), &b);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetCharacterDataHandler(parser.get(), on_text);
  XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
  XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);
  std::string_view doc = *text;
  if (body.size() != text->size() || body.starts_with("\xEF\xBB\xBF")) {
    // Converted: drop a declaration naming the old encoding.
    if (doc.starts_with("<?xml")) {
      auto end = doc.find("?>");
      if (end != std::string_view::npos) doc.remove_prefix(end + 2);
    }
  }
  if (doc.size() > static_cast<std::size_t>(INT32_MAX)) return std::unexpected(make_error_code(Errc::too_large));
  auto status = XML_Parse(parser.get(), doc.data(), static_cast<int>(doc.size()), XML_TRUE);
  if (status != XML_STATUS_OK || b.over_limit || !b.have_root) {
    return std::unexpected(make_error_code(Errc::bad_response));
  }
  return std::move(b.root);
}

std::string xml_escape(std::string_view text) {
  if (text.find_first_of("&<>\"'\r") == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\r': out += "&#13;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

namespace {

class Writer {
 public:
  std::string out;
  bool pretty = false;

  // scope: namespace URI -> prefix declared by an ancestor; copied only where an element
  // declares a new one.
  void write(const Element& e, const std::map<std::string, std::string>& scope, std::size_t depth = 0) {
    if (pretty) {
      if (depth != 0) out += '\n';
      out.append(depth * 2, ' ');
    }
    std::map<std::string, std::string> own;
    const std::map<std::string, std::string>* in_scope = &scope;
    std::string decls;
    auto prefix_of = [&](const std::string& ns) -> std::string {
      if (ns.empty()) return {};
      if (ns == "http://www.w3.org/XML/1998/namespace") return "xml";
      auto it = in_scope->find(ns);
      if (it != in_scope->end()) return it->second;
      if (in_scope != &own) {
        own = scope;
        in_scope = &own;
      }
      std::string p = "n" + std::to_string(next_++);
      own.emplace(ns, p);
      decls += " xmlns:";
      decls += p;
      decls += "=\"";
      decls += xml_escape(ns);
      decls += '"';
      return p;
    };
    std::string tag = prefix_of(e.ns);
    if (!tag.empty()) tag += ':';
    tag += e.name;
    out += '<';
    out += tag;
    std::string attrs;
    for (const auto& a : e.attributes) {
      attrs += ' ';
      if (!a.ns.empty()) {
        attrs += prefix_of(a.ns);
        attrs += ':';
      }
      attrs += a.name;
      attrs += "=\"";
      attrs += xml_escape(a.value);
      attrs += '"';
    }
    out += decls;
    out += attrs;
    if (e.children.empty() && e.text.empty()) {
      out += "/>";
      return;
    }
    out += '>';
    if (e.children.empty()) {
      out += xml_escape(e.text);
    } else {
      for (const auto& c : e.children) write(c, *in_scope, depth + 1);
      if (pretty) {
        out += '\n';
        out.append(depth * 2, ' ');
      }
    }
    out += "</";
    out += tag;
    out += '>';
  }

 private:
  int next_ = 0;
};

}  // namespace

std::string to_xml(const Element& element, bool pretty) {
  Writer w;
  w.pretty = pretty;
  w.write(element, {});
  return std::move(w.out);
}

}  // namespace wsman::client
