// The host-side BT state machine (IPMI 2.0 section 11), pure: I/O through Registers, time passed in.
#pragma once

#include "bt_driver/errc.hpp"
#include "bt_driver/registers.hpp"
#include "kcs_driver/state_machine.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>
#include <vector>

namespace bt {

// The same answers as the KCS machine, so one polling loop drives both (poll_loop.hpp).
using Result = kcs::Result;

struct StateMachineLimits {
    std::chrono::microseconds timeout{5'000'000}; // per wait, Linux BT_NORMAL_TIMEOUT
    unsigned max_stale = 8;          // responses to other requests read before giving up
    std::size_t max_response = 256;  // length byte + 255
};

// Shaped like Linux drivers/char/ipmi/ipmi_bt_sm.c: start() with the whole BT request
// (Length, NetFn/LUN, Seq, Cmd, Data), then poll(elapsed) until complete or error.
class StateMachine {
public:
    enum class Step : std::uint8_t {
        idle,          // no transaction
        start,         // wait for B_BUSY and H2B_ATN clear; clear H_BUSY; write the request
        write_consume, // H2B_ATN set: wait for the BMC to take the request
        read_wait,     // wait for B2H_ATN, then set H_BUSY and clear B2H_ATN
        clear_b2h,     // B2H_ATN cleared: read the response, clear H_BUSY, check Seq
    };

    explicit StateMachine(Registers& io, StateMachineLimits limits = {}) : io_(io), limits_(limits) {}

    // Errors: busy, request_too_long (more than 255 bytes after the length byte).
    [[nodiscard]] std::error_code start(std::span<const std::uint8_t> request);
    [[nodiscard]] Result poll(std::chrono::microseconds elapsed);
    // The caller's deadline passed: the error for what the machine was waiting on.
    [[nodiscard]] std::error_code give_up();

    // The response as read: Length, NetFn/LUN, Seq, Cmd, Completion Code, Data.
    [[nodiscard]] std::span<const std::uint8_t> response() const noexcept { return response_; }
    [[nodiscard]] std::error_code error() const noexcept { return error_; }
    [[nodiscard]] Step step() const noexcept { return step_; }
    [[nodiscard]] unsigned stale() const noexcept { return stale_; }

private:
    [[nodiscard]] Result wait(std::chrono::microseconds elapsed, Errc on_timeout);
    [[nodiscard]] Result fail(Errc e);
    [[nodiscard]] Result read_response();

    Registers& io_;
    StateMachineLimits limits_;
    Step step_ = Step::idle;
    std::vector<std::uint8_t> request_;
    std::vector<std::uint8_t> response_;
    std::chrono::microseconds waited_{0};
    unsigned stale_ = 0;
    std::error_code error_;
};

} // namespace bt
