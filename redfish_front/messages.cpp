// The Base messages the service sends (texts from Base.1.22.1.json).
#include "redfish_front/messages.hpp"

#include <array>

namespace redfish {
namespace {

struct Entry {
    std::string_view id;
    std::string_view text;
    std::string_view severity;
    std::string_view resolution;
};

constexpr std::array<Entry, 22> messages{{
    {"Success", "The request completed successfully.", "OK", "None"},
    {"Created", "The resource has been created successfully.", "OK", "None."},
    {"GeneralError",
     "A general error has occurred.  See Resolution for information on how to resolve the error, or "
     "@Message.ExtendedInfo if Resolution is not provided.",
     "Critical", "None."},
    {"InternalError", "The request failed due to an internal service error.  The service is still operational.",
     "Critical", "Resubmit the request.  If the problem persists, consider resetting the service."},
    {"ResourceNotFound", "The requested resource of type %1 named '%2' was not found.", "Critical",
     "Provide a valid resource identifier and resubmit the request."},
    {"OperationNotAllowed", "The HTTP method is not allowed on this resource.", "Critical", "None."},
    {"MalformedJSON", "The request body submitted was malformed JSON and could not be parsed by the receiving service.",
     "Critical", "Ensure that the request body is valid JSON and resubmit the request."},
    {"PayloadTooLarge", "The supplied payload exceeds the maximum size supported by the service.", "Critical",
     "Check that the supplied payload is correct and supported by this service."},
    {"PropertyUnknown", "The property %1 is not in the list of valid properties for the resource.", "Warning",
     "Remove the unknown property from the request body and resubmit the request if the operation failed."},
    {"PropertyValueTypeError", "The value '%1' for the property %2 is not a type that the property can accept.",
     "Warning", "Correct the value for the property in the request body and resubmit the request if the operation failed."},
    {"PropertyValueNotInList", "The value '%1' for the property %2 is not in the list of acceptable values.", "Warning",
     "Choose a value from the enumeration list that the implementation can support and resubmit the request if the "
     "operation failed."},
    {"PropertyMissing", "The property %1 is a required property and must be included in the request.", "Warning",
     "Ensure that the property is in the request body and has a valid value and resubmit the request if the operation "
     "failed."},
    {"PropertyNotWritable", "The property %1 is a read only property and cannot be assigned a value.", "Warning",
     "Remove the property from the request body and resubmit the request if the operation failed."},
    {"NoOperation", "The request body submitted contain no data to act upon and no changes to the resource took place.",
     "Warning", "Add properties in the JSON object and resubmit the request."},
    {"ActionParameterMissing", "The action %1 requires the parameter %2 to be present in the request body.", "Critical",
     "Supply the action with the required parameter in the request body when the request is resubmitted."},
    {"ActionParameterUnknown", "The action %1 was submitted with the invalid parameter %2.", "Warning",
     "Correct the invalid parameter and resubmit the request if the operation failed."},
    {"ActionParameterValueTypeError",
     "The value '%1' for the parameter %2 in the action %3 is of a different type than the parameter can accept.",
     "Warning", "Correct the value for the parameter in the request body and resubmit the request if the operation failed."},
    {"ActionParameterValueNotInList",
     "The value '%1' for the parameter %2 in the action %3 is not in the list of acceptable values.", "Warning",
     "Choose a value from the enumeration list that the implementation can support and resubmit the request if the "
     "operation failed."},
    {"InsufficientPrivilege",
     "There are insufficient privileges for the account or credentials associated with the current session to perform "
     "the requested operation.",
     "Critical", "Either abandon the operation or change the associated access rights and resubmit the request if the "
                 "operation failed."},
    {"NoValidSession", "There is no valid session established with the implementation.", "Critical",
     "Establish a session before attempting any operations."},
    {"SessionLimitExceeded",
     "The session establishment failed due to the number of simultaneous sessions exceeding the limit of the "
     "implementation.",
     "Critical", "Reduce the number of other sessions before trying to establish the session or increase the limit of "
                 "simultaneous sessions, if supported."},
    {"QueryNotSupported", "Querying is not supported by the implementation.", "Warning",
     "Remove the query parameters and resubmit the request if the operation failed."},
}};

constexpr std::array<Entry, 3> more{{
    {"ResourceAtUriUnauthorized", "While accessing the resource at '%1', the service received an authorization error '%2'.",
     "Critical", "Ensure that the appropriate access is provided for the service in order for it to access the URI."},
    {"PreconditionFailed", "The ETag supplied did not match the ETag required to change this resource.", "Critical",
     "Try the operation again using the appropriate ETag."},
    {"ServiceTemporarilyUnavailable", "The service is temporarily unavailable.  Retry in %1 seconds.", "Critical",
     "Wait for the indicated retry duration and retry the operation."},
}};

const Entry& find(std::string_view id) {
    for (const auto& e : messages) {
        if (e.id == id) {
            return e;
        }
    }
    for (const auto& e : more) {
        if (e.id == id) {
            return e;
        }
    }
    return messages[2]; // GeneralError
}

// %1, %2, ... replaced by the arguments (a missing argument leaves the marker).
std::string fill(std::string_view text, const std::vector<std::string>& args) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 1 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9') {
            const auto n = static_cast<std::size_t>(text[i + 1] - '1');
            if (n < args.size()) {
                out += args[n];
                ++i;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

} // namespace

Json base_message(std::string_view id, const std::vector<std::string>& args) {
    const Entry& e = find(id);
    Json m;
    m["@odata.type"] = "#Message.v1_3_0.Message";
    m["MessageId"] = std::string(base_registry) + "." + std::string(e.id);
    m["Message"] = fill(e.text, args);
    m["MessageArgs"] = args;
    m["MessageSeverity"] = e.severity;
    m["Resolution"] = e.resolution;
    return m;
}

Json error_body(std::string_view id, const std::vector<std::string>& args) {
    Json m = base_message(id, args);
    Json error;
    error["code"] = m["MessageId"];
    error["message"] = m["Message"];
    error["@Message.ExtendedInfo"] = Json::array({std::move(m)});
    return Json{{"error", std::move(error)}};
}

RefusalAnswer refusal_answer(const Refusal& r) {
    const bool action = !r.action.empty();
    switch (static_cast<Errc>(r.code.value())) {
    case Errc::body_too_large: return {413, error_body("PayloadTooLarge")};
    case Errc::body_too_deep:
    case Errc::malformed_json: return {400, error_body("MalformedJSON")};
    case Errc::unknown_property:
        return {400, action ? error_body("ActionParameterUnknown", {r.action, r.property})
                            : error_body("PropertyUnknown", {r.property})};
    case Errc::wrong_type:
        return {400, action ? error_body("ActionParameterValueTypeError", {r.value, r.property, r.action})
                            : error_body("PropertyValueTypeError", {r.value, r.property})};
    case Errc::not_in_list:
        return {400, action ? error_body("ActionParameterValueNotInList", {r.value, r.property, r.action})
                            : error_body("PropertyValueNotInList", {r.value, r.property})};
    case Errc::missing_property:
        return {400, action ? error_body("ActionParameterMissing", {r.action, r.property})
                            : error_body("PropertyMissing", {r.property})};
    case Errc::not_writable: return {400, error_body("PropertyNotWritable", {r.property})};
    case Errc::empty_patch: return {400, error_body("NoOperation")};
    }
    return {400, error_body("GeneralError")};
}

} // namespace redfish
