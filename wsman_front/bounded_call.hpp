// Work that may wait on the BMC (methods, Put) run on a thread of its own so the request can
// answer wsman:TimedOut at its OperationTimeout and never later (DSP0226 6.1, R6.1-4); the
// work itself goes on and finishes within the transport's own deadlines. At most `limit`
// such calls run at once (more: the caller answers wsman:Concurrency). The destructor waits
// for the calls still running, so nothing outlives the objects they use.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace wsman {

class BoundedCalls {
public:
    explicit BoundedCalls(unsigned limit = 8) : limit_(limit) {}
    BoundedCalls(const BoundedCalls&) = delete;
    BoundedCalls& operator=(const BoundedCalls&) = delete;
    ~BoundedCalls() {
        std::unique_lock lock(mutex_);
        idle_.wait(lock, [&] { return running_ == 0; });
    }

    enum class Outcome : std::uint8_t { done, timed_out, busy };
    template <class T> struct Result {
        Outcome outcome;
        std::optional<T> value; // when done
    };

    // Runs `work()` (returning T) and waits for it until `deadline`.
    template <class T, class Work> Result<T> run(std::chrono::steady_clock::time_point deadline, Work work) {
        struct Shared {
            std::mutex mutex;
            std::condition_variable done;
            std::optional<T> value;
        };
        {
            const std::lock_guard lock(mutex_);
            if (running_ >= limit_) {
                return {Outcome::busy, std::nullopt};
            }
            ++running_;
        }
        auto shared = std::make_shared<Shared>();
        std::thread([this, shared, work = std::move(work)]() mutable {
            T v = work();
            {
                const std::lock_guard lock(shared->mutex);
                shared->value = std::move(v);
            }
            shared->done.notify_all();
            const std::lock_guard lock(mutex_);
            --running_;
            idle_.notify_all();
        }).detach();
        std::unique_lock lock(shared->mutex);
        if (!shared->done.wait_until(lock, deadline, [&] { return shared->value.has_value(); })) {
            return {Outcome::timed_out, std::nullopt};
        }
        return {Outcome::done, std::move(shared->value)};
    }

private:
    unsigned limit_;
    std::mutex mutex_;
    std::condition_variable idle_;
    unsigned running_ = 0;
};

} // namespace wsman
