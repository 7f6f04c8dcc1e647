#include "ipmi/commands/sel_commands.hpp"

#include "ipmi/commands/record_read.hpp"
#include "ipmi/wire.hpp"

namespace ipmi::cmd {

std::expected<GetSelInfo::Response, std::error_code>
GetSelInfo::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.version = in.u8();
    r.entries = in.u16();
    r.free_space = in.u16();
    r.most_recent_addition = in.u32();
    r.most_recent_erase = in.u32();
    r.operation_support = in.u8();
    return wire::finish(in, r);
}

std::expected<ReserveSel::Response, std::error_code>
ReserveSel::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.reservation_id = in.u16();
    return wire::finish(in, r);
}

std::vector<std::uint8_t> GetSelEntry::encode() const {
    return record_read::encode(reservation_id, record_id, offset, bytes_to_read);
}

std::expected<GetSelEntry::Response, std::error_code>
GetSelEntry::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.next_record_id = in.u16();
    const auto rest = in.rest();
    r.data.assign(rest.begin(), rest.end());
    return wire::finish(in, r);
}

std::vector<std::uint8_t> ClearSel::encode() const {
    wire::Writer out;
    out.u16(reservation_id).u8('C').u8('L').u8('R').u8(action);
    return out.take();
}

std::expected<ClearSel::Response, std::error_code>
ClearSel::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.progress = in.u8();
    return wire::finish(in, r);
}

std::expected<GetSelTime::Response, std::error_code>
GetSelTime::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.time = in.u32();
    return wire::finish(in, r);
}

} // namespace ipmi::cmd
