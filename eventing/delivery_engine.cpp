#include "eventing/delivery_engine.hpp"

#include <algorithm>

namespace eventing {

DeliveryEngine::DeliveryEngine(DeliveryContext& context) : context_(context) {}

DeliveryEngine::~DeliveryEngine() {
    stop();
}

void DeliveryEngine::start() {
    const std::size_t n = std::max<std::size_t>(1, context_.options.workers);
    const std::lock_guard lock(mutex_);
    stopping_ = false;
    while (workers_.size() < n) {
        workers_.emplace_back([this] { work(); });
    }
}

void DeliveryEngine::stop() {
    std::vector<std::thread> workers;
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
        workers.swap(workers_);
    }
    cv_.notify_all();
    for (auto& t : workers) {
        t.join();
    }
    const std::lock_guard lock(mutex_);
    ready_.clear();
    timers_ = {};
    entries_.clear();
}

void DeliveryEngine::queue(const std::shared_ptr<Entry>& e, bool notify) {
    e->state = State::queued;
    ++e->generation; // its timer, if any, is void
    ready_.push_back(e);
    if (notify) {
        cv_.notify_one();
    }
}

void DeliveryEngine::add(const Subscription& s) {
    auto e = std::make_shared<Entry>();
    e->delivery = std::make_unique<Delivery>(s, context_);
    const std::lock_guard lock(mutex_);
    if (auto old = entries_.find(s.id); old != entries_.end()) {
        old->second->removed = true;
    }
    entries_[s.id] = e;
    queue(e);
}

void DeliveryEngine::remove(const std::string& id) {
    const std::lock_guard lock(mutex_);
    auto it = entries_.find(id);
    if (it != entries_.end()) {
        it->second->removed = true; // dropped from ready_ and timers_ when it comes up
        entries_.erase(it);
    }
}

void DeliveryEngine::poke(const std::string& id) {
    const std::lock_guard lock(mutex_);
    auto it = entries_.find(id);
    if (it == entries_.end()) {
        return;
    }
    if (it->second->state == State::waiting) {
        queue(it->second);
    } else if (it->second->state == State::running) {
        it->second->woken = true;
    }
}

void DeliveryEngine::records_added() {
    bool queued = false;
    {
        const std::lock_guard lock(mutex_);
        for (auto& [id, e] : entries_) {
            if (e->state == State::waiting && e->wake_on_records) {
                queue(e, false); // one wake-up for all below, not a worker woken into a held lock each
                queued = true;
            } else if (e->state == State::running) {
                e->woken = true;
            }
        }
    }
    if (queued) {
        cv_.notify_all();
    }
}

std::size_t DeliveryEngine::size() const {
    const std::lock_guard lock(mutex_);
    return entries_.size();
}

void DeliveryEngine::after_step(const std::shared_ptr<Entry>& e, const NextStep& next) {
    if (e->removed || next.kind == NextStep::Kind::done) {
        e->removed = true;
        if (auto it = entries_.find(e->delivery->id()); it != entries_.end() && it->second == e) {
            entries_.erase(it);
        }
        return;
    }
    const bool woken = e->woken;
    e->woken = false;
    if (next.kind == NextStep::Kind::again || (next.on_records && woken)) {
        queue(e);
        return;
    }
    e->state = State::waiting;
    e->wake_on_records = next.on_records;
    ++e->generation;
    const bool earliest = timers_.empty() || next.until < timers_.top().at;
    timers_.push({next.until, e->generation, e});
    if (earliest) {
        cv_.notify_one(); // a sleeping worker may be waiting for a later timer
    }
}

void DeliveryEngine::work() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        const auto now = DeliveryClock::now();
        while (!timers_.empty() && timers_.top().at <= now) {
            Timer t = timers_.top();
            timers_.pop();
            if (!t.entry->removed && t.entry->state == State::waiting && t.entry->generation == t.generation) {
                queue(t.entry);
            }
        }
        if (ready_.empty()) {
            if (timers_.empty()) {
                cv_.wait(lock);
            } else {
                // A copy: wait_until reads its deadline again after waking, and a timer pushed
                // meanwhile may have moved the heap's storage (ASan: heap-use-after-free).
                const auto until = timers_.top().at;
                cv_.wait_until(lock, until);
            }
            continue;
        }
        std::shared_ptr<Entry> e = std::move(ready_.front());
        ready_.pop_front();
        if (e->removed) {
            continue;
        }
        e->state = State::running;
        e->woken = false;
        lock.unlock();
        const NextStep next = e->delivery->step();
        lock.lock();
        after_step(e, next);
    }
}

} // namespace eventing
