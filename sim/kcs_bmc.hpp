// A simulated BMC behind the two KCS registers, with fault injection (for tests and benches).
#pragma once

#include "kcs_driver/port_io.hpp"
#include "sim/bmc_model.hpp"
#include "sim/faults.hpp"
#include "sim/kcs_registers.hpp"

#include <chrono>
#include <cstdint>
#include <vector>

namespace sim {

// The BMC side of a KCS interface (IPMI 2.0 9.2-9.7), reacting to the host's register
// accesses, in the shape of Linux drivers/char/ipmi/kcs_bmc.c (written independently).
// A host write sets IBF; the BMC consumes the byte on a later status read (after
// transition_delay on a slow BMC), setting the new state and any output byte before
// clearing IBF. The response appears one processing step after WRITE_END + last byte.
// Single-threaded: nothing happens between host accesses.
class KcsBmc final : public kcs::PortIo {
public:
    struct Stats {
        unsigned transactions = 0; // WRITE_STARTs taken
        unsigned responses = 0;    // read phases begun
        unsigned aborts = 0;       // GET_STATUS/ABORTs taken
        unsigned errors = 0;       // entries into the ERROR state
        unsigned overruns = 0;     // host writes while IBF was still set
    };

    explicit KcsBmc(Faults faults = {});

    // Host side (kcs::PortIo).
    std::uint8_t read_data() override;
    void write_data(std::uint8_t value) override;
    std::uint8_t read_status() override;
    void write_command(std::uint8_t value) override;

    // Takes effect at once; only_next_transactions counts from here.
    void set_faults(const Faults& faults);
    [[nodiscard]] const Faults& faults() const noexcept { return faults_; }
    [[nodiscard]] BmcModel& model() noexcept { return model_; }
    [[nodiscard]] const Stats& stats() const noexcept { return stats_; }
    [[nodiscard]] const std::vector<std::uint8_t>& last_request() const noexcept {
        return request_;
    }
    // SMS_ATN: the BMC has something for system software (Table 9-1 bit 2).
    void set_attention(bool on) noexcept { attention_ = on; }

private:
    // What the BMC firmware is doing (kcs_bmc.c's phases, our names).
    enum class Phase : std::uint8_t {
        idle,       // between transactions
        write,      // after WRITE_START: taking data bytes
        write_last, // after WRITE_END: the next data byte is the last
        processing, // request complete, response not yet ready
        read,       // sending the response, one byte per READ
        abort_data, // after GET_STATUS/ABORT: expecting 00h
        abort_read, // status code sent: expecting READ
        error,      // ERROR state until GET_STATUS/ABORT
    };

    void advance();
    [[nodiscard]] bool due();
    void take_command(std::uint8_t code);
    void take_data(std::uint8_t byte);
    void start_read_phase();
    void send_next_byte();
    void output(std::uint8_t byte);
    void enter_error(std::uint8_t code);
    void set_state(kcs_reg::State state) noexcept { state_ = state; }
    [[nodiscard]] bool failing() const noexcept { return failing_; }
    [[nodiscard]] bool error_due() const noexcept;

    Faults faults_;
    BmcModel model_;
    Stats stats_;

    // Registers.
    std::uint8_t input_ = 0;  // IDR: written by the host
    std::uint8_t output_ = 0; // ODR: read by the host
    bool ibf_ = false;
    bool obf_ = false;
    bool command_ = false; // C/D#
    bool attention_ = false;
    kcs_reg::State state_ = kcs_reg::State::idle;

    Phase phase_ = Phase::idle;
    std::vector<std::uint8_t> request_;
    std::vector<std::uint8_t> response_;
    std::size_t sent_ = 0;
    std::size_t transferred_ = 0; // bytes of this transaction, both ways
    std::uint8_t error_code_ = kcs_reg::sc_no_error;
    bool failing_ = false; // failure faults apply to this transaction
    unsigned failures_left_ = 0;
    std::chrono::steady_clock::time_point last_event_{};
};

} // namespace sim
