// Errors of the SSIF driver: adapter and address, NAKs, block framing (ssif::category()).
#pragma once

#include <system_error>

namespace ssif {

enum class Errc {
    no_adapter = 1,       // the /dev/i2c-N node does not exist (i2c-dev not loaded?)
    address_busy,         // I2C_SLAVE gave EBUSY: a kernel driver (ipmi_ssif) is bound there
    no_block_transfers,   // the adapter lacks SMBus block read/write (I2C_FUNCS)
    no_permission,        // open() of /dev/i2c-N failed with EPERM/EACCES
    write_nak_timeout,    // every try of a request write was NAKed (IPMI 2.0 12.7)
    nak_timeout,          // every read retry was NAKed: the BMC never offered a response
    bad_block_sequence,   // a multi-part read block number out of sequence (IPMI 2.0 12.6)
    short_block,          // a block with no data, or a non-final middle block under 31 bytes
    response_too_long,    // more bytes than the BMC's output size or the host buffer
    response_too_short,   // fewer than netfn/LUN, command and completion code
    request_too_long,     // longer than the BMC's input size (Get System Interface Capabilities)
    stale_response,       // re-reads kept returning another command's response
    bad_spec,             // --ssif=/dev/i2c-N[,ADDR] that does not parse
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace ssif

template <> struct std::is_error_code_enum<ssif::Errc> : std::true_type {};
