// An answer that may come later (issue 18: a WS-Eventing Pull held until an event arrives,
// DSP0226 10.2.9.5/10.2.5): the handler returns its Reply with `later` set; the route parks
// the request on the HTTP layer (http::Responder::park, no thread held) and hands the
// handler a HeldReply to answer through, from any thread. When the request cannot be parked
// (the HTTP layer's caps, or a caller without the route), the Reply's own status and body
// are the answer, at once.
#pragma once

#include "http_server/router.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace wsman {

struct Reply;

// The completion of a held request; copies share it.
class HeldReply {
public:
    explicit HeldReply(http::Parked parked) : parked_(std::move(parked)) {}
    // False when the request was answered already (its deadline) or its client went away.
    bool send(int http_status, std::string body) {
        http::Response r;
        r.status = http_status;
        r.body = std::move(body);
        return parked_.complete(std::move(r));
    }
    [[nodiscard]] bool open() const { return parked_.open(); }

private:
    http::Parked parked_;
};

struct Later {
    std::chrono::steady_clock::time_point deadline;
    int deadline_status = 200; // the answer when nothing came by `deadline`
    std::string deadline_body;
    // Called once the request is parked (on the connection's thread, before the route returns).
    std::function<void(HeldReply)> parked;
};

} // namespace wsman
