// The host-side KCS state machine: write phase, read phase and error exit (IPMI 2.0 9.15).
#include "kcs_driver/state_machine.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace kcs {
namespace {

constexpr Result again = Result::call_again;
constexpr Result progress = Result::call_without_delay;

// Bytes read past a full buffer before giving up on a BMC that never ends its response.
constexpr std::size_t drain_limit = 4096;

// The KCS response header: netfn/LUN, command, completion code (IPMI 2.0 9.3).
constexpr std::size_t min_response = 3;

bool is_error_exit(StateMachine::Step s) {
    return s == StateMachine::Step::error0 || s == StateMachine::Step::error1 ||
           s == StateMachine::Step::error2 || s == StateMachine::Step::error3;
}

} // namespace

StateMachine::StateMachine(PortIo& io, StateMachineLimits limits)
    : io_(io), limits_(limits), response_(limits.max_response) {}

std::error_code StateMachine::start(std::span<const std::uint8_t> request) {
    if (step_ != Step::idle && step_ != Step::hosed) {
        return Errc::busy;
    }
    if (request.empty() || request.size() > request_.size()) {
        return Errc::request_too_long;
    }
    std::copy(request.begin(), request.end(), request_.begin());
    request_size_ = request.size();
    written_ = 0;
    received_ = 0;
    retries_ = 0;
    waiting_ = Wait::none;
    waited_ = std::chrono::microseconds{0};
    error_ = {};
    failure_.reset();
    transaction_pending_ = true;
    // After a timeout or exhausted retries the interface may be anywhere in a transfer:
    // resynchronise with the error exit (Figure 9-8) before the write phase.
    step_ = step_ == Step::hosed ? Step::error0 : Step::start;
    return {};
}

bool StateMachine::within(Wait what, std::chrono::microseconds elapsed) noexcept {
    if (waiting_ != what) {
        waiting_ = what;
        waited_ = std::chrono::microseconds{0};
    }
    waited_ += elapsed;
    return waited_ <= (what == Wait::ibf ? limits_.ibf_timeout : limits_.obf_timeout);
}

// "Clear OBF": read the data register when OBF is set (Figures 9-6 and 9-8). QEMU's
// BMC leaves a dummy byte after WRITE_START (status 0x81); this is what drops it.
void StateMachine::clear_obf(std::uint8_t status) {
    if ((status & status_bit::obf) != 0) {
        static_cast<void>(io_.read_data());
    }
}

Result StateMachine::fail(Errc e, std::uint8_t status, Step next) {
    if (!failure_ || failure_->error != Errc::unexpected_state || e != Errc::hosed) {
        failure_ = Failure{e, step_, status, written_, received_, std::nullopt};
    } else {
        failure_->error = e; // keep where the last unexpected state was seen
    }
    error_ = e;
    step_ = next;
    waiting_ = Wait::none;
    transaction_pending_ = false;
    return Result::error;
}

// A state the flowchart does not allow: error exit, then retry the transaction
// (Linux start_error_recovery). Bounded: past max_retries the interface is hosed.
Result StateMachine::begin_error_exit(std::uint8_t status) {
    const auto previous_code = failure_ ? failure_->code : std::nullopt;
    failure_ = Failure{Errc::unexpected_state, step_, status, written_, received_, previous_code};
    ++retries_;
    if (retries_ > limits_.max_retries) {
        return fail(limits_.max_retries == 0 ? Errc::unexpected_state : Errc::hosed, status,
                    Step::hosed);
    }
    step_ = Step::error0;
    waiting_ = Wait::none;
    return progress;
}

void StateMachine::write_next_or_end() {
    // Figure 9-6: every byte but the last is written as data; the last follows WRITE_END.
    if (request_size_ - written_ > 1) {
        io_.write_data(request_[written_++]);
        step_ = Step::wait_write;
    } else {
        io_.write_command(control::write_end);
        step_ = Step::wait_write_end;
    }
}

Result StateMachine::poll(std::chrono::microseconds elapsed) {
    if (step_ == Step::idle || step_ == Step::hosed) {
        return error_ ? Result::error : Result::complete;
    }
    const std::uint8_t status = io_.read_status();
    last_status_ = status;
    // Every step of Figures 9-6, 9-7 and 9-8 begins with "wait for IBF=0".
    if ((status & status_bit::ibf) != 0) {
        if (!within(Wait::ibf, elapsed)) {
            return fail(Errc::ibf_timeout, status, Step::hosed);
        }
        return again;
    }
    if (waiting_ == Wait::ibf) {
        waiting_ = Wait::none;
    }
    const InterfaceState state = state_of(status);
    switch (step_) {
    case Step::start:
        // Linux checks for IDLE before WRITE_START; a BMC left mid-transfer gets aborted.
        if (state != InterfaceState::idle) {
            return begin_error_exit(status);
        }
        clear_obf(status); // a late dummy byte from the previous read phase
        io_.write_command(control::write_start);
        step_ = Step::wait_write_start;
        return progress;
    case Step::wait_write_start:
    case Step::wait_write:
        // Figure 9-6: wait IBF=0, check WRITE state, clear OBF, write the next byte.
        if (state != InterfaceState::write) {
            return begin_error_exit(status);
        }
        clear_obf(status);
        write_next_or_end();
        return progress;
    case Step::wait_write_end:
        if (state != InterfaceState::write) {
            return begin_error_exit(status);
        }
        clear_obf(status);
        io_.write_data(request_[written_++]);
        step_ = Step::wait_read;
        return progress;
    case Step::wait_read:
        return poll_read(status, elapsed);
    case Step::error0:
        // Figure 9-8: wait IBF=0, write GET_STATUS/ABORT to the command register.
        clear_obf(status);
        io_.write_command(control::get_status_abort);
        step_ = Step::error1;
        return progress;
    case Step::error1:
        // wait IBF=0, clear OBF, write 00h to the data register.
        clear_obf(status);
        io_.write_data(0x00);
        step_ = Step::error2;
        return progress;
    case Step::error2:
        return poll_error2(status, elapsed);
    case Step::error3:
        return poll_error3(status, elapsed);
    case Step::idle:
    case Step::hosed:
        break;
    }
    return Result::error;
}

