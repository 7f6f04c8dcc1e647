#include "eventing/deliverer.hpp"

#include "cim_mapping/filter.hpp"
#include "eventing/event_messages.hpp"
#include "eventing/names.hpp"
#include "eventing/sink_auth.hpp"
#include "wsman_client/transport.hpp"

#include <fmt/format.h>

namespace eventing {
namespace {

using Clock = std::chrono::steady_clock;
enum class Sent : std::uint8_t { ok, refused, failed, stopped };
constexpr std::size_t read_window = 256; // records read from the archive at a time
constexpr std::chrono::seconds idle_check{1};

wsman::client::TransportOptions sink_options(const Subscription& s, const std::string& url, const DeliveryOptions& o,
                                             std::uint32_t timeout_ms) {
    wsman::client::TransportOptions t;
    t.url = url;
    t.ca_file = o.ca_file;
    t.verify_peer = o.verify;
    t.verify_host = o.verify;
    apply_sink_auth(s, url, o, t); // credentials, client certificate, pin (sink_auth.cpp)
    t.connect_timeout_ms = std::min(o.connect_timeout_ms, timeout_ms);
    t.timeout_ms = timeout_ms;
    t.max_response_bytes = 1u << 20;
    t.utf16 = s.content_encoding == "UTF-16";
    return t;
}

} // namespace

struct Deliverer::State {
    State(Subscription s, DeliveryContext& c)
        : sub(std::move(s)), ctx(c),
          sink(sink_options(sub, sub.notify_to.address, c.options, c.options.timeout_ms)) {}

    Subscription sub;
    DeliveryContext& ctx;
    std::mutex mutex;
    std::condition_variable cv;
    bool stop = false;
    bool woken = false;
    wsman::client::HttpTransport sink;
    std::optional<cim::WqlQuery> filter;

    // Sleeps until `deadline`, a wake() or a stop; false on stop.
    bool wait_until(Clock::time_point deadline) {
        std::unique_lock lock(mutex);
        cv.wait_until(lock, deadline, [&] { return stop || woken; });
        woken = false;
        return !stop;
    }
    bool stopping() {
        const std::lock_guard lock(mutex);
        return stop;
    }
    void log(http::LogLevel level, const std::string& text) const {
        if (ctx.log) {
            ctx.log(level, fmt::format("subscription {} ({}): {}", sub.id, sub.notify_to.address, text));
        }
    }

    Sent post_once(const Outbound& m, bool ack) {
        auto answer = sink.post(m.text);
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
        if (ack && verdict != SinkAnswer::acked) {
            log(http::LogLevel::warning, "the sink did not acknowledge (wsman:NoAck)");
            return Sent::failed;
        }
        return Sent::ok;
    }

    // ConnectionRetry (DSP0226 10.2.3): the retries the subscriber asked for at its interval,
    // doubling up to the cap; the same message (and MessageID) each time.
    Sent post(const Outbound& m, bool ack) {
        const auto retries = sub.connection_retries > 0 ? sub.connection_retries : ctx.options.default_retries;
        auto interval = sub.retry_interval.count() > 0 ? sub.retry_interval : ctx.options.default_retry_interval;
        for (std::uint32_t attempt = 0;; ++attempt) {
            const Sent r = post_once(m, ack);
            if (r != Sent::failed || attempt >= retries) {
                return r;
            }
            if (!wait_for_retry(interval)) {
                return Sent::stopped;
            }
            interval = std::min(interval * 2, ctx.options.max_retry_interval);
        }
    }
    bool wait_for_retry(std::chrono::milliseconds interval) {
        const auto deadline = Clock::now() + interval;
        std::unique_lock lock(mutex);
        cv.wait_until(lock, deadline, [&] { return stop; }); // new records do not cut a retry wait short
        return !stop;
    }

