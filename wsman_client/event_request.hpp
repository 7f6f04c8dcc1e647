// What an event sink reads (pure: no I/O, so the fuzz target drives it): the HTTP/1.1 requests
// an event source sends (bounded head and body, Content-Length framing) and the notification
// inside (DSP0226 10.2.9: one event, a wsman:Events batch, a Heartbeat, DroppedEvents or a
// SubscriptionEnd), and the answers the sink gives (wsman:Ack, wsman:DeliveryRefused).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "wsman_client/model.hpp"

namespace wsman::client {

struct SinkLimits {
  std::size_t max_head = 16 * 1024;       // request line and headers
  std::size_t max_body = 4u << 20;        // one notification's envelope
};

// An incremental reader of one request at a time (RFC 9112 2-6; no chunked bodies: an event
// source sends Content-Length, anything else gets 411).
class RequestReader {
 public:
  enum class State { need_more, complete, failed };
  explicit RequestReader(SinkLimits limits = {}) : limits_(limits) {}

  State feed(std::string_view bytes);
  State state() const { return state_; }
  bool started() const { return !buffer_.empty() || state_ != State::need_more; }
  int status() const { return status_; }  // when failed: 400, 411, 413, 431, 505

  const std::string& method() const { return method_; }
  const std::string& target() const { return target_; }
  const std::string& content_type() const { return content_type_; }
  const std::string& authorization() const { return authorization_; }
  bool keep_alive() const { return keep_alive_; }
  std::string take_body() { return std::move(body_); }
  // Drops the request just read, keeping the bytes of the next one.
  void next();

 private:
  State parse();
  State fail(int status);

  SinkLimits limits_;
  std::string buffer_;
  State state_ = State::need_more;
  int status_ = 0;
  std::size_t head_size_ = 0;
  std::size_t content_length_ = 0;
  std::string method_, target_, content_type_, authorization_, body_;
  bool keep_alive_ = true;
};

enum class NotificationKind { event, events, heartbeat, dropped_events, subscription_end };

struct Notification {
  NotificationKind kind = NotificationKind::event;
  std::string action;
  std::string message_id;
  std::string to;
  bool ack_requested = false;
  std::string bookmark_xml;                 // the wsman:Bookmark header's content, "" if none
  std::vector<std::string> reference_xml;   // other header blocks: the NotifyTo reference parameters
  std::vector<std::string> event_actions;   // one per event
  std::vector<Item> events;                 // the event elements (object mode)
  DocumentPtr document;
};

// A notification envelope (SOAP 1.2) to Notification; Errc::bad_response when it is not one.
Result<Notification> read_notification(std::string body, const XmlLimits& limits = {});

// The sink's answers: a wsman:Ack related to the event's MessageID (DSP0226 10.7), and the
// wsman:DeliveryRefused fault that cancels the subscription (DSP0226 10.8).
std::string ack_envelope(std::string_view relates_to);
std::string refusal_envelope(std::string_view relates_to);

}  // namespace wsman::client
