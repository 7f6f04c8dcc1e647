#include "agent/status_command.hpp"

#include "agent/exit_codes.hpp"
#include "agent/status_socket.hpp"

#include <cstdint>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {
namespace {

using Json = nlohmann::json;

// The fields by the type the agent writes them with; anything else is unknown (json's own
// value() would throw, and convert a float to an integer without a range check).
std::string text(const Json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : "?";
}

std::int64_t count(const Json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

double seconds(const Json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

bool flag(const Json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

} // namespace

std::expected<StatusView, std::string> render_status(std::string_view answer, bool json) {
    const auto j = Json::parse(answer, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return std::unexpected("an answer that is not a JSON object");
    }
    StatusView v;
    v.bmc_reachable = flag(j, "bmc_reachable");
    if (json) {
        v.text = j.dump(2) + "\n";
        return v;
    }
    v.text = fmt::format("agent {} (pid {}), up {:.0f} s, BMC via {}\n", text(j, "version"), count(j, "pid"),
                         seconds(j, "uptime_seconds"), text(j, "transport"));
    v.text += fmt::format("BMC {}; model {:.1f} s old after {} polls ({} failed); {} sensors, {} SEL entries\n",
                          v.bmc_reachable ? "answers" : "does NOT answer (No Contact)",
                          seconds(j, "last_poll_age_seconds"), count(j, "polls"), count(j, "failed_polls"),
                          count(j, "sensors"), count(j, "sel_entries"));
    if (flag(j, "bmc_busy")) {
        v.text += fmt::format("BMC busy (C0h): {} readings served from earlier polls, the oldest {:.1f} s old\n",
                              count(j, "held_readings"), seconds(j, "oldest_reading_age_seconds"));
    }
    if (const auto it = j.find("listeners"); it != j.end() && it->is_array()) {
        for (const auto& l : *it) {
            if (!l.is_object()) {
                continue;
            }
            v.text += fmt::format("{}: {} requests, {} authentication failures, {} connections open\n", text(l, "url"),
                                  count(l, "requests"), count(l, "auth_failures"), count(l, "open_connections"));
        }
    }
    return v;
}

int run_status(const std::string& socket_path, bool json) {
    auto answer = query_status(socket_path);
    if (!answer) {
        fmt::print(stderr, "bmcwsman: {}\n", answer.error());
        return exit_code::failure;
    }
    const auto view = render_status(*answer, json);
    if (!view) {
        fmt::print(stderr, "bmcwsman: the agent on {} answered something that is not JSON\n", socket_path);
        return exit_code::failure;
    }
    fmt::print("{}", view->text);
    if (!view->bmc_reachable) {
        fmt::print(stderr, "bmcwsman: the agent runs but its BMC does not answer\n");
        return exit_code::failure;
    }
    return exit_code::ok;
}

} // namespace agent
