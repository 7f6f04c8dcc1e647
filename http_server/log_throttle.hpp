// Limits and refusals are logged once per source address and kind within an interval, not
// once per request: a flood from one address is one line a minute (with how many were
// folded into it), and the table of who was logged is bounded.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace http {

class LogThrottle {
public:
    using Clock = std::chrono::steady_clock;
    explicit LogThrottle(std::chrono::seconds interval = std::chrono::seconds(60), std::size_t entries = 4096)
        : interval_(interval), entries_(entries) {}

    // How many like it were suppressed since the last line when this one should be logged
    // now; nullopt when it falls within the interval (it is counted).
    [[nodiscard]] std::optional<unsigned> admit(const std::string& source, const std::string& kind,
                                                Clock::time_point now = Clock::now());

private:
    struct Entry {
        Clock::time_point last;
        unsigned suppressed = 0;
    };
    std::chrono::seconds interval_;
    std::size_t entries_;
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, Entry> seen_;
};

} // namespace http
