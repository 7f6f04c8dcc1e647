// The C API's eventing half: subscriptions over Session, the event sink over EventSink.
#include <atomic>
#include <new>
#include <vector>

#include "wsman_client/c_api_handles.hpp"
#include "wsman_client/event_sink.hpp"
#include "wsman_client/resource_uri.hpp"

using namespace wsman::client::capi;

struct wsmc_subscription {
  wc::Subscription s;
};

struct wsmc_sink {
  std::unique_ptr<wc::EventSink> sink;
  std::atomic<bool> stop{false};
};

struct wsmc_notification {
  const wc::Notification* n;
  std::vector<wsmc_item> events;
};

namespace {

const char* kind_name(wc::NotificationKind k) {
  switch (k) {
    case wc::NotificationKind::event: return "Event";
    case wc::NotificationKind::events: return "Events";
    case wc::NotificationKind::heartbeat: return "Heartbeat";
    case wc::NotificationKind::dropped_events: return "DroppedEvents";
    case wc::NotificationKind::subscription_end: return "SubscriptionEnd";
  }
  return "Event";
}

std::string text(const char* s) { return s != nullptr ? s : ""; }

}  // namespace

extern "C" {

void wsmc_subscribe_options_init(wsmc_subscribe_options* o) {
  if (o != nullptr) *o = wsmc_subscribe_options{};
}

wsmc_status wsmc_subscribe(wsmc_session* session, const char* resource, const wsmc_subscribe_options* options,
                           wsmc_subscription** out) {
  if (session == nullptr || resource == nullptr || options == nullptr || out == nullptr) {
    return fail(wc::Errc::invalid_argument, "null argument");
  }
  auto target = wc::resolve_resource(resource);
  if (!target) return fail(wc::Errc::invalid_argument, std::string("not a resource URI: ") + resource);
  wc::SubscribeOptions o;
  switch (options->mode) {
    case WSMC_DELIVERY_PUSH: o.mode = wc::DeliveryMode::push; break;
    case WSMC_DELIVERY_PUSH_WITH_ACK: o.mode = wc::DeliveryMode::push_with_ack; break;
    case WSMC_DELIVERY_EVENTS: o.mode = wc::DeliveryMode::events; break;
    case WSMC_DELIVERY_PULL: o.mode = wc::DeliveryMode::pull; break;
    default: return fail(wc::Errc::invalid_argument, "unknown delivery mode");
  }
  o.notify_to = text(options->notify_to);
  o.notify_reference_xml = text(options->notify_reference_xml);
  o.end_to = text(options->end_to);
  if (options->expires_ms != 0) o.expires_ms = options->expires_ms;
  if (options->heartbeats_ms != 0) o.heartbeats_ms = options->heartbeats_ms;
  if (options->max_elements != 0) o.max_elements = options->max_elements;
  o.wql = text(options->wql);
  o.dialect = text(options->dialect);
  o.filter_text = text(options->filter_text);
  o.send_bookmarks = options->send_bookmarks != 0;
  o.bookmark_xml = text(options->bookmark_xml);
  auto r = session->get()->subscribe(target->resource_uri, o);
  if (!r) return fail(r.error());
  auto* h = new (std::nothrow) wsmc_subscription{std::move(*r)};
  if (h == nullptr) return fail(wc::Errc::invalid_argument, "out of memory");
  *out = h;
  return succeed();
}

wsmc_subscription* wsmc_subscription_new(const char* resource, const char* identifier) {
  if (identifier == nullptr) return nullptr;
  auto* h = new (std::nothrow) wsmc_subscription;
  if (h == nullptr) return nullptr;
  h->s.identifier = identifier;
  if (resource != nullptr) {
    auto target = wc::resolve_resource(resource);
    h->s.resource_uri = target ? target->resource_uri : resource;
  }
  return h;
}

const char* wsmc_subscription_identifier(const wsmc_subscription* s) { return s ? s->s.identifier.c_str() : nullptr; }
const char* wsmc_subscription_manager(const wsmc_subscription* s) { return s ? s->s.manager_address.c_str() : nullptr; }
const char* wsmc_subscription_expires(const wsmc_subscription* s) { return s ? s->s.expires.c_str() : nullptr; }
const char* wsmc_subscription_context(const wsmc_subscription* s) {
  return s ? s->s.enumeration_context.c_str() : nullptr;
}

wsmc_status wsmc_renew(wsmc_session* session, wsmc_subscription* s, unsigned expires_ms) {
  if (session == nullptr || s == nullptr) return fail(wc::Errc::invalid_argument, "null argument");
  auto r = session->get()->renew(s->s, expires_ms != 0 ? std::optional<std::uint32_t>(expires_ms) : std::nullopt);
  if (!r) return fail(r.error());
  s->s.expires = *r;
  return succeed();
}

wsmc_status wsmc_get_status(wsmc_session* session, wsmc_subscription* s) {
  if (session == nullptr || s == nullptr) return fail(wc::Errc::invalid_argument, "null argument");
  auto r = session->get()->get_status(s->s);
  if (!r) return fail(r.error());
  s->s.expires = *r;
  return succeed();
}

wsmc_status wsmc_unsubscribe(wsmc_session* session, const wsmc_subscription* s) {
  if (session == nullptr || s == nullptr) return fail(wc::Errc::invalid_argument, "null argument");
  auto r = session->get()->unsubscribe(s->s);
  if (!r) return fail(r.error());
  return succeed();
}

void wsmc_subscription_free(wsmc_subscription* s) { delete s; }

wsmc_status wsmc_sink_open(const char* address, unsigned port, wsmc_sink** out) {
  if (address == nullptr || out == nullptr || port > 65535) return fail(wc::Errc::invalid_argument, "bad argument");
  wc::EventSinkOptions o;
  o.address = address;
  o.port = static_cast<std::uint16_t>(port);
  auto sink = wc::EventSink::open(o);
  if (!sink) return fail(sink.error());
  auto* h = new (std::nothrow) wsmc_sink;
  if (h == nullptr) return fail(wc::Errc::invalid_argument, "out of memory");
  h->sink = std::move(*sink);
  *out = h;
  return succeed();
}

unsigned wsmc_sink_port(const wsmc_sink* sink) { return sink ? sink->sink->port() : 0; }

wsmc_status wsmc_sink_run(wsmc_sink* sink, wsmc_notification_callback callback, void* user_data) {
  if (sink == nullptr || callback == nullptr) return fail(wc::Errc::invalid_argument, "null argument");
  auto r = sink->sink->run(
      [&](const wc::Notification& n) {
        wsmc_notification view{&n, {}};
        view.events.reserve(n.events.size());
        for (const auto& e : n.events) view.events.push_back(wsmc_item{&e});
        return callback(user_data, &view) == 0 ? wc::Verdict::accept : wc::Verdict::refuse;
      },
      sink->stop);
  sink->stop.store(false);
  if (!r) return fail(r.error());
  return succeed();
}

void wsmc_sink_stop(wsmc_sink* sink) {
  if (sink != nullptr) sink->stop.store(true);
}

void wsmc_sink_free(wsmc_sink* sink) { delete sink; }

const char* wsmc_notification_kind(const wsmc_notification* n) { return n ? kind_name(n->n->kind) : nullptr; }
const char* wsmc_notification_action(const wsmc_notification* n) { return n ? n->n->action.c_str() : nullptr; }
const char* wsmc_notification_message_id(const wsmc_notification* n) { return n ? n->n->message_id.c_str() : nullptr; }
const char* wsmc_notification_bookmark(const wsmc_notification* n) { return n ? n->n->bookmark_xml.c_str() : nullptr; }
int wsmc_notification_ack_requested(const wsmc_notification* n) { return n && n->n->ack_requested ? 1 : 0; }
unsigned wsmc_notification_event_count(const wsmc_notification* n) {
  return n ? static_cast<unsigned>(n->events.size()) : 0;
}
const wsmc_item* wsmc_notification_event(const wsmc_notification* n, unsigned index) {
  return n != nullptr && index < n->events.size() ? &n->events[index] : nullptr;
}

}  // extern "C"
