#include "ipmi/sensor_record.hpp"

#include "ipmi/errc.hpp"

#include <array>

namespace ipmi {
namespace {

constexpr std::size_t header = 5;

std::error_code malformed() {
    return make_error_code(Errc::sdr_record_malformed);
}

std::uint16_t u16(std::span<const std::uint8_t> r, std::size_t at) {
    return static_cast<std::uint16_t>(r[at] | (r[at + 1] << 8));
}

// Section 43.15: the ID string's type/length byte; 11b is 8-bit ASCII+Latin1
// (to UTF-8 here), 10b 6-bit packed ASCII; trailing spaces and NULs trimmed.
std::expected<std::string, std::error_code> id_string(std::span<const std::uint8_t> r,
                                                      std::size_t at) {
    if (at >= r.size()) {
        return std::string{};
    }
    const std::uint8_t type_length = r[at];
    const std::size_t length = type_length & 0x1fU;
    if (at + 1 + length > r.size()) {
        return std::unexpected(malformed());
    }
    const auto bytes = r.subspan(at + 1, length);
    std::string out;
    if ((type_length >> 6) == 0x2) {
        unsigned bits = 0;
        unsigned have = 0;
        for (const std::uint8_t b : bytes) {
            bits |= static_cast<unsigned>(b) << have;
            have += 8;
            while (have >= 6) {
                out.push_back(static_cast<char>((bits & 0x3fU) + 0x20U));
                bits >>= 6;
                have -= 6;
            }
        }
    } else {
        for (const std::uint8_t b : bytes) {
            if (b < 0x80) {
                out.push_back(static_cast<char>(b));
            } else { // Latin-1 to UTF-8
                out.push_back(static_cast<char>(0xc0U | (b >> 6)));
                out.push_back(static_cast<char>(0x80U | (b & 0x3fU)));
            }
        }
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\0')) {
        out.pop_back();
    }
    return out;
}

void common(SensorRecord& s, std::span<const std::uint8_t> r) {
    s.record_id = u16(r, 0);
    s.record_type = r[3];
    s.owner_id = r[5];
    s.owner_lun = r[6] & 0x03U;
    s.channel = static_cast<std::uint8_t>(r[6] >> 4);
    s.number = r[7];
    s.entity_id = r[8];
    s.entity_instance = r[9] & 0x7fU;
}

// Full and compact records share bytes 12-22 (Tables 43-1, 43-2).
void masks_and_units(SensorRecord& s, std::span<const std::uint8_t> r) {
    s.sensor_type = r[12];
    s.event_reading_type = r[13];
    s.assertion_mask = u16(r, 14);
    s.deassertion_mask = u16(r, 16);
    if (s.threshold_based()) {
        s.readable_thresholds = r[18] & 0x3fU;
        s.settable_thresholds = r[19] & 0x3fU;
    } else {
        s.reading_mask = u16(r, 18);
    }
    s.format = static_cast<AnalogFormat>(r[20] >> 6);
    s.rate_unit = static_cast<std::uint8_t>((r[20] >> 3) & 0x07U);
    s.modifier_use = static_cast<std::uint8_t>((r[20] >> 1) & 0x03U);
    s.percentage = (r[20] & 0x01U) != 0;
    s.base_unit = r[21];
    s.modifier_unit = r[22];
}

// Section 43.2, byte 24 [6:0]: the instance modifier appended to a shared ID
// string, numeric ("Drive 0") or alphabetic ("Fan A" ... "Z", "AA" ...).
std::string modifier(bool alpha, unsigned n) {
    if (!alpha) {
        return std::to_string(n);
    }
    std::string s;
    if (n >= 26) {
        s.push_back(static_cast<char>('A' + n / 26 - 1));
    }
    s.push_back(static_cast<char>('A' + n % 26));
    return s;
}

std::expected<std::vector<SensorRecord>, std::error_code> full(std::span<const std::uint8_t> r) {
    if (r.size() < 48) {
        return std::unexpected(malformed());
    }
    SensorRecord s;
    common(s, r);
    masks_and_units(s, r);
    s.linearization = r[23] & 0x7fU;
    s.factors = parse_factors(std::span<const std::uint8_t, 6>(r.subspan(24, 6)));
    if (s.threshold_based()) {
        // Bytes 37-42 (1-based) hold UNR, UC, UNC, LNR, LC, LNC.
        constexpr std::array<std::size_t, 6> at{41, 40, 39, 38, 37, 36}; // LNC LC LNR UNC UC UNR
        for (std::size_t i = 0; i < 6; ++i) {
            if (((static_cast<unsigned>(s.readable_thresholds) >> i) & 1U) != 0) {
                s.thresholds[i] = r[at[i]];
            }
        }
    }
    s.hysteresis_positive = r[42];
    s.hysteresis_negative = r[43];
    auto name = id_string(r, 47);
    if (!name) {
        return std::unexpected(name.error());
    }
    s.name = std::move(*name);
    return std::vector<SensorRecord>{std::move(s)};
}

std::expected<std::vector<SensorRecord>, std::error_code>
shared(SensorRecord base, std::uint8_t sharing1, std::uint8_t sharing2) {
    const unsigned count = std::max(1U, sharing1 & 0x0fU);
    const bool alpha = ((sharing1 >> 4) & 0x03U) == 0x01;
    const unsigned offset = sharing2 & 0x7fU;
    const bool instance_increments = (sharing2 & 0x80U) != 0;
    std::vector<SensorRecord> out;
    for (unsigned i = 0; i < count; ++i) {
        SensorRecord s = base;
        s.number = static_cast<std::uint8_t>(base.number + i);
        if (instance_increments) {
            s.entity_instance = static_cast<std::uint8_t>((base.entity_instance + i) & 0x7fU);
        }
        if (count > 1) {
            s.name = base.name + " " + modifier(alpha, offset + i);
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::expected<std::vector<SensorRecord>, std::error_code> compact(std::span<const std::uint8_t> r) {
    if (r.size() < 32) {
        return std::unexpected(malformed());
    }
    SensorRecord s;
    common(s, r);
    masks_and_units(s, r);
    s.hysteresis_positive = r[25];
    s.hysteresis_negative = r[26];
    auto name = id_string(r, 31);
    if (!name) {
        return std::unexpected(name.error());
    }
    s.name = std::move(*name);
    return shared(std::move(s), r[23], r[24]);
}

std::expected<std::vector<SensorRecord>, std::error_code>
event_only(std::span<const std::uint8_t> r) {
    if (r.size() < 17) {
        return std::unexpected(malformed());
    }
    SensorRecord s;
    common(s, r);
    s.sensor_type = r[10];
    s.event_reading_type = r[11];
    auto name = id_string(r, 16);
    if (!name) {
        return std::unexpected(name.error());
    }
    s.name = std::move(*name);
    return shared(std::move(s), r[12], r[13]);
}

} // namespace

std::optional<double> SensorRecord::value(std::uint8_t raw) const {
    if (record_type != 0x01 || is_nonlinear(linearization)) {
        return std::nullopt;
    }
    return raw_to_value(raw, format, linearization, factors);
}

std::expected<std::vector<SensorRecord>, std::error_code>
sensors_of(std::span<const std::uint8_t> record) {
    if (record.size() < header || record.size() != header + std::size_t{record[4]}) {
        return std::unexpected(malformed());
    }
    switch (record[3]) {
    case 0x01:
        return full(record);
    case 0x02:
        return compact(record);
    case 0x03:
        return event_only(record);
    default:
        return std::vector<SensorRecord>{};
    }
}

std::string unit_name(std::uint8_t base_unit) {
    // IPMI 2.0 Table 43-15, Sensor Unit Type Codes.
    static constexpr std::array<const char*, 93> names{"unspecified",
                                                       "degrees C",
                                                       "degrees F",
                                                       "degrees K",
                                                       "Volts",
                                                       "Amps",
                                                       "Watts",
                                                       "Joules",
                                                       "Coulombs",
                                                       "VA",
                                                       "Nits",
                                                       "lumen",
                                                       "lux",
                                                       "Candela",
                                                       "kPa",
                                                       "PSI",
                                                       "Newton",
                                                       "CFM",
                                                       "RPM",
                                                       "Hz",
                                                       "microsecond",
                                                       "millisecond",
                                                       "second",
                                                       "minute",
                                                       "hour",
                                                       "day",
                                                       "week",
                                                       "mil",
                                                       "inches",
                                                       "feet",
                                                       "cu in",
                                                       "cu feet",
                                                       "mm",
                                                       "cm",
                                                       "m",
                                                       "cu cm",
                                                       "cu m",
                                                       "liters",
                                                       "fluid ounce",
                                                       "radians",
                                                       "steradians",
                                                       "revolutions",
                                                       "cycles",
                                                       "gravities",
                                                       "ounce",
                                                       "pound",
                                                       "ft-lb",
                                                       "oz-in",
                                                       "gauss",
                                                       "gilberts",
                                                       "henry",
                                                       "millihenry",
                                                       "farad",
                                                       "microfarad",
                                                       "ohms",
                                                       "siemens",
                                                       "mole",
                                                       "becquerel",
                                                       "PPM",
                                                       "reserved",
                                                       "Decibels",
                                                       "DbA",
                                                       "DbC",
                                                       "gray",
                                                       "sievert",
                                                       "color temp deg K",
                                                       "bit",
                                                       "kilobit",
                                                       "megabit",
                                                       "gigabit",
                                                       "byte",
                                                       "kilobyte",
                                                       "megabyte",
                                                       "gigabyte",
                                                       "word",
                                                       "dword",
                                                       "qword",
                                                       "line",
                                                       "hit",
                                                       "miss",
                                                       "retry",
                                                       "reset",
                                                       "overrun / overflow",
                                                       "underrun",
                                                       "collision",
                                                       "packets",
                                                       "messages",
                                                       "characters",
                                                       "error",
                                                       "correctable error",
                                                       "uncorrectable error",
                                                       "fatal error",
                                                       "grams"};
    return base_unit < names.size() ? names[base_unit] : "unit " + std::to_string(base_unit);
}

} // namespace ipmi
