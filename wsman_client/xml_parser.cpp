// The answer parser: one pass over the bytes building the view tree (XML 1.0 2-4 and 14
// without a DTD; Namespaces in XML 1.0 3-6). Texts and names stay slices of the bytes unless a
// reference had to be decoded or pieces joined; each element's children are moved into a vector
// of exactly their number when it closes.
#include <array>
#include <cstdint>
#include <cstring>

#include "wsman_client/errc.hpp"
#include "wsman_client/xml.hpp"

namespace wsman::client {

namespace {

constexpr std::string_view xml_ns = "http://www.w3.org/XML/1998/namespace";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool all_space(std::string_view s) {
  for (char c : s) {
    if (!is_space(c)) return false;
  }
  return true;
}

// XML 1.0 2.2 Char over UTF-8: well-formed sequences (no overlongs, no surrogates), no control
// characters but tab, newline and carriage return, no U+FFFE/U+FFFF. ASCII runs go eight at a time.
bool valid_chars(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      const std::uint64_t high = w & 0x8080808080808080ull;
      const std::uint64_t low = (w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull;  // a byte < 0x20
      if ((high | low) == 0) {
        p += 8;
        continue;
      }
    }
    const unsigned char b = *p;
    if (b < 0x80) {
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') return false;
      ++p;
      continue;
    }
    std::uint32_t cp = 0;
    int more = 0;
    if (b >= 0xC2 && b <= 0xDF) {
      cp = b & 0x1Fu;
      more = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      cp = b & 0x0Fu;
      more = 2;
    } else if (b >= 0xF0 && b <= 0xF4) {
      cp = b & 0x07u;
      more = 3;
    } else {
      return false;
    }
    if (end - p <= more) return false;
    for (int i = 1; i <= more; ++i) {
      if ((p[i] & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) {
      return false;
    }
    p += more + 1;
  }
  return true;
}

// XML 1.0 4.1/4.6: the five predefined entities and character references; anything else
// (a general entity would need a DTD) is an error.
bool decode_references(std::string_view in, std::string& out) {
  out.reserve(in.size());
  std::size_t from = 0;
  for (std::size_t amp = in.find('&'); amp != std::string_view::npos; amp = in.find('&', from)) {
    out.append(in.substr(from, amp - from));
    const std::size_t semi = in.find(';', amp);
    if (semi == std::string_view::npos || semi - amp > 12) return false;
    std::string_view ref = in.substr(amp + 1, semi - amp - 1);
    if (ref == "lt") out.push_back('<');
    else if (ref == "gt") out.push_back('>');
    else if (ref == "amp") out.push_back('&');
    else if (ref == "quot") out.push_back('"');
    else if (ref == "apos") out.push_back('\'');
    else if (ref.size() >= 2 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      std::string_view digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) return false;
      std::uint32_t cp = 0;
      for (char c : digits) {
        std::uint32_t d;
        if (c >= '0' && c <= '9') d = static_cast<std::uint32_t>(c - '0');
        else if (hex && c >= 'a' && c <= 'f') d = static_cast<std::uint32_t>(c - 'a' + 10);
        else if (hex && c >= 'A' && c <= 'F') d = static_cast<std::uint32_t>(c - 'A' + 10);
        else return false;
        cp = cp * (hex ? 16 : 10) + d;
        if (cp > 0x10FFFF) return false;
      }
      const bool ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                      (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
      if (!ok) return false;
      append_utf8(out, cp);
    } else {
      return false;
    }
    from = semi + 1;
  }
  out.append(in.substr(from));
  return true;
}

// Name characters: a name ends at white space, '/', '>' or '='; the characters that delimit other
// markup may not appear in it. One table look-up per byte.
enum : unsigned char { name_char = 1, name_end = 2, name_bad = 4 };

constexpr auto name_table = [] {
  std::array<unsigned char, 256> t{};
  for (auto& v : t) v = name_char;
  for (char c : std::string_view(" \t\r\n/>=")) t[static_cast<unsigned char>(c)] = name_end;
  for (char c : std::string_view("<&\"'!?;")) t[static_cast<unsigned char>(c)] = name_bad;
  return t;
}();

// Namespaces 3 (QName): at most one ':' with both sides non-empty; not starting with a digit,
// '-' or '.'.
bool valid_qname(std::string_view n, bool bad_char_seen) {
  if (n.empty() || bad_char_seen) return false;
  const char first = n.front();
  if ((first >= '0' && first <= '9') || first == '-' || first == '.' || first == ':') return false;
  const std::size_t colon = n.find(':');
  return colon == std::string_view::npos || (colon + 1 < n.size() && n.find(':', colon + 1) == std::string_view::npos);
}

struct RawAttribute {
  std::string_view qname, value;
};

class Parser {
 public:
  Parser(XmlDocument& doc, std::string_view text, const XmlLimits& limits) : doc_(doc), s_(text), limits_(limits) {}

  bool run() {
    if (!valid_chars(s_)) return false;
    bool seen_root = false;
    while (true) {
      const std::size_t lt = s_.find('<', pos_);
      std::string_view between = s_.substr(pos_, lt == std::string_view::npos ? std::string_view::npos : lt - pos_);
      if (open_.empty()) {
        if (!all_space(between)) return false;  // character data outside the root
      } else if (!between.empty() && !text(between, true)) {
        return false;
      }
      if (lt == std::string_view::npos) break;
      pos_ = lt;
      const char next = lt + 1 < s_.size() ? s_[lt + 1] : '\0';
      if (next != '?' && next != '!' && next != '/') {  // the common case first: a start tag
        if (open_.empty() && seen_root) return false;  // a second root
        seen_root = true;
        if (!start_tag()) return false;
        continue;
      }
      if (next == '/') {
        if (!end_tag()) return false;
        continue;
      }
      std::string_view rest = s_.substr(pos_);
      if (next == '?') {
        if (!skip_past("?>")) return false;
      } else if (rest.starts_with("<!--")) {
        if (!skip_past("-->")) return false;
      } else if (rest.starts_with("<![CDATA[")) {
        if (open_.empty()) return false;
        const std::size_t close = s_.find("]]>", pos_ + 9);
        if (close == std::string_view::npos) return false;
        if (!text(s_.substr(pos_ + 9, close - pos_ - 9), false)) return false;
        pos_ = close + 3;
      } else {
        return false;  // a DTD (SOAP 1.2 part 1, 5: none allowed) or a stray declaration
      }
    }
    return seen_root && open_.empty() && have_root_;
  }

 private:
  struct Ns {
    std::string_view prefix, uri;
  };
  struct Open {
    Element element;
    std::string_view qname;
    std::size_t scope_size = 0;
    std::size_t first_child = 0;  // index in pending_
    std::string* joined = nullptr;
  };

  bool skip_past(std::string_view marker) {
    const std::size_t at = s_.find(marker, pos_ + 2);
    if (at == std::string_view::npos) return false;
    pos_ = at + marker.size();
    return true;
  }

  // A piece of character data of the innermost open element; references decoded unless CDATA.
  bool text(std::string_view piece, bool references) {
    if (references && piece.find("]]>") != std::string_view::npos) return false;  // XML 1.0 2.4
    std::string_view value = piece;
    if (references && piece.find('&') != std::string_view::npos) {
      std::string out;
      if (!decode_references(piece, out)) return false;
      value = doc_.keep(std::move(out));
    }
    Open& o = open_.back();
    if (o.element.text.empty() && o.joined == nullptr) {
      o.element.text = value;
    } else if (o.joined != nullptr) {
      o.joined->append(value);
      o.element.text = *o.joined;
    } else if (!(all_space(o.element.text) && all_space(value))) {  // blank runs between children stay one
      o.joined = &doc_.decoded.emplace_back(o.element.text);
      o.joined->append(value);
      o.element.text = *o.joined;
    }
    return true;
  }

  // The name at pos_; bad set when it holds a character that delimits markup.
  std::string_view read_name(bool& bad) {
    const std::size_t from = pos_;
    unsigned char seen = 0;
    while (pos_ < s_.size()) {
      const unsigned char k = name_table[static_cast<unsigned char>(s_[pos_])];
      if (k == name_end) break;
      seen |= k;
      ++pos_;
    }
    bad = (seen & name_bad) != 0;
    return s_.substr(from, pos_ - from);
  }

  bool skip_space() {
    const std::size_t from = pos_;
    while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
    return pos_ != from;
  }

  // The innermost declaration of prefix; the last answer is kept until the scope changes (an
  // item's properties all use one prefix).
  const std::string_view* resolve(std::string_view prefix) {
    if (cached_ != nullptr && cached_prefix_ == prefix) return cached_;
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
      if (it->prefix == prefix) {
        cached_prefix_ = prefix;
        cached_ = &it->uri;
        return cached_;
      }
    }
    return nullptr;
  }

  bool start_tag() {
    if (open_.size() >= limits_.max_depth || ++elements_ > limits_.max_elements) return false;
    ++pos_;
    bool bad = false;
    std::string_view qname = read_name(bad);
    if (!valid_qname(qname, bad)) return false;
    raw_.clear();
    bool empty = false;
    while (true) {
      const bool spaced = skip_space();
      if (pos_ >= s_.size()) return false;
      if (s_[pos_] == '>') {
        ++pos_;
        break;
      }
      if (s_[pos_] == '/') {
        if (pos_ + 1 >= s_.size() || s_[pos_ + 1] != '>') return false;
        pos_ += 2;
        empty = true;
        break;
      }
      if (!spaced) return false;  // attributes are separated by white space
      std::string_view aname = read_name(bad);
      if (!valid_qname(aname, bad)) return false;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '=') return false;
      ++pos_;
      skip_space();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) return false;
      const char quote = s_[pos_];
      const std::size_t close = s_.find(quote, pos_ + 1);
      if (close == std::string_view::npos) return false;
      std::string_view value = s_.substr(pos_ + 1, close - pos_ - 1);
      if (value.find('<') != std::string_view::npos) return false;
      if (value.find('&') != std::string_view::npos) {
        std::string out;
        if (!decode_references(value, out)) return false;
        value = doc_.keep(std::move(out));
      }
      for (const auto& r : raw_) {
        if (r.qname == aname) return false;  // XML 1.0 3.1: unique attribute names
      }
      raw_.push_back({aname, value});
      pos_ = close + 1;
    }
    Open o;
    o.qname = qname;
    o.scope_size = scope_.size();
    o.first_child = pending_.size();
    std::size_t plain = 0;
    for (const auto& r : raw_) {
      if (r.qname == "xmlns") {
        cached_ = nullptr;
        scope_.push_back({"", r.value});
      } else if (r.qname.starts_with("xmlns:")) {
        std::string_view prefix = r.qname.substr(6);
        if (r.value.empty() || prefix == "xmlns" || (prefix == "xml") != (r.value == xml_ns)) return false;
        cached_ = nullptr;
        scope_.push_back({prefix, r.value});
      } else {
        ++plain;
      }
    }
    Element& e = o.element;
    const std::size_t colon = qname.find(':');
    if (colon == std::string_view::npos) {
      const std::string_view* uri = resolve("");
      e.ns = uri != nullptr ? *uri : std::string_view{};
      e.name = qname;
    } else {
      std::string_view prefix = qname.substr(0, colon);
      const std::string_view* uri = prefix == "xml" ? &xml_ns : resolve(prefix);
      if (uri == nullptr || uri->empty()) return false;  // Namespaces 5: prefixes must be declared
      e.ns = *uri;
      e.name = qname.substr(colon + 1);
    }
    if (plain != 0) {
      e.attributes.reserve(plain);
      for (const auto& r : raw_) {
        if (r.qname == "xmlns" || r.qname.starts_with("xmlns:")) continue;
        const std::size_t c = r.qname.find(':');
        if (c == std::string_view::npos) {
          e.attributes.push_back({{}, r.qname, r.value});
          continue;
        }
        std::string_view prefix = r.qname.substr(0, c);
        const std::string_view* uri = prefix == "xml" ? &xml_ns : resolve(prefix);
        if (uri == nullptr || uri->empty()) return false;
        e.attributes.push_back({*uri, r.qname.substr(c + 1), r.value});
      }
    }
    open_.push_back(std::move(o));
    if (empty) close_innermost();
    return true;
  }

