// parse_sdr: header and length checks, then dispatch on the record type (IPMI 2.0 section 43).
#include "ipmi/errc.hpp"
#include "ipmi/sdr/record.hpp"

namespace ipmi::sdr {
namespace {

constexpr std::size_t oem_min_size = 8; // header + 3-byte manufacturer ID (section 43.12)

template <typename T>
std::expected<SdrRecord, std::error_code> widen(std::expected<T, std::error_code> r) {
    if (!r) {
        return std::unexpected(r.error());
    }
    return SdrRecord{std::move(*r)};
}

} // namespace

std::expected<SdrRecord, std::error_code> parse_sdr(std::span<const std::uint8_t> record) {
    const auto header = parse_header(record);
    if (!header) {
        return std::unexpected(header.error());
    }
    if (record.size() - header_size < header->length) {
        return std::unexpected(make_error_code(Errc::sdr_length_beyond_data));
    }
    const auto r = record.first(header_size + header->length);
    switch (header->type) {
    case record_type::full_sensor:
        return widen(parse_full_sensor(*header, r));
    case record_type::compact_sensor:
        return widen(parse_compact_sensor(*header, r));
    case record_type::event_only:
        return widen(parse_event_only(*header, r));
    case record_type::fru_device_locator:
        return widen(parse_fru_device_locator(*header, r));
    case record_type::mc_device_locator:
        return widen(parse_mc_device_locator(*header, r));
    case record_type::oem: {
        if (r.size() < oem_min_size) {
            return std::unexpected(make_error_code(Errc::sdr_record_too_short));
        }
        OemRecord oem;
        oem.header = *header;
        oem.manufacturer_id = static_cast<std::uint32_t>(r[5]) |
                              static_cast<std::uint32_t>(r[6]) << 8 |
                              static_cast<std::uint32_t>(r[7]) << 16;
        oem.data.assign(r.begin() + oem_min_size, r.end());
        return oem;
    }
    default:
        break;
    }
    return RawRecord{*header, {r.begin() + header_size, r.end()}};
}

} // namespace ipmi::sdr
