// Decoding SEL entries.
#include "ipmi/sel/record.hpp"

#include "ipmi/errc.hpp"

#include <algorithm>

namespace ipmi::sel {
namespace {

std::uint32_t le32(const Bytes16& b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8U) |
           (static_cast<std::uint32_t>(b[at + 2]) << 16U) | (static_cast<std::uint32_t>(b[at + 3]) << 24U);
}

} // namespace

std::optional<std::uint32_t> Record::timestamp() const {
    if (const auto* s = std::get_if<SystemEvent>(&body)) {
        return s->timestamp;
    }
    if (const auto* o = std::get_if<OemTimestamped>(&body)) {
        return o->timestamp;
    }
    return std::nullopt;
}

Record decode(const Bytes16& e) {
    Record r;
    r.raw = e;
    r.record_id = static_cast<std::uint16_t>(static_cast<unsigned>(e[0]) | (static_cast<unsigned>(e[1]) << 8U));
    r.record_type = e[2];
    if (r.record_type == 0x02) {
        SystemEvent s;
        s.timestamp = le32(e, 3);
        // Section 32.1 / 5.5: byte 8 bits 7:1 the slave address or software ID, bit 0 set for
        // a software ID; byte 9 bits 7:4 the channel, 3:2 reserved, 1:0 the IPMB LUN.
        s.generator.id = static_cast<std::uint8_t>(static_cast<unsigned>(e[7]) >> 1U);
        s.generator.software = (e[7] & 0x01U) != 0;
        s.generator.channel = static_cast<std::uint8_t>(static_cast<unsigned>(e[8]) >> 4U);
        s.generator.lun = static_cast<std::uint8_t>(e[8] & 0x03U);
        s.evm_revision = e[9];
        s.sensor_type = e[10];
        s.sensor_number = e[11];
        s.deassertion = (e[12] & 0x80U) != 0;
        s.event_reading_type = static_cast<std::uint8_t>(e[12] & 0x7fU);
        s.event_data = {e[13], e[14], e[15]};
        r.body = s;
    } else if (r.record_type >= 0xc0 && r.record_type <= 0xdf) {
        OemTimestamped o;
        o.timestamp = le32(e, 3);
        o.manufacturer_id = static_cast<std::uint32_t>(e[7]) | (static_cast<std::uint32_t>(e[8]) << 8U) |
                            (static_cast<std::uint32_t>(e[9]) << 16U);
        for (std::size_t i = 0; i < 6; ++i) {
            o.data[i] = e[10 + i];
        }
        r.body = o;
    } else if (r.record_type >= 0xe0) {
        OemNonTimestamped o;
        for (std::size_t i = 0; i < 13; ++i) {
            o.data[i] = e[3 + i];
        }
        r.body = o;
    } else {
        r.body = UnknownRecord{};
    }
    return r;
}

std::expected<Record, std::error_code> decode(std::span<const std::uint8_t> entry) {
    if (entry.size() != Bytes16{}.size()) {
        return std::unexpected(make_error_code(Errc::sel_entry_malformed));
    }
    Bytes16 b{};
    std::ranges::copy(entry, b.begin());
    return decode(b);
}

} // namespace ipmi::sel
