// The writes the service takes (DSP0266 7.5 PATCH, 7.9 POST actions, 13.3.4 sessions), each
// checked for the caller's privilege and the body's properties before anything reaches the
// BMC; the BMC work itself goes through cim::Provider (the same methods WS-Management
// invokes: role checks, one IPMI command, the model refreshed).
#pragma once

#include "http_server/response.hpp"
#include "redfish_front/service.hpp"

#include <chrono>
#include <span>
#include <string>

namespace redfish {

// A write's answer: status, JSON body (null: none), extra headers.
struct Answer {
    int status = 200;
    Json body;
    http::HttpHeaders headers;
};

[[nodiscard]] Answer error_answer(int status, std::string_view message_id, const std::vector<std::string>& args = {});

// Privilege checks first (403), then the body (400), so a refused request never calls the BMC.
// Whether a write needs the BMC (then it runs off the connection's thread).
[[nodiscard]] bool needs_bmc(std::string_view method, std::span<const std::string> segments);

// POST to an action target, PATCH of a resource (`current` is its body), DELETE of a
// session. `segments` are the path's after /redfish/v1.
[[nodiscard]] Answer post_action(const Context& c, std::span<const std::string> segments, const Json& body);
[[nodiscard]] Answer patch(const Context& c, std::span<const std::string> segments, const Json& body,
                           const Json& current);
[[nodiscard]] Answer delete_resource(const Context& c, std::span<const std::string> segments);

// POST to the Sessions collection: UserName and Password checked by the authenticator
// (failures count against the peer and their 401 is held back by `delay`).
struct Login {
    Answer answer;
    std::chrono::milliseconds delay{0};
};
// `tls`: the request came over HTTPS (else the password is refused unless the service allows
// passwords over HTTP, as Basic).
[[nodiscard]] Login login(const Service& service, const Json& body, const std::string& peer, bool tls);

} // namespace redfish
