#include "eventing/faults.hpp"

namespace eventing::fault {

wsman::Fault invalid_message(const std::string& why) {
    return {true, "wse:InvalidMessage", why, "", false};
}
wsman::Fault delivery_mode_unavailable(const std::string& mode) {
    return {true, "wse:DeliveryModeRequestedUnavailable", "The delivery mode is not supported: " + mode.substr(0, 200),
            "", false};
}
wsman::Fault invalid_expiration_time(const std::string& why) {
    return {true, "wse:InvalidExpirationTime", why, "", false};
}
wsman::Fault filtering_unavailable(const std::string& dialect) {
    return {true, "wse:FilteringRequestedUnavailable",
            "The filter dialect is not supported: " + dialect.substr(0, 200) +
                " (supported: the WQL dialects http://schemas.microsoft.com/wbem/wsman/1/WQL and "
                "http://schemas.dmtf.org/wbem/wsman/1/WQL)",
            "", false};
}
wsman::Fault unable_to_renew(const std::string& why) {
    return {false, "wse:UnableToRenew", why, "", false};
}
wsman::Fault unusable_address(const std::string& why) {
    return {false, "wse:EventSourceUnableToProcess", why, "UnusableAddress", false};
}
wsman::Fault invalid_bookmark(bool expired, const std::string& why) {
    return {true, "wsman:InvalidBookmark", why, expired ? "Expired" : "Invalid", false};
}
wsman::Fault quota_limit(const std::string& why) {
    return {true, "wsman:QuotaLimit", why, "", false};
}
wsman::Fault unsupported_feature(const std::string& why, const std::string& detail) {
    return {true, "wsman:UnsupportedFeature", why, detail, false};
}

} // namespace eventing::fault
