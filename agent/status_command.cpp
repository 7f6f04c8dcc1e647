#include "agent/status_command.hpp"

#include "agent/exit_codes.hpp"
#include "agent/status_socket.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {

int run_status(const std::string& socket_path, bool json) {
    auto text = query_status(socket_path);
    if (!text) {
        fmt::print(stderr, "bmcwsman: {}\n", text.error());
        return exit_code::failure;
    }
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        fmt::print(stderr, "bmcwsman: the agent on {} answered something that is not JSON\n", socket_path);
        return exit_code::failure;
    }
    const bool reachable = j.value("bmc_reachable", false);
    if (json) {
        fmt::print("{}\n", j.dump(2));
    } else {
        fmt::print("agent {} (pid {}), up {:.0f} s, BMC via {}\n", j.value("version", "?"), j.value("pid", 0),
                   j.value("uptime_seconds", 0.0), j.value("transport", "?"));
        fmt::print("BMC {}; model {:.1f} s old after {} polls ({} failed); {} sensors, {} SEL entries\n",
                   reachable ? "answers" : "does NOT answer (No Contact)", j.value("last_poll_age_seconds", 0.0),
                   j.value("polls", 0), j.value("failed_polls", 0), j.value("sensors", 0), j.value("sel_entries", 0));
        if (j.value("bmc_busy", false)) {
            fmt::print("BMC busy (C0h): {} readings served from earlier polls, the oldest {:.1f} s old\n",
                       j.value("held_readings", 0), j.value("oldest_reading_age_seconds", 0.0));
        }
        if (j.contains("listeners") && j["listeners"].is_array()) {
            for (const auto& l : j["listeners"]) {
                fmt::print("{}: {} requests, {} authentication failures, {} connections open\n",
                           l.value("url", "?"), l.value("requests", 0), l.value("auth_failures", 0),
                           l.value("open_connections", 0));
            }
        }
    }
    if (!reachable) {
        fmt::print(stderr, "bmcwsman: the agent runs but its BMC does not answer\n");
        return exit_code::failure;
    }
    return exit_code::ok;
}

} // namespace agent
