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
    // sensor_reader
    sensor_event_only, // an event-only sensor (SDR 03h) has no reading to ask for
    sensor_not_on_bmc, // owned by another controller or software: would need bridging
    // fru/
    fru_header_truncated,       // fewer than the 8 bytes of the common header (FRU spec 8)
    fru_header_checksum,        // the common header does not sum to zero
    fru_bad_format_version,     // common header format version is not 1
    fru_area_beyond_image,      // an area's offset or length runs past the image
    fru_area_checksum,          // an info area does not sum to zero
    fru_field_beyond_area,      // a type/length field runs past its area
    fru_no_end_marker,          // the fields of an area do not end with C1h
    fru_multirecord_header_checksum, // a multirecord header does not sum to zero (16.1)
    fru_multirecord_checksum,   // a multirecord's data does not match its checksum
    fru_multirecord_beyond_image, // a multirecord runs past the image
    fru_multirecord_too_short,  // a known record type shorter than its layout
    // sdr/
    sdr_header_truncated,        // fewer than the 5 bytes of an SDR record header (43.1)
    sdr_length_beyond_data,      // the header's length byte claims more bytes than were given
    sdr_record_too_short,        // a record shorter than the fixed fields of its type
    sdr_id_string_beyond_record, // the ID string's type/length byte runs past the record
    sdr_no_analog_reading,       // analog data format 3 or an event-only/compact record: no value
    sdr_nonlinear_needs_factors, // linearization 70h-7Fh: use Get Sensor Reading Factors
    sdr_unknown_linearization,   // linearization code outside 00h-0Bh and 70h-7Fh
    sdr_conversion_undefined,    // L undefined for this reading (log of <= 0, 1/0, sqrt of < 0)
    sdr_value_out_of_range,      // a value the raw byte of this sensor cannot encode
    sdr_reading_too_short,       // Get Sensor Reading response data shorter than 2 bytes
    // fru/ (area and record versions, languages)
    fru_area_version,           // an info area's format version is not 1 (FRU spec 10-12)
    fru_multirecord_version,    // a multirecord's record format version is not 2 (16.1)
    fru_language_not_supported, // 8-bit text under a non-English language code (13; as FreeIPMI)
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace ipmi

template <> struct std::is_error_code_enum<ipmi::Errc> : std::true_type {};
