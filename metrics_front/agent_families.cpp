// bmcwsman_ families (see agent_families.hpp).
#include "metrics_front/agent_families.hpp"

namespace metrics {
namespace {

Family one(std::string name, Type type, std::string help, double value) {
    return Family{std::move(name), type, std::move(help), {{{}, value}}};
}

} // namespace

std::vector<Family> agent_families(const AgentStats& stats) {
    std::vector<Family> out;
    out.push_back(one("bmcwsman_model_age_seconds", Type::gauge,
                      "Seconds since the served readings were taken from the BMC.", stats.model_age_seconds));
    out.push_back(one("bmcwsman_max_reading_age_seconds", Type::gauge,
                      "Readings older than this are not served as fresh (ipmi_up 0).", stats.max_reading_age_seconds));
    out.push_back(one("bmcwsman_bmc_reachable", Type::gauge, "1 if the BMC answered the last poll, 0 otherwise.",
                      stats.bmc_reachable ? 1.0 : 0.0));
    out.push_back(one("bmcwsman_polls", Type::counter, "Polls of the BMC.", static_cast<double>(stats.polls)));
    out.push_back(one("bmcwsman_poll_failures", Type::counter, "Polls the BMC did not answer.",
                      static_cast<double>(stats.failed_polls)));
    out.push_back(one("bmcwsman_poll_seconds", Type::counter, "Time spent polling the BMC, all polls.",
                      stats.poll_seconds_total));
    out.push_back(one("bmcwsman_last_poll_duration_seconds", Type::gauge, "How long the last poll of the BMC took.",
                      stats.last_poll_seconds));
    if (stats.sel_archive) {
        out.push_back(one("bmcwsman_sel_archive_records", Type::gauge, "Records the SEL archive keeps.",
                          static_cast<double>(stats.sel_archive_records)));
        out.push_back(one("bmcwsman_sel_archive_appended", Type::counter, "SEL entries appended to the archive.",
                          static_cast<double>(stats.sel_archive_appended)));
        out.push_back(one("bmcwsman_sel_archive_write_failures", Type::counter,
                          "Appends to the SEL archive that failed (the entries are tried again at the next poll).",
                          static_cast<double>(stats.sel_archive_write_failures)));
    }
    Family requests{"bmcwsman_wsman_requests", Type::counter,
                    "WS-Management requests answered, by operation and HTTP status.", {}};
    Family failures{"bmcwsman_wsman_request_failures", Type::counter,
                    "WS-Management requests answered with a fault or an HTTP error, by operation and HTTP status.", {}};
    for (const auto& [key, n] : stats.requests) {
        const auto& [front_end, operation, status] = key;
        if (front_end != "wsman") {
            continue;
        }
        Sample s{{{"operation", operation}, {"status", std::to_string(status)}}, static_cast<double>(n)};
        if (status >= 400) {
            failures.samples.push_back(s);
        }
        requests.samples.push_back(std::move(s));
    }
    out.push_back(std::move(requests));
    out.push_back(std::move(failures));
    out.push_back(one("bmcwsman_auth_failures", Type::counter, "Requests refused for failed authentication.",
                      static_cast<double>(stats.auth_failures)));
    out.push_back(one("bmcwsman_open_connections", Type::gauge, "HTTP connections open now, all listeners.",
                      static_cast<double>(stats.open_connections)));
    out.push_back(one("bmcwsman_subscriptions", Type::gauge, "Active WS-Eventing subscriptions.",
                      static_cast<double>(stats.subscriptions)));
    return out;
}

} // namespace metrics
