// The event source (DSP0226 section 10) the WS-Man dispatcher hands eventing requests to:
// Subscribe, Renew, GetStatus, Unsubscribe and Pull on a subscription's context, one
// handler each (subscribe_handler.cpp, manage_handlers.cpp, pull_handler.cpp); the push-style
// subscriptions' deliveries on one DeliveryEngine (a fixed pool of workers), woken by the
// archive's on_append; a janitor thread that ends expired Pull subscriptions and tells the
// archive which records live subscriptions still need (retain_after).
#pragma once

#include "eventing/delivery_engine.hpp"
#include "eventing/event_bodies.hpp"
#include "eventing/subscription_store.hpp"
#include "http_server/log_sink.hpp"
#include "wsman_front/dispatcher.hpp"
#include "wsman_front/event_source.hpp"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace eventing {

struct ServiceOptions {
    StoreLimits limits;
    // NotifyTo/EndTo hosts allowed ("host" or "host:port", IP literals as written in the
    // URL); empty: any (the default).
    std::vector<std::string> notify_allow;
    DeliveryOptions delivery;
    std::size_t max_pull_elements = 100;
    http::LogSink log;
};

class EventService final : public wsman::EventSource {
public:
    // `directory`: where subscriptions are kept (state directory/subscriptions; empty: memory).
    EventService(sel_archive::Archive& archive, EventBodies::SnapshotSource snapshot, std::filesystem::path directory,
                 ServiceOptions options);
    ~EventService() override;
    EventService(const EventService&) = delete;
    EventService& operator=(const EventService&) = delete;

    // Loads the persisted subscriptions, starts their delivery and the janitor, and listens
    // to the archive. Returns the load's warnings.
    std::vector<std::string> start();
    void stop();

    [[nodiscard]] std::optional<wsman::Reply> handle(const wsman::Request& request, const wsman::XmlNode& envelope,
                                                     const cim::Caller& caller) override;

    [[nodiscard]] std::size_t subscriptions() const { return store_.size(); }
    // The journal's fdatasyncs so far (group commits of delivery positions).
    [[nodiscard]] std::uint64_t position_syncs() const { return store_.position_syncs(); }
    // New records were archived (the archive's on_append calls this).
    void archived(sel_archive::Sequence last);

private:
    [[nodiscard]] wsman::Reply subscribe(const wsman::Request& r, const wsman::XmlNode& envelope,
                                         const cim::Caller& caller);
    [[nodiscard]] wsman::Reply renew(const wsman::Request& r, const std::string& id, const cim::Caller& caller);
    [[nodiscard]] wsman::Reply get_status(const wsman::Request& r, const std::string& id, const cim::Caller& caller);
    [[nodiscard]] wsman::Reply unsubscribe(const wsman::Request& r, const std::string& id, const cim::Caller& caller);
    [[nodiscard]] std::optional<wsman::Reply> pull(const wsman::Request& r, const cim::Caller& caller);

    // Pull (pull_handler.cpp): what a Pull would get now, its answer, held Pulls.
    struct PullBatch {
        std::string subscription_id;
        std::string items, headers;
        std::size_t taken = 0;
        bool gone = false;    // the subscription ended
        bool too_big = false; // the next event alone is over MaxEnvelopeSize
        sel_archive::Sequence from = 0, to = 0; // the position before and after
    };
    struct Waiter {
        wsman::Request request; // its body dropped
        std::string subscription_id;
        std::size_t max = 1, budget = 0;
        wsman::HeldReply held;
    };
    [[nodiscard]] PullBatch take_events(const std::string& id, std::size_t max, std::size_t budget);
    void commit(const PullBatch& b);
    [[nodiscard]] static wsman::Reply pull_answer(const wsman::Request& r, const PullBatch& b);
    // Answers the held Pulls that have events now (or whose subscription ended); with
    // `prune_only`, only forgets those answered or gone and answers those whose subscription ended.
    void serve_waiters(bool prune_only);

    // The subscription `id` when `caller` owns it (others' subscriptions are not revealed).
    [[nodiscard]] std::optional<Subscription> owned(const std::string& id, const cim::Caller& caller) const;
    [[nodiscard]] bool allowed_address(std::string_view url) const;
    void start_delivery(const Subscription& s);
    void end_delivery(const std::string& id);
    void janitor();
    void pin_archive();

    sel_archive::Archive& archive_;
    SubscriptionStore store_;
    EventBodies bodies_;
    ServiceOptions options_;
    DeliveryContext context_;
    DeliveryEngine engine_;
    std::mutex janitor_mutex_;
    std::condition_variable janitor_wake_;
    bool stopping_ = false;
    std::thread janitor_;
    struct Hook { // the archive's listener outlives the service: it calls through this
        std::mutex mutex;
        EventService* service = nullptr;
    };
    std::shared_ptr<Hook> hook_;
    std::mutex pull_mutex_; // a subscription's position read, answered and moved by one Pull at a time
    std::mutex waiters_mutex_;
    std::vector<Waiter> waiters_;
};

// The wse:Identifier header of a request (trimmed), empty when absent.
[[nodiscard]] std::string identifier_of(const wsman::XmlNode& envelope);
// "PT<seconds>.<millis>S" of a positive span, as WinRM writes durations.
[[nodiscard]] std::string duration_text(std::chrono::milliseconds span);
// The granted expiry as the subscriber asked for it (duration left, or dateTime); a long
// duration for a subscription without one.
[[nodiscard]] std::string expires_text(const Subscription& s);
// xs:dateTime in UTC with milliseconds.
[[nodiscard]] std::string datetime_text(std::chrono::system_clock::time_point when);

} // namespace eventing
