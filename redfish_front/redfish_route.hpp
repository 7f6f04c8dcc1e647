// /redfish and /redfish/v1/... on the shared HTTP layer (DSP0266): every request is answered
// from the published model on the connection's thread, except the writes that reach the BMC
// (Reset, ClearLog, the identify LED), which run on a thread of their own (at most
// `max_bmc_writes` at once; more get 503). Authentication: the listener's (Basic, Digest,
// client certificates) or an X-Auth-Token session; open without credentials only what
// DSP0266 13.3.2 requires: /redfish, the service root, $metadata, the OData service
// document and the POST that creates a session. Ids that name nothing (traversal
// included) are 404; $-query parameters are refused (501: none is implemented, and
// ProtocolFeaturesSupported says so).
#pragma once

#include "http_server/router.hpp"
#include "redfish_front/service.hpp"

#include <memory>

namespace redfish {

inline constexpr int max_bmc_writes = 4;

[[nodiscard]] http::Route redfish_route(std::shared_ptr<Service> service);

// The path after /redfish/v1 as segments (a trailing '/' ignored); nullopt for a path
// outside /redfish/v1 or with an empty, ".", ".." or percent-encoded segment.
[[nodiscard]] std::optional<std::vector<std::string>> path_segments(std::string_view path);

// Whether a request may come without credentials (before authentication: the route's
// `anonymous`); the handler still refuses an X-Auth-Token that names no session.
[[nodiscard]] bool open_request(const http::Request& r);

// A weak ETag of a body: W/"<16 hex digits>".
[[nodiscard]] std::string etag_of(std::string_view body);

} // namespace redfish
