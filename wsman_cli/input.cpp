// The @{} parser and the body builder.
#include "wsman_cli/input.hpp"

#include <cctype>

#include "wsman_client/xml.hpp"

namespace wsman::cli {

std::expected<Pairs, std::string> parse_hash(std::string_view text, bool at_sign, bool bare_values) {
  if (at_sign) {
    if (!text.starts_with("@")) return std::unexpected("input must look like @{KEY=\"VALUE\";...}");
    text.remove_prefix(1);
  }
  if (!text.starts_with("{") || !text.ends_with("}")) return std::unexpected("input must be enclosed in {}");
  text = text.substr(1, text.size() - 2);
  Pairs out;
  std::size_t i = 0;
  auto skip_space = [&] { while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i; };
  while (true) {
    skip_space();
    if (i >= text.size()) break;
    std::size_t start = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' || text[i] == ':')) ++i;
    std::string key(text.substr(start, i - start));
    if (key.empty()) return std::unexpected("a key must be letters, digits, '_' or ':' at position " + std::to_string(start));
    skip_space();
    if (i >= text.size() || text[i] != '=') return std::unexpected("'=' expected after " + key);
    ++i;
    skip_space();
    std::optional<std::string> value;
    if (text.substr(i).starts_with("$null")) {
      i += 5;
    } else if (i < text.size() && text[i] == '"') {
      ++i;
      std::string v;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '"') {
          v.push_back('"');
          i += 2;
        } else if (text[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          v.push_back(text[i++]);
        }
      }
      if (!closed) return std::unexpected("unterminated value of " + key);
      value = std::move(v);
    } else if (bare_values) {
      std::size_t start_value = i;
      while (i < text.size() && text[i] != ';') ++i;
      value = std::string(text.substr(start_value, i - start_value));
    } else {
      return std::unexpected("the value of " + key + " must be double-quoted or $null");
    }
    for (const auto& [k, v] : out) {
      if (k == key) return std::unexpected("duplicate key " + key);
    }
    out.emplace_back(std::move(key), std::move(value));
    skip_space();
    if (i < text.size()) {
      if (text[i] != ';') return std::unexpected("';' expected between pairs");
      ++i;
    }
  }
  return out;
}

std::string build_body(const std::string& root, const std::string& ns, const Pairs& pairs) {
  using client::xml_escape;
  std::string s = "<p:" + root + " xmlns:p=\"" + xml_escape(ns) +
                  "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";
  for (const auto& [k, v] : pairs) {
    if (v) {
      s += "<p:" + k + ">" + xml_escape(*v) + "</p:" + k + ">";
    } else {
      s += "<p:" + k + " xsi:nil=\"true\"/>";
    }
  }
  return s + "</p:" + root + ">";
}

}  // namespace wsman::cli
