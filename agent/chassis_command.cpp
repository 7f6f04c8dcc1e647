#include "agent/chassis_command.hpp"

#include "agent/exit_codes.hpp"
#include "ipmi/client.hpp"
#include "ipmi/commands/chassis.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

namespace agent {
namespace {

using Status = ipmi::cmd::GetChassisStatus;
using Action = ipmi::cmd::ChassisControl::Action;

// Words users type, to IPMI 2.0 Table 28-4 chassis control values.
constexpr std::array<std::pair<std::string_view, Action>, 6> actions{{
    {"off", Action::power_down},
    {"on", Action::power_up},
    {"cycle", Action::power_cycle},
    {"reset", Action::hard_reset},
    {"diag", Action::diagnostic_interrupt},
    {"soft", Action::soft_shutdown},
}};

std::string_view policy_name(Status::RestorePolicy p) {
    switch (p) {
    case Status::RestorePolicy::stay_off:
        return "always-off";
    case Status::RestorePolicy::restore_previous:
        return "previous";
    case Status::RestorePolicy::always_on:
        return "always-on";
    case Status::RestorePolicy::unknown:
        break;
    }
    return "unknown";
}

std::string_view identify_name(Status::IdentifyState s) {
    switch (s) {
    case Status::IdentifyState::off:
        return "off";
    case Status::IdentifyState::temporary_on:
        return "temporary on";
    case Status::IdentifyState::indefinite_on:
        return "on";
    case Status::IdentifyState::reserved:
        break;
    }
    return "reserved";
}

int fail(const std::string& what, const std::error_code& ec) {
    fmt::print(stderr, "bmcwsman: {}: {}\n", what, ec.message());
    return ec.category() == ipmi::completion_category() ? exit_code::completion_code
                                                        : exit_code::failure;
}

} // namespace

int run_chassis_status(const TransportChoice& choice, bool json) {
    auto transport = open_transport(choice);
    if (!transport) {
        fmt::print(stderr, "bmcwsman: {}\n", transport.error().message());
        return exit_code::failure;
    }
    ipmi::Client client(**transport);
    auto s = client.call(Status{});
    if (!s) {
        return fail("Get Chassis Status", s.error());
    }
    if (json) {
        nlohmann::json out;
        out["power_on"] = s->power_on();
        out["power_overload"] = s->power_overload();
        out["interlock"] = s->interlock();
        out["power_fault"] = s->power_fault();
        out["power_control_fault"] = s->power_control_fault();
        out["restore_policy"] = policy_name(s->restore_policy());
        out["last_power_event"] = s->last_power_event;
        out["intrusion"] = s->intrusion();
        out["front_panel_lockout"] = s->front_panel_lockout();
        out["drive_fault"] = s->drive_fault();
        out["cooling_fault"] = s->cooling_fault();
        out["identify"] = s->identify_state_supported()
                              ? nlohmann::json(identify_name(s->identify_state()))
                              : nlohmann::json(nullptr);
        fmt::print("{}\n", out.dump(2));
        return exit_code::ok;
    }
    const auto yes_no = [](bool b) { return b ? "yes" : "no"; };
    fmt::print("System power        : {}\n", s->power_on() ? "on" : "off");
    fmt::print("Power overload      : {}\n", yes_no(s->power_overload()));
    fmt::print("Power interlock     : {}\n", yes_no(s->interlock()));
    fmt::print("Main power fault    : {}\n", yes_no(s->power_fault()));
    fmt::print("Power control fault : {}\n", yes_no(s->power_control_fault()));
    fmt::print("Power restore policy: {}\n", policy_name(s->restore_policy()));
    fmt::print("Chassis intrusion   : {}\n", s->intrusion() ? "active" : "inactive");
    fmt::print("Front panel lockout : {}\n", s->front_panel_lockout() ? "active" : "inactive");
    fmt::print("Drive fault         : {}\n", yes_no(s->drive_fault()));
    fmt::print("Cooling/fan fault   : {}\n", yes_no(s->cooling_fault()));
    if (s->identify_state_supported()) {
        fmt::print("Identify            : {}\n", identify_name(s->identify_state()));
    }
    return exit_code::ok;
}

int run_chassis_power(const TransportChoice& choice, const std::string& word, bool json) {
    const auto found =
        std::ranges::find(actions, word, &std::pair<std::string_view, Action>::first);
    if (found == actions.end()) {
        fmt::print(stderr, "bmcwsman: chassis power takes on, off, cycle, reset, diag or soft\n");
        return exit_code::usage;
    }
    auto transport = open_transport(choice);
    if (!transport) {
        fmt::print(stderr, "bmcwsman: {}\n", transport.error().message());
        return exit_code::failure;
    }
    ipmi::Client client(**transport);
    if (auto r = client.call(ipmi::cmd::ChassisControl{found->second}); !r) {
        return fail(fmt::format("Chassis Control {}", word), r.error());
    }
    if (json) {
        fmt::print("{}\n", nlohmann::json{{"action", word}, {"result", "ok"}}.dump());
    } else {
        fmt::print("Chassis power {}: done\n", word);
    }
    return exit_code::ok;
}

} // namespace agent
