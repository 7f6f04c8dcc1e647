// Subscribe (WS-Eventing 2004/08 section 3.1, DSP0226 10.2; facts sheet sections 3, 4, 13):
// parsed, the sink's address checked, the start position from the bookmark, the limits,
// persisted, delivery started; SubscribeResponse with the SubscriptionManager EPR, the
// granted Expires and, in Pull mode, the enumeration context.
#include "eventing/event_service.hpp"
#include "eventing/faults.hpp"
#include "eventing/names.hpp"
#include "eventing/reply.hpp"
#include "eventing/sink_auth.hpp"
#include "eventing/subscribe_request.hpp"
#include "wsman_front/namespaces.hpp"

#include <fmt/format.h>

namespace eventing {
namespace {

// What an indefinite subscription is answered with (wse:Expires is required in the answer):
// the longest span a 32-bit seconds count holds.
constexpr std::string_view indefinite = "PT4294967295.000S";

// The service's address as the client reached it (wsa:To), for the SubscriptionManager EPR.
std::string service_address(const wsman::XmlNode& envelope) {
    const wsman::XmlNode* header = envelope.child(wsman::ns::soap12, "Header");
    const wsman::XmlNode* to = header != nullptr ? header->child(wsman::ns::wsa, "To") : nullptr;
    const std::string address = to != nullptr ? wsman::trim_text(to->text) : std::string();
    return address.empty() ? std::string(wsman::ns::anonymous) : address;
}

} // namespace

std::string expires_text(const Subscription& s) {
    if (!s.expires) {
        return std::string(indefinite);
    }
    if (s.expires_as_datetime) {
        return datetime_text(*s.expires);
    }
    return duration_text(std::chrono::duration_cast<std::chrono::milliseconds>(*s.expires - std::chrono::system_clock::now()));
}

wsman::Reply EventService::subscribe(const wsman::Request& r, const wsman::XmlNode& envelope, const cim::Caller& caller) {
    // Every role may subscribe (reader and above): events say no more than the SEL does.
    auto parsed = parse_subscribe(envelope, r.resource_uri, std::chrono::system_clock::now());
    if (!parsed) {
        return fault_answer(r, parsed.error());
    }
    Subscription& s = parsed->subscription;
    if (const auto profile = sink_profile(s.sink_auth_profile);
        profile && profile->mutual && options_.delivery.client_cert.empty()) {
        return fault_answer(r, wsman::fault::unsupported_feature(
                                   "No client certificate for event sinks is configured ([eventing] sink_client_cert).",
                                   "AuthorizationMode"));
    }
    for (const Endpoint* e : {s.mode != Mode::pull ? &s.notify_to : nullptr, s.end_to ? &*s.end_to : nullptr}) {
        if (e != nullptr && !allowed_address(e->address)) {
            return fault_answer(r, fault::unusable_address("The address is not an allowed http(s) event sink: " +
                                                           e->address.substr(0, 200)));
        }
    }
    // The start: after the bookmark, from the oldest record kept (earliest), or new events only.
    const auto first = archive_.first();
    const auto last = archive_.last();
    s.position = last;
    if (parsed->bookmark) {
        const std::string& text = *parsed->bookmark;
        if (text == uri::bookmark_earliest) {
            s.position = first > 0 ? first - 1 : last;
        } else {
            auto identity = sel_archive::parse_identity(text);
            if (!identity || identity->archive_id != archive_.id() || identity->sequence > last) {
                return fault_answer(r, fault::invalid_bookmark(false, "The bookmark is not one this service gave."));
            }
            if (first > 0 && identity->sequence + 1 < first) {
                return fault_answer(r, fault::invalid_bookmark(true, "The records after the bookmark are no longer kept."));
            }
            s.position = identity->sequence;
        }
    }
    s.id = wsman::new_message_id();
    s.owner = caller.user;
    s.archive_id = archive_.id();
    s.manager_address = service_address(envelope);
    auto added = store_.add(s);
    if (!added) {
        return fault_answer(r, wsman::fault::internal_error("The subscription could not be saved: " + added.error().message()));
    }
    if (*added != SubscriptionStore::Refusal::none) {
        return fault_answer(r, fault::quota_limit(*added == SubscriptionStore::Refusal::total
                                                      ? "The service holds as many subscriptions as it allows."
                                                      : "This user holds as many subscriptions as one user may."));
    }
    if (s.mode != Mode::pull) {
        start_delivery(s);
    }
    pin_archive();
    if (options_.log) {
        options_.log(http::LogLevel::notice,
                     fmt::format("Subscribe {} by {} from {}: {} to {} after record {}", s.id, caller.user,
                                 caller.source, mode_uri(s.mode), s.mode == Mode::pull ? "Pull" : s.notify_to.address,
                                 s.position));
    }
    std::string body = fmt::format(
        "<wse:SubscribeResponse><wse:SubscriptionManager><wsa:Address>{}</wsa:Address><wsa:ReferenceParameters>"
        "<wse:Identifier>{}</wse:Identifier></wsa:ReferenceParameters></wse:SubscriptionManager>"
        "<wse:Expires>{}</wse:Expires>",
        wsman::escape(s.manager_address), s.id, expires_text(s));
    if (s.mode == Mode::pull) {
        body += fmt::format("<wsen:EnumerationContext>{}</wsen:EnumerationContext>", s.id);
    }
    body += "</wse:SubscribeResponse>";
    return answer(r, uri::action::subscribe_response, body);
}

} // namespace eventing
