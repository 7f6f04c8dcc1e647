// Reads a sensor and converts its reading.
#include "ipmi/sensor_reader.hpp"

#include "ipmi/commands/sensor.hpp"
#include "ipmi/errc.hpp"
#include "ipmi/sdr/conversion.hpp"

namespace ipmi {
namespace {

constexpr std::uint8_t bmc_address = 0x20; // IPMB slave address of the BMC (section 5.4)

} // namespace

std::expected<SensorSample, std::error_code> read_sensor(Client& client,
                                                         const sdr::Sensor& sensor) {
    if (sensor.event_only) {
        return std::unexpected(make_error_code(Errc::sensor_event_only));
    }
    if (sensor.owner.software_id || sensor.owner.address() != bmc_address ||
        sensor.owner.channel != 0) {
        return std::unexpected(make_error_code(Errc::sensor_not_on_bmc));
    }
    auto reading = client.call(cmd::GetSensorReading{sensor.number}, sensor.owner.lun);
    if (!reading) {
        return std::unexpected(reading.error());
    }
    SensorSample sample;
    sample.reading = *reading;
    sample.health = sdr::health(*reading, sensor.event_reading_type, sensor.sensor_type);
    if (!sensor.analog() || !reading->valid()) {
        return sample;
    }
    auto conversion = sdr::Conversion::from_record(*sensor.full);
    if (sdr::is_nonlinear(sensor.full->linearization)) {
        // Section 35.5: the factors that apply to this raw reading.
        auto f = client.call(cmd::GetSensorReadingFactors{sensor.number, reading->raw},
                             sensor.owner.lun);
        if (!f) {
            sample.value_error = f.error();
            return sample;
        }
        conversion = sdr::Conversion::with_reading_factors(*sensor.full,
                                                           sdr::parse_factors(f->factors));
    }
    if (auto v = sdr::to_value(reading->raw, conversion)) {
        sample.value = *v;
    } else {
        sample.value_error = v.error();
    }
    return sample;
}

std::optional<double> threshold_value(const sdr::Sensor& sensor, sdr::Threshold t,
                                      const cmd::GetSensorThresholds::Response* live) {
    if (!sensor.analog() || !sensor.masks.readable(t)) {
        return std::nullopt;
    }
    if (live != nullptr && !live->readable(t)) {
        return std::nullopt;
    }
    const std::uint8_t raw = live != nullptr ? live->raw[static_cast<std::size_t>(t)]
                                             : sensor.full->threshold(t);
    auto v = sdr::to_value(raw, sdr::Conversion::from_record(*sensor.full));
    return v ? std::optional<double>(*v) : std::nullopt;
}

std::optional<cmd::GetSensorThresholds::Response> read_thresholds(Client& client,
                                                                  const sdr::Sensor& sensor) {
    // Table 43-1 byte 12 bits 3:2: 00b no thresholds, 11b fixed and unreadable.
    const auto access = sensor.full ? sensor.full->capabilities.threshold_access : 0;
    if (!sensor.analog() || access == 0 || access == 3 || sensor.event_only ||
        sensor.owner.address() != bmc_address || sensor.owner.channel != 0) {
        return std::nullopt;
    }
    auto r = client.call(cmd::GetSensorThresholds{sensor.number}, sensor.owner.lun);
    return r ? std::optional(*r) : std::nullopt;
}

} // namespace ipmi
