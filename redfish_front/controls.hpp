// What the Redfish writes become: ComputerSystem.Reset's ResetType values as DSP1027
// RequestPowerStateChange PowerStates (cim_mapping/provider_methods.cpp turns those into
// Chassis Control, IPMI 2.0 Table 28-4), and LocationIndicatorActive as the identify LED's
// ActivationState (DSP1074; Chassis Identify, section 28.5).
#pragma once

#include "cim_mapping/snapshot.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace redfish {

struct ResetType {
    std::string_view name;    // Resource.ResetType
    std::uint16_t power_state; // CIM_PowerManagementService.RequestPowerStateChange PowerState
};

// Every Chassis Control action (IPMI 2.0 Table 28-4) has one: power up, power down, power
// cycle, hard reset, diagnostic interrupt, soft shutdown.
inline constexpr std::array<ResetType, 6> reset_types{{
    {"On", 2},                // power up
    {"ForceOff", 8},          // power down
    {"GracefulShutdown", 12}, // soft shutdown (ACPI overtemperature emulation)
    {"ForceRestart", 10},     // hard reset
    {"PowerCycle", 5},        // power cycle
    {"Nmi", 11},              // pulse diagnostic interrupt
}};

// The identify LED as LocationIndicatorActive: lit or blinking is true, off false, nullopt
// when the BMC does not report it.
[[nodiscard]] std::optional<bool> location_indicator(const cim::Snapshot& s);

} // namespace redfish
