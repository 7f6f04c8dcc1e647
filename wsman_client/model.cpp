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

std::string trim(std::string_view s) { return std::string(trim_space(s)); }

bool is_true(const std::string_view* v) { return v != nullptr && (*v == "true" || *v == "1"); }

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
        const std::string_view* name = s.attribute("", "Name");
        std::string value = trim(s.text);
        if (value.empty() && !s.children.empty()) {  // an EPR as a selector value
          if (auto inner = read_epr(s.children.front())) value = inner->resource_uri;
        }
        epr.selectors.emplace_back(name ? std::string(*name) : std::string{}, std::move(value));
      }
    }
  }
  return epr;
}

Instance read_instance(const Element& e, DocumentPtr document) {
  Instance inst;
  inst.class_name = e.name;
  inst.ns = e.ns;
  inst.document = std::move(document);
  inst.properties.reserve(e.children.size());
  for (const auto& c : e.children) {
    // DSP0230 7.2: an array is its element repeated in a row; a name that comes back later
    // starts a property of its own (find() answers the first).
    Property* p = nullptr;
    if (!inst.properties.empty() && inst.properties.back().name == c.name) p = &inst.properties.back();
    if (p == nullptr) {
      inst.properties.emplace_back();
      p = &inst.properties.back();
      p->name = c.name;
      if (!c.attributes.empty()) {
        if (auto* t = c.attribute(ns::xsi, "type")) p->type = *t;
      }
    }
    if (!c.attributes.empty() && is_true(c.attribute(ns::xsi, "nil"))) {
      if (p->values.empty() && p->references.empty()) p->kind = Property::Kind::nil;
      continue;
    }
    if (c.children.empty()) {  // the common case: a plain value (no Datetime, EPR or embedded object)
      p->kind = Property::Kind::value;
      p->values.emplace_back(c.text);
    } else if (auto* dt = c.child(ns::cim, "Datetime"); dt != nullptr || c.child(ns::cim, "Interval") != nullptr) {
      p->kind = Property::Kind::datetime;
      p->values.push_back(trim(dt ? dt->text : c.child(ns::cim, "Interval")->text));
    } else if (auto epr = read_epr(c)) {
      p->kind = Property::Kind::reference;
      p->references.push_back(std::move(*epr));
    } else {
      p->kind = Property::Kind::embedded;
      p->embedded.push_back(c);
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

Item::Item(DocumentPtr document, const Element* element, EnumerationMode mode)
    : document_(std::move(document)), element_(element), mode_(mode) {}

Item::Item(Epr epr) : read_(true), epr_(std::move(epr)), xml_(std::string{}) {}

// DSP0226 8.7: EnumerateEPR items are EPRs, EnumerateObjectAndEPR items are wsman:Item holding
// the object and its EPR; a Get/Put/Invoke answer is the object.
void Item::read() const {
  if (read_) return;
  read_ = true;
  if (element_ == nullptr) return;
  const Element& e = *element_;
  if (mode_ == EnumerationMode::epr || (e.ns == ns::wsa && e.name == "EndpointReference")) {
    epr_ = read_epr(e);
    return;
  }
  if (mode_ == EnumerationMode::object_and_epr && e.ns == ns::wsman && e.name == "Item") {
    for (const auto& c : e.children) {
      if (c.ns == ns::wsa && c.name == "EndpointReference") {
        epr_ = read_epr(c);
      } else if (!instance_) {
        instance_ = read_instance(c, document_);
      }
    }
    return;
  }
  instance_ = read_instance(e, document_);
}

const std::optional<Instance>& Item::instance() const {
  read();
  return instance_;
}

const std::optional<Epr>& Item::epr() const {
  read();
  return epr_;
}

const Element* Item::object_element() const {
  if (element_ == nullptr || mode_ == EnumerationMode::epr) return nullptr;
  if (mode_ == EnumerationMode::object_and_epr && element_->ns == ns::wsman && element_->name == "Item") {
    for (const auto& c : element_->children) {
      if (c.ns != ns::wsa || c.name != "EndpointReference") return &c;
    }
    return nullptr;
  }
  return element_;
}

std::optional<std::string_view> Item::value(std::string_view property) const {
  const Element* object = object_element();
  if (object == nullptr) return std::nullopt;
  for (const auto& c : object->children) {
    if (c.name.size() != property.size() || strncasecmp(c.name.data(), property.data(), property.size()) != 0) continue;
    if (!c.attributes.empty() && is_true(c.attribute(ns::xsi, "nil"))) return std::nullopt;
    if (!c.children.empty()) {  // a datetime or interval holds its text one level down
      const Element* dt = c.child(ns::cim, "Datetime");
      if (dt == nullptr) dt = c.child(ns::cim, "Interval");
      if (dt == nullptr) return std::nullopt;
      return trim_space(dt->text);
    }
    return c.text;
  }
  return std::nullopt;
}

const std::string& Item::xml() const {
  if (!xml_) xml_ = element_ != nullptr ? to_xml(*element_) : std::string{};
  return *xml_;
}

}  // namespace wsman::client
