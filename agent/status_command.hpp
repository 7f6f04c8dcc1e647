// `bmcwsman status`: asks a running agent through its status socket; exit 0 when the agent
// answers and its BMC answers it, 1 otherwise (one line on stderr says which).
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace agent {

[[nodiscard]] int run_status(const std::string& socket_path, bool json);

// The agent's answer on the status socket (a JSON object) as `status` prints it: indented
// JSON, or the summary lines. A field that is absent or of another type than the agent
// writes reads as unknown ("?", 0, false); an answer that is not a JSON object is an error.
struct StatusView {
    std::string text;
    bool bmc_reachable = false;
};
[[nodiscard]] std::expected<StatusView, std::string> render_status(std::string_view answer, bool json);

} // namespace agent
