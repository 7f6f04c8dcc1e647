// The simulated BMC's command model: raw request bytes in, raw response bytes out.
#pragma once

#include "sim/profile.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

namespace sim {

class BmcModel;

// What a handler answers: a completion code and the bytes after it.
struct Reply {
    std::uint8_t cc = 0x00;
    std::vector<std::uint8_t> data;
};

// One command of a NetFn: its request data length (any_length to skip the check; a
// mismatch answers C7h) and its handler. The layout of OpenIPMI lanserv's tables.
inline constexpr int any_length = -1;
struct Command {
    std::uint8_t cmd;
    int request_length;
    Reply (*handler)(BmcModel& bmc, std::span<const std::uint8_t> data);
};

// Per-NetFn tables, one file each (netfn_app.cpp, netfn_chassis.cpp).
[[nodiscard]] std::span<const Command> app_commands() noexcept;
[[nodiscard]] std::span<const Command> chassis_commands() noexcept;
[[nodiscard]] std::span<const Command> sensor_commands() noexcept;
[[nodiscard]] std::span<const Command> storage_commands() noexcept;

class BmcModel {
public:
    // Identity and state the handlers answer from; tests may change them.
    struct State {
        std::uint8_t device_id = 0x20;
        std::uint8_t device_revision = 0x01;
        std::uint8_t firmware_major = 0x01;
        std::uint8_t firmware_minor_bcd = 0x02;
        std::uint8_t ipmi_version_bcd = 0x02; // IPMI 2.0: minor in 7:4, major in 3:0
        std::uint8_t additional_support = 0xbf;
        std::uint32_t manufacturer_id = 0x0002a2; // IANA 674
        std::uint16_t product_id = 0x0100;
        std::array<std::uint8_t, 4> aux_firmware{0x00, 0x00, 0x00, 0x00};
        std::array<std::uint8_t, 16> system_guid{0x5b, 0xc2, 0x7d, 0x3e, 0x11, 0x8f, 0x4a, 0x6c,
                                                 0x9d, 0x02, 0x47, 0xe5, 0x61, 0xb8, 0x30, 0xa9};
        bool power_on = true;
        std::uint8_t power_restore_policy = 0x01; // 01b: restore previous state
        std::uint8_t identify = 0;                // 0 off, 1 temporary on, 2 indefinite on
        std::uint8_t last_power_event = 0;
        std::vector<std::uint8_t> chassis_actions; // Chassis Control values received, in order

        // SDR repository (IPMI 2.0 section 33) and its reservation.
        std::vector<std::vector<std::uint8_t>> sdr;
        std::uint32_t sdr_addition = 0;
        std::uint32_t sdr_erase = 0;
        std::uint16_t sdr_reservation = 0;
        bool sdr_reserved = false;

        std::vector<SimSensor> sensors;
        std::map<std::uint8_t, std::vector<std::uint8_t>> fru;

        // SEL (section 31).
        std::vector<std::array<std::uint8_t, 16>> sel;
        std::uint16_t sel_next_id = 1;
        std::uint32_t sel_addition = 0;
        std::uint32_t sel_erase = 0;
        std::uint16_t sel_reservation = 0;
        bool sel_reserved = false;
        std::size_t sel_capacity = 1024;

        // Largest response data (after the completion code) Get SDR, Get SEL Entry
        // and Read FRU Data return; 0 = no cap. ipmi_sim answers about 34.
        std::size_t response_cap = 0;
        std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    };

    // Request bytes (NetFn/LUN, Cmd, Data; IPMI 2.0 9.3) to response bytes (NetFn+1/LUN,
    // Cmd, Completion Code, Data). Unknown NetFn or command: C1h.
    [[nodiscard]] std::vector<std::uint8_t> handle(std::span<const std::uint8_t> request);

    [[nodiscard]] State& state() noexcept { return state_; }

    // Serves a profile: identity, SDR, sensors, FRU, SEL, power state.
    void load(const Profile& profile);
    // An event logged by the BMC (record type, then bytes 4-16 of the entry).
    void add_sel_entry(std::uint8_t record_type, const std::array<std::uint8_t, 13>& rest);
    // Another client reserved the SDR repository: ours is cancelled (C5h).
    void reserve_sdr_elsewhere();
    [[nodiscard]] SimSensor* sensor(std::uint8_t number);
    // The raw reading now: the profile's value plus its slow sine (one period a minute).
    [[nodiscard]] std::uint8_t reading_now(const SimSensor& sensor) const;
    [[nodiscard]] static std::uint32_t now_seconds();

private:
    State state_;
};

} // namespace sim
