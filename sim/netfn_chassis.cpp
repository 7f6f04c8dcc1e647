// Chassis NetFn (00h) commands of the simulated BMC (IPMI 2.0 section 28).
#include "sim/bmc_model.hpp"

namespace sim {
namespace {

// IPMI 2.0 28.2 Get Chassis Status (01h): current power state, last power event,
// misc chassis state, front panel button capabilities (optional byte, sent).
Reply get_chassis_status(BmcModel& bmc, std::span<const std::uint8_t> /*data*/) {
    const auto& s = bmc.state();
    const auto power = static_cast<std::uint8_t>((s.power_on ? 0x01 : 0x00) |
                                                 (s.power_restore_policy & 0x03) << 5);
    // Misc byte: bit 6 identify state supported, bits 5:4 the identify state.
    const auto misc = static_cast<std::uint8_t>(0x40 | (s.identify & 0x03) << 4);
    return {0x00, {power, s.last_power_event, misc, 0x00}};
}

// IPMI 2.0 28.3 Chassis Control (02h): 0 down, 1 up, 2 cycle, 3 hard reset,
// 4 diagnostic interrupt, 5 soft shutdown (Table 28-4).
Reply chassis_control(BmcModel& bmc, std::span<const std::uint8_t> data) {
    auto& s = bmc.state();
    const std::uint8_t action = data[0] & 0x0f;
    if (action > 5) {
        return {0xcc, {}};
    }
    s.chassis_actions.push_back(action);
    if (action == 0 || action == 5) {
        s.power_on = false;
    } else if (action == 1 || action == 2 || action == 3) {
        s.power_on = true;
    }
    s.last_power_event = action == 1 ? 0x10 : 0x00; // bit 4: last power on by IPMI command
    return {0x00, {}};
}

// IPMI 2.0 28.5 Chassis Identify (04h): optional interval (0 = off) and force-on byte.
Reply chassis_identify(BmcModel& bmc, std::span<const std::uint8_t> data) {
    auto& s = bmc.state();
    if (data.size() > 2) {
        return {0xc7, {}};
    }
    if (data.size() == 2 && (data[1] & 0x01) != 0) {
        s.identify = 2;
    } else if (!data.empty() && data[0] == 0) {
        s.identify = 0;
    } else {
        s.identify = 1;
    }
    return {0x00, {}};
}

constexpr Command commands[] = {
    {0x01, 0, get_chassis_status},
    {0x02, 1, chassis_control},
    {0x04, any_length, chassis_identify},
};

} // namespace

std::span<const Command> chassis_commands() noexcept {
    return commands;
}

} // namespace sim