    // The subscription ends: removed, and SubscriptionEnd to EndTo when it has one
    // (WS-Eventing 2004/08 section 4.4).
    void end(std::string_view status, const std::string& reason) {
        ctx.store.remove(sub.id);
        log(http::LogLevel::notice, "ended: " + reason);
        if (!sub.end_to) {
            return;
        }
        wsman::client::HttpTransport to(sink_options(sub, sub.end_to->address, ctx.options, ctx.options.timeout_ms));
        const auto m = subscription_end_message(sub, sub.manager_address, status, reason);
        if (auto answer = to.post(m.text); !answer) {
            log(http::LogLevel::warning, "SubscriptionEnd not delivered: " + answer.error().message);
        }
    }
};

Deliverer::Deliverer(Subscription s, DeliveryContext& context)
    : id_(s.id), state_(std::make_shared<State>(std::move(s), context)) {
    if (!state_->sub.filter_query.empty()) {
        if (auto q = cim::parse_wql(state_->sub.filter_query)) {
            state_->filter = std::move(*q);
        }
    }
    thread_ = std::thread([this] {
        run();
        finished_ = true;
    });
}

Deliverer::~Deliverer() {
    request_stop();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void Deliverer::wake() {
    {
        const std::lock_guard lock(state_->mutex);
        state_->woken = true;
    }
    state_->cv.notify_all();
}

void Deliverer::request_stop() {
    {
        const std::lock_guard lock(state_->mutex);
        state_->stop = true;
    }
    state_->cv.notify_all();
}

void Deliverer::run() {
    State& st = *state_;
    Subscription& s = st.sub;
    sel_archive::Archive& archive = st.ctx.archive;
    const bool ack = s.mode != Mode::push;
    const std::size_t want = s.mode == Mode::events ? s.max_elements : 1;
    auto last_activity = Clock::now();
    Clock::time_point batch_started{};
    bool batching = false; // a short Events batch is waiting for MaxTime
    while (!st.stopping()) {
        // Renew changes the expiry; Unsubscribe (or the janitor) removes the subscription.
        auto stored = st.ctx.store.find(s.id);
        if (!stored) {
            return;
        }
        s.expires = stored->expires;
        if (s.expires && std::chrono::system_clock::now() >= *s.expires) {
            st.end(uri::status::source_cancelling, "The subscription expired.");
            return;
        }
        // The next events after the position that pass the filter.
        std::vector<std::shared_ptr<const EventBody>> events;
        sel_archive::Sequence scanned = s.position;
        for (bool more = true; more && events.size() < want;) {
            const auto records = archive.read_after(scanned, read_window);
            more = records.size() == read_window;
            for (const auto& r : records) {
                scanned = r.sequence;
                auto body = st.ctx.bodies.of(r, archive.id(), s.content);
                if (st.filter && !cim::matches(*st.filter, body->instance)) {
                    continue;
                }
                events.push_back(std::move(body));
                if (events.size() == want) {
                    more = false;
                    break;
                }
            }
        }
        const auto now = Clock::now();
        if (events.empty()) {
            if (scanned > s.position) { // filtered out: passed over for good
                s.position = scanned;
                st.ctx.store.advance(s.id, s.position);
            }
            batching = false;
            if (s.heartbeats.count() > 0 && now - last_activity >= s.heartbeats) {
                // DSP0226 10.2.5: a heartbeat only when nothing else went out in the interval.
                const Sent r = st.post(heartbeat_message(s, ack), ack);
                if (r == Sent::refused) {
                    st.ctx.store.remove(s.id);
                    return;
                }
                if (r == Sent::failed) {
                    st.end(uri::status::delivery_failure, "The event sink could not be reached (heartbeat).");
                    return;
                }
                last_activity = Clock::now();
            }
            auto deadline = now + idle_check;
            if (s.heartbeats.count() > 0) {
                deadline = std::min(deadline, last_activity + s.heartbeats);
            }
            st.wait_until(deadline);
            continue;
        }
        // Events mode: a batch short of MaxElements waits up to MaxTime for more (10.2.9.4).
        if (s.mode == Mode::events && events.size() < want && s.max_time.count() > 0) {
            if (!batching) {
                batch_started = now;
                batching = true;
            }
            if (now < batch_started + s.max_time) {
                st.wait_until(batch_started + s.max_time);
                continue;
            }
        }
        batching = false;
        auto build = [&] {
            MessageOptions o{ack, std::nullopt};
            if (s.send_bookmarks) {
                o.bookmark = events.back()->identity;
            }
            if (s.mode == Mode::events) {
                std::vector<std::string_view> bodies;
                for (const auto& e : events) {
                    bodies.push_back(e->xml);
                }
                return events_message(s, bodies, o);
            }
            return event_message(s, events.front()->xml, o);
        };
        Outbound m = build();
        // MaxEnvelopeSize (10.2.9.5): a batch is cut to fit; one event alone too large follows
        // the Policy.
        while (s.max_envelope_size != 0 && m.text.size() > s.max_envelope_size && events.size() > 1) {
            events.pop_back();
            m = build();
        }
        if (s.max_envelope_size != 0 && m.text.size() > s.max_envelope_size) {
            if (s.envelope_policy == EnvelopePolicy::cancel) {
                st.end(uri::status::source_cancelling, "An event exceeds MaxEnvelopeSize.");
                return;
            }
            if (s.envelope_policy == EnvelopePolicy::notify) {
                m = dropped_events_message(s, 1, ack);
            } else {
                s.position = events.front()->sequence;
                st.ctx.store.advance(s.id, s.position);
                continue;
            }
        }
        const Sent r = st.post(m, ack);
        if (r == Sent::stopped) {
            return;
        }
        if (r == Sent::refused) { // R10.8-1: cancelled, no SubscriptionEnd
            st.log(http::LogLevel::notice, "the sink refused delivery (wsman:DeliveryRefused): cancelled");
            st.ctx.store.remove(s.id);
            return;
        }
        if (r == Sent::failed) {
            st.end(uri::status::delivery_failure, "The event sink could not be reached.");
            return;
        }
        s.position = events.back()->sequence;
        st.ctx.store.advance(s.id, s.position);
        last_activity = Clock::now();
    }
}

} // namespace eventing
