#include "ipmi/commands/record_read.hpp"

#include "ipmi/wire.hpp"

namespace ipmi::cmd::record_read {

std::vector<std::uint8_t> encode(std::uint16_t reservation_id, std::uint16_t record_id,
                                 std::uint8_t offset, std::uint8_t bytes_to_read) {
    wire::Writer out;
    out.u16(reservation_id).u16(record_id).u8(offset).u8(bytes_to_read);
    return out.take();
}

std::expected<Answer, std::error_code> decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Answer a;
    a.next_record_id = in.u16();
    const auto rest = in.rest();
    a.data.assign(rest.begin(), rest.end());
    return wire::finish(in, std::move(a));
}

std::expected<std::uint16_t, std::error_code>
decode_reservation(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    const std::uint16_t id = in.u16();
    return wire::finish(in, id);
}

} // namespace ipmi::cmd::record_read
