#include "wsman_front/enumerations.hpp"

#include "wsman_front/xml_writer.hpp"

#include <algorithm>

namespace wsman {

void EnumerationStore::expire(Clock::time_point now) {
    for (auto it = contexts_.begin(); it != contexts_.end();) {
        it = now - it->second.last_used > limits_.idle_expiry ? contexts_.erase(it) : std::next(it);
    }
}

std::optional<std::string> EnumerationStore::open(const std::string& user, std::vector<Item> items,
                                                  Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    expire(now);
    const auto mine = static_cast<std::size_t>(std::count_if(
        contexts_.begin(), contexts_.end(), [&](const auto& kv) { return kv.second.user == user; }));
    if (mine >= limits_.per_user || contexts_.size() >= limits_.total) {
        return std::nullopt;
    }
    std::string id = new_message_id(); // a random UUID: not guessable
    contexts_.emplace(id, Context{user, std::move(items), 0, now});
    return id;
}

std::optional<EnumerationStore::Batch> EnumerationStore::pull(const std::string& user, const std::string& id,
                                                              std::size_t max, const Take& take,
                                                              Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    expire(now);
    auto it = contexts_.find(id);
    if (it == contexts_.end() || it->second.user != user) {
        return std::nullopt;
    }
    auto& c = it->second;
    Batch b;
    const std::size_t n = std::min(max, c.items.size() - c.next);
    while (b.taken < n && take(*c.items[c.next])) {
        c.items[c.next].reset(); // handed out: not kept
        ++c.next;
        ++b.taken;
    }
    c.last_used = now;
    if (c.next >= c.items.size()) {
        b.end = true;
        contexts_.erase(it);
    }
    return b;
}

bool EnumerationStore::release(const std::string& user, const std::string& id) {
    const std::lock_guard lock(mutex_);
    auto it = contexts_.find(id);
    if (it == contexts_.end() || it->second.user != user) {
        return false;
    }
    contexts_.erase(it);
    return true;
}

std::size_t EnumerationStore::size() const {
    const std::lock_guard lock(mutex_);
    return contexts_.size();
}

} // namespace wsman
