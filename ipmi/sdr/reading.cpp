// Decodes the Get Sensor Reading response data (IPMI 2.0 section 35.14).
#include "ipmi/sdr/reading.hpp"

#include "ipmi/errc.hpp"
#include "ipmi/sdr/bytes.hpp"

namespace ipmi::sdr {

std::expected<SensorReading, std::error_code> parse_reading(std::span<const std::uint8_t> data) {
    if (data.size() < 2) {
        return std::unexpected(make_error_code(Errc::sdr_reading_too_short));
    }
    SensorReading r;
    r.raw = data[0];
    r.event_messages_enabled = detail::bit(data[1], 7);
    r.scanning_enabled = detail::bit(data[1], 6);
    r.unavailable = detail::bit(data[1], 5);
    if (data.size() >= 3) {
        r.has_states = true;
        r.states = data[2];
    }
    if (data.size() >= 4) {
        r.states = static_cast<std::uint16_t>(r.states | (data[3] & 0x7fU) << 8);
    }
    return r;
}

} // namespace ipmi::sdr
