// libFuzzer target: the KCS state machine fed status and data bytes from the input.
#include "kcs_driver/state_machine.hpp"

#include <cstddef>
#include <cstdint>

namespace {

// The BMC side as an untrusted byte stream: every status or data register read takes the
// next input byte; once the input is exhausted the registers read 00h (IDLE, no flags).
class StreamIo final : public kcs::PortIo {
public:
    StreamIo(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::uint8_t next() { return pos_ < size_ ? data_[pos_++] : 0x00; }
    std::uint8_t read_data() override { return next(); }
    std::uint8_t read_status() override { return next(); }
    void write_data(std::uint8_t /*value*/) override {}
    void write_command(std::uint8_t /*value*/) override {}

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) {
        return 0;
    }
    // Header: retries, response buffer size, request length.
    kcs::StateMachineLimits limits;
    limits.ibf_timeout = std::chrono::microseconds{50};
    limits.obf_timeout = std::chrono::microseconds{50};
    limits.max_retries = data[0] % 4U;
    limits.max_response = 1U + data[1] % 40U;
    const std::size_t request_size = 1U + data[2] % kcs::max_message;
    StreamIo io(data + 3, size - 3);
    kcs::StateMachine machine(io, limits);
    std::uint8_t request[kcs::max_message] = {};
    // Several transactions, so recovery from the hosed state is exercised too.
    for (int transaction = 0; transaction < 3; ++transaction) {
        if (machine.start(std::span(request, request_size))) {
            __builtin_trap(); // idle or hosed between transactions: start must accept
        }
        // Elapsed time comes from the stream as well, at least 1 us, so every wait ends.
        long polls = 0;
        kcs::Result r = kcs::Result::call_without_delay;
        while (r == kcs::Result::call_again || r == kcs::Result::call_without_delay) {
            r = machine.poll(std::chrono::microseconds{1 + io.next() % 16});
            if (++polls > 2'000'000) {
                __builtin_trap(); // a hang
            }
        }
        if (machine.response().size() > limits.max_response) {
            __builtin_trap();
        }
        static_cast<void>(machine.describe_last_failure());
    }
    return 0;
}
