#include "ipmi/commands/sensor.hpp"

#include "ipmi/wire.hpp"

#include <algorithm>

namespace ipmi::cmd {

std::expected<GetSensorReading::Response, std::error_code>
GetSensorReading::decode(std::span<const std::uint8_t> data) {
    // Reading and flags, then up to two state bytes (Table 35-15).
    if (data.size() < 2) {
        return std::unexpected(make_error_code(Errc::response_data_too_short));
    }
    if (data.size() > 4) {
        return std::unexpected(make_error_code(Errc::response_data_too_long));
    }
    return sdr::parse_reading(data);
}

std::expected<GetSensorThresholds::Response, std::error_code>
GetSensorThresholds::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.readable_mask = in.u8() & 0x3fU;
    std::ranges::copy(in.bytes(6), r.raw.begin());
    return wire::finish(in, r);
}

std::vector<std::uint8_t> SetSensorThresholds::encode() const {
    wire::Writer out;
    out.u8(sensor_number).u8(set_mask & 0x3fU).bytes(raw);
    return out.take();
}

std::expected<SetSensorThresholds::Response, std::error_code>
SetSensorThresholds::decode(std::span<const std::uint8_t> data) {
    const wire::Reader in(data);
    return wire::finish(in, Empty{});
}

std::expected<GetSensorHysteresis::Response, std::error_code>
GetSensorHysteresis::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.positive = in.u8();
    r.negative = in.u8();
    return wire::finish(in, r);
}

std::expected<GetSensorReadingFactors::Response, std::error_code>
GetSensorReadingFactors::decode(std::span<const std::uint8_t> data) {
    wire::Reader in(data);
    Response r;
    r.next_reading = in.u8();
    std::ranges::copy(in.bytes(6), r.factors.begin());
    return wire::finish(in, r);
}

} // namespace ipmi::cmd
