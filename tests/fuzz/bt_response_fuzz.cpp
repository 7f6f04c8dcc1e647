// libFuzzer target: the BT state machine (IPMI 2.0 section 11) fed BT_CTRL values and
// BMC2HOST bytes from the input: every control read takes the next input byte, every
// buffer read the one after (so length bytes, Seq and data are all the fuzzer's). Three
// transactions per input, elapsed time 1 + (byte % 16) us per poll.
#include "bt_driver/state_machine.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace {

class InputRegisters final : public bt::Registers {
public:
    explicit InputRegisters(std::span<const std::uint8_t> in) : in_(in) {}
    std::uint8_t read_control() override { return next(); }
    void write_control(std::uint8_t) override {}
    std::uint8_t read_buffer() override { return next(); }
    void write_buffer(std::uint8_t) override {}
    [[nodiscard]] bool exhausted() const noexcept { return in_.empty(); }
    std::uint8_t next() {
        if (in_.empty()) {
            return 0x80; // B_BUSY: an input that ends is a BMC that never answers
        }
        const std::uint8_t b = in_[0];
        in_ = in_.subspan(1);
        return b;
    }

private:
    std::span<const std::uint8_t> in_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    InputRegisters regs(std::span(data, size));
    bt::StateMachineLimits limits;
    limits.timeout = std::chrono::microseconds{200};
    limits.max_stale = 4;
    limits.max_response = 64;
    bt::StateMachine machine(regs, limits);
    const std::array<std::uint8_t, 4> request{0x03, 0x18, 0x07, 0x01};
    for (int t = 0; t < 3; ++t) {
        if (machine.start(request)) {
            __builtin_trap(); // idle after every outcome: start must be accepted
        }
        long polls = 0;
        for (;;) {
            const auto r = machine.poll(std::chrono::microseconds{1 + static_cast<int>(regs.next() % 16U)});
            if (r == bt::Result::complete) {
                const auto rsp = machine.response();
                if (rsp.size() < 5 || rsp.size() > limits.max_response || rsp[2] != 0x07 || rsp[3] != 0x01) {
                    __builtin_trap();
                }
                break;
            }
            if (r == bt::Result::error) {
                break;
            }
            if (++polls > 1'000'000) {
                __builtin_trap(); // a hang: every wait is bounded by the timeout
            }
        }
    }
    return 0;
}
