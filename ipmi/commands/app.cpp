#include "ipmi/commands/app.hpp"

#include "ipmi/wire.hpp"

#include <algorithm>

namespace ipmi::cmd {

std::expected<GetDeviceId::Response, std::error_code>
GetDeviceId::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.device_id = in.u8();
    const auto rev = in.u8();
    r.provides_sdrs = (rev & 0x80U) != 0;
    r.device_revision = rev & 0x0fU;
    const auto fw1 = in.u8();
    r.update_in_progress = (fw1 & 0x80U) != 0;
    r.firmware_major = fw1 & 0x7fU;
    r.firmware_minor = in.u8();
    const auto version = in.u8();
    r.ipmi_major = version & 0x0fU;
    r.ipmi_minor = static_cast<std::uint8_t>(version >> 4);
    r.additional_device_support = in.u8();
    r.manufacturer_id = in.u24() & 0x0fffffU;
    r.product_id = in.u16();
    // Bytes 12-15 (auxiliary firmware revision) are optional.
    if (in.remaining() == 4) {
        std::array<std::uint8_t, 4> aux{};
        std::ranges::copy(in.bytes(4), aux.begin());
        r.aux_firmware_revision = aux;
    }
    return wire::finish(in, r);
}

std::expected<GetSelfTestResults::Response, std::error_code>
GetSelfTestResults::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.result = in.u8();
    r.detail = in.u8();
    return wire::finish(in, r);
}

std::expected<GetSystemGuid::Response, std::error_code>
GetSystemGuid::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    std::ranges::copy(in.bytes(16), r.guid.begin());
    return wire::finish(in, r);
}

} // namespace ipmi::cmd
