// Open enumerations (DSP0226 8): the items an Enumerate produced, already rendered in the
// enumeration's mode and shared (the provider's cached instances carry their rendering, so
// contexts over one snapshot hold pointers, not copies), handed out batch by batch to Pull;
// contexts expire after an idle time and are capped per user and in all.
#pragma once


#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace wsman {

enum class EnumerationMode { objects, epr, object_and_epr };

using Item = std::shared_ptr<const std::string>;

struct EnumerationLimits {
    std::chrono::seconds idle_expiry{60};
    std::size_t per_user = 16;
    std::size_t total = 1024;
};

class EnumerationStore {
public:
    using Clock = std::chrono::steady_clock;
    explicit EnumerationStore(EnumerationLimits limits = {}) : limits_(limits) {}

    // A new context for these items; nullopt when the user or the server is at its cap.
    [[nodiscard]] std::optional<std::string> open(const std::string& user, std::vector<Item> items,
                                                  Clock::time_point now = Clock::now());

    struct Batch {
        std::size_t taken = 0;
        bool end = false; // the last batch: the context is gone
    };
    // Hands up to `max` next items of the user's context to `take`, in order; an item `take`
    // refuses (it would not fit the answer) stays for the next Pull, and so do those after
    // it. nullopt when the context is unknown, expired, or another user's. The context is
    // removed with its last item.
    using Take = std::function<bool(const std::string&)>;
    [[nodiscard]] std::optional<Batch> pull(const std::string& user, const std::string& id, std::size_t max,
                                            const Take& take, Clock::time_point now = Clock::now());
    // false when unknown.
    bool release(const std::string& user, const std::string& id);
    [[nodiscard]] std::size_t size() const;

private:
    struct Context {
        std::string user;
        std::vector<Item> items;
        std::size_t next = 0;
        Clock::time_point last_used;
    };
    void expire(Clock::time_point now);

    EnumerationLimits limits_;
    mutable std::mutex mutex_;
    std::map<std::string, Context> contexts_;
};

} // namespace wsman
