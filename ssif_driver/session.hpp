// One SSIF request/response exchange (IPMI 2.0 12.3-12.7), pure: I/O and waits via SmbusIo.
#pragma once

#include "ssif_driver/protocol.hpp"
#include "ssif_driver/smbus_io.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <span>
#include <system_error>
#include <vector>

namespace ssif {

// exchange() writes a request (single-part 02h, or 06h/07h/08h), waits, reads the
// response (03h, then 09h blocks until FFh), and checks that the response NetFn/command
// answer the request, reading again while they do not. The caller serialises calls:
// one request at a time (QEMU aborts on a second outstanding request).
class Session {
public:
    struct Stats {
        std::uint64_t write_naks = 0; // writes retried after a NAK/bus error
        std::uint64_t read_naks = 0;  // reads retried because the BMC was not ready
        std::uint64_t stale = 0;      // responses dropped for a NetFn/command mismatch
        std::uint64_t repeats = 0;    // answers equal to the previous response, read again
        std::uint64_t blocks = 0;     // block reads that returned data
    };

    Session(SmbusIo& io, Timing timing) : io_(io), timing_(timing) {}

    // From Get System Interface Capabilities: request and response sizes are then bounded
    // by the BMC's input and output sizes.
    void set_capabilities(const Capabilities& caps) noexcept {
        caps_ = caps;
        caps_known_ = true;
    }
    [[nodiscard]] const Capabilities& capabilities() const noexcept { return caps_; }
    // Before capabilities are known, responses are bounded by this (the host buffer).
    void set_response_limit(std::size_t limit) noexcept { response_limit_ = limit; }

    // `request` is NetFn<<2|LUN, cmd, data; the result NetFn<<2|LUN, cmd, cc, data.
    [[nodiscard]] std::expected<std::vector<std::uint8_t>, std::error_code>
    exchange(std::span<const std::uint8_t> request);

    [[nodiscard]] const Stats& stats() const noexcept { return stats_; }

private:
    [[nodiscard]] std::error_code write_request(std::span<const std::uint8_t> request);
    [[nodiscard]] std::error_code write_parts(std::span<const std::uint8_t> request);
    [[nodiscard]] std::expected<std::vector<std::uint8_t>, std::error_code> read_response();
    [[nodiscard]] std::expected<std::size_t, std::error_code> read_block(std::uint8_t command,
                                                                         Block& block);
    [[nodiscard]] bool wait(std::chrono::microseconds duration);

    SmbusIo& io_;
    Timing timing_;
    Capabilities caps_;
    std::size_t response_limit_ = message_max;
    bool caps_known_ = false;
    std::chrono::microseconds waited_{0};
    std::vector<std::uint8_t> previous_; // the last response returned
    Stats stats_;
};

// Errors from the adapter that mean "not now" (a NAK, a bad count, a lost bus) rather
// than a host mistake: the transfer is worth retrying (i2c-i801 i801_check_post).
[[nodiscard]] bool is_transient(std::error_code ec) noexcept;

} // namespace ssif
