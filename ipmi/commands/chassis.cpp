#include "ipmi/commands/chassis.hpp"

#include "ipmi/errc.hpp"
#include "ipmi/wire.hpp"

#include <algorithm>

namespace ipmi::cmd {
namespace {

std::expected<Empty, std::error_code> decode_empty(std::span<const std::uint8_t> data) {
    const wire::Reader in(data);
    return wire::finish(in, Empty{});
}

} // namespace

std::expected<GetChassisStatus::Response, std::error_code>
GetChassisStatus::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.current_power_state = in.u8();
    r.last_power_event = in.u8();
    r.misc_chassis_state = in.u8();
    if (in.remaining() > 0) {
        r.front_panel_buttons = in.u8();
    }
    return wire::finish(in, r);
}

std::expected<ChassisControl::Response, std::error_code>
ChassisControl::decode(std::span<const std::uint8_t> data) {
    return decode_empty(data);
}

std::vector<std::uint8_t> ChassisIdentify::encode() const {
    std::vector<std::uint8_t> out;
    if (interval_seconds || force_on) {
        out.push_back(interval_seconds.value_or(0));
        if (force_on) {
            out.push_back(0x01);
        }
    }
    return out;
}

std::expected<ChassisIdentify::Response, std::error_code>
ChassisIdentify::decode(std::span<const std::uint8_t> data) {
    return decode_empty(data);
}

BootFlags BootFlags::override_to(Device device, bool persistent, bool efi) {
    BootFlags flags;
    flags.bytes[0] =
        static_cast<std::uint8_t>(0x80U | (persistent ? 0x40U : 0U) | (efi ? 0x20U : 0U));
    flags.bytes[1] = static_cast<std::uint8_t>((static_cast<unsigned>(device) & 0x0fU) << 2);
    return flags;
}

std::expected<GetSystemBootOptions::Response, std::error_code>
GetSystemBootOptions::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.parameter_version = in.u8();
    const auto selector = in.u8();
    r.parameter_invalid = (selector & 0x80U) != 0;
    r.parameter = selector & 0x7fU;
    const auto rest = in.rest();
    r.data.assign(rest.begin(), rest.end());
    return wire::finish(in, r);
}

std::expected<BootFlags, std::error_code>
GetSystemBootOptions::boot_flags(const Response& response) {
    if (response.data.size() < 5) {
        return std::unexpected(make_error_code(Errc::response_data_too_short));
    }
    if (response.data.size() > 5) {
        return std::unexpected(make_error_code(Errc::response_data_too_long));
    }
    BootFlags flags;
    std::ranges::copy(response.data, flags.bytes.begin());
    return flags;
}

std::vector<std::uint8_t> SetSystemBootOptions::encode() const {
    wire::Writer out;
    out.u8(static_cast<std::uint8_t>((parameter & 0x7fU) | (mark_invalid ? 0x80U : 0U)));
    out.bytes(data);
    return out.take();
}

std::expected<SetSystemBootOptions::Response, std::error_code>
SetSystemBootOptions::decode(std::span<const std::uint8_t> data) {
    return decode_empty(data);
}

SetSystemBootOptions SetSystemBootOptions::boot_flags(const BootFlags& flags) {
    SetSystemBootOptions request;
    request.parameter = 5;
    request.data.assign(flags.bytes.begin(), flags.bytes.end());
    return request;
}

} // namespace ipmi::cmd
