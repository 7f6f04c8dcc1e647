// GET /metrics on the shared HTTP layer: the local BMC's model as ipmi_exporter's families
// plus bmcwsman's own, in text 0.0.4 or OpenMetrics by the Accept header. Answered on the
// connection's thread from the published model alone (no BMC transaction per scrape).
// Authentication and roles as for WS-Management (any role may read); without credentials
// only when the operator allows it, and then only on the loopback HTTP listener.
#pragma once

#include "http_server/router.hpp"
#include "metrics_front/agent_families.hpp"
#include "metrics_front/model_view.hpp"

#include <functional>

namespace metrics {

struct LocalSource {
    std::function<ModelView()> model;
    std::function<AgentStats()> agent;
    Collectors collectors;
    double max_reading_age_seconds = 30;
    bool anonymous_loopback = false; // [metrics] anonymous_loopback
};

[[nodiscard]] http::Route metrics_route(LocalSource source);

// The answer to a scrape: the families rendered for the request's Accept header.
[[nodiscard]] http::Response exposition_response(const http::Request& request, std::vector<Family> families);

// A GET route for scrapes: authenticated as WS-Management, or anonymous with
// `anonymous_loopback` on the loopback HTTP listener only (an anonymous request over TLS
// gets 401 with a Basic challenge before `handler` sees it).
[[nodiscard]] http::Route scrape_route(std::string path, bool anonymous_loopback, http::Handler handler);

} // namespace metrics
