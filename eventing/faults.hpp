// The faults of WS-Eventing as DSP0226 section 10 uses them (facts sheet section 7): code,
// subcode and FaultDetail exactly as listed there.
#pragma once

#include "wsman_front/fault.hpp"

#include <string>

namespace eventing::fault {

wsman::Fault invalid_message(const std::string& why);                    // wse:InvalidMessage
wsman::Fault delivery_mode_unavailable(const std::string& mode);         // wse:DeliveryModeRequestedUnavailable
wsman::Fault invalid_expiration_time(const std::string& why);            // wse:InvalidExpirationTime
wsman::Fault filtering_unavailable(const std::string& dialect);          // wse:FilteringRequestedUnavailable
wsman::Fault unable_to_renew(const std::string& why);                    // wse:UnableToRenew
wsman::Fault unusable_address(const std::string& why);                   // wse:EventSourceUnableToProcess, UnusableAddress
wsman::Fault invalid_bookmark(bool expired, const std::string& why);     // wsman:InvalidBookmark, Expired/Invalid
wsman::Fault quota_limit(const std::string& why);                        // wsman:QuotaLimit
wsman::Fault unsupported_feature(const std::string& why, const std::string& detail);

} // namespace eventing::fault
