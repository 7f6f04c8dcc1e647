// Sensor reading conversion (IPMI 2.0 section 36.3): y = L[(M*x + B*10^Bexp) * 10^Rexp] for
// readings and thresholds, the inverse for setting thresholds, hysteresis, resolution and
// tolerance.
#pragma once

#include "ipmi/sdr/factors.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <system_error>

namespace ipmi::sdr {

struct FullSensorRecord;

// Linearization function codes, Table 43-1 byte 24.
enum class Linearization : std::uint8_t {
    linear = 0x00,
    ln = 0x01,
    log10 = 0x02,
    log2 = 0x03,
    e = 0x04,
    exp10 = 0x05,
    exp2 = 0x06,
    inverse = 0x07, // 1/x
    sqr = 0x08,
    cube = 0x09,
    sqrt = 0x0a,
    cube_root = 0x0b, // "cube-1": x^(1/3)
};

// 70h-7Fh: non-linear, OEM-defined; the factors for a reading come from Get Sensor Reading
// Factors (section 35.5) and L is then the identity.
[[nodiscard]] constexpr bool is_nonlinear(std::uint8_t code) {
    return code >= 0x70 && code <= 0x7f;
}

// Everything a conversion needs. Factors come from the SDR or from a given set.
struct Conversion {
    AnalogFormat format = AnalogFormat::unsigned_value;
    std::uint8_t linearization = 0;
    Factors factors;
    // true when `factors` were read with Get Sensor Reading Factors for the reading being
    // converted: what lets a non-linear (70h-7Fh) sensor convert.
    bool reading_factors = false;

    // The SDR's own factors.
    [[nodiscard]] static Conversion from_record(const FullSensorRecord& record);
    // The SDR's format and linearization with factors from Get Sensor Reading Factors.
    [[nodiscard]] static Conversion with_reading_factors(const FullSensorRecord& record,
                                                         const Factors& factors);
};

// The signed reading x an analog data format encodes: unsigned 0..255, 1's complement
// -127..127 (FFh is negative zero: 0), 2's complement -128..127; nullopt for format 3.
[[nodiscard]] std::optional<int> decode_raw(std::uint8_t raw, AnalogFormat format);

// A reading or a threshold in units. Errors: Errc::sdr_no_analog_reading (format 3),
// sdr_nonlinear_needs_factors (70h-7Fh without reading factors), sdr_unknown_linearization,
// sdr_conversion_undefined (L gives no finite value: ln of <= 0, 1/0, sqrt of < 0).
[[nodiscard]] std::expected<double, std::error_code> to_value(std::uint8_t raw,
                                                              const Conversion& c);

// The raw byte whose value is nearest to `value`, for Set Sensor Thresholds. Refuses
// (Errc::sdr_value_out_of_range) a value beyond what the format encodes by more than half a
// count; sdr_conversion_undefined when M is 0 or L has no inverse at `value`; the other
// errors as to_value.
[[nodiscard]] std::expected<std::uint8_t, std::error_code> to_raw(double value,
                                                                  const Conversion& c);

// Hysteresis (Table 43-1 bytes 43-44, section 36.5) is an unsigned amount of raw counts, not
// a reading: |M * x * 10^Rexp|, without B and whatever the analog format. Only defined for
// linear sensors (and non-linear ones with reading factors): for L other than linear one
// count has no fixed size, so Errc::sdr_conversion_undefined. ipmitool converts the same way;
// converting a hysteresis with B (as a reading) would report e.g. -40 degrees hysteresis for
// a sensor with B = -40.
[[nodiscard]] std::expected<double, std::error_code> hysteresis_to_value(std::uint8_t raw,
                                                                         const Conversion& c);
// The inverse for Set Sensor Hysteresis: the nearest count, refusing amounts beyond 255.
[[nodiscard]] std::expected<std::uint8_t, std::error_code> hysteresis_to_raw(double amount,
                                                                             const Conversion& c);

// One raw count in units: |M| * 10^Rexp (correct for negative exponents, unlike FreeIPMI's
// ipmi_sensor_decode_resolution, which answers 0 there). Linear sensors only, as hysteresis.
[[nodiscard]] std::expected<double, std::error_code> resolution(const Conversion& c);

// Tolerance: +/- tolerance/2 counts in units, |M| * tolerance / 2 * 10^Rexp. Linear only.
[[nodiscard]] std::expected<double, std::error_code> tolerance(const Conversion& c);

} // namespace ipmi::sdr
