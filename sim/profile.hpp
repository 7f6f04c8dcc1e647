// A simulated server as the BMC serves it: identity, SDR records, sensor values
// and behaviour, FRU images, SEL entries. Loaded from the profile JSON that
// sim/profile/make_profile.py writes (the same file ipmi_sim is configured from).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

struct SimSensor {
    enum class Kind : std::uint8_t { threshold, discrete, event_only };
    std::uint8_t number = 0;
    std::uint8_t lun = 0;
    Kind kind = Kind::threshold;
    std::uint8_t reading = 0; // raw, as the SDR's analog format encodes it
    bool is_signed = false;   // two's complement readings and thresholds
    bool scanning = true;
    std::uint16_t states = 0; // discrete state bits 0-14
    // Thresholds in Get Sensor Thresholds order: LNC, LC, LNR, UNC, UC, UNR.
    std::array<std::uint8_t, 6> thresholds{};
    std::array<std::uint8_t, 6> default_thresholds{};
    std::uint8_t readable_mask = 0;
    std::uint8_t settable_mask = 0;
    std::uint8_t hysteresis_positive = 0;
    std::uint8_t hysteresis_negative = 0;
    std::uint8_t wave = 0;  // raw amplitude of a slow sine on the reading
    bool nonlinear = false; // answers Get Sensor Reading Factors
};

struct Profile {
    std::string name;
    std::uint8_t device_id = 0x20;
    std::uint8_t device_revision = 1;
    std::uint8_t firmware_major = 1;
    std::uint8_t firmware_minor_bcd = 0;
    std::uint8_t ipmi_version_bcd = 0x02;
    std::uint8_t additional_support = 0;
    std::uint32_t manufacturer_id = 0;
    std::uint16_t product_id = 0;
    std::array<std::uint8_t, 16> guid{};
    std::vector<std::vector<std::uint8_t>> sdr;
    std::vector<SimSensor> sensors;
    std::map<std::uint8_t, std::vector<std::uint8_t>> fru;
    std::vector<std::array<std::uint8_t, 16>> sel; // record IDs 1, 2, 3...
    bool power_on = true;
};

// Parses a profile; nullopt when the JSON is not a profile.
[[nodiscard]] std::optional<Profile> parse_profile(std::string_view json);

// The built-in profile, compiled into the binary (sim/profile/server45.py).
[[nodiscard]] const Profile& server45();

} // namespace sim
