// Namespace and action URIs the client speaks (DSP0226 Annex A, WS-Transfer, WS-Enumeration).
#pragma once

namespace wsman::client::ns {

inline constexpr const char* soap = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr const char* wsa = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
inline constexpr const char* wsman = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
inline constexpr const char* wsen = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
inline constexpr const char* wxf = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
inline constexpr const char* wsmid = "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd";
inline constexpr const char* xsi = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr const char* cim = "http://schemas.dmtf.org/wbem/wscim/1/common";
inline constexpr const char* wsmb = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd";
inline constexpr const char* anonymous = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";

inline constexpr const char* action_get = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get";
inline constexpr const char* action_put = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Put";
inline constexpr const char* action_create = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create";
inline constexpr const char* action_delete = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete";
inline constexpr const char* action_enumerate = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate";
inline constexpr const char* action_pull = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull";
inline constexpr const char* action_release = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release";

// WS-Eventing (2004/08) and the DSP0226 10 event delivery.
inline constexpr const char* wse = "http://schemas.xmlsoap.org/ws/2004/08/eventing";
inline constexpr const char* action_subscribe = "http://schemas.xmlsoap.org/ws/2004/08/eventing/Subscribe";
inline constexpr const char* action_renew = "http://schemas.xmlsoap.org/ws/2004/08/eventing/Renew";
inline constexpr const char* action_get_status = "http://schemas.xmlsoap.org/ws/2004/08/eventing/GetStatus";
inline constexpr const char* action_unsubscribe = "http://schemas.xmlsoap.org/ws/2004/08/eventing/Unsubscribe";
inline constexpr const char* action_subscription_end = "http://schemas.xmlsoap.org/ws/2004/08/eventing/SubscriptionEnd";
inline constexpr const char* mode_push = "http://schemas.xmlsoap.org/ws/2004/08/eventing/DeliveryModes/Push";
inline constexpr const char* mode_push_with_ack = "http://schemas.dmtf.org/wbem/wsman/1/wsman/PushWithAck";
inline constexpr const char* mode_events = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Events";
inline constexpr const char* mode_pull = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Pull";
inline constexpr const char* action_event = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Event";
inline constexpr const char* action_events = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Events";
inline constexpr const char* action_heartbeat = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Heartbeat";
inline constexpr const char* action_dropped_events = "http://schemas.dmtf.org/wbem/wsman/1/wsman/DroppedEvents";
inline constexpr const char* action_ack = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Ack";
inline constexpr const char* action_wsman_fault = "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault";
inline constexpr const char* bookmark_earliest = "http://schemas.dmtf.org/wbem/wsman/1/wsman/bookmark/earliest";

// Filter dialects (DSP0226 8.3 / 8.7, DSP0227 8.2, Microsoft WQL).
inline constexpr const char* dialect_selector = "http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter";
inline constexpr const char* dialect_wql = "http://schemas.microsoft.com/wbem/wsman/1/WQL";
inline constexpr const char* dialect_association =
    "http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter";

}  // namespace wsman::client::ns
