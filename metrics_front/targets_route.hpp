// GET /ipmi?target=HOST[:PORT]&module=NAME: ipmi_exporter's remote mode (the same path and
// parameters, so a scrape configuration only changes the exporter's address), answered from
// a model per target that the agent keeps warm (agent/target_pool.hpp). A target's first
// scrape waits for its first read up to the scrape timeout (Prometheus' header
// X-Prometheus-Scrape-Timeout-Seconds, else the configured one) on a thread of its own, never
// on the connection's; an unreachable or slow BMC gives ipmi_up 0 in time and holds nothing
// of the other targets. Answers: 400 with ipmi_exporter's text for a missing target
// ("'target' parameter must be specified") and an unknown module (Unknown module "x"), 400
// for a malformed query or target, 503 when every target slot is busy; else 200.
#pragma once

#include "http_server/router.hpp"
#include "metrics_front/model_view.hpp"
#include "metrics_front/target_query.hpp"

#include <expected>
#include <functional>
#include <system_error>

namespace metrics {

struct TargetScrape {
    std::function<ModelView()> view;
    Collectors collectors;
    double max_reading_age_seconds = 30;
};

// Errc::unknown_module or Errc::too_many_targets.
using TargetLookup = std::function<std::expected<TargetScrape, std::error_code>(const TargetQuery&)>;

struct TargetsOptions {
    TargetLookup lookup;
    double scrape_timeout_seconds = 10; // when the scraper does not say
    unsigned max_waiting = 32;          // scrapes waiting for a first read at once; more answer at once
    bool anonymous_loopback = false;
};

[[nodiscard]] http::Route targets_route(TargetsOptions options);

// The answer to a refused query (400 or 503, text/plain), `module` for Unknown module "x".
[[nodiscard]] http::Response refused(std::error_code why, std::string_view module);

} // namespace metrics
