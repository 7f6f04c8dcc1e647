// The fault catalogue and the mapping of provider errors to faults.
#include "wsman_front/fault.hpp"

#include "cim_mapping/errc.hpp"

namespace wsman::fault {

Fault action_not_supported(const std::string& action) {
    return {true, "wsa:ActionNotSupported", "The action is not supported: " + action,
            "ActionMismatch", true};
}
Fault destination_unreachable(const std::string& why, const std::string& detail) {
    return {true, "wsa:DestinationUnreachable", why, detail, true};
}
Fault endpoint_unavailable(const std::string& why) {
    return {false, "wsa:EndpointUnavailable", why, "", true};
}
Fault invalid_selectors(const std::string& why, const std::string& detail) {
    return {true, "wsman:InvalidSelectors", why, detail, false};
}
Fault invalid_message_information_header(const std::string& why) {
    return {true, "wsa:InvalidMessageInformationHeader", why, "", true};
}
Fault message_information_header_required(const std::string& header) {
    return {true, "wsa:MessageInformationHeaderRequired", "A required header is missing: " + header, "", true};
}
Fault unsupported_feature(const std::string& why, const std::string& detail) {
    return {true, "wsman:UnsupportedFeature", why, detail, false};
}
Fault encoding_limit(const std::string& why, const std::string& detail) {
    return {true, "wsman:EncodingLimit", why, detail, false};
}
Fault invalid_enumeration_context() {
    return {false, "wsen:InvalidEnumerationContext",
            "The enumeration context is not valid (unknown, expired or released).", "", false};
}
Fault cannot_process_filter(const std::string& why) {
    return {true, "wsen:CannotProcessFilter", why, "", false};
}
Fault filter_dialect_unavailable(const std::string& dialect) {
    return {true, "wsen:FilterDialectRequestedUnavailable", "The filter dialect is not supported: " + dialect,
            "", false};
}
Fault access_denied() {
    return {true, "wsman:AccessDenied", "The sender was not authorized to access the resource.", "", false};
}
Fault invalid_parameter(const std::string& why) {
    return {true, "wsman:InvalidParameter", why, "", false};
}
Fault invalid_options(const std::string& why) {
    return {true, "wsman:InvalidOptions", why, "NotSupported", false};
}
Fault timed_out() {
    return {false, "wsman:TimedOut", "The operation did not complete within the timeout.", "", false};
}
Fault concurrency(const std::string& why) {
    return {false, "wsman:Concurrency", why, "", false};
}
Fault internal_error(const std::string& why) {
    return {false, "wsman:InternalError", why, "", false};
}
Fault invalid_representation(const std::string& why) {
    return {true, "wxf:InvalidRepresentation", why, "InvalidValues", false};
}
Fault version_mismatch() {
    return {true, "", "Only SOAP 1.2 envelopes are accepted.", "", false};
}

Fault from_provider_error(std::error_code ec) {
    if (ec.category() == cim::category()) {
        switch (static_cast<cim::Errc>(ec.value())) {
        case cim::Errc::unknown_class:
            return destination_unreachable("The resource URI names no class this service serves.");
        case cim::Errc::not_found:
            return destination_unreachable("No instance matches the selectors.", "");
        case cim::Errc::bad_keys:
            return invalid_selectors("A key of the class is missing from the selectors.", "InsufficientSelectors");
        case cim::Errc::unexpected_selectors:
            return invalid_selectors("A selector names no key of the class.", "UnexpectedSelectors");
        case cim::Errc::selector_type_mismatch:
            return invalid_selectors("A selector's value is not of its key's type.", "TypeMismatch");
        case cim::Errc::method_not_supported:
            return action_not_supported("the class has no such method");
        case cim::Errc::invalid_parameter:
            return invalid_parameter("A parameter or property value is invalid.");
        case cim::Errc::access_denied:
            return access_denied();
        case cim::Errc::bmc_unavailable:
            return endpoint_unavailable("The BMC does not answer.");
        case cim::Errc::timed_out:
            return timed_out();
        case cim::Errc::not_writable:
            return action_not_supported("the property is not writable");
        case cim::Errc::filter_needs_class:
            return unsupported_feature("Enumerating all classes needs a filter.", "FilteringRequired");
        default: // filter errors and others carry their own message
            return cannot_process_filter(ec.message());
        }
    }
    return internal_error("Internal error.");
}

} // namespace wsman::fault
