// How long to wait between polls of a waiting KCS interface: spin briefly, then back off.
#pragma once

#include <algorithm>
#include <chrono>

namespace kcs {

// Register transitions take microseconds on real BMCs, so the first polls are immediate;
// then sleeps double from min_sleep up to max_sleep, so a slow BMC does not burn a core
// (FreeBSD D20527: a fixed 100 us sleep made `ipmitool sensor list` 4x slower).
class PollPacer {
public:
    PollPacer(unsigned spin_polls, std::chrono::microseconds min_sleep,
              std::chrono::microseconds max_sleep) noexcept
        : spin_polls_(spin_polls), min_sleep_(min_sleep),
          max_sleep_(std::max(min_sleep, max_sleep)), sleep_(min_sleep) {}

    // The machine made progress: the next waits spin again.
    void reset() noexcept {
        spins_ = 0;
        sleep_ = min_sleep_;
    }

    // The wait before the next poll: zero while spinning, then growing sleeps.
    [[nodiscard]] std::chrono::microseconds next() noexcept {
        if (spins_ < spin_polls_) {
            ++spins_;
            return std::chrono::microseconds{0};
        }
        const auto sleep = sleep_;
        sleep_ = std::min(sleep_ * 2, max_sleep_);
        return sleep;
    }

private:
    unsigned spin_polls_;
    std::chrono::microseconds min_sleep_;
    std::chrono::microseconds max_sleep_;
    unsigned spins_ = 0;
    std::chrono::microseconds sleep_;
};

} // namespace kcs
