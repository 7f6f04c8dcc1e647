// Open enumerations (DSP0226 8): the items an Enumerate produced, already rendered in the
// enumeration's mode and shared (the provider's cached instances carry their rendering, so
// contexts over one snapshot hold pointers, not copies), handed out batch by batch to Pull;
// contexts expire after an idle time and are capped per user and in all. A user at the cap
// does not lose new work: that user's least recently used context goes (its next Pull gets
// wsen:InvalidEnumerationContext, as for an expired one); at the total cap the least
// recently used of all goes. Expiry and eviction cost nothing per request (a list in use order).
#pragma once


#include <chrono>
#include <cstddef>
#include <functional>
#include <cstdint>
#include <list>
#include <unordered_map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace wsman {

enum class EnumerationMode { objects, epr, object_and_epr };

using Item = std::shared_ptr<const std::string>;

// WinRM's defaults are 1500 concurrent operations per user and contexts kept 240 s
// (MaxConcurrentOperationsPerUser, EnumerationTimeoutms); a context here costs a vector of
// shared pointers to items already rendered (16 bytes an item).
struct EnumerationLimits {
    std::chrono::seconds idle_expiry{240};
    std::size_t per_user = 512;
    std::size_t total = 2048;
};

class EnumerationStore {
public:
    using Clock = std::chrono::steady_clock;
    explicit EnumerationStore(EnumerationLimits limits = {}) : limits_(limits) {}

    // A new context for these items (evicting the user's, or anyone's, least recently used
    // one at a cap).
    [[nodiscard]] std::string open(const std::string& user, std::vector<Item> items,
                                   Clock::time_point now = Clock::now());

    struct Batch {
        std::size_t taken = 0;
        bool end = false; // the last batch: the context is gone
    };
    // Hands up to `max` next items of the user's context to `take`, in order; an item `take`
    // refuses (it would not fit the answer) stays for the next Pull, and so do those after
    // it. nullopt when the context is unknown, expired, or another user's. The context is
    // removed with its last item.
    using Take = std::function<bool(const Item&)>;
    [[nodiscard]] std::optional<Batch> pull(const std::string& user, const std::string& id, std::size_t max,
                                            const Take& take, Clock::time_point now = Clock::now());
    // false when unknown.
    bool release(const std::string& user, const std::string& id);
    [[nodiscard]] std::size_t size() const;
    // Contexts evicted at a cap since the start.
    [[nodiscard]] std::uint64_t evicted() const;

private:
    struct Context;
    using Contexts = std::unordered_map<std::string, Context>;
    struct Context {
        std::string user;
        std::vector<Item> items;
        std::size_t next = 0;
        Clock::time_point last_used;
        std::list<Contexts::iterator>::iterator in_use_order;
    };
    void expire(Clock::time_point now);
    void erase(Contexts::iterator it);
    void touch(Contexts::iterator it, Clock::time_point now);

    EnumerationLimits limits_;
    mutable std::mutex mutex_;
    Contexts contexts_;
    std::list<Contexts::iterator> use_order_; // least recently used first
    std::unordered_map<std::string, std::size_t> per_user_;
    std::uint64_t evicted_ = 0;
};

} // namespace wsman
