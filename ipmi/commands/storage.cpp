#include "ipmi/commands/storage.hpp"

#include "ipmi/commands/record_read.hpp"
#include "ipmi/errc.hpp"
#include "ipmi/wire.hpp"

namespace ipmi::cmd {

std::expected<GetSdrRepositoryInfo::Response, std::error_code>
GetSdrRepositoryInfo::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.sdr_version = in.u8();
    r.record_count = in.u16();
    r.free_space = in.u16();
    r.most_recent_addition = in.u32();
    r.most_recent_erase = in.u32();
    r.operation_support = in.u8();
    return wire::finish(in, r);
}

std::expected<ReserveSdrRepository::Response, std::error_code>
ReserveSdrRepository::decode(std::span<const std::uint8_t> data) {
    auto id = record_read::decode_reservation(data);
    if (!id) {
        return std::unexpected(id.error());
    }
    return Response{*id};
}

std::vector<std::uint8_t> GetSdr::encode() const {
    return record_read::encode(reservation_id, record_id, offset, bytes_to_read);
}

std::expected<GetSdr::Response, std::error_code>
GetSdr::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.next_record_id = in.u16();
    const auto rest = in.rest();
    r.data.assign(rest.begin(), rest.end());
    return wire::finish(in, r);
}

std::expected<GetFruInventoryAreaInfo::Response, std::error_code>
GetFruInventoryAreaInfo::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.area_size = in.u16();
    r.word_access = (in.u8() & 0x01U) != 0;
    return wire::finish(in, r);
}

std::vector<std::uint8_t> ReadFruData::encode() const {
    wire::Writer out;
    out.u8(fru_device_id).u16(offset).u8(count);
    return out.take();
}

std::expected<ReadFruData::Response, std::error_code>
ReadFruData::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    const auto count = in.u8();
    if (in.short_read()) {
        return std::unexpected(make_error_code(Errc::response_data_too_short));
    }
    if (in.remaining() < count) {
        return std::unexpected(make_error_code(Errc::response_data_too_short));
    }
    Response r;
    const auto bytes = in.bytes(count);
    r.data.assign(bytes.begin(), bytes.end());
    // IPMI 2.0 Table 34-3: the count byte says how many bytes were read; bytes after them are
    // padding (the same quirk as ipmi_sim's padded SDR answers) and dropped, as the SDR
    // header's length rules a Get SDR answer.
    return r;
}

} // namespace ipmi::cmd