  bool end_tag() {
    pos_ += 2;
    bool bad = false;
    std::string_view qname = read_name(bad);
    skip_space();
    if (pos_ >= s_.size() || s_[pos_] != '>') return false;
    ++pos_;
    if (open_.empty() || open_.back().qname != qname) return false;
    close_innermost();
    return true;
  }

  void close_innermost() {
    Open& o = open_.back();
    const std::size_t n = pending_.size() - o.first_child;
    if (n != 0) {
      o.element.children.reserve(n);
      for (std::size_t i = o.first_child; i < pending_.size(); ++i) o.element.children.push_back(std::move(pending_[i]));
      pending_.resize(o.first_child);
    }
    if (scope_.size() != o.scope_size) {
      scope_.resize(o.scope_size);
      cached_ = nullptr;
    }
    if (open_.size() == 1) {
      doc_.root = std::move(o.element);
      have_root_ = true;
    } else {
      pending_.push_back(std::move(o.element));
    }
    open_.pop_back();
  }

  XmlDocument& doc_;
  std::string_view s_;
  const XmlLimits& limits_;
  std::size_t pos_ = 0;
  std::size_t elements_ = 0;
  bool have_root_ = false;
  std::vector<Ns> scope_;
  std::string_view cached_prefix_;
  const std::string_view* cached_ = nullptr;
  std::vector<Open> open_;
  std::vector<Element> pending_;
  std::vector<RawAttribute> raw_;
};

}  // namespace

std::expected<std::shared_ptr<XmlDocument>, std::error_code> parse_owned(std::string body, const XmlLimits& limits) {
  auto doc = std::make_shared<XmlDocument>();
  doc->bytes = std::move(body);
  std::string_view text = doc->bytes;
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  } else if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF") ||
             (text.size() >= 2 && (text[0] == '\0' || text[1] == '\0'))) {
    auto utf8 = to_utf8(text);
    if (!utf8) return std::unexpected(utf8.error());
    doc->converted = std::move(*utf8);
    text = doc->converted;
    // The declaration still names UTF-16; the text is UTF-8 now and declarations are not read.
  }
  if (text.size() > (std::size_t{1} << 31)) return std::unexpected(make_error_code(Errc::too_large));
  Parser parser(*doc, text, limits);
  if (!parser.run()) return std::unexpected(make_error_code(Errc::bad_response));
  return doc;
}

}  // namespace wsman::client
