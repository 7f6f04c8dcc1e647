// Errors of the ipmi library that are not completion codes.
#pragma once

#include <system_error>

namespace ipmi {

enum class Errc {
    response_too_short = 1, // fewer bytes than netfn/cmd/completion code
    response_mismatch,      // netfn or command of the response is not the request's
    request_too_long,       // the request does not fit the transport's buffer
    // client/ and commands/
    response_data_too_short, // a command's response data is shorter than the spec's layout
    response_data_too_long,  // a command's response data has bytes the spec doesn't define
    // sdr_reader
    sdr_record_malformed,    // a record's header or size disagrees with what was read
    sdr_chain_loop,          // the next-record-ID chain returned to a record already read
    sdr_too_many_records,    // more records than the repository announced (bounded walk)
    sdr_read_size_exhausted, // partial reads failed down to the smallest size
    sdr_reservation_lost,    // the reservation was cancelled again and again (C5h)
    sdr_cache_corrupt,       // the on-disk SDR cache is not a valid cache file
    // sel_reader
    sel_entry_malformed,  // a SEL entry that is not 16 bytes
    sel_chain_loop,       // the next-record chain returned to an entry already read
    sel_too_many_entries, // more entries than the SEL announced (bounded walk)
    sel_clear_timeout,    // the erasure did not complete in time
    // fru_reader
    fru_read_size_exhausted, // Read FRU Data failed down to the smallest size
    fru_empty_read,          // Read FRU Data returned no bytes inside the area
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace ipmi

template <> struct std::is_error_code_enum<ipmi::Errc> : std::true_type {};
