// The kcs_status_fuzz input layout and transaction loop, shared by the target and its seed
// writer (tests/sim/kcs_fuzz_seeds_test.cpp), so a recorded conversation replays exactly.
#pragma once

#include "kcs_driver/state_machine.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

namespace kcs_fuzz {

// Input: three header bytes (retries, response buffer size, request length), then the BMC
// side as a byte stream: before each poll one byte sets the elapsed time (1 + b % 16 us),
// and every status or data register read takes the next byte.
inline constexpr std::size_t header_size = 3;
inline constexpr int transactions = 3; // so recovery from the hosed state is exercised too
inline constexpr long max_polls = 2'000'000;

inline kcs::StateMachineLimits limits_of(std::span<const std::uint8_t, header_size> header) {
    kcs::StateMachineLimits limits;
    limits.ibf_timeout = std::chrono::microseconds{50};
    limits.obf_timeout = std::chrono::microseconds{50};
    limits.max_retries = header[0] % 4U;
    limits.max_response = 1U + header[1] % 40U;
    return limits;
}

struct Outcome {
    std::vector<kcs::Result> results;                  // how each transaction ended
    std::vector<std::vector<std::uint8_t>> responses; // response() after each
    std::vector<unsigned> retries;                     // retries() after each
    std::vector<std::error_code> errors;               // error() after each
    bool start_refused = false;                        // start() failed between transactions
    bool hang = false;                                 // a transaction passed max_polls
    bool overlong = false;                             // response() larger than max_response
    friend bool operator==(const Outcome&, const Outcome&) = default;
};

// The BMC side as an untrusted byte stream: every status or data register read takes the
// next byte; once the stream is exhausted the registers read 00h (IDLE, no flags).
class StreamIo final : public kcs::PortIo {
public:
    explicit StreamIo(std::span<const std::uint8_t> stream) : stream_(stream) {}
    std::uint8_t next() { return pos_ < stream_.size() ? stream_[pos_++] : 0x00; }
    std::uint8_t read_data() override { return next(); }
    std::uint8_t read_status() override { return next(); }
    void write_data(std::uint8_t /*value*/) override {}
    void write_command(std::uint8_t /*value*/) override {}

private:
    std::span<const std::uint8_t> stream_;
    std::size_t pos_ = 0;
};

// Runs the transactions against `io`; `elapsed_byte()` gives the byte before each poll.
// The request is Get Device ID (18h 01h), padded with zero bytes to the header's length.
template <typename ElapsedByte>
Outcome run(kcs::PortIo& io, std::span<const std::uint8_t, header_size> header, ElapsedByte elapsed_byte) {
    const auto limits = limits_of(header);
    const std::size_t request_size = 1U + header[2] % kcs::max_message;
    kcs::StateMachine machine(io, limits);
    std::uint8_t request[kcs::max_message] = {0x18, 0x01};
    Outcome out;
    for (int transaction = 0; transaction < transactions; ++transaction) {
        if (machine.start(std::span(request, request_size))) {
            out.start_refused = true; // idle or hosed between transactions: start must accept
            return out;
        }
        long polls = 0;
        kcs::Result r = kcs::Result::call_without_delay;
        while (r == kcs::Result::call_again || r == kcs::Result::call_without_delay) {
            const std::uint8_t b = elapsed_byte();
            r = machine.poll(std::chrono::microseconds{1 + b % 16});
            if (++polls > max_polls) {
                out.hang = true;
                return out;
            }
        }
        const auto rsp = machine.response();
        if (rsp.size() > limits.max_response) {
            out.overlong = true;
            return out;
        }
        out.results.push_back(r);
        out.responses.emplace_back(rsp.begin(), rsp.end());
        out.retries.push_back(machine.retries());
        out.errors.push_back(r == kcs::Result::error ? machine.error() : std::error_code{});
        static_cast<void>(machine.describe_last_failure());
    }
    return out;
}

// The whole input as the target reads it (nullopt when shorter than the header).
inline std::optional<Outcome> run_input(std::span<const std::uint8_t> input) {
    if (input.size() < header_size) {
        return std::nullopt;
    }
    StreamIo io(input.subspan(header_size));
    return run(io, input.first<header_size>(), [&io] { return io.next(); });
}

} // namespace kcs_fuzz
