// Pull on a Pull-mode subscription's enumeration context (DSP0226 10.2.9.6, WS-Enumeration
// Pull): the events after the position that pass the filter, at most MaxElements and
// within MaxEnvelopeSize; the position moves past what was returned. No events: an empty
// PullResponse at once (what OMI answers; a connection thread never waits for events), with
// the context, never EndOfSequence. The bookmark goes in a wsman:Bookmark header when asked.
#include "cim_mapping/filter.hpp"
#include "eventing/event_service.hpp"
#include "eventing/names.hpp"
#include "eventing/reply.hpp"
#include "wsman_front/namespaces.hpp"

#include <fmt/format.h>

namespace eventing {
namespace {


constexpr std::size_t envelope_overhead = 2048; // headers and wrappers around the items

} // namespace

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
    std::optional<cim::WqlQuery> filter;
    if (!s->filter_query.empty()) {
        if (auto q = cim::parse_wql(s->filter_query)) {
            filter = std::move(*q);
        }
    }
    std::string items;
    std::size_t taken = 0;
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
            if (taken == max || items.size() + body->xml.size() > budget) {
                full = true;
                break;
            }
            items += body->xml;
            ++taken;
            position = rec.sequence;
        }
    }
    if (taken == 0 && full) {
        return fault_answer(r, wsman::fault::encoding_limit("An event does not fit in MaxEnvelopeSize.", "MaxEnvelopeSize"));
    }
    if (position > s->position) {
        store_.advance(s->id, position);
    }
    std::string headers;
    if (s->send_bookmarks) {
        headers = fmt::format("<wsman:Bookmark>{}</wsman:Bookmark>",
                              wsman::escape(sel_archive::to_text({archive_.id(), position})));
    }
    return answer(r, uri::action::pull_response,
                  fmt::format("<wsen:PullResponse><wsen:EnumerationContext>{}</wsen:EnumerationContext>"
                              "<wsen:Items>{}</wsen:Items></wsen:PullResponse>",
                              s->id, items),
                  headers);
}

} // namespace eventing
