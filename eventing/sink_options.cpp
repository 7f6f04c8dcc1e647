#include "eventing/sink_options.hpp"

#include "eventing/sink_auth.hpp"

#include <algorithm>

namespace eventing {

wsman::client::TransportOptions sink_options(const Subscription& s, const std::string& url, const DeliveryOptions& o,
                                             std::uint32_t timeout_ms) {
    wsman::client::TransportOptions t;
    t.url = url;
    t.ca_file = o.ca_file;
    t.verify_peer = o.verify;
    t.verify_host = o.verify;
    apply_sink_auth(s, url, o, t); // credentials, client certificate, pin (sink_auth.cpp)
    t.connect_timeout_ms = std::min(o.connect_timeout_ms, timeout_ms);
    t.timeout_ms = timeout_ms;
    t.max_response_bytes = 1u << 20;
    t.utf16 = s.content_encoding == "UTF-16";
    return t;
}

} // namespace eventing
