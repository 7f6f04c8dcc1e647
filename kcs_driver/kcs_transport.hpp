// ipmi::Transport over a KCS interface: the state machine driven with a deadline and backoff.
#pragma once

#include "ipmi/transport.hpp"
#include "kcs_driver/port_io.hpp"
#include "kcs_driver/protocol.hpp"
#include "kcs_driver/state_machine.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace kcs {

struct TransportOptions {
    std::chrono::microseconds ibf_timeout{5'000'000};   // per wait, as Linux
    std::chrono::microseconds obf_timeout{5'000'000};   // per wait, as Linux
    std::chrono::milliseconds command_deadline{10'000}; // whole execute(), retries included
    unsigned max_retries = 10;                          // error exits before "hosed"
    std::size_t max_response = max_message;             // response bytes accepted
    unsigned spin_polls = 64;                           // immediate polls before sleeping
    std::chrono::microseconds min_sleep{10};            // first sleep after spinning
    std::chrono::microseconds max_sleep{1000};          // sleeps double up to this
};

class KcsTransport final : public ipmi::Transport {
public:
    struct Stats {
        std::uint64_t transactions = 0; // execute() calls that reached the interface
        std::uint64_t polls = 0;        // state machine polls (status register reads)
        std::uint64_t sleeps = 0;       // sleeps while waiting
        std::uint64_t retries = 0;      // error exits (Figure 9-8) followed by a retry
        std::uint64_t failures = 0;     // execute() calls that returned an error
    };

    explicit KcsTransport(std::unique_ptr<PortIo> io, TransportOptions opts = {},
                          std::string name = "kcs");

    // Builds the KCS request (netfn << 2 | LUN, cmd, data; IPMI 2.0 9.3), runs it, and
    // checks the response: at least netfn/LUN, cmd, completion code (kcs::Errc::
    // response_too_short), netfn | 1 and the same cmd (ipmi::Errc::response_mismatch).
    // After any failure the next call starts with the error exit, so it can succeed.
    [[nodiscard]] std::expected<ipmi::Response, std::error_code>
    execute(const ipmi::Request& request) override;
    [[nodiscard]] std::string_view name() const noexcept override { return name_; }

    [[nodiscard]] const Stats& stats() const noexcept { return stats_; }
    [[nodiscard]] const TransportOptions& options() const noexcept { return opts_; }
    // What the last failed execute() saw: state, status byte, step, GET_STATUS code.
    [[nodiscard]] std::string last_failure() const { return machine_.describe_last_failure(); }

private:
    [[nodiscard]] std::expected<void, std::error_code> run();

    std::unique_ptr<PortIo> io_;
    TransportOptions opts_;
    std::string name_;
    StateMachine machine_;
    Stats stats_;
};

} // namespace kcs
