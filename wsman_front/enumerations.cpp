// Open enumeration contexts: a hash map by id, a list in use order for expiry and eviction,
// counts per user.
#include "wsman_front/enumerations.hpp"

#include "wsman_front/xml_writer.hpp"

#include <algorithm>

namespace wsman {

void EnumerationStore::erase(Contexts::iterator it) {
    if (auto u = per_user_.find(it->second.user); u != per_user_.end() && --u->second == 0) {
        per_user_.erase(u);
    }
    use_order_.erase(it->second.in_use_order);
    contexts_.erase(it);
}

void EnumerationStore::touch(Contexts::iterator it, Clock::time_point now) {
    it->second.last_used = now;
    use_order_.splice(use_order_.end(), use_order_, it->second.in_use_order);
}

void EnumerationStore::expire(Clock::time_point now) {
    while (!use_order_.empty() && now - use_order_.front()->second.last_used > limits_.idle_expiry) {
        erase(use_order_.front());
    }
}

std::string EnumerationStore::open(const std::string& user, std::vector<Item> items, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    expire(now);
    if (auto u = per_user_.find(user); u != per_user_.end() && u->second >= limits_.per_user) {
        // The user's least recently used context makes room (a scraper that never pulls
        // gives up its oldest, not its ability to start new work).
        const auto oldest = std::find_if(use_order_.begin(), use_order_.end(),
                                         [&](const Contexts::iterator& c) { return c->second.user == user; });
        if (oldest != use_order_.end()) {
            erase(*oldest);
            ++evicted_;
        }
    }
    if (contexts_.size() >= limits_.total && !use_order_.empty()) {
        erase(use_order_.front());
        ++evicted_;
    }
    std::string id = new_message_id(); // a random UUID: not guessable
    auto [it, inserted] = contexts_.emplace(id, Context{user, std::move(items), 0, now, {}});
    it->second.in_use_order = use_order_.insert(use_order_.end(), it);
    ++per_user_[user];
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
    while (b.taken < n && take(c.items[c.next])) {
        c.items[c.next].reset(); // handed out: not kept
        ++c.next;
        ++b.taken;
    }
    if (c.next >= c.items.size()) {
        b.end = true;
        erase(it);
    } else {
        touch(it, now);
    }
    return b;
}

bool EnumerationStore::release(const std::string& user, const std::string& id) {
    const std::lock_guard lock(mutex_);
    auto it = contexts_.find(id);
    if (it == contexts_.end() || it->second.user != user) {
        return false;
    }
    erase(it);
    return true;
}

std::size_t EnumerationStore::size() const {
    const std::lock_guard lock(mutex_);
    return contexts_.size();
}

std::uint64_t EnumerationStore::evicted() const {
    const std::lock_guard lock(mutex_);
    return evicted_;
}

} // namespace wsman
