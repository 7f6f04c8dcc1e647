// Errors of the KCS driver: interface timeouts, protocol states, port access (kcs::category()).
#pragma once

#include <system_error>

namespace kcs {

enum class Errc {
    ibf_timeout = 1,     // IBF stayed set: the BMC did not consume a byte in time
    obf_timeout,         // OBF stayed clear: the BMC did not produce a byte in time
    unexpected_state,    // the status register showed a state the flowchart does not allow
    hosed,               // error exit and retries exhausted (Linux: "hosed")
    response_too_long,   // the BMC sent more bytes than the response buffer holds
    response_too_short,  // fewer than netfn/LUN, command and completion code (IPMI 2.0 9.3)
    request_too_long,    // the request does not fit the KCS write buffer
    deadline_exceeded,   // the per-command deadline passed outside an IBF/OBF wait
    busy,                // start() while a transaction is still in progress
    ports_busy,          // a kernel driver (ipmi_si) owns the KCS ports
    no_permission,       // ioperm() or open() failed with EPERM/EACCES
    port_io_unavailable, // no way to reach the ports (no ioperm, no /dev/port)
    bad_port_spec,       // a port specification that does not parse
    mmap_failed,         // mmap of /dev/mem for memory-mapped KCS failed
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace kcs

template <> struct std::is_error_code_enum<kcs::Errc> : std::true_type {};
