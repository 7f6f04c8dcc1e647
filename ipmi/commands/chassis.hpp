// Chassis commands (IPMI 2.0 section 28): status, control, identify, boot options.
#pragma once

#include "ipmi/commands/command.hpp"
#include "ipmi/message.hpp"

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

namespace ipmi::cmd {

// IPMI 2.0 section 28.2, Table 28-3.
struct GetChassisStatus {
    static constexpr std::uint8_t netfn = ipmi::netfn::chassis;
    static constexpr std::uint8_t cmd = 0x01;
    enum class RestorePolicy : std::uint8_t {
        stay_off = 0,
        restore_previous = 1,
        always_on = 2,
        unknown = 3
    };
    enum class IdentifyState : std::uint8_t {
        off = 0,
        temporary_on = 1,
        indefinite_on = 2,
        reserved = 3
    };
    struct Response {
        std::uint8_t current_power_state = 0;            // raw byte 1
        std::uint8_t last_power_event = 0;               // raw byte 2
        std::uint8_t misc_chassis_state = 0;             // raw byte 3
        std::optional<std::uint8_t> front_panel_buttons; // byte 4, optional

        [[nodiscard]] bool power_on() const { return (current_power_state & 0x01U) != 0; }
        [[nodiscard]] bool power_overload() const { return (current_power_state & 0x02U) != 0; }
        [[nodiscard]] bool interlock() const { return (current_power_state & 0x04U) != 0; }
        [[nodiscard]] bool power_fault() const { return (current_power_state & 0x08U) != 0; }
        [[nodiscard]] bool power_control_fault() const {
            return (current_power_state & 0x10U) != 0;
        }
        [[nodiscard]] RestorePolicy restore_policy() const {
            return static_cast<RestorePolicy>((current_power_state >> 5) & 0x03U);
        }
        [[nodiscard]] bool intrusion() const { return (misc_chassis_state & 0x01U) != 0; }
        [[nodiscard]] bool front_panel_lockout() const { return (misc_chassis_state & 0x02U) != 0; }
        [[nodiscard]] bool drive_fault() const { return (misc_chassis_state & 0x04U) != 0; }
        [[nodiscard]] bool cooling_fault() const { return (misc_chassis_state & 0x08U) != 0; }
        [[nodiscard]] bool identify_state_supported() const {
            return (misc_chassis_state & 0x40U) != 0;
        }
        [[nodiscard]] IdentifyState identify_state() const {
            return static_cast<IdentifyState>((misc_chassis_state >> 4) & 0x03U);
        }
    };
    [[nodiscard]] std::vector<std::uint8_t> encode() const { return {}; }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 28.3, Table 28-4.
struct ChassisControl {
    static constexpr std::uint8_t netfn = ipmi::netfn::chassis;
    static constexpr std::uint8_t cmd = 0x02;
    enum class Action : std::uint8_t {
        power_down = 0,
        power_up = 1,
        power_cycle = 2,
        hard_reset = 3,
        diagnostic_interrupt = 4,
        soft_shutdown = 5,
    };
    using Response = Empty;
    Action action = Action::power_up;
    [[nodiscard]] std::vector<std::uint8_t> encode() const {
        return {static_cast<std::uint8_t>(action)};
    }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// IPMI 2.0 section 28.5: both request bytes are optional; interval 0 turns it off.
struct ChassisIdentify {
    static constexpr std::uint8_t netfn = ipmi::netfn::chassis;
    static constexpr std::uint8_t cmd = 0x04;
    using Response = Empty;
    std::optional<std::uint8_t> interval_seconds; // default on the BMC: 15 s
    bool force_on = false;                        // byte 2 bit 0 (needs the interval byte)
    [[nodiscard]] std::vector<std::uint8_t> encode() const;
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);
};

// Boot flags, boot option parameter 5 (IPMI 2.0 Table 28-14), kept as its five bytes.
struct BootFlags {
    enum class Device : std::uint8_t {
        none = 0x0,
        pxe = 0x1,
        disk = 0x2,
        disk_safe_mode = 0x3,
        diagnostic_partition = 0x4,
        cd_dvd = 0x5,
        bios_setup = 0x6,
        remote_floppy = 0x7,
        remote_cd_dvd = 0x8,
        primary_remote_media = 0x9,
        remote_disk = 0xb,
        floppy = 0xf,
    };
    std::array<std::uint8_t, 5> bytes{};

    [[nodiscard]] bool valid() const { return (bytes[0] & 0x80U) != 0; }
    [[nodiscard]] bool persistent() const { return (bytes[0] & 0x40U) != 0; }
    [[nodiscard]] bool efi() const { return (bytes[0] & 0x20U) != 0; }
    [[nodiscard]] Device device() const { return static_cast<Device>((bytes[1] >> 2) & 0x0fU); }

    // A valid override to `device`, next boot only unless persistent.
    [[nodiscard]] static BootFlags override_to(Device device, bool persistent, bool efi);
};

// IPMI 2.0 section 28.13, Table 28-14 (parameter 5 only is typed here).
struct GetSystemBootOptions {
    static constexpr std::uint8_t netfn = ipmi::netfn::chassis;
    static constexpr std::uint8_t cmd = 0x09;
    struct Response {
        std::uint8_t parameter_version = 0;
        bool parameter_invalid = false; // byte 2 bit 7: parameter marked invalid / locked
        std::uint8_t parameter = 0;
        std::vector<std::uint8_t> data;
    };
    std::uint8_t parameter = 5;
    std::uint8_t set_selector = 0;
    std::uint8_t block_selector = 0;
    [[nodiscard]] std::vector<std::uint8_t> encode() const {
        return {static_cast<std::uint8_t>(parameter & 0x7fU), set_selector, block_selector};
    }
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);

    // The boot flags from a parameter 5 response (exactly five data bytes).
    [[nodiscard]] static std::expected<BootFlags, std::error_code>
    boot_flags(const Response& response);
};

// IPMI 2.0 section 28.12.
struct SetSystemBootOptions {
    static constexpr std::uint8_t netfn = ipmi::netfn::chassis;
    static constexpr std::uint8_t cmd = 0x08;
    using Response = Empty;
    std::uint8_t parameter = 5;
    bool mark_invalid = false;
    std::vector<std::uint8_t> data;
    [[nodiscard]] std::vector<std::uint8_t> encode() const;
    [[nodiscard]] static std::expected<Response, std::error_code>
    decode(std::span<const std::uint8_t> data);

    [[nodiscard]] static SetSystemBootOptions boot_flags(const BootFlags& flags);
};

} // namespace ipmi::cmd
