// Namespace URIs and action URIs of WS-Management (DSP0226) and its underlying
// specifications, in one place.
#pragma once

#include <string_view>

namespace wsman::ns {

inline constexpr std::string_view soap12 = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr std::string_view soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view wsa = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
inline constexpr std::string_view wsman = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
inline constexpr std::string_view wsmid = "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd";
inline constexpr std::string_view wsen = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
inline constexpr std::string_view wxf = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
inline constexpr std::string_view wse = "http://schemas.xmlsoap.org/ws/2004/08/eventing";
inline constexpr std::string_view xsi = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr std::string_view cim_common = "http://schemas.dmtf.org/wbem/wscim/1/common";
inline constexpr std::string_view anonymous = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";

inline constexpr std::string_view dmtf_class_prefix = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/";
inline constexpr std::string_view wmi_class_prefix = "http://schemas.microsoft.com/wbem/wsman/1/wmi/";

namespace action {
inline constexpr std::string_view get = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get";
inline constexpr std::string_view put = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Put";
inline constexpr std::string_view enumerate = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate";
inline constexpr std::string_view pull = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull";
inline constexpr std::string_view release = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release";
inline constexpr std::string_view subscribe = "http://schemas.xmlsoap.org/ws/2004/08/eventing/Subscribe";
inline constexpr std::string_view renew = "http://schemas.xmlsoap.org/ws/2004/08/eventing/Renew";
inline constexpr std::string_view get_status = "http://schemas.xmlsoap.org/ws/2004/08/eventing/GetStatus";
inline constexpr std::string_view unsubscribe = "http://schemas.xmlsoap.org/ws/2004/08/eventing/Unsubscribe";
inline constexpr std::string_view fault = "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault";
inline constexpr std::string_view eventing_fault = "http://schemas.xmlsoap.org/ws/2004/08/eventing/fault";
inline constexpr std::string_view addressing_fault = "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault";
} // namespace action

} // namespace wsman::ns
