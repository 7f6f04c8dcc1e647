// Errors of the BT driver: handshake timeouts, response framing, sequence numbers (bt::category()).
#pragma once

#include <system_error>

namespace bt {

enum class Errc {
    bmc_busy_timeout = 1, // B_BUSY or H2B_ATN stayed set: the BMC did not take the request
    response_timeout,     // B2H_ATN never set: no response in time
    sequence_mismatch,    // responses kept carrying another request's Seq/NetFn/Cmd (IPMI 2.0 11.5)
    response_too_short,   // a length byte under 4: no NetFn, Seq, Cmd and completion code
    response_too_long,    // a length byte beyond the response buffer
    request_too_long,     // the request does not fit the BT message length byte
    busy,                 // start() while a transaction is in progress
    bad_port_spec,        // --bt=io:ADDR that does not parse
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace bt

template <> struct std::is_error_code_enum<bt::Errc> : std::true_type {};
