// Health classification of readings: threshold crossings and a severity table of discrete
// offsets (IPMI 2.0 Tables 42-2 and 42-3). Letters per offset: O ok, W warning, C critical,
// N nonrecoverable; offsets past the string are ok.
#include "ipmi/sdr/health.hpp"

#include "ipmi/sdr/record.hpp"

#include <array>

namespace ipmi::sdr {
namespace {

struct Severities {
    std::uint8_t code; // event/reading type (generic) or sensor type (sensor-specific)
    std::string_view offsets;
};

// Table 42-2 generic offsets, by event/reading type.
constexpr std::array generic_severities{
    Severities{0x01, "WWCCNNWWCCNN"}, // threshold: LNC LNC LC LC LNR LNR UNC UNC UC UC UNR UNR
    Severities{0x04, "OW"},           // predictive failure asserted
    Severities{0x05, "OC"},           // limit exceeded
    Severities{0x06, "OW"},           // performance lags
    Severities{0x07, "OWCNWCNOO"},    // transition to OK / non-critical / critical / non-rec.
    Severities{0x0a, "OOOOOOWOC"},    // degraded, install error
    Severities{0x0b, "OCWWWCWW"},     // redundancy lost / degraded / non-redundant
};

// Table 42-3 sensor-specific offsets, by sensor type.
constexpr std::array specific_severities{
    Severities{0x05, "CCCCWCC"},       // physical security: intrusions, LAN leash lost
    Severities{0x06, "CCCCCC"},        // platform security violation attempts
    Severities{0x07, "CCCCCCCOWOWCW"}, // processor: IERR, thermal trip ... presence ok
    Severities{0x08, "OCWCCWCW"},      // power supply: failure, input lost, config error
    Severities{0x09, "OOCCCCCW"},      // power unit
    Severities{0x0c, "WCCCWWOCOWC"},   // memory: correctable ECC warning, uncorrectable critical
    Severities{0x0d, "OCWOOCCWC"},     // drive slot: fault, in failed array
    Severities{0x0f, "CCO"},           // system firmware progress: error, hang
    Severities{0x10, "WWOWWWW"},       // event logging disabled, SEL full
    Severities{0x11, "CCCCCCWW"},      // watchdog 1
    Severities{0x12, "OOCOOO"},        // system event: undetermined hardware failure
    Severities{0x13, "CCCCCCCWCCCW"},  // critical interrupt
    Severities{0x19, "CC"},            // chip set
    Severities{0x1b, "OC"},            // cable/interconnect: incorrect cable
    Severities{0x1e, "CWWCW"},         // boot error
    Severities{0x1f, "OOOOOOOOOWC"},   // OS boot: installation aborted / failed
    Severities{0x20, "CCWOOW"},        // OS critical stop
    Severities{0x21, "C"},             // slot/connector: fault status asserted
    Severities{0x23, "WCCCOOOOW"},     // watchdog 2
    Severities{0x25, "OOW"},           // entity presence: disabled
    Severities{0x27, "CO"},            // LAN heartbeat lost
    Severities{0x28, "WWCCCC"},        // management subsystem health
    Severities{0x29, "WCO"},           // battery low / failed
    Severities{0x2a, "OOWW"},          // session audit: invalid password
    Severities{0x2b, "OOCCCCOO"},      // version change: incompatibilities
    Severities{0x2c, "OOOOOOOC"},      // FRU state: communication lost
};

Health letter(char c) {
    switch (c) {
    case 'W':
        return Health::warning;
    case 'C':
        return Health::critical;
    case 'N':
        return Health::nonrecoverable;
    default:
        return Health::ok;
    }
}

template <std::size_t N>
Health lookup(const std::array<Severities, N>& table, std::uint8_t code, std::uint8_t offset) {
    for (const auto& s : table) {
        if (s.code == code) {
            return offset < s.offsets.size() ? letter(s.offsets[offset]) : Health::ok;
        }
    }
    return Health::ok;
}

Health worse(Health a, Health b) {
    return a > b ? a : b;
}

} // namespace

std::string_view to_string(Health h) noexcept {
    switch (h) {
    case Health::ok:
        return "ok";
    case Health::warning:
        return "warning";
    case Health::critical:
        return "critical";
    case Health::nonrecoverable:
        return "nonrecoverable";
    }
    return "unknown";
}

Health threshold_health(std::uint8_t status) noexcept {
    Health h = Health::ok;
    for (unsigned bit = 0; bit < 6; ++bit) {
        if (((static_cast<unsigned>(status) >> bit) & 1U) == 0) {
            continue;
        }
        switch (bit % 3) { // bits 0/3 non-critical, 1/4 critical, 2/5 non-recoverable
        case 0:
            h = worse(h, Health::warning);
            break;
        case 1:
            h = worse(h, Health::critical);
            break;
        default:
            h = worse(h, Health::nonrecoverable);
            break;
        }
    }
    return h;
}

Health offset_severity(std::uint8_t event_reading_type, std::uint8_t sensor_type,
                       std::uint8_t offset) noexcept {
    if (event_reading_type == event_reading_type_specific) {
        return lookup(specific_severities, sensor_type, offset);
    }
    return lookup(generic_severities, event_reading_type, offset);
}

Health discrete_health(std::uint8_t event_reading_type, std::uint8_t sensor_type,
                       std::uint16_t states) noexcept {
    Health h = Health::ok;
    for (std::uint8_t offset = 0; offset < 15; ++offset) {
        if (((static_cast<unsigned>(states) >> offset) & 1U) != 0) {
            h = worse(h, offset_severity(event_reading_type, sensor_type, offset));
        }
    }
    return h;
}

std::optional<Health> health(const SensorReading& reading, std::uint8_t event_reading_type,
                             std::uint8_t sensor_type) noexcept {
    if (!reading.valid() || !reading.has_states) {
        return std::nullopt;
    }
    if (event_reading_type == event_reading_type_threshold) {
        return threshold_health(reading.threshold_status());
    }
    return discrete_health(event_reading_type, sensor_type, reading.states);
}

} // namespace ipmi::sdr
