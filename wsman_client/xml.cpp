// Element lookups; UTF-16 to UTF-8; escaping; the subtree writer.
#include "wsman_client/xml.hpp"

#include <map>

#include "wsman_client/errc.hpp"

namespace wsman::client {

const Element* Element::child(std::string_view child_ns, std::string_view local) const {
  for (const auto& c : children) {
    if (c.name == local && (child_ns.empty() || c.ns == child_ns)) return &c;
  }
  return nullptr;
}

const std::string_view* Element::attribute(std::string_view attr_ns, std::string_view local) const {
  for (const auto& a : attributes) {
    if (a.name == local && a.ns == attr_ns) return &a.value;
  }
  return nullptr;
}

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

std::string_view trim_space(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

namespace {

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

}  // namespace

std::expected<std::string, std::error_code> to_utf8(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) return std::string(body.substr(3));
  if (body.starts_with("\xFF\xFE")) return utf16_to_utf8(body.substr(2), true);
  if (body.starts_with("\xFE\xFF")) return utf16_to_utf8(body.substr(2), false);
  if (body.size() >= 2 && body[0] == '<' && body[1] == '\0') return utf16_to_utf8(body, true);
  if (body.size() >= 2 && body[0] == '\0' && body[1] == '<') return utf16_to_utf8(body, false);
  return std::string(body);
}

void append_escaped(std::string& out, std::string_view text) {
  std::size_t from = 0;
  for (std::size_t i = text.find_first_of("&<>\"'\r"); i != std::string_view::npos;
       i = text.find_first_of("&<>\"'\r", from)) {
    out.append(text.substr(from, i - from));
    switch (text[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += "&#13;"; break;
    }
    from = i + 1;
  }
  out.append(text.substr(from));
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

namespace {

class Writer {
 public:
  std::string out;
  bool pretty = false;

  // scope: namespace URI -> prefix declared by an ancestor; copied only where an element
  // declares a new one.
  void write(const Element& e, const std::map<std::string_view, std::string, std::less<>>& scope, std::size_t depth = 0) {
    if (pretty) {
      if (depth != 0) out += '\n';
      out.append(depth * 2, ' ');
    }
    std::map<std::string_view, std::string, std::less<>> own;
    const std::map<std::string_view, std::string, std::less<>>* in_scope = &scope;
    std::string decls;
    auto prefix_of = [&](std::string_view ns) -> std::string {
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
      append_escaped(decls, ns);
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
      append_escaped(attrs, a.value);
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
      append_escaped(out, e.text);
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
