// wse:Subscribe read from its body (WS-Eventing 2004/08 section 3.1 as DSP0226 10.2 profiles
// it; facts sheet sections 3 and 13.4): the delivery mode and its knobs, NotifyTo/EndTo with
// their reference parameters or properties, Expires (duration or dateTime), the filter,
// SendBookmarks and Bookmark. Every refusal is the fault the facts sheet lists. Pure: the
// bytes of a hostile request reach this parser (tests/fuzz/subscribe_request_fuzz.cpp).
#pragma once

#include "eventing/subscription.hpp"
#include "wsman_front/fault.hpp"
#include "wsman_front/xml_node.hpp"

#include <chrono>
#include <expected>
#include <optional>
#include <string>

namespace eventing {

struct SubscribeRequest {
    Subscription subscription; // id, owner, archive id and position not set yet
    std::optional<std::string> bookmark; // wsman:Bookmark text (uri::bookmark_earliest for "earliest")
};

// `envelope` is the whole request (its header may carry wst:IssuedTokens with the sink's
// credentials); `now` dates a duration Expires.
[[nodiscard]] std::expected<SubscribeRequest, wsman::Fault>
parse_subscribe(const wsman::XmlNode& envelope, std::string_view resource_uri,
                std::chrono::system_clock::time_point now);

// wse:Expires of a Subscribe or Renew: a positive duration or a future dateTime. nullopt
// inside the expected: "no expiry" (a duration too long to matter, as Windows sends).
struct Expiry {
    std::optional<std::chrono::system_clock::time_point> at;
    bool as_datetime = false;
};
[[nodiscard]] std::expected<Expiry, wsman::Fault> parse_expires(std::string_view text,
                                                               std::chrono::system_clock::time_point now);

// The event body of a subscribable resource URI, nullopt when events are not served there.
[[nodiscard]] std::optional<Content> content_of(std::string_view resource_uri);

} // namespace eventing
