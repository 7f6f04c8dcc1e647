// The messages the event source sends (DSP0226 10.2.9, 10.3, 10.7; facts sheet sections 5
// and 6): events (one per message, or a wsman:Events batch), heartbeats, DroppedEvents and
// SubscriptionEnd, each with NotifyTo's (EndTo's) reference parameters copied as headers;
// and the sink's answer read as an Ack (matched by wsa:RelatesTo, DMTF's and openwsman's
// Ack actions), a wsman:DeliveryRefused fault, or neither.
#pragma once

#include "eventing/subscription.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventing {

struct Outbound {
    std::string message_id;
    std::string text;
};

struct MessageOptions {
    bool ack_requested = false;
    std::optional<std::string> bookmark; // wsman:Bookmark header (SendBookmarks)
};

// One event (Push, PushWithAck): wsa:Action .../wsman/Event, the body element itself.
[[nodiscard]] Outbound event_message(const Subscription& s, std::string_view body, const MessageOptions& o);
// A batch (Events mode): wsman:Events/wsman:Event[@Action]+.
[[nodiscard]] Outbound events_message(const Subscription& s, const std::vector<std::string_view>& bodies,
                                      const MessageOptions& o);
[[nodiscard]] Outbound heartbeat_message(const Subscription& s, bool ack_requested);
// MaxEnvelopeSize Policy=Notify: wsman:DroppedEvents with the count of events left out.
[[nodiscard]] Outbound dropped_events_message(const Subscription& s, std::size_t count, bool ack_requested);
// To EndTo: wse:SubscriptionEnd{SubscriptionManager, Status, Reason}.
[[nodiscard]] Outbound subscription_end_message(const Subscription& s, std::string_view manager_address,
                                                std::string_view status, std::string_view reason);

enum class SinkAnswer : std::uint8_t { acked, refused, other };
// The sink's HTTP answer body to message `message_id`.
[[nodiscard]] SinkAnswer read_sink_answer(std::string_view body, std::string_view message_id);

} // namespace eventing
