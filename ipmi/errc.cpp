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
        case Errc::response_data_too_long:
            return "response data longer than the command's response layout";
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
