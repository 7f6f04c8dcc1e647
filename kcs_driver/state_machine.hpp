// The host-side KCS state machine (IPMI 2.0 9.15), pure: I/O through PortIo, time passed in.
#pragma once

#include "kcs_driver/errc.hpp"
#include "kcs_driver/port_io.hpp"
#include "kcs_driver/protocol.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace kcs {

// Shaped like Linux drivers/char/ipmi/ipmi_kcs_sm.c: start() a transaction, then call
// poll(elapsed) until it says complete or error. The machine never sleeps, never reads
// a clock and never touches hardware: the caller decides how to wait (kcs_transport.hpp).
struct StateMachineLimits {
    std::chrono::microseconds ibf_timeout{5'000'000}; // Linux IBF_RETRY_TIMEOUT
    std::chrono::microseconds obf_timeout{5'000'000}; // Linux OBF_RETRY_TIMEOUT
    unsigned max_retries = 10;                        // Linux MAX_ERROR_RETRIES
    std::size_t max_response = max_message;           // bytes kept; more is response_too_long
};

enum class Result : std::uint8_t {
    call_again,         // waiting on IBF/OBF: poll again after a (short) delay
    call_without_delay, // made progress: poll again at once
    complete,           // response() holds the response bytes
    error,              // error() says why; the next start() recovers the interface first
};

class StateMachine {
public:
    // Where the machine is. The names follow Linux's KCS_* states and the spec's flowcharts.
    enum class Step : std::uint8_t {
        idle,             // no transaction
        start,            // wait IBF=0, expect IDLE, clear OBF, write WRITE_START
        wait_write_start, // after WRITE_START: expect WRITE, clear OBF, first byte or WRITE_END
        wait_write,       // after a data byte: expect WRITE, clear OBF, next byte or WRITE_END
        wait_write_end,   // after WRITE_END: expect WRITE, clear OBF, write the last byte
        wait_read,        // read phase: READ -> byte + READ handshake; IDLE -> done
        error0,           // Figure 9-8: clear OBF, write GET_STATUS/ABORT
        error1,           // clear OBF, write 00h to the data register
        error2,           // expect READ, wait OBF, read the status code, write READ
        error3,           // expect IDLE, wait OBF, read the dummy byte, then retry
        hosed,            // interface state unknown: the next start() runs the error exit first
    };

    // Why the last transaction failed (or needed an error exit), for diagnostics.
    struct Failure {
        std::error_code error;            // the Errc for this failure
        Step step = Step::idle;           // where it happened
        std::uint8_t status = 0;          // the status register seen
        std::size_t bytes_written = 0;    // request bytes written before it
        std::size_t bytes_read = 0;       // response bytes read before it
        std::optional<std::uint8_t> code; // last GET_STATUS status code read (Table 9-4)
    };

    explicit StateMachine(PortIo& io, StateMachineLimits limits = {});

    // Begins a transaction with the KCS request bytes (netfn/LUN, cmd, data; IPMI 2.0 9.3).
    // From the hosed state the error exit runs first. Errors: busy, request_too_long.
    [[nodiscard]] std::error_code start(std::span<const std::uint8_t> request);

    // One step. `elapsed` is the time since the previous poll (or since start()).
    [[nodiscard]] Result poll(std::chrono::microseconds elapsed);

    // The caller's deadline passed: abandon the transaction. Returns the error for what
    // the machine was waiting on (ibf_timeout, obf_timeout, unexpected_state during an
    // error exit, else deadline_exceeded); the machine is hosed until the next start().
    [[nodiscard]] std::error_code give_up();

    [[nodiscard]] std::span<const std::uint8_t> response() const noexcept {
        return {response_.data(), std::min(received_, response_.size())};
    }
    [[nodiscard]] std::error_code error() const noexcept { return error_; }
    [[nodiscard]] Step step() const noexcept { return step_; }
    [[nodiscard]] unsigned retries() const noexcept { return retries_; }
    [[nodiscard]] const std::optional<Failure>& last_failure() const noexcept { return failure_; }
    [[nodiscard]] std::string describe_last_failure() const;

private:
    enum class Wait : std::uint8_t { none, ibf, obf };

    [[nodiscard]] bool within(Wait what, std::chrono::microseconds elapsed) noexcept;
    void clear_obf(std::uint8_t status);
    [[nodiscard]] Result begin_error_exit(std::uint8_t status);
    [[nodiscard]] Result fail(Errc e, std::uint8_t status, Step next);
    [[nodiscard]] Result finish_read_phase(std::uint8_t status);
    [[nodiscard]] Result poll_read(std::uint8_t status, std::chrono::microseconds elapsed);
    [[nodiscard]] Result poll_error2(std::uint8_t status, std::chrono::microseconds elapsed);
    [[nodiscard]] Result poll_error3(std::uint8_t status, std::chrono::microseconds elapsed);
    void write_next_or_end();

    PortIo& io_;
    StateMachineLimits limits_;
    Step step_ = Step::idle;
    std::array<std::uint8_t, max_message> request_{};
    std::size_t request_size_ = 0;
    std::size_t written_ = 0;
    std::vector<std::uint8_t> response_;
    std::size_t received_ = 0; // may exceed response_.size(): the excess is dropped
    std::uint8_t last_status_ = 0;
    Wait waiting_ = Wait::none;
    std::chrono::microseconds waited_{0};
    unsigned retries_ = 0;
    bool transaction_pending_ = false; // the error exit is followed by a (re)try
    std::error_code error_;
    std::optional<Failure> failure_;
};

[[nodiscard]] std::string_view to_string(StateMachine::Step step) noexcept;

} // namespace kcs
