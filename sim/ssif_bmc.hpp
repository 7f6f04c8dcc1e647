// A simulated BMC behind an SSIF address (SMBus block transfers), with fault injection.
#pragma once

#include "sim/bmc_model.hpp"
#include "ssif_driver/smbus_io.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace sim {

// Faults of the SSIF front, in the spirit of sim::Faults for KCS. Counts apply per
// request unless noted; only_next_requests limits them to the next N requests.
struct SsifFaults {
    unsigned nak_reads = 0;       // NAK (ENXIO) the first N reads after each request
    unsigned nak_writes = 0;      // a busy BMC: NAK the first N writes of each request
    unsigned stale_reads = 0;     // the first N reads return the previous response (QEMU extern)
    bool short_middle_block = false;  // the first 09h block carries 20 data bytes, not 31
    bool wrong_block_number = false;  // the first 09h block is numbered 1, not 0
    bool empty_block = false;         // the first 09h block carries only its number
    std::optional<std::size_t> response_length; // pad every response to N bytes
    std::optional<unsigned> only_next_requests;
};

// What the simulated interface announces in Get System Interface Capabilities (22.9).
struct SsifConfig {
    std::uint8_t capability_flags = 0x80; // start/middle/end, no PEC (QEMU's answer)
    std::uint8_t input_size = 0xff;
    std::uint8_t output_size = 0xff;
    bool answer_capabilities = true; // else 57h goes to the model (C1h: invalid command)
};

// The BMC side of IPMI 2.0 section 12, written from the spec (and QEMU's smbus_ipmi.c
// behaviour), not from the host driver: writes 02h/06h/07h/08h assemble a request, reads
// 03h/09h hand out the response, Get System Interface Capabilities is answered here.
class SsifBmc final : public ssif::SmbusIo {
public:
    struct Stats {
        unsigned requests = 0;   // complete requests taken
        unsigned writes = 0;     // block writes, NAKed ones included
        unsigned reads = 0;      // block reads, NAKed ones included
        unsigned naks = 0;       // transfers NAKed
        unsigned pec_sets = 0;   // set_pec(true) calls
        std::chrono::microseconds waited{0}; // what the host asked to wait (never slept)
    };

    explicit SsifBmc(SsifFaults faults = {}, SsifConfig config = {});

    std::error_code block_write(std::uint8_t command, std::span<const std::uint8_t> data) override;
    std::expected<std::size_t, std::error_code> block_read(std::uint8_t command,
                                                           ssif::Block& out) override;
    std::error_code set_pec(bool on) override;
    void wait(std::chrono::microseconds duration) override { stats_.waited += duration; }

    void set_faults(const SsifFaults& faults);
    [[nodiscard]] BmcModel& model() noexcept { return model_; }
    [[nodiscard]] const Stats& stats() const noexcept { return stats_; }
    [[nodiscard]] const std::vector<std::uint8_t>& last_request() const noexcept { return request_; }

private:
    void take_request();
    [[nodiscard]] bool faulty() const noexcept;
    [[nodiscard]] std::error_code nak();

    SsifFaults faults_;
    SsifConfig config_;
    BmcModel model_;
    Stats stats_;

    std::vector<std::uint8_t> request_;
    bool in_multi_write_ = false;
    std::vector<std::uint8_t> response_;      // the newest response
    std::vector<std::uint8_t> previous_;      // the one before (stale reads)
    std::vector<std::uint8_t> out_;           // what 09h reads are handing out
    std::size_t out_pos_ = 0;
    unsigned next_block_ = 0;
    bool reading_multi_ = false;
    unsigned faulty_left_ = 0;
    bool this_request_faulty_ = false;
    unsigned naks_left_ = 0;
    unsigned write_naks_left_ = 0;
    unsigned stale_left_ = 0;
};

} // namespace sim
