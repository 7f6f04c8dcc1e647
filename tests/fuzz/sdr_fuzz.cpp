// libFuzzer target: parse_sdr, shared-record expansion, sensor conversion both ways, units,
// Get Sensor Reading decoding and health on arbitrary bytes (IPMI 2.0 sections 35.14, 36.3, 43).
#include "ipmi/sdr/conversion.hpp"
#include "ipmi/sdr/event_tables.hpp"
#include "ipmi/sdr/health.hpp"
#include "ipmi/sdr/reading.hpp"
#include "ipmi/sdr/record.hpp"
#include "ipmi/sdr/units.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace {

using namespace ipmi::sdr;

void exercise_conversion(const Conversion& c, std::uint8_t raw) {
    if (const auto v = to_value(raw, c)) {
        (void)to_raw(*v, c);
        (void)to_raw(*v * 1.5 + 1.0, c);
    }
    (void)hysteresis_to_value(raw, c);
    (void)hysteresis_to_raw(static_cast<double>(raw) * 0.37, c);
    (void)resolution(c);
    (void)tolerance(c);
}

void exercise(const FullSensorRecord& s) {
    const auto c = Conversion::from_record(s);
    for (const std::uint8_t raw : {s.nominal_reading, s.upper_critical, s.lower_critical,
                                   s.sensor_maximum, s.positive_hysteresis}) {
        exercise_conversion(c, raw);
    }
    exercise_conversion(Conversion::with_reading_factors(s, s.factors), s.sensor_minimum);
    (void)unit_string(s.units);
    (void)unit_string(s.units, UnitStyle::abbreviated);
    (void)sensor_type_name(s.sensor_type);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    if (const auto record = parse_sdr(bytes)) {
        if (const auto* full = std::get_if<FullSensorRecord>(&*record)) {
            exercise(*full);
        } else if (const auto* compact = std::get_if<CompactSensorRecord>(&*record)) {
            for (const auto& s : expand_shared(*compact)) {
                (void)unit_string(s.units);
            }
        } else if (const auto* event_only = std::get_if<EventOnlyRecord>(&*record)) {
            (void)expand_shared(*event_only);
        }
    }
    // The same bytes as a Get Sensor Reading response and as reading factors.
    if (const auto reading = parse_reading(bytes); reading && size >= 6) {
        (void)health(*reading, bytes[4], bytes[5]);
        for (std::uint8_t offset = 0; offset < 16; ++offset) {
            (void)generic_offset_name(bytes[4], offset);
            (void)sensor_specific_offset_name(bytes[5], offset);
        }
    }
    if (const auto factors = parse_reading_factors(bytes); factors && size >= 9) {
        Conversion c;
        c.format = static_cast<AnalogFormat>(bytes[7] & 0x03U);
        c.linearization = static_cast<std::uint8_t>(bytes[8] & 0x7fU);
        c.factors = factors->factors;
        c.reading_factors = (bytes[8] & 0x80U) != 0;
        exercise_conversion(c, factors->next_reading);
    }
    return 0;
}
