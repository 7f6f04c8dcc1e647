// GET /metrics (see metrics_route.hpp).
#include "metrics_front/metrics_route.hpp"

#include "http_server/users.hpp"
#include "metrics_front/ipmi_families.hpp"

#include <chrono>
#include <fmt/format.h>

namespace metrics {

http::Response exposition_response(const http::Request& request, std::vector<Family> families) {
    const Format format = negotiate(request.header("Accept"));
    http::Response r;
    r.status = 200;
    r.content_type = std::string(content_type(format));
    r.body = render(families, format);
    return r;
}

http::Route scrape_route(std::string path, bool anonymous_loopback, http::Handler handler) {
    http::Route route;
    route.path = std::move(path);
    route.methods = {"GET"};
    route.anonymous = [anonymous_loopback](const http::Request&) { return anonymous_loopback; };
    route.handler = [handler = std::move(handler)](http::Exchange& ex, http::Responder responder) {
        if (!ex.caller && ex.tls) { // anonymous scrapes only on loopback HTTP
            http::Response r;
            r.status = 401;
            r.headers.emplace_back("WWW-Authenticate",
                                   fmt::format("Basic realm=\"{}\", charset=\"UTF-8\"", http::users_realm));
            r.content_type = "text/plain; charset=utf-8";
            r.body = "401 Unauthorized\n";
            responder.send(std::move(r));
            return;
        }
        handler(ex, std::move(responder));
    };
    return route;
}

http::Route metrics_route(LocalSource source) {
    const bool anonymous = source.anonymous_loopback;
    return scrape_route("/metrics", anonymous, [source = std::move(source)](http::Exchange& ex, http::Responder responder) {
        const auto started = std::chrono::steady_clock::now();
        auto families = ipmi_families(source.model(), source.collectors, source.max_reading_age_seconds);
        for (auto& f : agent_families(source.agent())) {
            families.push_back(std::move(f));
        }
        families.push_back(
            scrape_duration_family(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()));
        responder.send(exposition_response(ex.request, std::move(families)));
    });
}

} // namespace metrics
