// Instances, EPRs and faults read from parsed answers (DSP0230 7, WS-Addressing, SOAP 1.2 5.4).
#include "wsman_client/model.hpp"

#include <charconv>
#include <strings.h>

#include "wsman_client/namespaces.hpp"

namespace wsman::client {

Failure failure(std::error_code code, std::string message) {
  Failure f;
  f.code = code;
  f.message = message.empty() ? code.message() : std::move(message);
  return f;
}

const Property* Instance::find(std::string_view name) const {
  for (const auto& p : properties) {
    if (p.name.size() == name.size() && strncasecmp(p.name.data(), name.data(), name.size()) == 0) return &p;
  }
  return nullptr;
}

namespace {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool is_true(const std::string* v) { return v != nullptr && (*v == "true" || *v == "1"); }

const Element* find_descendant(const Element& e, std::string_view local, std::size_t depth = 0) {
  if (depth > 32) return nullptr;
  for (const auto& c : e.children) {
    if (c.name == local) return &c;
    if (auto* d = find_descendant(c, local, depth + 1)) return d;
  }
  return nullptr;
}

std::optional<std::uint32_t> parse_code(std::string_view s) {
  std::uint32_t v = 0;
  int base = 10;
  if (s.starts_with("0x") || s.starts_with("0X")) {
    s.remove_prefix(2);
    base = 16;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<Epr> read_epr(const Element& e) {
  if (e.ns == ns::wsa && e.name == "EndpointReference") {
    // the element itself is the EPR
  } else if (auto* inner = e.child(ns::wsa, "EndpointReference")) {
    return read_epr(*inner);
  }
  const Element* address = e.child(ns::wsa, "Address");
  const Element* params = e.child(ns::wsa, "ReferenceParameters");
  if (address == nullptr && params == nullptr) return std::nullopt;
  Epr epr;
  if (address != nullptr) epr.address = trim(address->text);
  if (params != nullptr) {
    if (auto* uri = params->child(ns::wsman, "ResourceURI")) epr.resource_uri = trim(uri->text);
    if (auto* set = params->child(ns::wsman, "SelectorSet")) {
      for (const auto& s : set->children) {
        if (s.name != "Selector") continue;
        const std::string* name = s.attribute("", "Name");
        std::string value = trim(s.text);
        if (value.empty() && !s.children.empty()) {  // an EPR as a selector value
          if (auto inner = read_epr(s.children.front())) value = inner->resource_uri;
        }
        epr.selectors.emplace_back(name ? *name : std::string{}, std::move(value));
      }
    }
  }
  return epr;
}

Instance read_instance(const Element& e) {
  Instance inst;
  inst.class_name = e.name;
  inst.ns = e.ns;
  for (const auto& c : e.children) {
    Property* p = nullptr;
    for (auto& q : inst.properties) {
      if (q.name == c.name) p = &q;
    }
    if (p == nullptr) {
      inst.properties.emplace_back();
      p = &inst.properties.back();
      p->name = c.name;
      if (auto* t = c.attribute(ns::xsi, "type")) p->type = *t;
    }
    if (is_true(c.attribute(ns::xsi, "nil"))) {
      if (p->values.empty() && p->references.empty()) p->kind = Property::Kind::nil;
      continue;
    }
    if (auto* dt = c.child(ns::cim, "Datetime"); dt != nullptr || c.child(ns::cim, "Interval") != nullptr) {
      p->kind = Property::Kind::datetime;
      p->values.push_back(trim(dt ? dt->text : c.child(ns::cim, "Interval")->text));
    } else if (auto epr = read_epr(c)) {
      p->kind = Property::Kind::reference;
      p->references.push_back(std::move(*epr));
    } else if (!c.children.empty()) {
      p->kind = Property::Kind::embedded;
      p->embedded.push_back(c);
    } else {
      p->kind = Property::Kind::value;
      p->values.push_back(c.text);
    }
  }
  return inst;
}

Fault read_fault(const Element& fault) {
  Fault f;
  if (auto* code = fault.child(ns::soap, "Code")) {
    if (auto* v = code->child(ns::soap, "Value")) f.code = trim(v->text);
    if (auto* sub = code->child(ns::soap, "Subcode")) {
      if (auto* v = sub->child(ns::soap, "Value")) f.subcode = trim(v->text);
    }
  }
  if (auto* reason = fault.child(ns::soap, "Reason")) {
    if (auto* t = reason->child(ns::soap, "Text")) f.reason = trim(t->text);
  }
  if (auto* detail = fault.child(ns::soap, "Detail")) {
    f.detail_xml = to_xml(*detail);
    if (auto* fd = detail->child(ns::wsman, "FaultDetail")) f.fault_detail = trim(fd->text);
    // WinRM: <f:WSManFault Code="..."><f:Message>..; WMI: <p:MSFT_WmiError>..<p:error_Code>..
    if (auto* wf = find_descendant(*detail, "WSManFault")) {
      if (auto* c = wf->attribute("", "Code")) f.wmi_error_code = parse_code(*c);
      if (auto* m = wf->child("", "Message")) f.message = trim(m->text);
    }
    if (auto* ec = find_descendant(*detail, "error_Code"); ec != nullptr && !f.wmi_error_code) {
      f.wmi_error_code = parse_code(trim(ec->text));
    }
    if (f.message.empty()) {
      if (auto* wmi = find_descendant(*detail, "MSFT_WmiError")) {
        if (auto* m = wmi->child("", "Message")) f.message = trim(m->text);
      }
    }
  }
  return f;
}

}  // namespace wsman::client
