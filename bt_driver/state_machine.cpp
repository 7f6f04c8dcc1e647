// BT state machine: the handshake of IPMI 2.0 11.6 in Linux ipmi_bt_sm.c's order.
#include "bt_driver/state_machine.hpp"

namespace bt {

std::error_code StateMachine::start(std::span<const std::uint8_t> request) {
    if (step_ != Step::idle) {
        return make_error_code(Errc::busy);
    }
    if (request.size() < 4) { // Length, NetFn/LUN, Seq, Cmd at least
        return std::make_error_code(std::errc::invalid_argument);
    }
    if (request.size() > 256) { // the length byte counts at most 255
        return make_error_code(Errc::request_too_long);
    }
    request_.assign(request.begin(), request.end());
    response_.clear();
    waited_ = std::chrono::microseconds{0};
    stale_ = 0;
    error_.clear();
    step_ = Step::start;
    return {};
}

Result StateMachine::fail(Errc e) {
    error_ = make_error_code(e);
    step_ = Step::idle;
    return Result::error;
}

Result StateMachine::wait(std::chrono::microseconds elapsed, Errc on_timeout) {
    waited_ += elapsed;
    if (waited_ > limits_.timeout) {
        return fail(on_timeout);
    }
    return Result::call_again;
}

std::error_code StateMachine::give_up() {
    Errc e = Errc::response_timeout;
    if (step_ == Step::start || step_ == Step::write_consume) {
        e = Errc::bmc_busy_timeout;
    }
    static_cast<void>(fail(e));
    return error_;
}

Result StateMachine::poll(std::chrono::microseconds elapsed) {
    const std::uint8_t status = io_.read_control();
    switch (step_) {
    case Step::idle:
        return Result::complete;
    case Step::start:
        // 11.6: the host may write only while the BMC is not busy and H2B_ATN is clear.
        if ((status & (ctrl::b_busy | ctrl::h2b_atn)) != 0) {
            return wait(elapsed, Errc::bmc_busy_timeout);
        }
        if ((status & ctrl::h_busy) != 0) {
            io_.write_control(ctrl::h_busy); // left set by an abandoned read: clear (toggle)
        }
        io_.write_control(ctrl::clr_wr_ptr);
        for (const auto byte : request_) {
            io_.write_buffer(byte);
        }
        io_.write_control(ctrl::h2b_atn);
        step_ = Step::write_consume;
        waited_ = std::chrono::microseconds{0};
        return Result::call_without_delay;
    case Step::write_consume:
        if ((status & (ctrl::b_busy | ctrl::h2b_atn)) != 0) {
            return wait(elapsed, Errc::bmc_busy_timeout);
        }
        step_ = Step::read_wait;
        waited_ = std::chrono::microseconds{0};
        return Result::call_without_delay;
    case Step::read_wait:
        if ((status & ctrl::b2h_atn) == 0) {
            return wait(elapsed, Errc::response_timeout);
        }
        if ((status & ctrl::h_busy) == 0) {
            io_.write_control(ctrl::h_busy); // set: the host is reading
        }
        io_.write_control(ctrl::b2h_atn); // clear: acknowledge the BMC
        step_ = Step::clear_b2h;
        return Result::call_without_delay;
    case Step::clear_b2h:
        // Some BMCs need B2H_ATN cleared twice (Linux: "keep hitting it").
        if ((status & ctrl::b2h_atn) != 0) {
            io_.write_control(ctrl::b2h_atn);
            return wait(elapsed, Errc::response_timeout);
        }
        return read_response();
    }
    return fail(Errc::response_timeout);
}

Result StateMachine::read_response() {
    io_.write_control(ctrl::clr_rd_ptr);
    const std::uint8_t length = io_.read_buffer();
    response_.assign(1, length);
    for (unsigned i = 0; i < length; ++i) {
        const std::uint8_t byte = io_.read_buffer();
        if (response_.size() < limits_.max_response) {
            response_.push_back(byte);
        }
    }
    io_.write_control(ctrl::h_busy); // clear: the buffer is free again
    if (length < 4) {
        return fail(Errc::response_too_short);
    }
    if (std::size_t{length} + 1 > limits_.max_response) {
        return fail(Errc::response_too_long);
    }
    // Seq, Cmd and NetFn (without the LUN and the response bit) must answer the request;
    // a response to an earlier, abandoned request is dropped and the next one awaited.
    const bool ours = response_[2] == request_[2] && response_[3] == request_[3] &&
                      (response_[1] & 0xf8) == (request_[1] & 0xf8);
    if (!ours) {
        if (++stale_ > limits_.max_stale) {
            return fail(Errc::sequence_mismatch);
        }
        step_ = Step::read_wait;
        waited_ = std::chrono::microseconds{0};
        return Result::call_without_delay;
    }
    step_ = Step::idle;
    return Result::complete;
}

} // namespace bt
