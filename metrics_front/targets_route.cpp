// GET /ipmi (see targets_route.hpp).
#include "metrics_front/targets_route.hpp"

#include "metrics_front/errc.hpp"
#include "metrics_front/ipmi_families.hpp"
#include "metrics_front/metrics_route.hpp"

#include <atomic>
#include <charconv>
#include <chrono>
#include <memory>
#include <thread>

namespace metrics {
namespace {

using Clock = std::chrono::steady_clock;

// How long a scrape may take: Prometheus says it in X-Prometheus-Scrape-Timeout-Seconds;
// the answer leaves a quarter second for the way back.
std::chrono::milliseconds wait_budget(const http::Request& r, double fallback_seconds) {
    double seconds = fallback_seconds;
    const auto h = r.header("X-Prometheus-Scrape-Timeout-Seconds");
    double given = 0;
    if (const auto [end, ec] = std::from_chars(h.data(), h.data() + h.size(), given);
        !h.empty() && ec == std::errc{} && end == h.data() + h.size() && given > 0) {
        seconds = std::min(given, 300.0);
    }
    return std::chrono::milliseconds(static_cast<long>(std::max(0.0, seconds - 0.25) * 1000));
}

http::Response answer(const http::Request& request, const TargetScrape& target, Clock::time_point started) {
    const ModelView view = target.view();
    auto families = ipmi_families(view, target.collectors, target.max_reading_age_seconds);
    families.push_back(Family{"bmcwsman_model_age_seconds", Type::gauge,
                              "Seconds since the served readings were taken from the BMC.",
                              {{{}, view.snapshot ? view.age_seconds : -1}}});
    families.push_back(Family{"bmcwsman_bmc_reachable", Type::gauge, "1 if the BMC answered the last poll, 0 otherwise.",
                              {{{}, view.reachable ? 1.0 : 0.0}}});
    families.push_back(scrape_duration_family(std::chrono::duration<double>(Clock::now() - started).count()));
    return exposition_response(request, std::move(families));
}

std::string printable(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 128)) {
        out += (c >= 0x20 && c < 0x7F) ? c : '?';
    }
    return out;
}

} // namespace

http::Response refused(std::error_code why, std::string_view module) {
    http::Response r;
    r.status = why == Errc::too_many_targets ? 503 : 400;
    r.content_type = "text/plain; charset=utf-8";
    r.body = why == Errc::unknown_module ? "Unknown module \"" + printable(module) + "\"\n" : why.message() + "\n";
    return r;
}

http::Route targets_route(TargetsOptions options) {
    const bool anonymous = options.anonymous_loopback;
    auto waiting = std::make_shared<std::atomic<unsigned>>(0);
    auto handler = [options = std::move(options), waiting](http::Exchange& ex, http::Responder responder) {
        const auto started = Clock::now();
        auto query = parse_target_query(ex.request.query);
        if (!query) {
            responder.send(refused(query.error(), {}));
            return;
        }
        auto target = options.lookup(*query);
        if (!target) {
            responder.send(refused(target.error(), query->module));
            return;
        }
        if (target->view().settled) {
            responder.send(answer(ex.request, *target, started)); // warm: from the model at once
            return;
        }
        if (waiting->fetch_add(1) >= options.max_waiting) {
            waiting->fetch_sub(1); // over the bound: answered now, ipmi_up 0
            responder.send(answer(ex.request, *target, started));
            return;
        }
        const auto deadline = started + wait_budget(ex.request, options.scrape_timeout_seconds);
        std::thread([request = std::move(ex.request), target = std::move(*target), responder = std::move(responder),
                     waiting, started, deadline]() mutable {
            while (!target.view().settled && Clock::now() < deadline) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            waiting->fetch_sub(1);
            responder.send(answer(request, target, started));
        }).detach();
    };
    return scrape_route("/ipmi", anonymous, std::move(handler));
}

} // namespace metrics
