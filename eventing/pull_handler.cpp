// Pull on a Pull-mode subscription's enumeration context (DSP0226 10.2.9.6, WS-Enumeration
// Pull): the events after the position that pass the filter, at most MaxElements and
// within MaxEnvelopeSize; the position moves past what was returned. The bookmark goes in a
// wsman:Bookmark header when asked; the context stays, never EndOfSequence.
//
// Nothing new: the Pull is held (DSP0226 10.2.9.5 and 10.2.5; facts sheet section 5 and
// "server must" 9) without holding a thread: the route parks it on the HTTP layer and it
// waits here as a Waiter, answered by the first of
//   - an event that passes the filter, archived meanwhile (archived() serves the waiters on
//     the SEL poller's thread): a PullResponse with up to MaxElements items at once;
//   - the subscription's heartbeat interval: an empty PullResponse (Pull mode's heartbeat:
//     WinRM unsubscribes when a PullResponse carries the Heartbeat action, OMI wsman.c);
//   - without heartbeats, the request's OperationTimeout: wsman:TimedOut (openwsman).
// Both deadlines fall a little before the OperationTimeout (the client's own HTTP timeout is
// often the same span: bmcwsman-client sends its transport timeout as OperationTimeout), so
// the answer is never later than it. When the HTTP layer cannot park another request (its
// caps per user and in all) the empty PullResponse is the answer at once, as before.
//
// A Pull-mode subscription whose client stops pulling is kept until it expires or is
// unsubscribed (OMI drops it after heartbeat intervals without a Pull; here its records
// stay pinned in the archive until Expires, which the per-user and total subscription caps
// bound); a subscriber that comes back after a pause gets what it missed.
#include "cim_mapping/filter.hpp"
#include "eventing/event_service.hpp"
#include "eventing/names.hpp"
#include "eventing/reply.hpp"
#include "wsman_front/namespaces.hpp"

#include <fmt/format.h>

