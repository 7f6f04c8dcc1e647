// Requests counted by front end, operation and HTTP status, for the metrics front end
// (bmcwsman_wsman_requests_total): a front end records each answer, the metrics front end
// reads a copy. A few dozen distinct keys; one short lock per request.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace http {

class RequestCounts {
public:
    using Key = std::tuple<std::string, std::string, int>; // front end, operation, status
    void add(std::string_view front_end, std::string_view operation, int status);
    [[nodiscard]] std::map<Key, std::uint64_t> copy() const;

private:
    mutable std::mutex mutex_;
    std::map<Key, std::uint64_t, std::less<>> counts_;
};

} // namespace http
