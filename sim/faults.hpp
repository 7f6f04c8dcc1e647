// Fault injection for the simulated KCS BMC, chosen per test and changeable at run time.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

namespace sim {

struct Faults {
    // The BMC stops taking bytes: IBF never clears while this is set (a hung BMC; not
    // limited by only_next_transactions, since the host cannot end the transaction).
    bool ibf_stuck = false;
    // The BMC never produces the response: READ state with OBF clear after the request.
    bool obf_never_sets = false;
    // ERROR state after N bytes of a transaction (request bytes, then response bytes).
    std::optional<std::size_t> error_after_bytes;
    // QEMU's ipmi-bmc-sim behaviour: OBF set with a dummy 00h after WRITE_START (0x81).
    bool dummy_byte_after_write_start = false;
    // The response stops after N bytes and the BMC goes IDLE (a truncated response).
    std::optional<std::size_t> truncate_response;
    // The response is padded with zero bytes to N bytes (longer than the host's buffer).
    std::optional<std::size_t> response_length;
    // A slow BMC: every register transition happens this long after the previous event.
    std::chrono::microseconds transition_delay{0};
    // When set, obf_never_sets, error_after_bytes, truncate_response and response_length
    // apply only to the next N transactions (counted at WRITE_START), then stop.
    std::optional<unsigned> only_next_transactions;
};

} // namespace sim
