// Parses the SDR record header (IPMI 2.0 section 43, Table 43-1 bytes 1-5).
#include "ipmi/sdr/header.hpp"

#include "ipmi/errc.hpp"
#include "ipmi/sdr/bytes.hpp"

namespace ipmi::sdr {

std::expected<SdrHeader, std::error_code> parse_header(std::span<const std::uint8_t> record) {
    if (record.size() < header_size) {
        return std::unexpected(make_error_code(Errc::sdr_header_truncated));
    }
    return SdrHeader{detail::le16(record, 0), record[2], record[3], record[4]};
}

} // namespace ipmi::sdr
