// wse:Subscribe: element by element in the schema's order (facts sheet section 3).
#include "eventing/subscribe_request.hpp"

#include "cim_mapping/filter.hpp"
#include "cim_mapping/instance.hpp"
#include "eventing/faults.hpp"
#include "eventing/names.hpp"
#include "eventing/sink_auth.hpp"
#include "eventing/xml_copy.hpp"
#include "wsman_front/namespaces.hpp"
#include "wsman_front/request.hpp"
#include "wsman_client/pinning.hpp"

#include <charconv>
#include <fmt/format.h>

namespace eventing {
namespace {

using wsman::XmlNode;
namespace ns = wsman::ns;

constexpr std::uint32_t max_batch = 1000;          // MaxElements granted at most
constexpr std::chrono::milliseconds min_heartbeat{1000};
constexpr std::size_t max_reference_headers = 16;  // copied on every event
constexpr std::size_t max_reference_bytes = 8192;


// An EPR (wsa:Address plus ReferenceParameters or ReferenceProperties).
std::expected<Endpoint, wsman::Fault> endpoint(const XmlNode& epr, std::string_view what) {
    const XmlNode* address = epr.child(ns::wsa, "Address");
    if (address == nullptr || wsman::trim_text(address->text).empty()) {
        return std::unexpected(fault::invalid_message(std::string(what) + " has no wsa:Address."));
    }
    Endpoint out;
    out.address = wsman::trim_text(address->text);
    std::size_t bytes = 0;
    for (const auto* list : {epr.child(ns::wsa, "ReferenceParameters"), epr.child(ns::wsa, "ReferenceProperties")}) {
        if (list == nullptr) {
            continue;
        }
        for (const auto& c : list->children) {
            out.reference_headers.push_back(xml_text(c));
            bytes += out.reference_headers.back().size();
        }
    }
    if (out.reference_headers.size() > max_reference_headers || bytes > max_reference_bytes) {
        return std::unexpected(fault::invalid_message(std::string(what) + " has too many reference parameters."));
    }
    return out;
}

std::expected<std::chrono::milliseconds, wsman::Fault> duration(const XmlNode& n, std::string_view what) {
    auto d = wsman::parse_duration(wsman::trim_text(n.text));
    if (!d) {
        return std::unexpected(fault::invalid_message(std::string(what) + " is not an xs:duration."));
    }
    return *d;
}

std::expected<Mode, wsman::Fault> mode_of(const XmlNode& delivery) {
    const std::string* m = delivery.attribute("Mode");
    if (m == nullptr) {
        return Mode::push; // WS-Eventing: Push when @Mode is absent
    }
    const std::string mode = wsman::trim_text(*m);
    if (mode == uri::mode::push || mode == "http://schemas.dmtf.org/wbem/wsman/1/wsman/Push") { // old AMT
        return Mode::push;
    }
    if (mode == uri::mode::push_with_ack) {
        return Mode::push_with_ack;
    }
    if (mode == uri::mode::events) {
        return Mode::events;
    }
    if (mode == uri::mode::pull) {
        return Mode::pull;
    }
    return std::unexpected(fault::delivery_mode_unavailable(mode));
}

// The children of wse:Delivery that tune delivery (DSP0226 10.2.3-10.2.9).
std::optional<wsman::Fault> delivery_knobs(const XmlNode& delivery, Subscription& s) {
    const XmlNode* heartbeats = delivery.child(ns::wsman, "Heartbeats");
    if (heartbeats == nullptr) {
        if (const XmlNode* auth = delivery.child(ns::wsman, "Auth")) { // openwsman -s nests it there
            heartbeats = auth->child(ns::wsman, "Heartbeats");
        }
    }
    if (heartbeats != nullptr) {
        auto d = duration(*heartbeats, "wsman:Heartbeats");
        if (!d) {
            return d.error();
        }
        s.heartbeats = d->count() == 0 ? *d : std::max(*d, min_heartbeat);
    }
    if (const XmlNode* retry = delivery.child(ns::wsman, "ConnectionRetry")) {
        auto d = duration(*retry, "wsman:ConnectionRetry");
        if (!d) {
            return d.error();
        }
        const std::string* total = retry->attribute("Total");
        auto n = total != nullptr ? wsman::unsigned_text(*total) : std::optional<std::uint64_t>(1);
        if (!n) {
            return fault::invalid_message("wsman:ConnectionRetry@Total is not a number.");
        }
        s.connection_retries = static_cast<std::uint32_t>(std::min<std::uint64_t>(*n, 100));
        s.retry_interval = std::min(*d, std::chrono::milliseconds{3600'000});
    }
    if (const XmlNode* max = delivery.child(ns::wsman, "MaxElements")) {
        auto n = wsman::unsigned_text(max->text);
        if (!n || *n == 0) {
            return fault::invalid_message("wsman:MaxElements must be a positive integer.");
        }
        s.max_elements = static_cast<std::uint32_t>(std::min<std::uint64_t>(*n, max_batch));
    }
    if (const XmlNode* max_time = delivery.child(ns::wsman, "MaxTime")) {
        auto d = duration(*max_time, "wsman:MaxTime");
        if (!d) {
            return d.error();
        }
        s.max_time = std::min(*d, std::chrono::milliseconds{3600'000});
    }
    if (const XmlNode* size = delivery.child(ns::wsman, "MaxEnvelopeSize")) {
        auto n = wsman::unsigned_text(size->text);
        if (!n || *n < wsman::min_envelope_size) {
            return fault::invalid_message("wsman:MaxEnvelopeSize must be a number of at least 8192.");
        }
        s.max_envelope_size = static_cast<std::uint32_t>(std::min<std::uint64_t>(*n, 0xffffffffU));
        if (const std::string* policy = size->attribute("Policy")) {
            const auto p = wsman::trim_text(*policy);
            if (p == "CancelSubscription") {
                s.envelope_policy = EnvelopePolicy::cancel;
            } else if (p == "Skip") {
                s.envelope_policy = EnvelopePolicy::skip;
            } else if (p == "Notify") {
                s.envelope_policy = EnvelopePolicy::notify;
            } else {
                return fault::invalid_message("Unknown wsman:MaxEnvelopeSize@Policy: " + p.substr(0, 100));
            }
        }
    }
    if (const XmlNode* encoding = delivery.child(ns::wsman, "ContentEncoding")) {
        const auto e = wsman::trim_text(encoding->text);
        if (e != "UTF-8" && e != "UTF-16") {
            return fault::unsupported_feature("Unknown wsman:ContentEncoding: " + e.substr(0, 100), "");
        }
        s.content_encoding = e;
    }
    return std::nullopt;
}

// The filter (wsman:Filter or wse:Filter, not both: R10.2.2-50..52): WQL only.
std::optional<wsman::Fault> filter_of(const XmlNode& subscribe, Subscription& s) {
    const XmlNode* wsman_filter = subscribe.child(ns::wsman, "Filter");
    const XmlNode* wse_filter = subscribe.child(uri::wse, "Filter");
    if (wsman_filter != nullptr && wse_filter != nullptr) {
        return fault::invalid_message("Both wsman:Filter and wse:Filter are present.");
    }
    const XmlNode* f = wsman_filter != nullptr ? wsman_filter : wse_filter;
    if (f == nullptr) {
        return std::nullopt;
    }
    const std::string* d = f->attribute("Dialect");
    // wsman:Filter's default dialect is XPath 1.0 (DSP0226 10.2.2), not served here.
    const std::string dialect = d != nullptr ? wsman::trim_text(*d) : "http://www.w3.org/TR/1999/REC-xpath-19991116";
    if (dialect != uri::dialect::wql_microsoft && dialect != uri::dialect::wql_dmtf) {
        return fault::filtering_unavailable(dialect);
    }
    const std::string query = wsman::trim_text(f->text);
    auto parsed = cim::parse_wql(query);
    if (!parsed) {
        return wsman::fault::cannot_process_filter(parsed.error().detail);
    }
    const std::string_view event_class = s.content == Content::alert_indication ? "CIM_AlertIndication" : "CIM_LogRecord";
    if (!cim::iequals(parsed->class_name, event_class)) {
        return wsman::fault::cannot_process_filter(fmt::format("The events here are {}, not {}", event_class,
                                                               parsed->class_name.substr(0, 100)));
    }
    s.filter_query = query;
    return std::nullopt;
}

// wsman:Auth@Profile (DSP0226 10.2.2): how the sink is to be authenticated to. In
// wse:Delivery; also taken from NotifyTo or Subscribe, where clients have misplaced it.
std::optional<wsman::Fault> auth_profile(const XmlNode& subscribe, const XmlNode& delivery, Subscription& s) {
    const XmlNode* auth = delivery.child(ns::wsman, "Auth");
    if (const XmlNode* notify = delivery.child(uri::wse, "NotifyTo"); auth == nullptr && notify != nullptr) {
        auth = notify->child(ns::wsman, "Auth");
    }
    if (auth == nullptr) {
        auth = subscribe.child(ns::wsman, "Auth");
    }
    if (auth == nullptr) {
        return std::nullopt;
    }
    const std::string* p = auth->attribute("Profile");
    if (p == nullptr) {
        return fault::invalid_message("wsman:Auth has no Profile.");
    }
    const std::string profile = wsman::trim_text(*p);
    const auto served = sink_profile(profile);
    if (!served) {
        return wsman::fault::unsupported_feature(
            "The security profile " + profile.substr(0, 200) + " is not supported for event delivery.", "AuthorizationMode");
    }
    if (served->https && s.mode != Mode::pull && !s.notify_to.address.starts_with("https://")) {
        return wsman::fault::unsupported_feature("The security profile " + profile + " needs an https:// NotifyTo.",
                                                 "AuthorizationMode");
    }
    s.sink_auth_profile = profile;
    return std::nullopt;
}

// wst:IssuedTokens (facts sheet section 10, openwsman's wsman_parse_credentials): a
// UsernameToken's name and password (openwsman's -n/-z) and a certificateThumbprint token's
// wsman:CertificateThumbprint (--delivery-thumbprint), the sink certificate's pin.
std::optional<wsman::Fault> sink_credentials(const XmlNode& envelope, Subscription& s) {
    const XmlNode* header = envelope.child(ns::soap12, "Header");
    const XmlNode* tokens = header != nullptr ? header->child(uri::wst, "IssuedTokens") : nullptr;
    if (tokens == nullptr) {
        return std::nullopt;
    }
    // Every element below the tokens by local name, bounded: the tree is small when it is honest.
    std::vector<const XmlNode*> all;
    std::vector<const XmlNode*> stack{tokens};
    while (!stack.empty() && all.size() < 64) {
        const XmlNode* n = stack.back();
        stack.pop_back();
        all.push_back(n);
        for (const auto& c : n->children) {
            stack.push_back(&c);
        }
    }
    const auto find = [&all](std::string_view local) {
        for (const XmlNode* n : all) {
            if (n->local == local) {
                return n;
            }
        }
        return static_cast<const XmlNode*>(nullptr);
    };
    for (const XmlNode* n : all) {
        if (n->local == "TokenType") {
            const auto type = wsman::trim_text(n->text);
            if (type != uri::token::username && type != uri::token::certificate_thumbprint) {
                return wsman::fault::unsupported_feature("Unsupported wst:TokenType: " + type.substr(0, 200),
                                                         "AuthorizationMode");
            }
        }
    }
    const XmlNode* user = find("Username");
    const XmlNode* password = find("Password");
    if (user != nullptr && password != nullptr) {
        s.sink_user = wsman::trim_text(user->text);
        s.sink_password = password->text;
    }
    if (const XmlNode* thumbprint = find("CertificateThumbprint")) {
        auto pin = wsman::client::normalize_thumbprint(thumbprint->text);
        if (!pin) {
            return fault::invalid_message("wsman:CertificateThumbprint is not 40 (SHA-1) or 64 (SHA-256) hex digits.");
        }
        if (s.mode != Mode::pull && !s.notify_to.address.starts_with("https://")) {
            return wsman::fault::unsupported_feature("A certificate thumbprint needs an https:// NotifyTo.",
                                                     "AuthorizationMode");
        }
        s.sink_thumbprint = std::move(*pin);
    }
    return std::nullopt;
}

} // namespace

std::optional<Content> content_of(std::string_view resource_uri) {
    if (resource_uri == uri::sel || resource_uri == uri::log_record) {
        return Content::log_record;
    }
    if (resource_uri == uri::alert_indication) {
        return Content::alert_indication;
    }
    return std::nullopt;
}

std::expected<Expiry, wsman::Fault> parse_expires(std::string_view raw, std::chrono::system_clock::time_point now) {
    const std::string text = wsman::trim_text(raw);
    if (text.starts_with('P')) {
        if (auto d = wsman::parse_duration(text)) {
            if (d->count() <= 0) {
                return std::unexpected(fault::invalid_expiration_time("wse:Expires is zero."));
            }
            return Expiry{now + *d, false};
        }
        // Longer than parse_duration takes (a billion seconds and more): no expiry. Anything
        // else that starts like a duration is malformed.
        if (text.starts_with("PT") && text.ends_with('S') && text.size() > 12 &&
            text.find_first_not_of("0123456789.", 2) == text.size() - 1) {
            return Expiry{std::nullopt, false};
        }
        return std::unexpected(fault::invalid_expiration_time("wse:Expires is not a valid xs:duration."));
    }
    auto when = cim::parse_datetime(text);
    if (!when || when->interval || text.find('T') == std::string::npos) {
        return std::unexpected(fault::invalid_expiration_time("wse:Expires is neither an xs:duration nor an xs:dateTime."));
    }
    // system_clock counts nanoseconds in 64 bits (years 1678 to 2262): a time outside that is
    // in the past, or so far ahead that it is no expiry, before it is converted.
    const auto now_seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    constexpr std::int64_t representable = 9'000'000'000; // seconds either side of 1970
    if (when->seconds <= now_seconds) {
        return std::unexpected(fault::invalid_expiration_time("wse:Expires is in the past."));
    }
    if (when->seconds >= representable) {
        return Expiry{std::nullopt, true};
    }
    const auto at = std::chrono::system_clock::time_point{std::chrono::seconds{when->seconds}} +
                    std::chrono::microseconds{when->microseconds};
    if (at <= now) {
        return std::unexpected(fault::invalid_expiration_time("wse:Expires is in the past."));
    }
    return Expiry{at, true};
}

std::expected<SubscribeRequest, wsman::Fault> parse_subscribe(const XmlNode& envelope, std::string_view resource_uri,
                                                              std::chrono::system_clock::time_point now) {
    const XmlNode* body = envelope.child(ns::soap12, "Body");
    const XmlNode* subscribe = body != nullptr ? body->child(uri::wse, "Subscribe") : nullptr;
    if (subscribe == nullptr) {
        return std::unexpected(fault::invalid_message("The body holds no wse:Subscribe."));
    }
    SubscribeRequest out;
    Subscription& s = out.subscription;
    s.resource_uri = std::string(resource_uri);
    const auto content = content_of(resource_uri);
    if (!content) {
        return std::unexpected(wsman::fault::destination_unreachable(
            "Events are served on " + std::string(uri::sel) + ", " + std::string(uri::alert_indication) + " and " +
            std::string(uri::log_record) + ", not on " + std::string(resource_uri.substr(0, 200))));
    }
    s.content = *content;
    const XmlNode* delivery = subscribe->child(uri::wse, "Delivery");
    if (delivery == nullptr) {
        return std::unexpected(fault::invalid_message("wse:Subscribe has no wse:Delivery."));
    }
    auto mode = mode_of(*delivery);
    if (!mode) {
        return std::unexpected(mode.error());
    }
    s.mode = *mode;
    if (s.mode != Mode::pull) {
        const XmlNode* notify = delivery->child(uri::wse, "NotifyTo");
        if (notify == nullptr) {
            return std::unexpected(fault::invalid_message("wse:Delivery has no wse:NotifyTo."));
        }
        auto to = endpoint(*notify, "wse:NotifyTo");
        if (!to) {
            return std::unexpected(to.error());
        }
        s.notify_to = std::move(*to);
    }
    if (const XmlNode* end_to = subscribe->child(uri::wse, "EndTo")) {
        auto to = endpoint(*end_to, "wse:EndTo");
        if (!to) {
            return std::unexpected(to.error());
        }
        s.end_to = std::move(*to);
    }
    if (auto f = delivery_knobs(*delivery, s)) {
        return std::unexpected(std::move(*f));
    }
    if (auto f = auth_profile(*subscribe, *delivery, s)) {
        return std::unexpected(std::move(*f));
    }
    if (const XmlNode* expires = subscribe->child(uri::wse, "Expires")) {
        auto e = parse_expires(expires->text, now);
        if (!e) {
            return std::unexpected(e.error());
        }
        s.expires = e->at;
        s.expires_as_datetime = e->as_datetime;
    }
    if (auto f = filter_of(*subscribe, s)) {
        return std::unexpected(std::move(*f));
    }
    s.send_bookmarks = subscribe->child(ns::wsman, "SendBookmarks") != nullptr;
    if (const XmlNode* bookmark = subscribe->child(ns::wsman, "Bookmark")) {
        if (!bookmark->children.empty()) {
            return std::unexpected(fault::invalid_bookmark(false, "The bookmark is not one this service gave."));
        }
        out.bookmark = wsman::trim_text(bookmark->text);
    }
    if (auto f = sink_credentials(envelope, s)) {
        return std::unexpected(std::move(*f));
    }
    return out;
}

std::string_view mode_uri(Mode m) {
    switch (m) {
    case Mode::push: return uri::mode::push;
    case Mode::push_with_ack: return uri::mode::push_with_ack;
    case Mode::events: return uri::mode::events;
    case Mode::pull: return uri::mode::pull;
    }
    return uri::mode::push;
}

} // namespace eventing
