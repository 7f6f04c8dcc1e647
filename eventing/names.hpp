// URIs of WS-Eventing 2004/08 as DSP0226 section 10 profiles it (shared/docs/eventing-facts.md
// sections 0-2, 6): delivery modes, event actions, filter dialects, SubscriptionEnd statuses,
// the resource URIs events are served on.
#pragma once

#include "wsman_front/namespaces.hpp"

#include <string_view>

namespace eventing::uri {

inline constexpr std::string_view wse = wsman::ns::wse; // the one spelling, wsman_front's
inline constexpr std::string_view wst = "http://schemas.xmlsoap.org/ws/2005/02/trust";

namespace mode {
inline constexpr std::string_view push = "http://schemas.xmlsoap.org/ws/2004/08/eventing/DeliveryModes/Push";
inline constexpr std::string_view push_with_ack = "http://schemas.dmtf.org/wbem/wsman/1/wsman/PushWithAck";
inline constexpr std::string_view events = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Events";
inline constexpr std::string_view pull = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Pull";
} // namespace mode

namespace action {
inline constexpr std::string_view subscribe_response = "http://schemas.xmlsoap.org/ws/2004/08/eventing/SubscribeResponse";
inline constexpr std::string_view renew_response = "http://schemas.xmlsoap.org/ws/2004/08/eventing/RenewResponse";
inline constexpr std::string_view get_status_response = "http://schemas.xmlsoap.org/ws/2004/08/eventing/GetStatusResponse";
inline constexpr std::string_view unsubscribe_response =
    "http://schemas.xmlsoap.org/ws/2004/08/eventing/UnsubscribeResponse";
inline constexpr std::string_view subscription_end = "http://schemas.xmlsoap.org/ws/2004/08/eventing/SubscriptionEnd";
inline constexpr std::string_view event = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Event";
inline constexpr std::string_view events = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Events";
inline constexpr std::string_view heartbeat = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Heartbeat";
inline constexpr std::string_view dropped_events = "http://schemas.dmtf.org/wbem/wsman/1/wsman/DroppedEvents";
inline constexpr std::string_view ack = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Ack";
// openwsman's misspelt Ack (wsman-names.h), also sent by OpenPegasus: accepted too (section 11).
inline constexpr std::string_view ack_openwsman = "http://schemas.xmlsoap.org/wbmem/wsman/1/wsman/Ack";
inline constexpr std::string_view pull_response = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/PullResponse";
} // namespace action

namespace dialect {
inline constexpr std::string_view wql_microsoft = "http://schemas.microsoft.com/wbem/wsman/1/WQL";
inline constexpr std::string_view wql_dmtf = "http://schemas.dmtf.org/wbem/wsman/1/WQL";
} // namespace dialect

namespace status {
inline constexpr std::string_view delivery_failure = "http://schemas.xmlsoap.org/ws/2004/08/eventing/DeliveryFailure";
inline constexpr std::string_view source_cancelling = "http://schemas.xmlsoap.org/ws/2004/08/eventing/SourceCancelling";
} // namespace status

inline constexpr std::string_view bookmark_earliest = "http://schemas.dmtf.org/wbem/wsman/1/wsman/bookmark/earliest";

// Resource URIs that can be subscribed to (section 8, 13.1).
inline constexpr std::string_view sel = "http://schemas.microsoft.com/wbem/wsman/1/logrecord/sel";
inline constexpr std::string_view alert_indication =
    "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_AlertIndication";
inline constexpr std::string_view log_record = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_LogRecord";

} // namespace eventing::uri
