// Failure counting per address with a doubling delay.
#include "http_server/auth_failures.hpp"

#include <algorithm>

namespace http {

std::chrono::milliseconds AuthFailures::failed(const std::string& address, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    auto it = entries_.find(address);
    if (it == entries_.end()) {
        if (entries_.size() >= limits_.max_addresses) {
            auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
                return a.second.last < b.second.last;
            });
            entries_.erase(oldest);
        }
        it = entries_.emplace(address, Entry{}).first;
    }
    Entry& e = it->second;
    if (e.count > 0 && now - e.last > limits_.window) {
        e.count = 0; // an old streak is forgiven
    }
    ++e.count;
    e.last = now;
    if (e.count <= limits_.free_failures) {
        return std::chrono::milliseconds(0);
    }
    const unsigned doublings = std::min(e.count - limits_.free_failures - 1, 16U);
    const auto delay = limits_.first_delay * (1LL << doublings);
    return std::min<std::chrono::milliseconds>(delay, limits_.max_delay);
}

void AuthFailures::succeeded(const std::string& address) {
    const std::lock_guard lock(mutex_);
    entries_.erase(address);
}

std::size_t AuthFailures::tracked() const {
    const std::lock_guard lock(mutex_);
    return entries_.size();
}

} // namespace http