// Figure 9-7: in READ state wait for OBF, read the byte and answer with READ; in IDLE
// state the response is complete.
Result StateMachine::poll_read(std::uint8_t status, std::chrono::microseconds elapsed) {
    const InterfaceState state = state_of(status);
    if (state == InterfaceState::read) {
        if ((status & status_bit::obf) == 0) {
            if (!within(Wait::obf, elapsed)) {
                return fail(Errc::obf_timeout, status, Step::hosed);
            }
            return again;
        }
        waiting_ = Wait::none;
        const std::uint8_t byte = io_.read_data();
        if (received_ < response_.size()) {
            response_[received_] = byte;
        }
        ++received_;
        if (received_ > response_.size() + drain_limit) {
            return fail(Errc::response_too_long, status, Step::hosed);
        }
        io_.write_data(control::read_byte);
        return progress;
    }
    if (state == InterfaceState::idle) {
        // Deviation, as in Linux: Figure 9-7 waits for OBF and reads a dummy byte, but
        // some BMCs never write it. Read it if it is there; a late one is cleared by
        // the next transaction's "clear OBF".
        clear_obf(status);
        return finish_read_phase(status);
    }
    return begin_error_exit(status);
}

Result StateMachine::finish_read_phase(std::uint8_t status) {
    if (received_ > response_.size()) {
        return fail(Errc::response_too_long, status, Step::idle);
    }
    if (received_ < min_response) {
        return fail(Errc::response_too_short, status, Step::idle);
    }
    step_ = Step::idle;
    transaction_pending_ = false;
    waiting_ = Wait::none;
    return Result::complete;
}

// Figure 9-8, after 00h was written: expect READ, wait OBF, read the status code
// (Table 9-4), write READ.
Result StateMachine::poll_error2(std::uint8_t status, std::chrono::microseconds elapsed) {
    if (state_of(status) != InterfaceState::read) {
        return begin_error_exit(status);
    }
    if ((status & status_bit::obf) == 0) {
        if (!within(Wait::obf, elapsed)) {
            return fail(Errc::obf_timeout, status, Step::hosed);
        }
        return again;
    }
    waiting_ = Wait::none;
    const std::uint8_t code = io_.read_data();
    if (failure_) {
        failure_->code = code;
    }
    io_.write_data(control::read_byte);
    step_ = Step::error3;
    return progress;
}

// Figure 9-8, last step: expect IDLE, wait OBF, read the dummy byte; the interface is
// back in sync, so the transaction starts over.
Result StateMachine::poll_error3(std::uint8_t status, std::chrono::microseconds elapsed) {
    if (state_of(status) != InterfaceState::idle) {
        return begin_error_exit(status);
    }
    if ((status & status_bit::obf) == 0) {
        if (!within(Wait::obf, elapsed)) {
            return fail(Errc::obf_timeout, status, Step::hosed);
        }
        return again;
    }
    waiting_ = Wait::none;
    static_cast<void>(io_.read_data());
    if (!transaction_pending_) {
        step_ = Step::idle;
        return Result::complete;
    }
    written_ = 0;
    received_ = 0;
    step_ = Step::start;
    return progress;
}

std::error_code StateMachine::give_up() {
    if (step_ == Step::idle || step_ == Step::hosed) {
        return error_;
    }
    Errc e = Errc::deadline_exceeded;
    if (waiting_ == Wait::ibf) {
        e = Errc::ibf_timeout;
    } else if (waiting_ == Wait::obf) {
        e = Errc::obf_timeout;
    } else if (is_error_exit(step_) && retries_ > 0) {
        e = Errc::unexpected_state;
    }
    static_cast<void>(fail(e, last_status_, Step::hosed));
    return error_;
}

std::string StateMachine::describe_last_failure() const {
    if (!failure_) {
        return "no failure";
    }
    const Failure& f = *failure_;
    std::string text =
        fmt::format("{}: state {} (status {:#04x}) at step {} after {} of {} request bytes and {} "
                    "response bytes",
                    f.error.message(), to_string(state_of(f.status)), f.status, to_string(f.step),
                    f.bytes_written, request_size_, f.bytes_read);
    if (f.code) {
        text += fmt::format(", last GET_STATUS code {:#04x} ({})", *f.code,
                            describe_status_code(*f.code));
    }
    if (retries_ > 0) {
        text += fmt::format(", {} error exit(s)", retries_);
    }
    return text;
}

std::string_view to_string(StateMachine::Step step) noexcept {
    switch (step) {
    case StateMachine::Step::idle:
        return "idle";
    case StateMachine::Step::start:
        return "start";
    case StateMachine::Step::wait_write_start:
        return "wait_write_start";
    case StateMachine::Step::wait_write:
        return "wait_write";
    case StateMachine::Step::wait_write_end:
        return "wait_write_end";
    case StateMachine::Step::wait_read:
        return "wait_read";
    case StateMachine::Step::error0:
        return "error0";
    case StateMachine::Step::error1:
        return "error1";
    case StateMachine::Step::error2:
        return "error2";
    case StateMachine::Step::error3:
        return "error3";
    case StateMachine::Step::hosed:
        return "hosed";
    }
    return "?";
}

} // namespace kcs
