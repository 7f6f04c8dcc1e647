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
    return {0x00, {power, 0x00, 0x40 /* identify command supported, off */, 0x00}};
}

constexpr Command commands[] = {
    {0x01, 0, get_chassis_status},
};

} // namespace

std::span<const Command> chassis_commands() noexcept {
    return commands;
}

} // namespace sim
