// Renew, GetStatus and Unsubscribe (WS-Eventing 2004/08 sections 3.2-3.4, DSP0226 10.4-10.6),
// each finding the subscription by the wse:Identifier header; only its owner sees it.
#include "eventing/event_service.hpp"
#include "eventing/faults.hpp"
#include "eventing/names.hpp"
#include "eventing/reply.hpp"
#include "eventing/subscribe_request.hpp"
#include "wsman_front/namespaces.hpp"

#include <fmt/format.h>

namespace eventing {
namespace {

bool expired(const Subscription& s) {
    return s.expires && std::chrono::system_clock::now() >= *s.expires;
}

} // namespace

wsman::Reply EventService::renew(const wsman::Request& r, const std::string& id, const cim::Caller& caller) {
    auto s = owned(id, caller);
    if (!s || expired(*s)) {
        return fault_answer(r, fault::unable_to_renew("No such subscription: " + id.substr(0, 100)));
    }
    const wsman::XmlNode* op = r.body.child(uri::wse, "Renew");
    if (op == nullptr) {
        return fault_answer(r, fault::invalid_message("The body holds no wse:Renew."));
    }
    s->expires.reset();
    s->expires_as_datetime = false;
    if (const wsman::XmlNode* e = op->child(uri::wse, "Expires")) {
        auto expiry = parse_expires(e->text, std::chrono::system_clock::now());
        if (!expiry) {
            return fault_answer(r, expiry.error());
        }
        s->expires = expiry->at;
        s->expires_as_datetime = expiry->as_datetime;
    }
    if (!store_.update(*s)) {
        return fault_answer(r, fault::unable_to_renew("No such subscription: " + id.substr(0, 100)));
    }
    engine_.poke(id); // its delivery takes the new expiry
    return answer(r, uri::action::renew_response,
                  fmt::format("<wse:RenewResponse><wse:Expires>{}</wse:Expires></wse:RenewResponse>", expires_text(*s)));
}

wsman::Reply EventService::get_status(const wsman::Request& r, const std::string& id, const cim::Caller& caller) {
    auto s = owned(id, caller);
    if (!s || expired(*s)) {
        return fault_answer(r, fault::invalid_message("No such subscription: " + id.substr(0, 100)));
    }
    return answer(r, uri::action::get_status_response,
                  fmt::format("<wse:GetStatusResponse><wse:Expires>{}</wse:Expires></wse:GetStatusResponse>",
                              expires_text(*s)));
}

wsman::Reply EventService::unsubscribe(const wsman::Request& r, const std::string& id, const cim::Caller& caller) {
    auto s = owned(id, caller);
    if (!s || !store_.remove(id)) {
        return fault_answer(r, fault::invalid_message("No such subscription: " + id.substr(0, 100)));
    }
    end_delivery(id);
    if (options_.log) {
        options_.log(http::LogLevel::notice,
                     fmt::format("Unsubscribe {} by {} from {}", id, caller.user, caller.source));
    }
    return answer(r, uri::action::unsubscribe_response, ""); // an empty body (WS-Eventing 3.4)
}

} // namespace eventing
