// Routing by path in one place, for every front end: each route names its path (exact or a
// prefix), the methods it answers and its handler; what it means is the front end's. A path
// no route serves is 404; a method the route does not answer is 405 with Allow. Every route
// is behind the same authentication (Authenticator), except the requests a route itself
// declares anonymous (WS-Management's unauthenticated Identify, DSP0226 11).
#pragma once

#include "cim_mapping/provider.hpp"
#include "http_server/request.hpp"
#include "http_server/response.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace http {

// What a handler gets: the whole request, who sent it (nullopt only for a request its route
// lets through anonymously) and from where.
struct Exchange {
    Request request;
    std::optional<cim::Caller> caller;
    std::string peer;
    bool tls = false;
};

// A parked request's completion (Responder::park): whoever holds it answers once, from any
// thread; complete() is false when the request was answered already (its deadline, the
// server stopping) or its client went away, and open() says whether an answer is still
// wanted. Copies share the one request.
class Parked {
public:
    struct State {
        virtual ~State() = default;
        virtual bool complete(Response response) = 0;
        [[nodiscard]] virtual bool open() const = 0;
    };
    explicit Parked(std::shared_ptr<State> state) : state_(std::move(state)) {}
    bool complete(Response response) { return state_ && state_->complete(std::move(response)); }
    [[nodiscard]] bool open() const { return state_ && state_->open(); }

private:
    std::shared_ptr<State> state_;
};

// The handler's answer, given once, at once or later from any thread (work that may wait
// on the BMC is handed to a thread of its own, so no connection thread waits for it).
class Responder {
public:
    struct Sink {
        virtual ~Sink() = default;
        virtual void complete(Response response) = 0;
        virtual std::optional<Parked> park(std::chrono::steady_clock::time_point, Response) { return std::nullopt; }
    };
    explicit Responder(std::shared_ptr<Sink> sink) : sink_(std::move(sink)) {}
    Responder(Responder&&) = default;
    Responder& operator=(Responder&&) = default;
    Responder(const Responder&) = delete;
    Responder& operator=(const Responder&) = delete;
    // A handler that never answered still gets its connection an answer.
    ~Responder() {
        if (sink_) {
            Response r;
            r.status = 500;
            sink_->complete(std::move(r));
        }
    }

    void send(Response response) {
        if (auto s = std::move(sink_)) {
            s->complete(std::move(response));
        }
    }

    // Parks the request (waiting for something that has not happened yet, like an event for
    // a held WS-Eventing Pull): its connection waits in epoll without a thread and without
    // the read deadlines, until the returned Parked is completed, `deadline` passes (then
    // `at_deadline` is the answer), the server stops (the same) or the client goes away
    // (nothing is sent). Only while the handler runs on the connection's thread; nullopt when
    // that is not so or the parked requests are at their caps (Limits::max_parked,
    // max_parked_per_user), and then this Responder still owes the answer.
    std::optional<Parked> park(std::chrono::steady_clock::time_point deadline, Response at_deadline) {
        if (!sink_) {
            return std::nullopt;
        }
        auto parked = sink_->park(deadline, std::move(at_deadline));
        if (parked) {
            sink_.reset();
        }
        return parked;
    }

private:
    std::shared_ptr<Sink> sink_;
};

using Handler = std::function<void(Exchange&, Responder)>;

struct Route {
    std::string path;
    bool prefix = false;              // also every path below `path` + "/"
    std::vector<std::string> methods; // "POST", "GET", ...
    Handler handler;
    std::function<bool(const Request&)> anonymous; // requests served without credentials
};

class Router {
public:
    void add(Route route);
    // The route serving `path`, nullptr when none.
    [[nodiscard]] const Route* match(std::string_view path) const;
    [[nodiscard]] static bool allows(const Route& route, std::string_view method);
    // "POST" or "GET, HEAD" for a 405's Allow header.
    [[nodiscard]] static std::string allow_header(const Route& route);

private:
    std::vector<Route> routes_;
};

} // namespace http
