// Sensor commands (IPMI 2.0 section 35), with raw values: conversion to units
// is ipmi/sdr's job (section 36.3).
#pragma once

#include "ipmi/commands/command.hpp"
#include "ipmi/message.hpp"
#include "ipmi/sdr/reading.hpp"
#include "ipmi/sdr/record.hpp"

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

namespace ipmi::cmd {

// Threshold order used on the wire by Get/Set Sensor Thresholds (Table 35-8/35-9): the
// SDR's threshold bit order.
using sdr::Threshold;

// IPMI 2.0 section 35.14, Table 35-15. Byte 3 is optional for threshold
// sensors on some BMCs, byte 4 for discrete ones; both are kept as sent.
struct GetSensorReading {
    static constexpr std::uint8_t netfn = ipmi::netfn::sensor_event;
    static constexpr std::uint8_t cmd = 0x2d;
    using Response = sdr::SensorReading; // decoded by sdr::parse_reading
    std::uint8_t sensor_number = 0;
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {sensor_number}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 35.9, Table 35-9.
struct GetSensorThresholds {
    static constexpr std::uint8_t netfn = ipmi::netfn::sensor_event;
    static constexpr std::uint8_t cmd = 0x27;
    struct Response {
        std::uint8_t readable_mask = 0;    // bit n = Threshold n readable
        std::array<std::uint8_t, 6> raw{}; // indexed by Threshold
        [[nodiscard]] bool readable(Threshold t) const {
            return ((static_cast<unsigned>(readable_mask) >> static_cast<unsigned>(t)) & 1U) != 0;
        }
    };
    std::uint8_t sensor_number = 0;
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {sensor_number}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 35.8, Table 35-8.
struct SetSensorThresholds {
    static constexpr std::uint8_t netfn = ipmi::netfn::sensor_event;
    static constexpr std::uint8_t cmd = 0x26;
    using Response = Empty;
    std::uint8_t sensor_number = 0;
    std::uint8_t set_mask = 0;         // bit n = set Threshold n
    std::array<std::uint8_t, 6> raw{}; // indexed by Threshold
    [[nodiscard]] std::vector<std::uint8_t> encode() const;
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 35.7, Table 35-7.
struct GetSensorHysteresis {
    static constexpr std::uint8_t netfn = ipmi::netfn::sensor_event;
    static constexpr std::uint8_t cmd = 0x25;
    struct Response {
        std::uint8_t positive = 0;
        std::uint8_t negative = 0;
    };
    std::uint8_t sensor_number = 0;
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {sensor_number, 0xff}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 35.5, Table 35-5: the factors for one raw reading of a
// non-linear sensor; bytes 2-7 have the layout of full SDR bytes 25-30.
struct GetSensorReadingFactors {
    static constexpr std::uint8_t netfn = ipmi::netfn::sensor_event;
    static constexpr std::uint8_t cmd = 0x23;
    struct Response {
        std::uint8_t next_reading = 0; // the next raw reading whose factors differ
        std::array<std::uint8_t, 6> factors{};
    };
    std::uint8_t sensor_number = 0;
    std::uint8_t reading = 0;
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {sensor_number, reading}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

} // namespace ipmi::cmd
