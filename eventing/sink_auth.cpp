// The security profiles of event delivery as libcurl settings.
#include "eventing/sink_auth.hpp"

#include <array>
#include <utility>

namespace eventing {

std::optional<SinkProfile> sink_profile(std::string_view profile_uri) {
    using wsman::client::Auth;
    static constexpr std::array<std::pair<std::string_view, SinkProfile>, 7> served{{
        {"http/basic", {false, false, Auth::basic}},
        {"http/digest", {false, false, Auth::digest}},
        {"https/basic", {true, false, Auth::basic}},
        {"https/digest", {true, false, Auth::digest}},
        {"https/mutual", {true, true, Auth::none}},
        {"https/mutual/basic", {true, true, Auth::basic}},
        {"https/mutual/digest", {true, true, Auth::digest}},
    }};
    if (!profile_uri.starts_with(uri::profile::prefix)) {
        return std::nullopt;
    }
    const auto name = profile_uri.substr(uri::profile::prefix.size());
    for (const auto& [n, p] : served) {
        if (n == name) {
            return p;
        }
    }
    return std::nullopt;
}

void apply_sink_auth(const Subscription& s, std::string_view url, const DeliveryOptions& o,
                     wsman::client::TransportOptions& t) {
    using wsman::client::Auth;
    // No profile: Basic when the subscriber gave credentials (openwsman without -s).
    const auto profile = s.sink_auth_profile.empty() ? std::nullopt : sink_profile(s.sink_auth_profile);
    t.auth = profile ? profile->scheme : (s.sink_user.empty() ? Auth::none : Auth::basic);
    if (t.auth != Auth::none) {
        t.user = s.sink_user;
        t.password = s.sink_password;
    }
    if (profile && profile->mutual) {
        t.client_cert = o.client_cert;
        t.client_key = o.client_key;
    }
    if (url == s.notify_to.address) {
        t.pinned_thumbprint = s.sink_thumbprint; // replaces the CA and host-name checks when set
    }
}

} // namespace eventing
