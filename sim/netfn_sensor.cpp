// Sensor/Event NetFn (04h) commands of the simulated BMC (IPMI 2.0 section 35).
#include "sim/bmc_model.hpp"

#include <cmath>

namespace sim {
namespace {

constexpr std::uint8_t cc_not_present = 0xcb;
constexpr std::uint8_t cc_invalid_data = 0xcc;
constexpr std::uint8_t cc_illegal_for_sensor = 0xcd;

int value(std::uint8_t raw, bool is_signed) {
    return is_signed ? static_cast<int>(static_cast<std::int8_t>(raw)) : static_cast<int>(raw);
}

// Table 35-15 byte 3 for threshold sensors: which thresholds the reading is at
// or beyond (bits 0-5: LNC, LC, LNR going low; UNC, UC, UNR going high).
std::uint8_t comparison(const SimSensor& s, std::uint8_t raw) {
    const int r = value(raw, s.is_signed);
    std::uint8_t bits = 0;
    for (unsigned i = 0; i < 6; ++i) {
        if (((static_cast<unsigned>(s.readable_mask) >> i) & 1U) == 0) {
            continue;
        }
        const int t = value(s.thresholds[i], s.is_signed);
        if ((i < 3 && r <= t) || (i >= 3 && r >= t)) {
            bits = static_cast<std::uint8_t>(bits | (1U << i));
        }
    }
    return bits;
}

// 35.14 Get Sensor Reading (2Dh).
Reply get_sensor_reading(BmcModel& bmc, std::span<const std::uint8_t> data) {
    const SimSensor* s = bmc.sensor(data[0]);
    if (s == nullptr || s->kind == SimSensor::Kind::event_only) {
        return {cc_not_present, {}};
    }
    // Byte 2: bit 7 event messages enabled, bit 6 scanning enabled, bit 5 reading unavailable.
    const auto flags = static_cast<std::uint8_t>(s->scanning ? 0xc0 : 0xa0);
    if (s->kind == SimSensor::Kind::discrete) {
        // Bytes 3-4: state bits 0-7 and 8-14 (byte 4 bit 7 reserved, returned as 1b).
        return {0x00,
                {0x00, flags, static_cast<std::uint8_t>(s->states & 0xff),
                 static_cast<std::uint8_t>(0x80 | ((s->states >> 8) & 0x7f))}};
    }
    const std::uint8_t raw = bmc.reading_now(*s);
    return {0x00, {raw, flags, static_cast<std::uint8_t>(0xc0 | comparison(*s, raw))}};
}

// 35.9 Get Sensor Thresholds (27h).
Reply get_sensor_thresholds(BmcModel& bmc, std::span<const std::uint8_t> data) {
    const SimSensor* s = bmc.sensor(data[0]);
    if (s == nullptr) {
        return {cc_not_present, {}};
    }
    if (s->kind != SimSensor::Kind::threshold) {
        return {cc_illegal_for_sensor, {}};
    }
    Reply r{0x00, {s->readable_mask}};
    for (unsigned i = 0; i < 6; ++i) {
        r.data.push_back(((static_cast<unsigned>(s->readable_mask) >> i) & 1U) != 0 ? s->thresholds[i] : 0);
    }
    return r;
}

// 35.8 Set Sensor Thresholds (26h): only the settable ones.
Reply set_sensor_thresholds(BmcModel& bmc, std::span<const std::uint8_t> data) {
    SimSensor* s = bmc.sensor(data[0]);
    if (s == nullptr) {
        return {cc_not_present, {}};
    }
    if (s->kind != SimSensor::Kind::threshold) {
        return {cc_illegal_for_sensor, {}};
    }
    const std::uint8_t mask = data[1] & 0x3f;
    if ((mask & ~s->settable_mask) != 0) {
        return {cc_invalid_data, {}};
    }
    for (unsigned i = 0; i < 6; ++i) {
        if (((static_cast<unsigned>(mask) >> i) & 1U) != 0) {
            s->thresholds[i] = data[2 + i];
        }
    }
    return {0x00, {}};
}

// 35.7 Get Sensor Hysteresis (25h).
Reply get_sensor_hysteresis(BmcModel& bmc, std::span<const std::uint8_t> data) {
    const SimSensor* s = bmc.sensor(data[0]);
    if (s == nullptr) {
        return {cc_not_present, {}};
    }
    if (s->kind != SimSensor::Kind::threshold) {
        return {cc_illegal_for_sensor, {}};
    }
    return {0x00, {s->hysteresis_positive, s->hysteresis_negative}};
}

// 35.5 Get Sensor Reading Factors (23h), for non-linear sensors: here M grows
// with the raw reading (M = 1 + x / 64, B = 0, exponents 0), answered in the
// layout of full SDR bytes 25-30; the next reading with other factors follows.
Reply get_sensor_reading_factors(BmcModel& bmc, std::span<const std::uint8_t> data) {
    const SimSensor* s = bmc.sensor(data[0]);
    if (s == nullptr) {
        return {cc_not_present, {}};
    }
    if (!s->nonlinear) {
        return {cc_illegal_for_sensor, {}};
    }
    const unsigned x = data[1];
    const unsigned m = 1 + x / 64;
    const unsigned next = std::min(255U, (x / 64 + 1) * 64);
    return {0x00,
            {static_cast<std::uint8_t>(next), static_cast<std::uint8_t>(m & 0xff),
             static_cast<std::uint8_t>((m >> 8) << 6), 0x00, 0x00, 0x00, 0x00}};
}

constexpr Command commands[] = {
    {0x23, 2, get_sensor_reading_factors}, {0x25, 2, get_sensor_hysteresis},
    {0x26, 8, set_sensor_thresholds},      {0x27, 1, get_sensor_thresholds},
    {0x2d, 1, get_sensor_reading},
};

} // namespace

std::span<const Command> sensor_commands() noexcept {
    return commands;
}

} // namespace sim
