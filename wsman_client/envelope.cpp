// Writes request envelopes; every caller-supplied string is escaped.
#include "wsman_client/envelope.hpp"

#include <random>

#include "wsman_client/namespaces.hpp"
#include "wsman_client/xml.hpp"

namespace wsman::client {

std::string new_message_id() {
  thread_local std::mt19937_64 rng{std::random_device{}() ^ (std::uint64_t{std::random_device{}()} << 32)};
  std::uint64_t a = rng();
  std::uint64_t b = rng();
  a = (a & 0xFFFFFFFFFFFF0FFFull) | 0x4000ull;           // version 4
  b = (b & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // variant 10
  static constexpr char hex[] = "0123456789abcdef";
  std::string s = "uuid:";
  auto put = [&](std::uint64_t v, int from, int to) {
    for (int i = from; i < to; ++i) s.push_back(hex[(v >> (60 - 4 * i)) & 0xF]);
  };
  put(a, 0, 8); s += '-'; put(a, 8, 12); s += '-'; put(a, 12, 16); s += '-';
  put(b, 0, 4); s += '-'; put(b, 4, 16);
  return s;
}

namespace {

std::string selector_set(const Selectors& selectors) {
  if (selectors.empty()) return {};
  std::string s = "<w:SelectorSet>";
  for (const auto& [k, v] : selectors) {
    s += "<w:Selector Name=\"" + xml_escape(k) + "\">" + xml_escape(v) + "</w:Selector>";
  }
  return s + "</w:SelectorSet>";
}

}  // namespace

std::string duration(std::uint32_t ms) {
  std::string s = "PT" + std::to_string(ms / 1000);
  if (ms % 1000 != 0) {
    std::string frac = std::to_string(1000 + ms % 1000).substr(1);
    while (frac.back() == '0') frac.pop_back();
    s += "." + frac;
  }
  return s + "S";
}

void append_envelope_start(std::string& s) {
  s += "<s:Envelope xmlns:s=\"";
  s += ns::soap;
  s += "\" xmlns:a=\"";
  s += ns::wsa;
  s += "\" xmlns:w=\"";
  s += ns::wsman;
  s += "\" xmlns:n=\"";
  s += ns::wsen;
  s += "\" xmlns:b=\"";
  s += ns::wsmb;
  s += "\">";
}

std::string build_envelope(const HeaderFields& h, const std::string& body_xml, const std::string& message_id) {
  std::string s;
  s.reserve(1200 + body_xml.size() + h.extra_headers_xml.size());
  append_envelope_start(s);
  s += "<s:Header><a:To>";
  append_escaped(s, h.to);
  s += "</a:To><w:ResourceURI s:mustUnderstand=\"true\">";
  append_escaped(s, h.resource_uri);
  s += "</w:ResourceURI><a:ReplyTo><a:Address s:mustUnderstand=\"true\">";
  s += ns::anonymous;
  s += "</a:Address></a:ReplyTo><a:Action s:mustUnderstand=\"true\">";
  append_escaped(s, h.action);
  s += "</a:Action><w:MaxEnvelopeSize s:mustUnderstand=\"true\">";
  s += std::to_string(h.max_envelope_size);
  s += "</w:MaxEnvelopeSize><a:MessageID>";
  if (message_id.empty()) {
    s += new_message_id();
  } else {
    append_escaped(s, message_id);
  }
  s += "</a:MessageID>";
  if (!h.locale.empty()) {
    s += "<w:Locale xml:lang=\"";
    append_escaped(s, h.locale);
    s += "\" s:mustUnderstand=\"false\"/>";
  }
  s += selector_set(h.selectors);
  if (!h.options.empty()) {
    s += "<w:OptionSet>";
    for (const auto& [k, v] : h.options) {
      s += "<w:Option Name=\"";
      append_escaped(s, k);
      s += "\">";
      append_escaped(s, v);
      s += "</w:Option>";
    }
    s += "</w:OptionSet>";
  }
  s += "<w:OperationTimeout>";
  s += duration(h.operation_timeout_ms);
  s += "</w:OperationTimeout>";
  s += h.extra_headers_xml;
  s += "</s:Header><s:Body>";
  s += body_xml;
  s += "</s:Body></s:Envelope>";
  return s;
}

std::string identify_envelope() {
  std::string s = "<s:Envelope xmlns:s=\"";
  s += ns::soap;
  s += "\" xmlns:wsmid=\"";
  s += ns::wsmid;
  s += "\"><s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>";
  return s;
}

namespace {

std::string association_filter(const AssociationFilter& f) {
  const char* kind = f.association_instances ? "AssociationInstances" : "AssociatedInstances";
  std::string s = "<w:Filter Dialect=\"";
  s += ns::dialect_association;
  s += "\"><b:" + std::string(kind) + "><b:Object><a:Address>";
  s += xml_escape(f.object.address.empty() ? ns::anonymous : f.object.address);
  s += "</a:Address><a:ReferenceParameters><w:ResourceURI>" + xml_escape(f.object.resource_uri) + "</w:ResourceURI>";
  s += selector_set(f.object.selectors);
  s += "</a:ReferenceParameters></b:Object>";
  auto opt = [&](const char* name, const std::string& v) {
    if (!v.empty()) s += "<b:" + std::string(name) + ">" + xml_escape(v) + "</b:" + name + ">";
  };
  opt("AssociationClassName", f.association_class);
  opt("Role", f.role);
  opt("ResultClassName", f.result_class);
  opt("ResultRole", f.result_role);
  s += "</b:" + std::string(kind) + "></w:Filter>";
  return s;
}

}  // namespace

std::string enumerate_body(const EnumerateOptions& o) {
  std::string s = "<n:Enumerate>";
  if (o.optimize) {
    s += "<w:OptimizeEnumeration/><w:MaxElements>" + std::to_string(o.max_elements) + "</w:MaxElements>";
  }
  if (o.mode == EnumerationMode::epr) s += "<w:EnumerationMode>EnumerateEPR</w:EnumerationMode>";
  if (o.mode == EnumerationMode::object_and_epr) s += "<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode>";
  if (o.shallow) {
    s += "<b:PolymorphismMode>None</b:PolymorphismMode>";
  } else if (o.base_properties_only) {
    s += "<b:PolymorphismMode>ExcludeSubClassProperties</b:PolymorphismMode>";
  }
  if (o.association_filter) {
    s += association_filter(*o.association_filter);
  } else if (o.selector_filter) {
    s += "<w:Filter Dialect=\"";
    s += ns::dialect_selector;
    s += "\">" + selector_set(*o.selector_filter) + "</w:Filter>";
  } else if (!o.wql.empty()) {
    s += "<w:Filter Dialect=\"";
    s += ns::dialect_wql;
    s += "\">" + xml_escape(o.wql) + "</w:Filter>";
  } else if (!o.dialect.empty()) {
    s += "<w:Filter Dialect=\"" + xml_escape(o.dialect) + "\">" + xml_escape(o.filter_text) + "</w:Filter>";
  }
  return s + "</n:Enumerate>";
}

std::string pull_body(const std::string& context, std::uint32_t max_elements) {
  return "<n:Pull><n:EnumerationContext>" + xml_escape(context) + "</n:EnumerationContext><n:MaxElements>" +
         std::to_string(max_elements) + "</n:MaxElements></n:Pull>";
}

std::string release_body(const std::string& context) {
  return "<n:Release><n:EnumerationContext>" + xml_escape(context) + "</n:EnumerationContext></n:Release>";
}

}  // namespace wsman::client
