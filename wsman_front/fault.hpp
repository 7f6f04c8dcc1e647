// SOAP 1.2 faults as DSP0226 section 14 defines them: code, subcode, reason, detail URI.
#pragma once

#include <string>
#include <system_error>

namespace wsman {

struct Fault {
    bool sender = true;      // s:Sender, else s:Receiver
    std::string subcode;     // qualified with the prefixes the writer declares (wsa:, wsman:, wsen:, wxf:)
    std::string reason;      // human-readable, never secrets
    std::string detail;      // FaultDetail URI suffix ("InvalidResourceURI"), or empty
    bool addressing = false; // wsa fault action (addressing faults), else the wsman one
};

// The faults bmcwsman answers (DSP0226 Table 10 and section 14).
namespace fault {
Fault action_not_supported(const std::string& action);
Fault destination_unreachable(const std::string& why, const std::string& detail = "InvalidResourceURI");
Fault endpoint_unavailable(const std::string& why);
Fault invalid_selectors(const std::string& why, const std::string& detail);
Fault invalid_message_information_header(const std::string& why);
Fault message_information_header_required(const std::string& header);
Fault unsupported_feature(const std::string& why, const std::string& detail);
Fault encoding_limit(const std::string& why, const std::string& detail);
Fault invalid_enumeration_context();
Fault cannot_process_filter(const std::string& why);
Fault filter_dialect_unavailable(const std::string& dialect);
Fault access_denied();
Fault invalid_parameter(const std::string& why);
Fault invalid_options(const std::string& why);
Fault timed_out();
Fault concurrency(const std::string& why);
Fault internal_error(const std::string& why);
Fault invalid_representation(const std::string& why);
Fault version_mismatch();
// A cim::Errc (or other provider error) as the fault the front end answers.
Fault from_provider_error(std::error_code ec);
} // namespace fault

} // namespace wsman
