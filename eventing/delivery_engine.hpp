// The push deliveries of every subscription on a fixed pool of worker threads: a subscription
// with work (new records, a heartbeat, a MaxTime batch or a retry due, its expiry) is put on a
// ready queue, from a timer heap or by records_added(); a worker takes it and runs one
// Delivery::step (at most one exchange with its sink, bounded by the HTTP deadlines), then
// queues it again, sets its timer, or drops it. A subscription is stepped by one worker at a
// time, so its messages stay in order.
#pragma once

#include "eventing/delivery.hpp"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

namespace eventing {

class DeliveryEngine {
public:
    explicit DeliveryEngine(DeliveryContext& context);
    ~DeliveryEngine(); // stop()
    DeliveryEngine(const DeliveryEngine&) = delete;
    DeliveryEngine& operator=(const DeliveryEngine&) = delete;

    void start(); // the workers (DeliveryOptions::workers, at least 1)
    // Stops the workers after the steps under way (bounded by the HTTP deadlines).
    void stop();

    void add(const Subscription& s);
    // No more steps for `id` (removed); a step under way ends normally.
    void remove(const std::string& id);
    // `id` changed (Renew): stepped again soon, whatever it waits for.
    void poke(const std::string& id);
    // New records were archived: every subscription waiting for records is queued.
    void records_added();

    [[nodiscard]] std::size_t size() const;

private:
    enum class State : std::uint8_t { queued, running, waiting };
    struct Entry {
        std::unique_ptr<Delivery> delivery;
        State state = State::queued;
        bool removed = false;
        bool woken = false;           // records arrived (or a poke) during its step
        bool wake_on_records = false; // waiting: records end the wait
        std::uint64_t generation = 0; // a timer is live only for the generation it was set for
    };
    struct Timer {
        DeliveryClock::time_point at;
        std::uint64_t generation;
        std::shared_ptr<Entry> entry;
        bool operator>(const Timer& o) const { return at > o.at; }
    };

    void work();
    void queue(const std::shared_ptr<Entry>& e, bool notify = true); // with mutex_ held
    void after_step(const std::shared_ptr<Entry>& e, const NextStep& next);

    DeliveryContext& context_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::map<std::string, std::shared_ptr<Entry>> entries_;
    std::deque<std::shared_ptr<Entry>> ready_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    std::vector<std::thread> workers_;
};

} // namespace eventing
