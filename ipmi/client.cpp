#include "ipmi/client.hpp"

#include <algorithm>
#include <thread>

namespace ipmi {
namespace {

// IPMI 2.0 Table 5-2: C0h (node busy) and C3h (timeout while processing) are
// transient; the request may be repeated unchanged.
bool transient(CompletionCode cc) {
    return cc == CompletionCode::node_busy || cc == CompletionCode::timeout;
}

} // namespace

Client::Client(Transport& transport, ClientOptions options, Sleep sleep)
    : transport_(transport), options_(options), sleep_(std::move(sleep)) {
    if (!sleep_) {
        sleep_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
    }
}

std::expected<Response, std::error_code> Client::send(const Request& request) {
    const std::scoped_lock lock(mutex_);
    auto backoff = options_.first_backoff;
    for (unsigned attempt = 0;; ++attempt) {
        ++stats_.transactions;
        auto response = transport_.execute(request);
        if (!response || !transient(response->cc) || attempt >= options_.busy_retries) {
            return response;
        }
        ++stats_.retries;
        sleep_(backoff);
        backoff = std::min(backoff * 2, options_.max_backoff);
    }
}

Client::Stats Client::stats() const {
    const std::scoped_lock lock(mutex_);
    return stats_;
}

} // namespace ipmi
