// The simulated BMC's KCS register front: the BMC-side protocol (IPMI 2.0 9.15) and faults.
#include "sim/kcs_bmc.hpp"

namespace sim {

using kcs_reg::State;

KcsBmc::KcsBmc(Faults faults) {
    request_.reserve(kcs_reg::buffer_size);
    set_faults(faults);
}

void KcsBmc::set_faults(const Faults& faults) {
    faults_ = faults;
    failures_left_ = faults.only_next_transactions.value_or(0);
}

// ---- host side -------------------------------------------------------------------

std::uint8_t KcsBmc::read_status() {
    advance();
    auto status = static_cast<std::uint8_t>(static_cast<unsigned>(state_) << 6);
    status = static_cast<std::uint8_t>(status | (obf_ ? kcs_reg::output_buffer_full : 0U) |
                                       (ibf_ ? kcs_reg::input_buffer_full : 0U) |
                                       (attention_ ? kcs_reg::sms_attention : 0U) |
                                       (command_ ? kcs_reg::command_written : 0U));
    return status;
}

std::uint8_t KcsBmc::read_data() {
    obf_ = false; // reading ODR clears OBF in hardware
    return output_;
}

void KcsBmc::write_data(std::uint8_t value) {
    stats_.overruns += ibf_ ? 1U : 0U;
    input_ = value;
    ibf_ = true;
    command_ = false;
    if (faults_.transition_delay.count() > 0) {
        last_event_ = std::chrono::steady_clock::now();
    }
}

void KcsBmc::write_command(std::uint8_t value) {
    stats_.overruns += ibf_ ? 1U : 0U;
    input_ = value;
    ibf_ = true;
    command_ = true;
    if (faults_.transition_delay.count() > 0) {
        last_event_ = std::chrono::steady_clock::now();
    }
}

// ---- BMC side --------------------------------------------------------------------

// A slow BMC makes one transition per transition_delay; a fast one reacts at once.
bool KcsBmc::due() {
    if (faults_.transition_delay.count() <= 0) {
        return true;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_event_ < faults_.transition_delay) {
        return false;
    }
    last_event_ = now;
    return true;
}

// One BMC step: take the pending host byte, else finish processing a request.
void KcsBmc::advance() {
    if (ibf_) {
        if (faults_.ibf_stuck || !due()) {
            return;
        }
        const std::uint8_t byte = input_;
        // As kcs_bmc.c does, the new state and output byte are set before IBF clears,
        // so the host never sees IBF=0 with a stale state.
        if (command_) {
            take_command(byte);
        } else {
            take_data(byte);
        }
        ibf_ = false;
        return;
    }
    if (phase_ == Phase::processing && !(failing() && faults_.obf_never_sets) && due()) {
        start_read_phase();
    }
}

bool KcsBmc::error_due() const noexcept {
    return failing() && faults_.error_after_bytes && transferred_ >= *faults_.error_after_bytes;
}

void KcsBmc::output(std::uint8_t byte) {
    output_ = byte;
    obf_ = true;
}

void KcsBmc::enter_error(std::uint8_t code) {
    ++stats_.errors;
    error_code_ = code;
    phase_ = Phase::error;
    set_state(State::error);
    output(0x00); // as kcs_bmc.c's force abort: a dummy byte for the host to clear
}

// IPMI 2.0 Table 9-3 control codes, written to the command register.
void KcsBmc::take_command(std::uint8_t code) {
    switch (code) {
    case kcs_reg::cc_write_start:
        // A new transaction, whatever was going on (kcs_bmc.c does the same).
        ++stats_.transactions;
        failing_ = !faults_.only_next_transactions || failures_left_ > 0;
        if (faults_.only_next_transactions && failures_left_ > 0) {
            --failures_left_;
        }
        request_.clear();
        response_.clear();
        sent_ = 0;
        transferred_ = 0;
        error_code_ = kcs_reg::sc_no_error;
        phase_ = Phase::write;
        set_state(State::write);
        if (faults_.dummy_byte_after_write_start) {
            output(0x00); // QEMU: status reads 0x81
        }
        return;
    case kcs_reg::cc_write_end:
        if (phase_ != Phase::write) {
            enter_error(kcs_reg::sc_illegal_control_code);
            return;
        }
        phase_ = Phase::write_last;
        set_state(State::write);
        return;
    case kcs_reg::cc_get_status_abort:
        // Figure 9-8 from the BMC side: stop the transfer, WRITE state, wait for 00h.
        ++stats_.aborts;
        if (error_code_ == kcs_reg::sc_no_error && phase_ != Phase::idle) {
            error_code_ = kcs_reg::sc_aborted;
        }
        request_.clear();
        response_.clear();
        phase_ = Phase::abort_data;
        set_state(State::write);
        return;
    default:
        enter_error(kcs_reg::sc_illegal_control_code);
        return;
    }
}

// Data register writes: request bytes, READ handshakes, the abort sequence.
void KcsBmc::take_data(std::uint8_t byte) {
    switch (phase_) {
    case Phase::write:
    case Phase::write_last:
        if (request_.size() >= kcs_reg::buffer_size) {
            enter_error(kcs_reg::sc_length_error);
            return;
        }
        request_.push_back(byte);
        ++transferred_;
        if (error_due()) {
            enter_error(kcs_reg::sc_unspecified);
            return;
        }
        if (phase_ == Phase::write_last) {
            // Figure 9-6 ends here: READ state; the response comes when processed.
            phase_ = Phase::processing;
            set_state(State::read);
        }
        return;
    case Phase::read:
        if (byte != kcs_reg::cc_read) {
            enter_error(kcs_reg::sc_unspecified);
            return;
        }
        send_next_byte();
        return;
    case Phase::abort_data:
        // Figure 9-8: READ state, the status code (Table 9-4) in ODR.
        set_state(State::read);
        output(error_code_);
        phase_ = Phase::abort_read;
        return;
    case Phase::abort_read:
        // The host's READ: IDLE with a dummy byte; the error is reported, forget it.
        set_state(State::idle);
        output(0x00);
        error_code_ = kcs_reg::sc_no_error;
        phase_ = Phase::idle;
        return;
    case Phase::idle:
    case Phase::processing:
    case Phase::error:
        enter_error(kcs_reg::sc_unspecified);
        return;
    }
}

void KcsBmc::start_read_phase() {
    ++stats_.responses;
    response_ = model_.handle(request_);
    if (failing() && faults_.response_length && response_.size() < *faults_.response_length) {
        response_.resize(*faults_.response_length, 0x00);
    }
    if (failing() && faults_.truncate_response && response_.size() > *faults_.truncate_response) {
        response_.resize(*faults_.truncate_response);
    }
    sent_ = 0;
    phase_ = Phase::read;
    send_next_byte();
}

// Figure 9-7 from the BMC side: the next byte in READ state, or IDLE with a dummy byte.
void KcsBmc::send_next_byte() {
    if (sent_ == response_.size()) {
        set_state(State::idle);
        output(0x00);
        phase_ = Phase::idle;
        return;
    }
    if (error_due()) {
        enter_error(kcs_reg::sc_unspecified);
        return;
    }
    set_state(State::read);
    output(response_[sent_++]);
    ++transferred_;
}

} // namespace sim
