// A subscription as the agent keeps it (DSP0226 section 10; facts sheet sections 3-6): who
// made it, where events go and how, what they are filtered by, until when, and how far
// delivery got (the archive sequence of the last event delivered or acknowledged).
#pragma once

#include "sel_archive/archive.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventing {

enum class Mode : std::uint8_t { push, push_with_ack, events, pull };

// What the subscriber subscribed to: the event body it gets.
enum class Content : std::uint8_t {
    alert_indication, // CIM_AlertIndication
    log_record,       // CIM_LogRecord (the SEL resource URI and the CIM_LogRecord class)
};

// A WS-Addressing endpoint reference: address and the reference parameters/properties,
// each kept as XML text to be copied as a SOAP header (facts sheet section 5).
struct Endpoint {
    std::string address;
    std::vector<std::string> reference_headers;
    friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

enum class EnvelopePolicy : std::uint8_t { cancel, skip, notify }; // wsman:MaxEnvelopeSize@Policy

struct Subscription {
    std::string id; // "uuid:..." (wse:Identifier and, in Pull mode, the enumeration context)
    std::string owner;
    std::string resource_uri;
    Content content = Content::alert_indication;
    Mode mode = Mode::push;
    Endpoint notify_to;              // empty address in Pull mode
    std::optional<Endpoint> end_to;  // where SubscriptionEnd goes
    std::string filter_query;        // WQL; empty: every event
    // Absent: until unsubscribed. Wall clock, so it survives restarts.
    std::optional<std::chrono::system_clock::time_point> expires;
    bool expires_as_datetime = false; // answered in the form it was asked in
    std::chrono::milliseconds heartbeats{0}; // 0: none
    std::uint32_t connection_retries = 0;     // wsman:ConnectionRetry@Total
    std::chrono::milliseconds retry_interval{0};
    std::uint32_t max_elements = 1;           // Events mode batch size
    std::chrono::milliseconds max_time{0};    // Events mode: how long a batch may wait to fill
    std::uint32_t max_envelope_size = 0;      // 0: no limit
    EnvelopePolicy envelope_policy = EnvelopePolicy::notify;
    bool send_bookmarks = false;
    std::string content_encoding; // "UTF-8" (default) or "UTF-16"
    std::string sink_user, sink_password; // from wst:IssuedTokens (UsernameToken)
    std::string sink_auth_profile;        // wsman:Auth@Profile (sink_auth.hpp); empty: Basic with credentials
    std::string sink_thumbprint;          // the sink certificate's pin (certificateThumbprint token), lower-case hex
    std::string manager_address;         // the SubscriptionManager's wsa:Address (SubscriptionEnd)
    std::string archive_id;              // bookmarks name records of this archive
    sel_archive::Sequence position = 0;  // last record delivered (acknowledged in ack modes)

    friend bool operator==(const Subscription&, const Subscription&) = default;
};

[[nodiscard]] std::string_view mode_uri(Mode m);

} // namespace eventing
