// Subscribe/Renew/GetStatus/Unsubscribe bodies and answers (WS-Eventing 2004/08 3-4, DSP0226
// 10.2-10.5; element order of the wse:Subscribe schema: EndTo, Delivery, Expires, Filter, then
// wsman:Bookmark and wsman:SendBookmarks as Windows sends them).
#include "wsman_client/eventing.hpp"

#include "wsman_client/envelope.hpp"
#include "wsman_client/errc.hpp"
#include "wsman_client/namespaces.hpp"
#include "wsman_client/xml.hpp"

namespace wsman::client {

namespace {

std::string wse_open(const char* local) {
  std::string s = "<e:";
  s += local;
  s += " xmlns:e=\"";
  s += ns::wse;
  s += "\"";
  return s;
}

bool self_contained(const std::string& xml) { return parse_xml("<x>" + xml + "</x>").has_value(); }

std::string trimmed(std::string_view s) { return std::string(trim_space(s)); }

// Pegasus writes the manager's Address and ReferenceParameters in the wse namespace and Windows
// uses ReferenceProperties: children are matched by local name.
const Element* by_name(const Element& e, std::string_view local) { return e.child("", local); }

}  // namespace

std::string delivery_mode_uri(DeliveryMode mode) {
  switch (mode) {
    case DeliveryMode::push: return ns::mode_push;
    case DeliveryMode::push_with_ack: return ns::mode_push_with_ack;
    case DeliveryMode::events: return ns::mode_events;
    case DeliveryMode::pull: return ns::mode_pull;
  }
  return ns::mode_push;
}

Result<std::string> subscribe_body(const SubscribeOptions& o) {
  auto invalid = [](const char* why) { return std::unexpected(failure(make_error_code(Errc::invalid_argument), why)); };
  if (o.mode != DeliveryMode::pull && o.notify_to.empty()) return invalid("a push delivery mode needs NotifyTo");
  if (!o.notify_reference_xml.empty() && !self_contained(o.notify_reference_xml)) {
    return invalid("the NotifyTo reference parameters are not well-formed XML");
  }
  const bool earliest = o.bookmark_xml == "earliest";
  if (!o.bookmark_xml.empty() && !earliest && !self_contained(o.bookmark_xml)) {
    return invalid("the bookmark is not well-formed XML");
  }
  std::string s = wse_open("Subscribe") + ">";
  if (!o.end_to.empty()) s += "<e:EndTo><a:Address>" + xml_escape(o.end_to) + "</a:Address></e:EndTo>";
  s += "<e:Delivery Mode=\"" + delivery_mode_uri(o.mode) + "\">";
  if (o.mode != DeliveryMode::pull) {
    s += "<e:NotifyTo><a:Address>" + xml_escape(o.notify_to) + "</a:Address>";
    if (!o.notify_reference_xml.empty()) {
      s += "<a:ReferenceParameters>" + o.notify_reference_xml + "</a:ReferenceParameters>";
    }
    s += "</e:NotifyTo>";
  }
  if (o.heartbeats_ms) s += "<w:Heartbeats>" + duration(*o.heartbeats_ms) + "</w:Heartbeats>";
  if (o.max_elements) s += "<w:MaxElements>" + std::to_string(*o.max_elements) + "</w:MaxElements>";
  s += "</e:Delivery>";
  if (o.expires_ms) s += "<e:Expires>" + duration(*o.expires_ms) + "</e:Expires>";
  if (!o.wql.empty()) {
    s += "<w:Filter Dialect=\"";
    s += ns::dialect_wql;
    s += "\">" + xml_escape(o.wql) + "</w:Filter>";
  } else if (!o.dialect.empty()) {
    s += "<w:Filter Dialect=\"" + xml_escape(o.dialect) + "\">" + xml_escape(o.filter_text) + "</w:Filter>";
  }
  if (earliest) {
    s += "<w:Bookmark>";
    s += ns::bookmark_earliest;
    s += "</w:Bookmark>";
  } else if (!o.bookmark_xml.empty()) {
    s += "<w:Bookmark>" + o.bookmark_xml + "</w:Bookmark>";
  }
  if (o.send_bookmarks) s += "<w:SendBookmarks/>";
  return s + "</e:Subscribe>";
}

std::string renew_body(std::optional<std::uint32_t> expires_ms) {
  if (!expires_ms) return wse_open("Renew") + "/>";
  return wse_open("Renew") + "><e:Expires>" + duration(*expires_ms) + "</e:Expires></e:Renew>";
}

std::string get_status_body() { return wse_open("GetStatus") + "/>"; }

std::string unsubscribe_body() { return wse_open("Unsubscribe") + "/>"; }

std::string subscription_headers(const Subscription& s) {
  if (!s.reference_xml.empty()) return s.reference_xml;
  if (s.identifier.empty()) return {};
  return wse_open("Identifier") + ">" + xml_escape(s.identifier) + "</e:Identifier>";
}

std::optional<Subscription> read_subscribe_response(const Element& response) {
  if (response.name != "SubscribeResponse") return std::nullopt;
  Subscription s;
  if (const Element* manager = by_name(response, "SubscriptionManager")) {
    if (const Element* address = by_name(*manager, "Address")) s.manager_address = trimmed(address->text);
    const Element* params = by_name(*manager, "ReferenceParameters");
    if (params == nullptr) params = by_name(*manager, "ReferenceProperties");
    if (params != nullptr) {
      for (const auto& p : params->children) {
        s.reference_xml += to_xml(p);
        if (p.name == "Identifier") s.identifier = trimmed(p.text);
      }
    }
  }
  s.expires = read_expires(response);
  if (const Element* ctx = response.child(ns::wsen, "EnumerationContext")) s.enumeration_context = trimmed(ctx->text);
  return s;
}

std::string read_expires(const Element& response) {
  const Element* e = response.child(ns::wse, "Expires");
  return e != nullptr ? trimmed(e->text) : std::string{};
}

}  // namespace wsman::client
