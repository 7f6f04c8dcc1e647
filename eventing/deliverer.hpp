// One push-style subscription's delivery (Push, PushWithAck, Events; DSP0226 10.2.9, 10.3,
// 10.7): a thread of its own that reads the archive after the subscription's position,
// filters, posts to NotifyTo through its own HTTP client (bounded connect and answer
// deadlines, so a sink that hangs, fails or resets delays only its own subscription), waits
// for the Ack in the ack modes, keeps the position (persisted) and the heartbeats, retries
// per ConnectionRetry with doubling waits, and ends the subscription: SubscriptionEnd to
// EndTo on expiry (SourceCancelling) and after the last retry (DeliveryFailure); silently
// when the sink answers wsman:DeliveryRefused.
#pragma once

#include "eventing/event_bodies.hpp"
#include "eventing/subscription.hpp"
#include "eventing/subscription_store.hpp"
#include "http_server/log_sink.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace eventing {

struct DeliveryOptions {
    std::string ca_file;       // trust anchors for https sinks (default: the system's)
    std::string client_cert, client_key; // PEM: presented to sinks of the https/mutual profiles
    bool verify = true;        // certificate and host-name checks for https sinks
    std::uint32_t connect_timeout_ms = 5000;
    std::uint32_t timeout_ms = 10000; // the whole exchange with the sink
    std::uint32_t default_retries = 3;    // when the subscription has no ConnectionRetry
    std::chrono::milliseconds default_retry_interval{1000};
    std::chrono::milliseconds max_retry_interval{60000};
};

struct DeliveryContext {
    sel_archive::Archive& archive;
    SubscriptionStore& store;
    EventBodies& bodies;
    DeliveryOptions options;
    http::LogSink log;
};

class Deliverer {
public:
    Deliverer(Subscription s, DeliveryContext& context);
    ~Deliverer(); // stops and joins (bounded by the HTTP deadlines)
    Deliverer(const Deliverer&) = delete;
    Deliverer& operator=(const Deliverer&) = delete;

    void wake();         // new records were archived
    void request_stop(); // the subscription was removed: end without a message
    [[nodiscard]] bool finished() const { return finished_.load(); }
    [[nodiscard]] const std::string& id() const { return id_; }

private:
    struct State;
    void run();

    std::string id_;
    std::shared_ptr<State> state_;
    std::atomic<bool> finished_{false};
    std::thread thread_;
};

} // namespace eventing
