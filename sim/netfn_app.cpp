// App NetFn (06h) commands of the simulated BMC (IPMI 2.0 section 20).
#include "sim/bmc_model.hpp"

namespace sim {
namespace {

// IPMI 2.0 20.1 Get Device ID (01h).
Reply get_device_id(BmcModel& bmc, std::span<const std::uint8_t> /*data*/) {
    const auto& s = bmc.state();
    Reply reply;
    reply.data = {
        s.device_id,
        s.device_revision,
        static_cast<std::uint8_t>(s.firmware_major & 0x7f), // bit 7 clear: device available
        s.firmware_minor_bcd,
        s.ipmi_version_bcd,
        s.additional_support,
        static_cast<std::uint8_t>(s.manufacturer_id & 0xff),
        static_cast<std::uint8_t>((s.manufacturer_id >> 8) & 0xff),
        static_cast<std::uint8_t>((s.manufacturer_id >> 16) & 0x0f),
        static_cast<std::uint8_t>(s.product_id & 0xff),
        static_cast<std::uint8_t>(s.product_id >> 8),
        s.aux_firmware[0],
        s.aux_firmware[1],
        s.aux_firmware[2],
        s.aux_firmware[3],
    };
    return reply;
}

// IPMI 2.0 20.4 Get Self Test Results (04h): 55h = no error, second byte 00h.
Reply get_self_test_results(BmcModel& /*bmc*/, std::span<const std::uint8_t> /*data*/) {
    return {0x00, {0x55, 0x00}};
}

// IPMI 2.0 22.14 Get System GUID (37h).
Reply get_system_guid(BmcModel& bmc, std::span<const std::uint8_t> /*data*/) {
    const auto& guid = bmc.state().system_guid;
    return {0x00, {guid.begin(), guid.end()}};
}

constexpr Command commands[] = {
    {0x01, 0, get_device_id},
    {0x04, 0, get_self_test_results},
    {0x37, 0, get_system_guid},
};

} // namespace

std::span<const Command> app_commands() noexcept {
    return commands;
}

} // namespace sim
