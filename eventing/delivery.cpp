#include "eventing/delivery.hpp"

#include "cim_mapping/filter.hpp"
#include "eventing/names.hpp"
#include "eventing/sink_options.hpp"

#include <fmt/format.h>

namespace eventing {
namespace {

constexpr std::size_t read_window = 256; // records read from the archive at a time
// An idle subscription without heartbeats or expiry is looked at again this often anyway
// (new records, Renew and removal reach it at once through the engine).
constexpr std::chrono::seconds idle_check{60};

} // namespace

Delivery::Delivery(Subscription s, DeliveryContext& context)
    : sub_(std::move(s)), ctx_(context),
      sink_(sink_options(sub_, sub_.notify_to.address, context.options, context.options.timeout_ms)),
      ack_(sub_.mode != Mode::push), last_activity_(DeliveryClock::now()) {
    if (!sub_.filter_query.empty()) {
        if (auto q = cim::parse_wql(sub_.filter_query)) {
            filter_ = std::make_unique<cim::WqlQuery>(std::move(*q));
        }
    }
}

Delivery::~Delivery() = default;

void Delivery::log(http::LogLevel level, const std::string& text) const {
    if (ctx_.log) {
        ctx_.log(level, fmt::format("subscription {} ({}): {}", sub_.id, sub_.notify_to.address, text));
    }
}

Delivery::Sent Delivery::post_once(const Outbound& m) {
    auto answer = sink_.post(m.text);
    if (!answer) {
        log(http::LogLevel::warning, "delivery failed: " + answer.error().message);
        return Sent::failed;
    }
    const auto verdict = read_sink_answer(answer->body, m.message_id);
    if (verdict == SinkAnswer::refused) {
        return Sent::refused;
    }
    if (answer->status < 200 || answer->status >= 300) {
        log(http::LogLevel::warning, fmt::format("the sink answered HTTP {}", answer->status));
        return Sent::failed;
    }
    if (ack_ && verdict != SinkAnswer::acked) {
        log(http::LogLevel::warning, "the sink did not acknowledge (wsman:NoAck)");
        return Sent::failed;
    }
    return Sent::ok;
}

// The subscription ends: removed, and SubscriptionEnd to EndTo when it has one
// (WS-Eventing 2004/08 section 4.4).
void Delivery::end(std::string_view status, const std::string& reason) {
    ctx_.store.remove(sub_.id);
    log(http::LogLevel::notice, "ended: " + reason);
    if (!sub_.end_to) {
        return;
    }
    wsman::client::HttpTransport to(sink_options(sub_, sub_.end_to->address, ctx_.options, ctx_.options.timeout_ms));
    const auto m = subscription_end_message(sub_, sub_.manager_address, status, reason);
    if (auto answer = to.post(m.text); !answer) {
        log(http::LogLevel::warning, "SubscriptionEnd not delivered: " + answer.error().message);
    }
}

NextStep Delivery::idle(DeliveryClock::time_point now) const {
    auto until = now + idle_check;
    if (sub_.heartbeats.count() > 0) {
        until = std::min(until, last_activity_ + sub_.heartbeats);
    }
    if (sub_.expires) {
        const std::chrono::system_clock::duration left = *sub_.expires - std::chrono::system_clock::now();
        const std::chrono::system_clock::duration cap = idle_check;
        until = std::min(until, now + std::chrono::duration_cast<DeliveryClock::duration>(std::min(left, cap)));
    }
    return NextStep::wait(until, true);
}

NextStep Delivery::step() {
    if (!pending_) {
        const NextStep n = next_message(DeliveryClock::now());
        if (!pending_) {
            return n;
        }
        pending_->interval = sub_.retry_interval.count() > 0 ? sub_.retry_interval
                                                             : ctx_.options.default_retry_interval;
    }
    return deliver();
}

// Reads what is due (events after the position that pass the filter, else a heartbeat) into
// pending_, or says what to wait for.
NextStep Delivery::next_message(DeliveryClock::time_point now) {
    // Renew changes the expiry; Unsubscribe (or an ending elsewhere) removes the subscription.
    auto stored = ctx_.store.find(sub_.id);
    if (!stored) {
        return NextStep::done();
    }
    sub_.expires = stored->expires;
    if (sub_.expires && std::chrono::system_clock::now() >= *sub_.expires) {
        end(uri::status::source_cancelling, "The subscription expired.");
        return NextStep::done();
    }
    sel_archive::Archive& archive = ctx_.archive;
    const std::size_t want = sub_.mode == Mode::events ? sub_.max_elements : 1;
    std::vector<std::shared_ptr<const EventBody>> events;
    sel_archive::Sequence scanned = sub_.position;
    for (bool more = archive.last() > scanned; more && events.size() < want;) {
        const auto records = archive.read_after(scanned, read_window);
        more = records.size() == read_window;
        for (const auto& r : records) {
            scanned = r.sequence;
            auto body = ctx_.bodies.of(r, archive.id(), sub_.content);
            if (filter_ && !cim::matches(*filter_, body->instance)) {
                continue;
            }
            events.push_back(std::move(body));
            if (events.size() == want) {
                more = false;
                break;
            }
        }
    }
    if (events.empty()) {
        if (scanned > sub_.position) { // filtered out: passed over for good
            sub_.position = scanned;
            ctx_.store.advance(sub_.id, sub_.position);
        }
        batching_ = false;
        if (sub_.heartbeats.count() > 0 && now - last_activity_ >= sub_.heartbeats) {
            // DSP0226 10.2.5: a heartbeat only when nothing else went out in the interval.
            pending_.emplace(heartbeat_message(sub_, ack_), true, 0);
            return NextStep::again();
        }
        return idle(now);
    }
    // Events mode: a batch short of MaxElements waits up to MaxTime for more (10.2.9.4).
    if (sub_.mode == Mode::events && events.size() < want && sub_.max_time.count() > 0) {
        if (!batching_) {
            batch_started_ = now;
            batching_ = true;
        }
        if (now < batch_started_ + sub_.max_time) {
            return NextStep::wait(batch_started_ + sub_.max_time, true);
        }
    }
    batching_ = false;
    auto build = [&] {
        MessageOptions o{ack_, std::nullopt};
        if (sub_.send_bookmarks) {
            o.bookmark = events.back()->identity;
        }
        if (sub_.mode == Mode::events) {
            std::vector<std::string_view> bodies;
            bodies.reserve(events.size());
            for (const auto& e : events) {
                bodies.push_back(e->xml);
            }
            return events_message(sub_, bodies, o);
        }
        return event_message(sub_, events.front()->xml, o);
    };
    Outbound m = build();
    // MaxEnvelopeSize (10.2.9.5): a batch is cut to fit; one event alone too large follows
    // the Policy.
    while (sub_.max_envelope_size != 0 && m.text.size() > sub_.max_envelope_size && events.size() > 1) {
        events.pop_back();
        m = build();
    }
    if (sub_.max_envelope_size != 0 && m.text.size() > sub_.max_envelope_size) {
        if (sub_.envelope_policy == EnvelopePolicy::cancel) {
            end(uri::status::source_cancelling, "An event exceeds MaxEnvelopeSize.");
            return NextStep::done();
        }
        if (sub_.envelope_policy == EnvelopePolicy::notify) {
            m = dropped_events_message(sub_, 1, ack_);
        } else {
            sub_.position = events.front()->sequence;
            ctx_.store.advance(sub_.id, sub_.position);
            return NextStep::again();
        }
    }
    pending_.emplace(std::move(m), false, events.back()->sequence);
    return NextStep::again();
}

// One attempt at pending_. ConnectionRetry (DSP0226 10.2.3): the retries the subscriber asked
// for at its interval, doubling up to the cap; the same message (and MessageID) each time.
NextStep Delivery::deliver() {
    const Sent r = post_once(pending_->message);
    const auto retries = sub_.connection_retries > 0 ? sub_.connection_retries : ctx_.options.default_retries;
    if (r == Sent::failed && pending_->attempt < retries) {
        ++pending_->attempt;
        const auto wait = pending_->interval;
        pending_->interval = std::min(wait * 2, ctx_.options.max_retry_interval);
        return NextStep::wait(DeliveryClock::now() + wait, false); // new records do not cut it short
    }
    const Pending p = std::move(*pending_);
    pending_.reset();
    if (r == Sent::refused) { // R10.8-1: cancelled, no SubscriptionEnd
        log(http::LogLevel::notice, "the sink refused delivery (wsman:DeliveryRefused): cancelled");
        ctx_.store.remove(sub_.id);
        return NextStep::done();
    }
    if (r == Sent::failed) {
        end(uri::status::delivery_failure, p.heartbeat ? "The event sink could not be reached (heartbeat)."
                                                       : "The event sink could not be reached.");
        return NextStep::done();
    }
    if (!p.heartbeat) {
        sub_.position = p.advance_to;
        ctx_.store.advance(sub_.id, sub_.position);
    }
    last_activity_ = DeliveryClock::now();
    return NextStep::again();
}

} // namespace eventing
