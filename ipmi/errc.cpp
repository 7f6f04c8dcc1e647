#include "ipmi/errc.hpp"

#include <string>

namespace ipmi {
namespace {
class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "ipmi"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::response_too_short:
            return "response shorter than its header and completion code";
        case Errc::response_mismatch:
            return "response does not match the request's network function and command";
        case Errc::request_too_long:
            return "request longer than the transport accepts";
        case Errc::response_data_too_short:
            return "response data shorter than the command's response layout";
        case Errc::sdr_record_malformed:
            return "SDR record header or size disagrees with the bytes read";
        case Errc::sdr_chain_loop:
            return "SDR next-record chain loops back to a record already read";
        case Errc::sdr_too_many_records:
            return "SDR repository returned more records than it announced";
        case Errc::sdr_read_size_exhausted:
            return "SDR partial reads failed even at the smallest size";
        case Errc::sel_entry_malformed:
            return "SEL entry is not 16 bytes long";
        case Errc::sel_chain_loop:
            return "SEL next-record chain loops back to an entry already read";
        case Errc::sel_too_many_entries:
            return "SEL returned more entries than it announced";
        case Errc::fru_read_size_exhausted:
            return "Read FRU Data failed even at the smallest size";
        case Errc::fru_empty_read:
            return "Read FRU Data returned no bytes inside the FRU area";
        case Errc::sel_clear_timeout:
            return "SEL erasure did not complete in time";
        case Errc::sdr_cache_corrupt:
            return "SDR cache file is corrupt or of another format";
        case Errc::sdr_reservation_lost:
            return "SDR reservation kept being cancelled by another client";
        case Errc::fru_header_truncated:
            return "FRU image shorter than its 8-byte common header";
        case Errc::fru_header_checksum:
            return "FRU common header checksum is wrong";
        case Errc::fru_bad_format_version:
            return "FRU common header format version is not 1";
        case Errc::fru_area_beyond_image:
            return "FRU area offset or length runs past the end of the image";
        case Errc::fru_area_checksum:
            return "FRU info area checksum is wrong";
        case Errc::fru_field_beyond_area:
            return "FRU field length runs past the end of its area";
        case Errc::fru_no_end_marker:
            return "FRU area fields do not end with the C1h marker";
        case Errc::fru_multirecord_header_checksum:
            return "FRU multirecord header checksum is wrong";
        case Errc::fru_multirecord_checksum:
            return "FRU multirecord data checksum is wrong";
        case Errc::fru_multirecord_beyond_image:
            return "FRU multirecord runs past the end of the image";
        case Errc::fru_multirecord_too_short:
            return "FRU multirecord shorter than its record type's layout";
        case Errc::fru_area_version:
            return "FRU info area format version is not 1";
        case Errc::fru_multirecord_version:
            return "FRU multirecord format version is not 2";
        case Errc::fru_language_not_supported:
            return "FRU text field in a language other than English is not supported";
        case Errc::sensor_event_only:
            return "event-only sensor: no reading can be read";
        case Errc::sensor_not_on_bmc:
            return "sensor owned by another controller (bridging is not supported)";
        case Errc::response_data_too_long:
            return "response data longer than the command's response layout";
        // sdr/
        case Errc::sdr_header_truncated:
            return "SDR record shorter than its 5-byte header";
        case Errc::sdr_length_beyond_data:
            return "SDR record length byte claims more bytes than the record holds";
        case Errc::sdr_record_too_short:
            return "SDR record shorter than its record type requires";
        case Errc::sdr_id_string_beyond_record:
            return "SDR ID string length runs beyond the end of the record";
        case Errc::sdr_no_analog_reading:
            return "sensor has no analog reading to convert";
        case Errc::sdr_nonlinear_needs_factors:
            return "non-linear sensor needs Get Sensor Reading Factors to convert";
        case Errc::sdr_unknown_linearization:
            return "sensor linearization code is reserved";
        case Errc::sdr_conversion_undefined:
            return "sensor linearization is undefined for this reading";
        case Errc::sdr_value_out_of_range:
            return "value outside what the sensor's raw reading can encode";
        case Errc::sdr_reading_too_short:
            return "Get Sensor Reading response shorter than reading and status bytes";
        }
        return "unknown ipmi error";
    }
};
} // namespace

const std::error_category& category() noexcept {
    static const Category instance;
    return instance;
}

std::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), category()};
}

} // namespace ipmi
