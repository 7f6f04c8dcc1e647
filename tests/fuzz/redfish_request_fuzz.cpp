// libFuzzer target: one Redfish request ("METHOD PATH?QUERY\nX-Auth-Token\nBODY") through the
// route's handler, against an empty model and a provider that answers every write with "BMC
// unavailable". The token line: empty sends the request as an admin already authenticated
// (so every write path is reached); "@admin" and "@reader" are replaced by the token of a
// session of that role opened for this input (a fresh session store per input, so a logout
// or a login in one input does not change the next); anything else is sent as it is. Users
// ada (admin) and rex (reader) exist with password "fuzz-password", hashed once with the
// fewest SHA-512 rounds crypt(3) takes, so a login reaches a session (a right password is
// checked once and then found in the authenticator's cache). Failed logins are not slowed
// down (the authenticator's failure limits are lifted) and BMC writes run inline instead of
// on a thread of their own: neither is what this target checks. Checks: an answer always
// comes, its status is one the route documents, a JSON answer parses, and an error carries
// a Base message.
#include "cim_mapping/errc.hpp"
#include "http_server/authenticator.hpp"
#include "http_server/users.hpp"
#include "redfish_front/redfish_route.hpp"

#include <crypt.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
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

// The answer, whether the handler sends it at once or (a BMC write) from the inline runner.
struct Sink final : http::Responder::Sink {
    std::optional<http::Response> response;
    void complete(http::Response r) override { response = std::move(r); }
};

std::string_view line(std::string_view& text) {
    const auto nl = text.find('\n');
    const auto out = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    return out;
}

std::shared_ptr<const http::Users> users() {
    crypt_data data{};
    const char* hash = crypt_r("fuzz-password", "$6$rounds=1000$fuzzfuzzfuzzfuzz$", &data);
    if (hash == nullptr || hash[0] == '*') {
        std::abort();
    }
    return std::make_shared<const http::Users>(std::vector<http::User>{
        http::User{"ada", hash, cim::Role::admin, {}, {}, {}},
        http::User{"rex", hash, cim::Role::reader, {}, {}, {}},
    });
}

struct Fixture {
    NoBmc provider;
    http::Authenticator auth{users(), [] {
                                 http::Authenticator::Options o;
                                 o.failures.free_failures = std::numeric_limits<unsigned>::max();
                                 return o;
                             }()};
    std::shared_ptr<redfish::Service> service = std::make_shared<redfish::Service>();
    http::Route route;

    Fixture() {
        static const auto snapshot = std::make_shared<const cim::Snapshot>();
        service->snapshot = [] { return snapshot; };
        service->provider = &provider;
        service->auth = &auth;
        service->run_write = [](std::move_only_function<void()> work) { work(); };
        route = redfish::redfish_route(service);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture f;
    f.service->sessions = std::make_shared<redfish::SessionStore>();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto first = line(text);
    const auto space = first.find(' ');
    http::Exchange ex;
    ex.peer = "fuzz";
    ex.request.method = std::string(first.substr(0, space));
    ex.request.target = space == std::string_view::npos ? "/redfish/v1/" : std::string(first.substr(space + 1));
    const auto q = ex.request.target.find('?');
    ex.request.path = ex.request.target.substr(0, q);
    ex.request.query = q == std::string::npos ? "" : ex.request.target.substr(q + 1);
    if (const auto token = line(text); token == "@admin" || token == "@reader") {
        const auto s = f.service->sessions->create(token == "@admin" ? "ada" : "rex",
                                                   token == "@admin" ? cim::Role::admin : cim::Role::reader);
        if (!s) {
            std::abort();
        }
        ex.request.headers.emplace_back("X-Auth-Token", s->token);
    } else if (!token.empty()) {
        ex.request.headers.emplace_back("X-Auth-Token", std::string(token));
    } else {
        ex.caller = cim::Caller("ada", cim::Role::admin, "fuzz");
    }
    ex.request.body = std::string(text);
    auto sink = std::make_shared<Sink>();
    f.route.handler(ex, http::Responder(sink));
    if (!sink->response) {
        std::abort(); // every answer comes before the handler returns here
    }
    const http::Response& r = *sink->response;
    static const std::set<int> documented{200, 201, 204, 304, 400, 401, 403, 404, 405, 412, 413, 500, 501, 503};
    if (documented.count(r.status) == 0) {
        std::abort();
    }
    // Checked without building the answer's DOM (that cost as much as the route itself): it
    // parses, and an error (dumped compactly) names its Base messages.
    if (!r.body.empty() && r.content_type.starts_with("application/json")) {
        if (!nlohmann::json::accept(r.body) ||
            (r.status >= 400 && (!r.body.starts_with("{\"error\":{") ||
                                 r.body.find("\"@Message.ExtendedInfo\":[{") == std::string::npos))) {
            std::abort();
        }
    }
    return 0;
}
