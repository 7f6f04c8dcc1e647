// How push delivery behaves (deadlines, default retries, TLS trust, the worker pool) and what
// it works with (the archive, the subscriptions, the shared event bodies, the log).
#pragma once

#include "eventing/event_bodies.hpp"
#include "eventing/subscription_store.hpp"
#include "http_server/log_sink.hpp"

#include <chrono>
#include <cstdint>
#include <string>

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
    // Delivery threads shared by every push subscription. A worker is held only while one
    // exchange with a sink is under way (bounded by the deadlines above); waits for retries,
    // heartbeats and batches are timers. Up to workers - 1 sinks may hang at once without
    // delaying anyone else.
    std::size_t workers = 16;
};

struct DeliveryContext {
    sel_archive::Archive& archive;
    SubscriptionStore& store;
    EventBodies& bodies;
    DeliveryOptions options;
    http::LogSink log;
};

} // namespace eventing
