// EventSink: the listener a push subscription's NotifyTo names. It accepts event sources' HTTP
// POSTs on one socket (many connections at once, poll), hands each notification to a callback
// and answers: a wsman:Ack related to the MessageID when the source asked for one, an empty 200
// otherwise, the wsman:DeliveryRefused fault when the callback refuses. Hostile senders (huge
// bodies, slow trickles, garbage) get an HTTP error and are closed without holding up the rest.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "wsman_client/event_request.hpp"

namespace wsman::client {

struct EventSinkOptions {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal to listen on
  std::uint16_t port = 0;              // 0: any free port (see EventSink::port)
  std::string path;                    // when set, only POSTs to exactly this path (else 404); "" any
  std::string user, password;          // when set, sources must send these with Basic
  SinkLimits limits;
  std::uint32_t request_timeout_ms = 10000;  // a request must arrive whole within this
  std::size_t max_connections = 64;
  XmlLimits xml_limits;
};

enum class Verdict { accept, refuse };

class EventSink {
 public:
  static Result<std::unique_ptr<EventSink>> open(const EventSinkOptions& options);
  ~EventSink();
  EventSink(const EventSink&) = delete;
  EventSink& operator=(const EventSink&) = delete;

  std::uint16_t port() const { return port_; }

  // Serves until stop is set (looked at every 100 ms). Malformed requests are answered and
  // logged through on_error (may be empty), never returned.
  Result<void> run(const std::function<Verdict(const Notification&)>& on_notification, const std::atomic<bool>& stop,
                   const std::function<void(const std::string&)>& on_error = {});

 private:
  EventSink(const EventSinkOptions& options, int fd, std::uint16_t port) : options_(options), fd_(fd), port_(port) {}

  EventSinkOptions options_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace wsman::client
