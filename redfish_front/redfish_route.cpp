// The Redfish route (see redfish_route.hpp).
#include "redfish_front/redfish_route.hpp"

#include "http_server/users.hpp"
#include "redfish_front/metadata.hpp"
#include "redfish_front/writes.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <fmt/format.h>
#include <thread>

namespace redfish {
namespace {

constexpr std::string_view json_type = "application/json; charset=utf-8";

http::Response to_response(const Answer& a) {
    http::Response r;
    r.status = a.status;
    r.headers = a.headers;
    r.headers.emplace_back("OData-Version", "4.0");
    r.headers.emplace_back("Cache-Control", "no-store");
    r.content_type = std::string(json_type);
    if (!a.body.is_null()) {
        r.body = a.body.dump(-1, ' ', false, Json::error_handler_t::replace);
    }
    return r;
}

http::Response error(int status, std::string_view id, const std::vector<std::string>& args = {},
                     http::HttpHeaders headers = {}) {
    Answer a = error_answer(status, id, args);
    a.headers = std::move(headers);
    return to_response(a);
}

std::string allow(const std::vector<std::string>& methods) {
    std::string out;
    for (const auto& m : methods) {
        out += out.empty() ? m : ", " + m;
    }
    return out;
}

// A $-parameter in the query (DSP0266 7.4: 501 for one the service does not implement).
bool has_dollar_parameter(std::string_view query) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto item = query.substr(0, amp);
        if (item.starts_with('$') || item.starts_with("%24")) {
            return true;
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return false;
}

bool is_login(const http::Request& r, const std::vector<std::string>& seg) {
    return r.method == "POST" && seg.size() == 2 && seg[0] == "SessionService" && seg[1] == "Sessions";
}

bool is_open(const std::vector<std::string>& seg) {
    return seg.empty() || (seg.size() == 1 && (seg[0] == "$metadata" || seg[0] == "odata"));
}

// The answer to a write, later when it waits (on a thread of its own, bounded).
class Writes {
public:
    bool start() {
        int n = running_.load();
        do {
            if (n >= max_bmc_writes) {
                return false;
            }
        } while (!running_.compare_exchange_weak(n, n + 1));
        return true;
    }
    void done() { running_.fetch_sub(1); }

private:
    std::atomic<int> running_{0};
};

void answer_later(std::chrono::milliseconds delay, http::Response response, http::Responder responder) {
    std::thread([delay, response = std::move(response), responder = std::move(responder)]() mutable {
        std::this_thread::sleep_for(delay);
        responder.send(std::move(response));
    }).detach();
}

void handle(const std::shared_ptr<Service>& service, const std::shared_ptr<Writes>& writes, http::Exchange& ex,
            http::Responder responder) {
    const auto& req = ex.request;
    if (req.path == "/redfish" || req.path == "/redfish/") { // DSP0266 6.2: the version object
        if (req.method != "GET") {
            responder.send(error(405, "OperationNotAllowed", {}, {{"Allow", "GET"}}));
            return;
        }
        responder.send(to_response(Answer{200, Json{{"v1", "/redfish/v1/"}}, {}}));
        return;
    }
    auto parsed = path_segments(req.path);
    if (!parsed) {
        responder.send(error(404, "ResourceNotFound", {"Resource", "the path"}));
        return;
    }
    const auto& seg = *parsed;
    std::optional<cim::Caller> caller = ex.caller;
    if (!caller) {
        if (const auto token = req.header("X-Auth-Token"); !token.empty()) {
            if (const auto s = service->sessions->find(token)) {
                // The user must still be in the users file (a SIGHUP may have removed them).
                const auto users = service->auth->users();
                if (const auto* u = users->find(s->user)) {
                    caller = cim::Caller(u->name, u->role, ex.peer);
                }
            }
        }
        if (!caller && !is_open(seg) && !is_login(req, seg)) {
            responder.send(error(401, "NoValidSession", {},
                                 {{"WWW-Authenticate", fmt::format("Basic realm=\"{}\"", http::users_realm)}}));
            return;
        }
    }
    if (has_dollar_parameter(req.query)) {
        responder.send(error(501, "QueryNotSupported"));
        return;
    }
    if (seg.size() == 1 && seg[0] == "$metadata") {
        if (req.method != "GET") {
            responder.send(error(405, "OperationNotAllowed", {}, {{"Allow", "GET"}}));
            return;
        }
        http::Response r;
        r.content_type = "application/xml; charset=utf-8";
        r.headers = {{"OData-Version", "4.0"}};
        r.body = metadata_document();
        responder.send(std::move(r));
        return;
    }
    auto snapshot = service->snapshot();
    if (!snapshot) {
        responder.send(error(503, "ServiceTemporarilyUnavailable", {"5"}));
        return;
    }
    const Context context{*service, *snapshot, caller ? &*caller : nullptr};
    const auto found = find_resource(context, seg);
    if (!found) {
        responder.send(error(404, "ResourceNotFound", {"Resource", seg.empty() ? "" : seg.back()}));
        return;
    }
    if (std::find(found->methods.begin(), found->methods.end(), req.method) == found->methods.end()) {
        responder.send(error(405, "OperationNotAllowed", {}, {{"Allow", allow(found->methods)}}));
        return;
    }
    const std::string current = found->body ? found->body->dump(-1, ' ', false, Json::error_handler_t::replace) : "";
    const std::string etag = etag_of(current);
    if (req.method == "GET") {
        http::Response r;
        r.content_type = std::string(json_type);
        r.headers = {{"OData-Version", "4.0"}, {"Cache-Control", "no-store"}, {"ETag", etag},
                     {"Allow", allow(found->methods)}};
        if (req.header("If-None-Match") == etag) {
            r.status = 304;
        } else {
            r.body = current;
        }
        responder.send(std::move(r));
        return;
    }
    if (req.method == "DELETE") {
        responder.send(to_response(delete_resource(context, seg)));
        return;
    }
    if (req.method == "PATCH" && !req.header("If-Match").empty() && req.header("If-Match") != etag &&
        req.header("If-Match") != "*") {
        responder.send(error(412, "PreconditionFailed"));
        return;
    }
    auto body = parse_body(req.body.empty() && req.method == "POST" ? std::string_view("{}") : req.body,
                           service->body_limits);
    if (!body) {
        responder.send(to_response(Answer{refusal_answer(Refusal{body.error(), {}, {}, {}}).status,
                                          refusal_answer(Refusal{body.error(), {}, {}, {}}).body,
                                          {}}));
        return;
    }
    if (is_login(req, seg)) {
        auto l = login(*service, *body, ex.peer, ex.tls);
        if (l.delay.count() > 0) {
            answer_later(l.delay, to_response(l.answer), std::move(responder));
        } else {
            responder.send(to_response(l.answer));
        }
        return;
    }
    if (!needs_bmc(req.method, seg)) {
        responder.send(to_response(req.method == "POST" ? post_action(context, seg, *body)
                                                        : patch(context, seg, *body, *found->body)));
        return;
    }
    if (!writes->start()) {
        responder.send(error(503, "ServiceTemporarilyUnavailable", {"1"}));
        return;
    }
    std::move_only_function<void()> write = [service, writes, snapshot, caller, seg, method = req.method,
                                             body = std::move(*body), current = found->body.value_or(Json()),
                                             responder = std::move(responder)]() mutable {
        const Context c{*service, *snapshot, caller ? &*caller : nullptr};
        auto a = method == "POST" ? post_action(c, seg, body) : patch(c, seg, body, current);
        writes->done();
        responder.send(to_response(a));
    };
    if (service->run_write) {
        service->run_write(std::move(write));
    } else {
        std::thread(std::move(write)).detach();
    }
}

} // namespace

std::optional<std::vector<std::string>> path_segments(std::string_view path) {
    constexpr std::string_view base = "/redfish/v1";
    if (!path.starts_with(base)) {
        return std::nullopt;
    }
    path.remove_prefix(base.size());
    std::vector<std::string> out;
    if (path.empty() || path == "/") {
        return out;
    }
    if (path.front() != '/') {
        return std::nullopt;
    }
    path.remove_prefix(1);
    if (path.ends_with('/')) {
        path.remove_suffix(1);
    }
    while (true) {
        const auto slash = path.find('/');
        const auto part = path.substr(0, slash);
        const bool control = std::any_of(part.begin(), part.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
        if (part.empty() || part == "." || part == ".." || part.find('%') != std::string_view::npos ||
            part.find('\\') != std::string_view::npos || control || part.size() > 128 || out.size() >= 16) {
            return std::nullopt;
        }
        out.emplace_back(part);
        if (slash == std::string_view::npos) {
            return out;
        }
        path.remove_prefix(slash + 1);
    }
}

bool open_request(const http::Request& r) {
    if (r.path == "/redfish" || r.path == "/redfish/" || r.has_header("X-Auth-Token")) {
        return true;
    }
    const auto seg = path_segments(r.path);
    return seg && (is_open(*seg) || is_login(r, *seg));
}

std::string etag_of(std::string_view body) {
    // FNV-1a, 64 bits: a change detector for conditional requests, not a secret.
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : body) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return fmt::format("W/\"{:016x}\"", h);
}

http::Route redfish_route(std::shared_ptr<Service> service) {
    http::Route route;
    route.path = "/redfish";
    route.prefix = true;
    route.methods = {"GET", "POST", "PATCH", "PUT", "DELETE"};
    route.anonymous = [](const http::Request& r) { return open_request(r); };
    auto writes = std::make_shared<Writes>();
    route.handler = [service = std::move(service), writes](http::Exchange& ex, http::Responder responder) {
        handle(service, writes, ex, std::move(responder));
    };
    return route;
}

} // namespace redfish
