// GET /metrics (see metrics_route.hpp).
#include "metrics_front/metrics_route.hpp"

#include "metrics_front/ipmi_families.hpp"

#include <chrono>

namespace metrics {

http::Response exposition_response(const http::Request& request, std::vector<Family> families) {
    const Format format = negotiate(request.header("Accept"));
    http::Response r;
    r.status = 200;
    r.content_type = std::string(content_type(format));
    r.body = render(families, format);
    return r;
}

http::Response unauthorized() {
    http::Response r;
    r.status = 401;
    r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"bmcwsman\", charset=\"UTF-8\"");
    r.content_type = "text/plain; charset=utf-8";
    r.body = "401 Unauthorized\n";
    return r;
}

http::Route metrics_route(LocalSource source) {
    http::Route route;
    route.path = "/metrics";
    route.methods = {"GET"};
    const bool anonymous = source.anonymous_loopback;
    route.anonymous = [anonymous](const http::Request&) { return anonymous; };
    route.handler = [source = std::move(source)](http::Exchange& ex, http::Responder responder) {
        if (!ex.caller && ex.tls) {
            responder.send(unauthorized()); // anonymous scrapes only on loopback HTTP
            return;
        }
        const auto started = std::chrono::steady_clock::now();
        auto families = ipmi_families(source.model(), source.collectors, source.max_reading_age_seconds);
        for (auto& f : agent_families(source.agent())) {
            families.push_back(std::move(f));
        }
        families.push_back(
            scrape_duration_family(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()));
        responder.send(exposition_response(ex.request, std::move(families)));
    };
    return route;
}

} // namespace metrics
