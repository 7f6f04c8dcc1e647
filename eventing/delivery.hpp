// One push-style subscription's delivery (Push, PushWithAck, Events; DSP0226 10.2.9, 10.3,
// 10.7) as a small state machine the DeliveryEngine's workers step: each step reads the
// archive after the subscription's position, filters, and makes at most one exchange with
// NotifyTo through the subscription's own HTTP client (kept alive between deliveries; bounded
// connect and answer deadlines), then says what it waits for next: new records, a heartbeat,
// a MaxTime batch, a ConnectionRetry (doubling waits) or the expiry. It waits for the Ack in
// the ack modes, moves the position (SubscriptionStore::advance, group-committed), and ends
// the subscription: SubscriptionEnd to EndTo on expiry (SourceCancelling) and after the last
// retry (DeliveryFailure); silently when the sink answers wsman:DeliveryRefused.
#pragma once

#include "eventing/delivery_options.hpp"
#include "eventing/event_messages.hpp"
#include "eventing/subscription.hpp"
#include "wsman_client/transport.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cim {
struct WqlQuery;
}

namespace eventing {

using DeliveryClock = std::chrono::steady_clock;

// What a subscription's delivery wants after a step.
struct NextStep {
    enum class Kind : std::uint8_t { again, wait, done };
    Kind kind = Kind::again;
    DeliveryClock::time_point until{}; // wait: at the latest until then
    bool on_records = false;           // wait: new records cut it short

    [[nodiscard]] static NextStep again() { return {}; }
    [[nodiscard]] static NextStep done() {
        NextStep n;
        n.kind = Kind::done;
        return n;
    }
    [[nodiscard]] static NextStep wait(DeliveryClock::time_point until, bool on_records) {
        NextStep n;
        n.kind = Kind::wait;
        n.until = until;
        n.on_records = on_records;
        return n;
    }
};

class Delivery {
public:
    Delivery(Subscription s, DeliveryContext& context);
    ~Delivery();
    Delivery(const Delivery&) = delete;
    Delivery& operator=(const Delivery&) = delete;

    // One unit of work (at most one exchange with the sink); never waits otherwise.
    [[nodiscard]] NextStep step();
    [[nodiscard]] const std::string& id() const { return sub_.id; }

private:
    enum class Sent : std::uint8_t { ok, refused, failed };
    struct Pending { // a message being delivered, possibly over several retries
        Pending(Outbound m, bool is_heartbeat, sel_archive::Sequence to)
            : message(std::move(m)), heartbeat(is_heartbeat), advance_to(to) {}
        Outbound message;
        bool heartbeat = false;
        sel_archive::Sequence advance_to = 0;
        std::uint32_t attempt = 0;
        std::chrono::milliseconds interval{0};
    };

    [[nodiscard]] NextStep next_message(DeliveryClock::time_point now);
    [[nodiscard]] NextStep idle(DeliveryClock::time_point now) const;
    [[nodiscard]] NextStep deliver();
    [[nodiscard]] Sent post_once(const Outbound& m);
    void end(std::string_view status, const std::string& reason);
    void log(http::LogLevel level, const std::string& text) const;

    Subscription sub_;
    DeliveryContext& ctx_;
    wsman::client::HttpTransport sink_;
    std::unique_ptr<cim::WqlQuery> filter_;
    bool ack_ = false;
    DeliveryClock::time_point last_activity_;
    DeliveryClock::time_point batch_started_{};
    bool batching_ = false; // a short Events batch is waiting for MaxTime
    std::optional<Pending> pending_;
};

} // namespace eventing
