#include "eventing/sink_options.hpp"

#include <algorithm>

namespace eventing {

wsman::client::TransportOptions sink_options(const Subscription& s, const std::string& url, const DeliveryOptions& o,
                                             std::uint32_t timeout_ms) {
    wsman::client::TransportOptions t;
    t.url = url;
    t.auth = s.sink_user.empty() ? wsman::client::Auth::none : wsman::client::Auth::basic;
    t.user = s.sink_user;
    t.password = s.sink_password;
    t.ca_file = o.ca_file;
    t.verify_peer = o.verify;
    t.verify_host = o.verify;
    t.connect_timeout_ms = std::min(o.connect_timeout_ms, timeout_ms);
    t.timeout_ms = timeout_ms;
    t.max_response_bytes = 1u << 20;
    t.utf16 = s.content_encoding == "UTF-16";
    return t;
}

} // namespace eventing
