// A simulated BMC behind the BT registers (IPMI 2.0 section 11), with fault injection.
#pragma once

#include "bt_driver/registers.hpp"
#include "sim/bmc_model.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace sim {

// Faults of the BT front; counts apply per request unless noted.
struct BtFaults {
    unsigned busy_polls = 0;          // B_BUSY stays set for N control reads after H2B_ATN
    bool busy_stuck = false;          // B_BUSY never clears (a hung BMC)
    bool never_respond = false;       // the request is taken, B2H_ATN never set
    unsigned stale_responses = 0;     // N responses to an earlier Seq come before the real one
    std::optional<std::uint8_t> length_byte; // the response's length byte replaced (short/long)
    std::optional<unsigned> only_next_requests;
};

// The BMC side, written from the spec's register description (Table 11-1): the host fills
// HOST2BMC and sets H2B_ATN; the BMC answers in BMC2HOST and sets B2H_ATN. Single-threaded:
// the BMC acts on control register reads.
class BtBmc final : public bt::Registers {
public:
    struct Stats {
        unsigned requests = 0;
        unsigned responses = 0;
        unsigned control_reads = 0;
    };

    explicit BtBmc(BtFaults faults = {});

    std::uint8_t read_control() override;
    void write_control(std::uint8_t value) override;
    std::uint8_t read_buffer() override;
    void write_buffer(std::uint8_t value) override;

    void set_faults(const BtFaults& faults);
    [[nodiscard]] BmcModel& model() noexcept { return model_; }
    [[nodiscard]] const Stats& stats() const noexcept { return stats_; }
    [[nodiscard]] const std::vector<std::uint8_t>& last_request() const noexcept { return request_; }

private:
    void take_request();
    void post(std::uint8_t seq);
    [[nodiscard]] bool faulty() const noexcept;

    BtFaults faults_;
    BmcModel model_;
    Stats stats_;

    bool h2b_atn_ = false;
    bool b2h_atn_ = false;
    bool h_busy_ = false;
    bool b_busy_ = false;
    unsigned busy_left_ = 0;
    std::vector<std::uint8_t> request_;  // HOST2BMC buffer
    std::size_t write_pos_ = 0;
    std::vector<std::uint8_t> out_;      // BMC2HOST buffer
    std::size_t read_pos_ = 0;
    std::vector<std::uint8_t> reply_;    // Length-less response: NetFn/LUN, Cmd, CC, Data
    std::uint8_t seq_ = 0;
    unsigned stale_left_ = 0;
    unsigned faulty_left_ = 0;
    bool this_request_faulty_ = false;
};

} // namespace sim
