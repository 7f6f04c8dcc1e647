// Dispatch of raw requests to the per-NetFn command tables.
#include "sim/bmc_model.hpp"

#include <cmath>
#include <ctime>

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
    {0x04, sensor_commands},
    {0x06, app_commands},
    {0x0a, storage_commands},
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

// When the profile's SDR and SEL were "last changed" (2025-11-24 00:00 UTC).
constexpr std::uint32_t profile_epoch = 1'763'942'400;

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

void BmcModel::load(const Profile& p) {
    state_.device_id = p.device_id;
    state_.device_revision = p.device_revision;
    state_.firmware_major = p.firmware_major;
    state_.firmware_minor_bcd = p.firmware_minor_bcd;
    state_.ipmi_version_bcd = p.ipmi_version_bcd;
    state_.additional_support = p.additional_support;
    state_.manufacturer_id = p.manufacturer_id;
    state_.product_id = p.product_id;
    state_.system_guid = p.guid;
    state_.power_on = p.power_on;
    state_.power_restore_policy = 0x02; // always on
    state_.sdr = p.sdr;
    // A repository that did not change keeps its timestamps across restarts of
    // the client (and of this simulator): fixed, so SDR caches stay warm.
    state_.sdr_addition = profile_epoch;
    state_.sensors = p.sensors;
    state_.fru = p.fru;
    state_.sel = p.sel;
    state_.sel_next_id = static_cast<std::uint16_t>(p.sel.size() + 1);
    state_.sel_addition = profile_epoch;
}

void BmcModel::add_sel_entry(std::uint8_t record_type, const std::array<std::uint8_t, 13>& rest) {
    std::array<std::uint8_t, 16> entry{};
    entry[0] = static_cast<std::uint8_t>(state_.sel_next_id & 0xff);
    entry[1] = static_cast<std::uint8_t>(state_.sel_next_id >> 8);
    entry[2] = record_type;
    std::copy(rest.begin(), rest.end(), entry.begin() + 3);
    ++state_.sel_next_id;
    if (state_.sel.size() < state_.sel_capacity) {
        state_.sel.push_back(entry);
        state_.sel_addition = now_seconds();
        state_.sel_reserved = false; // an added entry cancels the SEL reservation (IPMI 2.0 31.4)
    }
}

void BmcModel::reserve_sdr_elsewhere() {
    ++state_.sdr_reservation;
    state_.sdr_reserved = false;
}

SimSensor* BmcModel::sensor(std::uint8_t number) {
    for (auto& s : state_.sensors) {
        if (s.number == number) {
            return &s;
        }
    }
    return nullptr;
}

std::uint8_t BmcModel::reading_now(const SimSensor& s) const {
    if (s.wave == 0) {
        return s.reading;
    }
    const double t =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - state_.started).count();
    const double offset = std::round(s.wave * std::sin(2.0 * 3.141592653589793 * t / 60.0));
    return static_cast<std::uint8_t>(static_cast<int>(s.reading) + static_cast<int>(offset));
}

std::uint32_t BmcModel::now_seconds() {
    return static_cast<std::uint32_t>(std::time(nullptr));
}

} // namespace sim
