// libFuzzer target: one Redfish request ("METHOD PATH?QUERY\nX-Auth-Token\nBODY") through the
// route's handler as an admin would send it (so every write path is reached), against an
// empty model and a provider that answers every write with "BMC unavailable". Checks: an
// answer always comes, its status is one the route documents, a JSON answer parses, and an
// error carries a Base message.
#include "cim_mapping/errc.hpp"
#include "http_server/authenticator.hpp"
#include "redfish_front/redfish_route.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

namespace {

class NoBmc final : public cim::Provider {
public:
    std::expected<std::vector<cim::Instance>, std::error_code> enumerate(const cim::Caller&, std::string_view) override {
        return std::unexpected(make_error_code(cim::Errc::bmc_unavailable));
    }
    std::expected<cim::Instance, std::error_code> get(const cim::Caller&, std::string_view, const cim::Selectors&) override {
        return std::unexpected(make_error_code(cim::Errc::bmc_unavailable));
    }
    std::expected<cim::MethodResult, std::error_code> invoke(const cim::Caller&, std::string_view, const cim::Selectors&,
                                                             std::string_view, const std::vector<cim::Property>&) override {
        return std::unexpected(make_error_code(cim::Errc::bmc_unavailable));
    }
    std::expected<cim::Instance, std::error_code> put(const cim::Caller&, std::string_view, const cim::Selectors&,
                                                      const std::vector<cim::Property>&) override {
        return std::unexpected(make_error_code(cim::Errc::bmc_unavailable));
    }
    std::expected<std::vector<cim::Instance>, std::error_code> associated(const cim::Caller&,
                                                                          const cim::AssociationQuery&) override {
        return std::unexpected(make_error_code(cim::Errc::bmc_unavailable));
    }
};

struct Sink final : http::Responder::Sink {
    std::promise<http::Response> promise;
    void complete(http::Response r) override { promise.set_value(std::move(r)); }
};

std::string_view line(std::string_view& text) {
    const auto nl = text.find('\n');
    const auto out = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static NoBmc provider;
    static http::Authenticator auth(std::make_shared<const http::Users>(), {});
    static const auto snapshot = std::make_shared<const cim::Snapshot>();
    static const http::Route route = [] {
        auto s = std::make_shared<redfish::Service>();
        s->snapshot = [] { return snapshot; };
        s->provider = &provider;
        s->auth = &auth;
        return redfish::redfish_route(s);
    }();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto first = line(text);
    const auto space = first.find(' ');
    http::Exchange ex;
    ex.request.method = std::string(first.substr(0, space));
    ex.request.target = space == std::string_view::npos ? "/redfish/v1/" : std::string(first.substr(space + 1));
    const auto q = ex.request.target.find('?');
    ex.request.path = ex.request.target.substr(0, q);
    ex.request.query = q == std::string::npos ? "" : ex.request.target.substr(q + 1);
    if (const auto token = line(text); !token.empty()) {
        ex.request.headers.emplace_back("X-Auth-Token", std::string(token));
    } else {
        ex.caller = cim::Caller("ada", cim::Role::admin, "fuzz");
    }
    ex.request.body = std::string(text);
    auto sink = std::make_shared<Sink>();
    auto answer = sink->promise.get_future();
    route.handler(ex, http::Responder(sink));
    const http::Response r = answer.get();
    static const std::set<int> documented{200, 201, 204, 304, 400, 401, 403, 404, 405, 412, 413, 500, 501, 503};
    if (documented.count(r.status) == 0) {
        std::abort();
    }
    if (!r.body.empty() && r.content_type.starts_with("application/json")) {
        const auto j = nlohmann::json::parse(r.body, nullptr, false);
        if (j.is_discarded() || (r.status >= 400 && !j["error"].contains("@Message.ExtendedInfo"))) {
            std::abort();
        }
    }
    return 0;
}
