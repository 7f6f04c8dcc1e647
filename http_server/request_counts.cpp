// Requests by front end, operation and status (see request_counts.hpp).
#include "http_server/request_counts.hpp"

namespace http {

void RequestCounts::add(std::string_view front_end, std::string_view operation, int status) {
    const std::lock_guard lock(mutex_);
    ++counts_[Key{std::string(front_end), std::string(operation), status}];
}

std::map<RequestCounts::Key, std::uint64_t> RequestCounts::copy() const {
    const std::lock_guard lock(mutex_);
    return {counts_.begin(), counts_.end()};
}

} // namespace http
