// libFuzzer target: the SSIF session's response framing (IPMI 2.0 12.6) fed block reads from
// the input. Input: one header byte (bit 0: capabilities known with output size 255, else the
// 32-byte single-part limit; bits 1-7: read retries), then per block read one selector byte
// (0: NAK, ENXIO; 1: EPROTO; else count = selector % 34, capped at 32) and that many bytes.
#include "ssif_driver/session.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace {

class InputBus final : public ssif::SmbusIo {
public:
    explicit InputBus(std::span<const std::uint8_t> in) : in_(in) {}
    std::error_code block_write(std::uint8_t, std::span<const std::uint8_t>) override { return {}; }
    std::expected<std::size_t, std::error_code> block_read(std::uint8_t, ssif::Block& out) override {
        ++reads;
        if (in_.empty()) {
            return std::unexpected(std::make_error_code(std::errc::no_such_device_or_address));
        }
        const std::uint8_t selector = in_[0];
        in_ = in_.subspan(1);
        if (selector == 0) {
            return std::unexpected(std::make_error_code(std::errc::no_such_device_or_address));
        }
        if (selector == 1) {
            return std::unexpected(std::make_error_code(std::errc::protocol_error));
        }
        std::size_t count = selector % 34U;
        count = count > ssif::block_max ? ssif::block_max : count;
        const std::size_t take = count < in_.size() ? count : in_.size();
        for (std::size_t i = 0; i < take; ++i) {
            out[i] = in_[i];
        }
        in_ = in_.subspan(take);
        return count;
    }
    std::error_code set_pec(bool) override { return {}; }
    void wait(std::chrono::microseconds) override {}
    unsigned long reads = 0;

private:
    std::span<const std::uint8_t> in_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    InputBus bus(std::span(data + 1, size - 1));
    ssif::Timing timing;
    timing.read_retries = 1U + (data[0] >> 1);
    timing.stale_rereads = 3;
    ssif::Session session(bus, timing);
    std::size_t limit = ssif::single_part_max;
    if ((data[0] & 1U) != 0) {
        ssif::Capabilities caps;
        caps.transactions = ssif::Capabilities::Transactions::start_middle_end;
        caps.max_request = caps.max_response = limit = ssif::message_max;
        session.set_capabilities(caps);
    } else {
        session.set_response_limit(limit);
    }
    const std::uint8_t request[] = {0x18, 0x01};
    auto rsp = session.exchange(request);
    if (rsp && (rsp->size() < 3 || rsp->size() > limit || (*rsp)[0] >> 2 != 0x07 || (*rsp)[1] != 0x01)) {
        __builtin_trap();
    }
    // Bounded: each exchange reads at most (rereads + 1) messages of bounded blocks and retries.
    if (bus.reads > 4UL * (timing.read_retries + 16UL) * 20UL) {
        __builtin_trap();
    }
    return 0;
}
