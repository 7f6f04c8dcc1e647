// bmcwsman's own families (prefix bmcwsman_): the model's age and the BMC's reachability,
// the poller's work, WS-Management requests by operation and status, authentication
// failures, open connections and subscriptions. Names follow the Prometheus naming rules
// (https://prometheus.io/docs/practices/naming/: base units, counters end in _total).
#pragma once

#include "metrics_front/exposition.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace metrics {

struct AgentStats {
    double model_age_seconds = 0;
    double max_reading_age_seconds = 0;
    bool bmc_reachable = false;
    std::uint64_t polls = 0;
    std::uint64_t failed_polls = 0;
    double poll_seconds_total = 0; // time spent polling, all polls
    double last_poll_seconds = 0;
    // The SEL archive (docs/SEL_ARCHIVE.md), when the agent keeps one.
    bool sel_archive = false;
    std::uint64_t sel_archive_records = 0;        // kept now
    std::uint64_t sel_archive_appended = 0;       // since start
    std::uint64_t sel_archive_write_failures = 0; // since start
    // (front end, operation, HTTP status) -> answers (http::RequestCounts).
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests;
    std::uint64_t auth_failures = 0;
    std::uint64_t open_connections = 0;
    std::uint64_t subscriptions = 0; // WS-Eventing subscriptions held (eventing/)
};

[[nodiscard]] std::vector<Family> agent_families(const AgentStats& stats);

} // namespace metrics
