// Repeated authentication failures from one address are slowed down: after `free_failures`
// failures within `window`, each further 401 is held back for a delay that doubles up to
// `max_delay` (the connection waits, not a worker). A success clears the address. Bounded:
// at most `max_addresses` are tracked, the least recently failed forgotten first.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace http {

class AuthFailures {
public:
    using Clock = std::chrono::steady_clock;
    struct Limits {
        unsigned free_failures = 3;
        std::chrono::milliseconds first_delay{250};
        std::chrono::milliseconds max_delay{4000};
        std::chrono::seconds window{300};
        std::size_t max_addresses = 4096;
    };
    AuthFailures() = default;
    explicit AuthFailures(Limits limits) : limits_(limits) {}

    // Records a failure from `address`; the delay its answer is to wait.
    std::chrono::milliseconds failed(const std::string& address, Clock::time_point now = Clock::now());
    void succeeded(const std::string& address);
    [[nodiscard]] std::size_t tracked() const;

private:
    struct Entry {
        unsigned count = 0;
        Clock::time_point last;
    };
    Limits limits_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;
};

} // namespace http
