// The text, JSON and fault renderings.
#include "wsman_cli/output.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "wsman_client/namespaces.hpp"

namespace wsman::cli {

namespace {

bool is_nil(const client::Element& e) {
  const std::string_view* nil = e.attribute(client::ns::xsi, "nil");
  return nil != nullptr && *nil == "true";
}

std::string trimmed(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

void text_children(const client::Element& e, std::size_t depth, std::string& out) {
  const std::string indent(depth * 4, ' ');
  for (std::size_t i = 0; i < e.children.size(); ++i) {
    const auto& c = e.children[i];
    if (!c.children.empty()) {
      out += indent;
      out += c.name;
      out += "\n";
      text_children(c, depth + 1, out);
      continue;
    }
    // Selectors print by their Name attribute (WsmTxt: "Selector: Name = value").
    const std::string_view* sel_name = c.name == "Selector" ? c.attribute("", "Name") : nullptr;
    if (sel_name != nullptr) {
      out += indent + "Selector: ";
      out += *sel_name;
      out += " = " + trimmed(c.text) + "\n";
      continue;
    }
    // Repeated siblings with text: one line, values joined with ", ".
    bool seen = false;
    for (std::size_t j = 0; j < i; ++j) seen = seen || (e.children[j].name == c.name && e.children[j].children.empty());
    if (seen) continue;
    std::string value = is_nil(c) ? "null" : trimmed(c.text);
    for (std::size_t j = i + 1; j < e.children.size(); ++j) {
      const auto& d = e.children[j];
      if (d.name == c.name && d.children.empty()) value += ", " + (is_nil(d) ? std::string("null") : trimmed(d.text));
    }
    out += indent;
    out += c.name;
    out += " = " + value + "\n";
  }
}

nlohmann::ordered_json epr_json(const client::Epr& epr) {
  nlohmann::ordered_json j;
  j["Address"] = epr.address;
  j["ResourceURI"] = epr.resource_uri;
  nlohmann::ordered_json s = nlohmann::ordered_json::object();
  for (const auto& [k, v] : epr.selectors) s[k] = v;
  j["SelectorSet"] = s;
  return j;
}

nlohmann::ordered_json element_json(const client::Element& e) {
  if (e.children.empty()) return is_nil(e) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.text);
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& c : e.children) {
    auto v = element_json(c);
    if (!j.contains(c.name)) {
      j[c.name] = std::move(v);
    } else {
      if (!j[c.name].is_array()) j[c.name] = nlohmann::ordered_json::array({j[c.name]});
      j[c.name].push_back(std::move(v));
    }
  }
  return j;
}

nlohmann::ordered_json property_json(const client::Property& p) {
  using Kind = client::Property::Kind;
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  switch (p.kind) {
    case Kind::nil: return nullptr;
    case Kind::reference:
      for (const auto& r : p.references) items.push_back(epr_json(r));
      break;
    case Kind::embedded:
      for (const auto& e : p.embedded) items.push_back(element_json(e));
      break;
    case Kind::value:
    case Kind::datetime:
      for (const auto& v : p.values) items.push_back(v);
      break;
  }
  if (items.size() == 1) return items[0];
  return items;
}

}  // namespace

std::string text_of(const client::Element& e) {
  std::string out(e.name);
  out += "\n";
  text_children(e, 1, out);
  return out;
}

std::string json_of(const client::Item& item) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (const auto& instance = item.instance()) {
    j["class"] = instance->class_name;
    j["namespace"] = instance->ns;
    nlohmann::ordered_json props = nlohmann::ordered_json::object();
    for (const auto& p : instance->properties) props[p.name] = property_json(p);
    j["properties"] = std::move(props);
  }
  if (const auto& epr = item.epr()) j["epr"] = epr_json(*epr);
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string json_of(const client::Element& e) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j[e.name] = element_json(e);
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string json_of(const client::Failure& f) {
  nlohmann::ordered_json j;
  j["error"] = f.message;
  j["category"] = f.code.message();
  if (f.http_status != 0) j["http_status"] = f.http_status;
  if (f.fault) {
    j["fault"] = {{"code", f.fault->code}, {"subcode", f.fault->subcode}, {"reason", f.fault->reason},
                  {"fault_detail", f.fault->fault_detail}, {"message", f.fault->message}};
    if (f.fault->wmi_error_code) j["fault"]["error_code"] = *f.fault->wmi_error_code;
  }
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string text_of(const client::Failure& f) {
  if (!f.fault) return "Error: " + f.message + "\n";
  const auto& fault = *f.fault;
  std::string out = "WSManFault\n";
  out += "    Code = " + fault.code + "\n";
  if (!fault.subcode.empty()) out += "    Subcode = " + fault.subcode + "\n";
  out += "    Reason = " + fault.reason + "\n";
  if (!fault.fault_detail.empty()) out += "    FaultDetail = " + fault.fault_detail + "\n";
  if (!fault.message.empty()) out += "    Message = " + fault.message + "\n";
  if (fault.wmi_error_code) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "Error number:  %d 0x%08X\n", static_cast<int>(*fault.wmi_error_code),
                  *fault.wmi_error_code);
    out += buf;
  }
  return out;
}

}  // namespace wsman::cli
