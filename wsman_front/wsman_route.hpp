// The WS-Management route, POST /wsman, on the shared HTTP layer: the body decoded (DSP0226
// 13.1), parsed (Expat), dispatched on wsa:Action, answered as SOAP (faults with HTTP 500 as
// WinRM does). Requests that may wait on the BMC (Invoke, Put) run on a thread of their own
// (at most `max_waiting` at once), so no connection thread waits for the BMC; the others are
// answered on the connection's thread from the model; a reply that asks to wait (Reply::later,
// a held WS-Eventing Pull) is parked on the HTTP layer without a thread. WSMANIDENTIFY:
// unauthenticated lets an Identify through without credentials (DSP0226 11).
#pragma once

#include "http_server/request_counts.hpp"
#include "http_server/router.hpp"
#include "wsman_front/dispatcher.hpp"

namespace wsman {

// `counts`, when given, gets every answer by operation (Dispatcher::operation; "Unknown" for a
// body that is not XML) and HTTP status.
[[nodiscard]] http::Route wsman_route(Dispatcher& dispatcher, unsigned max_waiting = 16,
                                      http::RequestCounts* counts = nullptr);

} // namespace wsman
