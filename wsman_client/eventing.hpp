// The subscriber's side of WS-Eventing (2004/08) as DSP0226 10 profiles it: what a Subscribe
// asks for, the subscription the source grants, and the request bodies of Subscribe, Renew,
// GetStatus and Unsubscribe with the readers of their answers. Session sends them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "wsman_client/model.hpp"

namespace wsman::client {

enum class DeliveryMode { push, push_with_ack, events, pull };

struct SubscribeOptions {
  DeliveryMode mode = DeliveryMode::push;
  std::string notify_to;                  // wse:NotifyTo wsa:Address (all modes but Pull)
  std::string notify_reference_xml;       // its wsa:ReferenceParameters: self-contained XML elements
  std::string end_to;                     // wse:EndTo wsa:Address ("" for none)
  std::optional<std::uint32_t> expires_ms;    // wse:Expires as a duration; none: as long as the source allows
  std::optional<std::uint32_t> heartbeats_ms; // wsman:Heartbeats
  std::optional<std::uint32_t> max_elements;  // wsman:MaxElements (Events mode: events per batch)
  std::string wql;                        // a WQL filter
  std::string dialect, filter_text;       // any other dialect, text sent as given
  bool send_bookmarks = false;            // wsman:SendBookmarks
  std::string bookmark_xml;               // wsman:Bookmark content as XML; "earliest" for the DSP0226 URI
};

// What the source granted: its subscription manager (where Renew, GetStatus and Unsubscribe go,
// with the reference parameters echoed as headers), the expiry and, in Pull mode, the context.
struct Subscription {
  std::string resource_uri;
  std::string manager_address;
  std::string identifier;          // wse:Identifier among the reference parameters ("" if none)
  std::string reference_xml;       // every reference parameter as XML, sent back as headers
  std::string expires;             // as granted ("" when the answer has none)
  std::string enumeration_context; // Pull mode
};

std::string delivery_mode_uri(DeliveryMode mode);

// The wse:Subscribe body; Errc::invalid_argument when NotifyTo is missing for a push mode or
// the reference parameters or bookmark are not well-formed XML.
Result<std::string> subscribe_body(const SubscribeOptions& o);
std::string renew_body(std::optional<std::uint32_t> expires_ms);
std::string get_status_body();
std::string unsubscribe_body();
// The header blocks that address a subscription (its reference parameters, or wse:Identifier).
std::string subscription_headers(const Subscription& s);

// wse:SubscribeResponse to Subscription; nullopt when the element is not one.
std::optional<Subscription> read_subscribe_response(const Element& response);
// The wse:Expires of a Renew or GetStatus answer ("" when absent).
std::string read_expires(const Element& response);

}  // namespace wsman::client