namespace eventing {
namespace {

constexpr std::size_t envelope_overhead = 2048; // headers and wrappers around the items

// How long a Pull may wait: its OperationTimeout less a margin (a tenth, at most 2 s), so
// the answer arrives before the client gives up.
std::chrono::milliseconds hold_limit(std::chrono::milliseconds operation_timeout) {
    return operation_timeout - std::min<std::chrono::milliseconds>(operation_timeout / 10, std::chrono::seconds(2));
}

} // namespace

// The caller holds pull_mutex_ until it has committed (or not) what this takes.
EventService::PullBatch EventService::take_events(const std::string& id, std::size_t max, std::size_t budget) {
    PullBatch out;
    auto s = store_.find(id);
    if (!s) {
        out.gone = true;
        return out;
    }
    out.subscription_id = s->id;
    std::optional<cim::WqlQuery> filter;
    if (!s->filter_query.empty()) {
        if (auto q = cim::parse_wql(s->filter_query)) {
            filter = std::move(*q);
        }
    }
    sel_archive::Sequence position = s->position;
    bool full = false;
    while (!full) {
        const auto records = archive_.read_after(position, 256);
        if (records.empty()) {
            break;
        }
        for (const auto& rec : records) {
            auto body = bodies_.of(rec, archive_.id(), s->content);
            if (filter && !cim::matches(*filter, body->instance)) {
                position = rec.sequence;
                continue;
            }
            if (out.taken == max || out.items.size() + body->xml.size() > budget) {
                full = true;
                break;
            }
            out.items += body->xml;
            ++out.taken;
            position = rec.sequence;
        }
    }
    out.too_big = out.taken == 0 && full;
    out.from = s->position;
    out.to = position;
    if (s->send_bookmarks) {
        out.headers = fmt::format("<wsman:Bookmark>{}</wsman:Bookmark>",
                                  wsman::escape(sel_archive::to_text({archive_.id(), position})));
    }
    return out;
}

wsman::Reply EventService::pull_answer(const wsman::Request& r, const PullBatch& b) {
    if (b.gone) {
        return fault_answer(r, wsman::fault::invalid_enumeration_context());
    }
    if (b.too_big) {
        return fault_answer(r, wsman::fault::encoding_limit("An event does not fit in MaxEnvelopeSize.", "MaxEnvelopeSize"));
    }
    return answer(r, uri::action::pull_response,
                  fmt::format("<wsen:PullResponse><wsen:EnumerationContext>{}</wsen:EnumerationContext>"
                              "<wsen:Items>{}</wsen:Items></wsen:PullResponse>",
                              b.subscription_id, b.items),
                  b.headers);
}

std::optional<wsman::Reply> EventService::pull(const wsman::Request& r, const cim::Caller& caller) {
    namespace ns = wsman::ns;
    const wsman::XmlNode* op = r.body.child(ns::wsen, "Pull");
    const wsman::XmlNode* ctx = op != nullptr ? op->child(ns::wsen, "EnumerationContext") : nullptr;
    if (ctx == nullptr) {
        return std::nullopt;
    }
    const std::string id = wsman::trim_text(ctx->text);
    auto s = owned(id, caller);
    if (!s) {
        return std::nullopt; // an enumeration's context (or unknown: the dispatcher says so)
    }
    if (s->mode != Mode::pull) {
        return fault_answer(r, wsman::fault::invalid_enumeration_context());
    }
    std::size_t max = 1;
    const wsman::XmlNode* m = op->child(ns::wsen, "MaxElements");
    if (m == nullptr) {
        m = op->child(ns::wsman, "MaxElements");
    }
    if (m != nullptr) {
        const auto v = wsman::unsigned_text(m->text);
        if (!v || *v == 0) {
            return fault_answer(r, wsman::fault::invalid_parameter("MaxElements must be a positive integer."));
        }
        max = static_cast<std::size_t>(std::min<std::uint64_t>(*v, options_.max_pull_elements));
    }
    const std::size_t budget = r.max_envelope_size == 0 ? std::size_t{16} << 20
                                                        : (r.max_envelope_size > envelope_overhead
                                                               ? r.max_envelope_size - envelope_overhead
                                                               : 0);
    PullBatch now;
    {
        const std::lock_guard lock(pull_mutex_);
        now = take_events(s->id, max, budget);
        commit(now); // answered on this thread, now
    }
    wsman::Reply reply = pull_answer(r, now);
    const auto limit = hold_limit(r.operation_timeout);
    if (now.taken > 0 || now.gone || now.too_big || limit.count() <= 0) {
        return reply;
    }
    // Nothing yet: the empty answer above is for when the request cannot wait.
    auto later = std::make_shared<wsman::Later>();
    const bool heartbeat = s->heartbeats.count() > 0;
    later->deadline = std::chrono::steady_clock::now() + (heartbeat ? std::min(s->heartbeats, limit) : limit);
    if (heartbeat) {
        later->deadline_body = reply.body;
    } else {
        const wsman::Reply timed_out = fault_answer(r, wsman::fault::timed_out());
        later->deadline_status = timed_out.http_status;
        later->deadline_body = timed_out.body;
    }
    wsman::Request request = r;
    request.body = {};
    later->parked = [this, request = std::move(request), sid = s->id, max, budget](wsman::HeldReply held) {
        {
            const std::lock_guard lock(waiters_mutex_);
            waiters_.push_back({request, sid, max, budget, std::move(held)});
        }
        serve_waiters(false); // an event archived since the first look
    };
    reply.later = std::move(later);
    return reply;
}

void EventService::commit(const PullBatch& b) {
    if (!b.gone && !b.too_big && b.to > b.from) {
        store_.advance(b.subscription_id, b.to);
    }
}

void EventService::serve_waiters(bool prune_only) {
    std::vector<Waiter> waiting;
    {
        const std::lock_guard lock(waiters_mutex_);
        waiting.swap(waiters_);
    }
    std::vector<Waiter> still;
    for (auto& w : waiting) {
        if (!w.held.open()) {
            continue; // answered at its deadline, or its client went away
        }
        if (prune_only && store_.find(w.subscription_id)) {
            still.push_back(std::move(w));
            continue;
        }
        const std::lock_guard lock(pull_mutex_);
        const PullBatch b = take_events(w.subscription_id, w.max, w.budget);
        if (b.taken == 0 && !b.gone && !b.too_big) {
            commit(b); // past records the filter left out
            still.push_back(std::move(w));
            continue;
        }
        const wsman::Reply reply = pull_answer(w.request, b);
        // The position moves only when the answer was taken: a Pull answered at its deadline
        // meanwhile leaves these events to the next one.
        if (w.held.send(reply.http_status, reply.body)) {
            commit(b);
        }
    }
    const std::lock_guard lock(waiters_mutex_);
    for (auto& w : still) {
        waiters_.push_back(std::move(w));
    }
}

} // namespace eventing
