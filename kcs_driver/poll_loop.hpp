// The polling loop that drives a pure register state machine (KCS, BT) with a deadline.
#pragma once

#include "kcs_driver/poll_pacer.hpp"
#include "kcs_driver/state_machine.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <system_error>
#include <thread>

namespace kcs {

struct PollCounters {
    std::uint64_t polls = 0;  // state machine polls (status register reads)
    std::uint64_t sleeps = 0; // sleeps while waiting
};

// Polls `machine` (poll(elapsed) -> Result, error(), give_up()) until it completes or fails.
// Elapsed time is measured here and passed in; the machine never reads a clock.
template <class Machine>
[[nodiscard]] std::expected<void, std::error_code> poll_until_done(Machine& machine,
                                                                   std::chrono::milliseconds budget,
                                                                   PollPacer pacer, PollCounters& counters) {
    using clock = std::chrono::steady_clock;
    const auto begin = clock::now();
    const auto deadline = begin + budget;
    auto last = begin;
    for (;;) {
        const auto now = clock::now();
        // Whole microseconds only; the remainder carries over to the next poll.
        const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(now - last);
        last += elapsed;
        ++counters.polls;
        switch (machine.poll(elapsed)) {
        case Result::complete:
            return {};
        case Result::error:
            return std::unexpected(machine.error());
        case Result::call_without_delay:
            pacer.reset();
            break;
        case Result::call_again:
            if (const auto wait = pacer.next(); wait.count() > 0) {
                ++counters.sleeps;
                std::this_thread::sleep_for(wait);
            }
            break;
        }
        if (clock::now() >= deadline) {
            // One last look: the BMC may have answered during the final sleep.
            if (auto r = machine.poll(std::chrono::microseconds{0}); r == Result::complete) {
                return {};
            } else if (r == Result::error) {
                return std::unexpected(machine.error());
            }
            return std::unexpected(machine.give_up());
        }
    }
}

} // namespace kcs
