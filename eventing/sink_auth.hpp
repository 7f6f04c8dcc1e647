// How the agent authenticates to an event sink and checks it (issue 18; DSP0226 10.2.2 event
// delivery security, wsman:Auth@Profile naming one of the security profiles of DSP0226
// section 12; sink credentials in wst:IssuedTokens, facts sheet section 10):
//   http/basic, https/basic, https/mutual/basic     Basic with the UsernameToken
//   http/digest, https/digest, https/mutual/digest  Digest with the UsernameToken
//   https/mutual                                     the client certificate alone
// The https/mutual profiles present the agent's client certificate ([eventing]
// sink_client_cert and sink_client_key). Kerberos profiles and unknown ones are refused
// (wsman:UnsupportedFeature, detail AuthorizationMode). A token of type
// .../wsman/token/certificateThumbprint pins the sink's certificate by its thumbprint.
#pragma once

#include "eventing/delivery_options.hpp"
#include "eventing/subscription.hpp"
#include "wsman_client/transport.hpp"

#include <optional>
#include <string_view>

namespace eventing {

namespace uri::profile {
inline constexpr std::string_view prefix = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/";
} // namespace uri::profile

namespace uri::token {
inline constexpr std::string_view username =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#UsernameToken";
inline constexpr std::string_view certificate_thumbprint =
    "http://schemas.dmtf.org/wbem/wsman/1/wsman/token/certificateThumbprint";
} // namespace uri::token

struct SinkProfile {
    bool https = false;  // the profile is for https:// sinks only
    bool mutual = false; // the agent presents its client certificate
    wsman::client::Auth scheme = wsman::client::Auth::none;
};

// The profile a wsman:Auth@Profile URI names; nullopt when not served here.
[[nodiscard]] std::optional<SinkProfile> sink_profile(std::string_view profile_uri);

// The sink's credentials, TLS client certificate and pin on `t` (sink_options.cpp)
// for a post to `url`: the pin is NotifyTo's (its token applies to that address), not EndTo's.
void apply_sink_auth(const Subscription& s, std::string_view url, const DeliveryOptions& o,
                     wsman::client::TransportOptions& t);

} // namespace eventing
