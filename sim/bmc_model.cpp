// Dispatch of raw requests to the per-NetFn command tables.
#include "sim/bmc_model.hpp"

namespace sim {
namespace {

constexpr std::uint8_t cc_invalid_command = 0xc1;
constexpr std::uint8_t cc_request_length_invalid = 0xc7;

struct NetFnEntry {
    std::uint8_t netfn;
    std::span<const Command> (*commands)() noexcept;
};

// IPMI 2.0 Table 5-1 request NetFns this BMC serves.
constexpr NetFnEntry netfns[] = {
    {0x00, chassis_commands},
    {0x06, app_commands},
};

const Command* find(std::uint8_t netfn, std::uint8_t cmd) {
    for (const auto& entry : netfns) {
        if (entry.netfn != netfn) {
            continue;
        }
        for (const auto& command : entry.commands()) {
            if (command.cmd == cmd) {
                return &command;
            }
        }
    }
    return nullptr;
}

} // namespace

std::vector<std::uint8_t> BmcModel::handle(std::span<const std::uint8_t> request) {
    const std::uint8_t netfn_lun = request.empty() ? 0 : request[0];
    const std::uint8_t netfn = static_cast<std::uint8_t>(netfn_lun >> 2);
    const std::uint8_t lun = static_cast<std::uint8_t>(netfn_lun & 0x03);
    const std::uint8_t cmd = request.size() > 1 ? request[1] : 0;
    Reply reply{cc_request_length_invalid, {}};
    if (request.size() >= 2) {
        const auto data = request.subspan(2);
        const Command* command = find(netfn, cmd);
        if (command == nullptr) {
            reply.cc = cc_invalid_command;
        } else if (command->request_length != any_length &&
                   data.size() != static_cast<std::size_t>(command->request_length)) {
            reply.cc = cc_request_length_invalid;
        } else {
            reply = command->handler(*this, data);
        }
    }
    std::vector<std::uint8_t> response;
    response.reserve(3 + reply.data.size());
    response.push_back(static_cast<std::uint8_t>((netfn | 1U) << 2 | lun));
    response.push_back(cmd);
    response.push_back(reply.cc);
    response.insert(response.end(), reply.data.begin(), reply.data.end());
    return response;
}

} // namespace sim
