// ipmi::Transport over a BT interface: sequence numbers, framing, the shared polling loop.
#pragma once

#include "bt_driver/registers.hpp"
#include "bt_driver/state_machine.hpp"
#include "ipmi/transport.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace bt {

struct TransportOptions {
    std::chrono::microseconds timeout{5'000'000};       // per handshake wait, as Linux
    std::chrono::milliseconds command_deadline{10'000}; // whole execute()
    unsigned max_stale = 8;                             // other requests' responses skipped
    unsigned spin_polls = 64;                           // immediate polls before sleeping
    std::chrono::microseconds min_sleep{10};
    std::chrono::microseconds max_sleep{1000};
};

class BtTransport final : public ipmi::Transport {
public:
    struct Stats {
        std::uint64_t transactions = 0;
        std::uint64_t polls = 0;
        std::uint64_t sleeps = 0;
        std::uint64_t stale = 0; // responses dropped for another Seq/NetFn/Cmd
        std::uint64_t failures = 0;
    };

    explicit BtTransport(std::unique_ptr<Registers> io, TransportOptions opts = {},
                         std::string name = "bt");

    // BT request: Length, NetFn/LUN, Seq, Cmd, Data; the response must carry the same Seq
    // (IPMI 2.0 section 11), checked by the state machine.
    [[nodiscard]] std::expected<ipmi::Response, std::error_code>
    execute(const ipmi::Request& request) override;
    [[nodiscard]] std::string_view name() const noexcept override { return name_; }
    [[nodiscard]] const Stats& stats() const noexcept { return stats_; }

private:
    std::unique_ptr<Registers> io_;
    TransportOptions opts_;
    std::string name_;
    StateMachine machine_;
    std::uint8_t seq_ = 0;
    Stats stats_;
};

} // namespace bt
