// Get Sensor Reading response decoding (IPMI 2.0 section 35.14): reading byte, status flags,
// threshold comparison status or discrete state bits.
#pragma once

#include "ipmi/sdr/record.hpp"

#include <cstdint>
#include <expected>
#include <span>
#include <system_error>

namespace ipmi::sdr {

struct SensorReading {
    std::uint8_t raw = 0;               // byte 2: the reading (threshold / analog sensors)
    bool event_messages_enabled = true; // byte 3 bit 7 (0 = all event messages disabled)
    bool scanning_enabled = true;       // byte 3 bit 6 (0 = sensor scanning disabled)
    bool unavailable = false;           // byte 3 bit 5 (1 = reading/state unavailable)
    // Byte 4 (and byte 5 bits 6:0 for discrete sensors). Threshold sensors: bits 5:0 are the
    // comparison status (bit n = at or beyond Threshold n). Discrete sensors: state n
    // asserted in bit n (states 0-14). Absent optional bytes read as 0.
    std::uint16_t states = 0;
    bool has_states = false; // the response carried byte 4

    // The reading can be used: scanning on and the reading available (section 35.14).
    [[nodiscard]] bool valid() const { return scanning_enabled && !unavailable; }
    [[nodiscard]] std::uint8_t threshold_status() const {
        return static_cast<std::uint8_t>(states & 0x3fU);
    }
    [[nodiscard]] bool at_or_beyond(Threshold t) const {
        return ((static_cast<unsigned>(threshold_status()) >> static_cast<unsigned>(t)) & 1U) != 0;
    }
    [[nodiscard]] bool state_asserted(std::uint8_t offset) const {
        return offset < 15 && ((static_cast<unsigned>(states) >> offset) & 1U) != 0;
    }

    friend bool operator==(const SensorReading&, const SensorReading&) = default;
};

// `data` is the response data after the completion code (ipmi::Response::data): at least the
// reading and the flags byte (Errc::sdr_reading_too_short otherwise); bytes 4-5 optional.
[[nodiscard]] std::expected<SensorReading, std::error_code>
parse_reading(std::span<const std::uint8_t> data);

} // namespace ipmi::sdr
