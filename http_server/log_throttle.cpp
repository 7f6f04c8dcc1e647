// LogThrottle: one line per source and kind per interval.
#include "http_server/log_throttle.hpp"

namespace http {

std::optional<unsigned> LogThrottle::admit(const std::string& source, const std::string& kind, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    auto key = std::pair{source, kind};
    auto it = seen_.find(key);
    if (it != seen_.end() && now - it->second.last < interval_) {
        ++it->second.suppressed;
        return std::nullopt;
    }
    if (it == seen_.end()) {
        if (seen_.size() >= entries_) {
            // Forget entries whose interval is over; when all are recent, start afresh.
            std::erase_if(seen_, [&](const auto& e) { return now - e.second.last >= interval_; });
            if (seen_.size() >= entries_) {
                seen_.clear();
            }
        }
        seen_.emplace(std::move(key), Entry{now, 0});
        return 0U;
    }
    const unsigned folded = it->second.suppressed;
    it->second = Entry{now, 0};
    return folded;
}

} // namespace http
