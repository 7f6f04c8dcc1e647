// `bmcwsman status`: asks a running agent through its status socket; exit 0 when the agent
// answers and its BMC answers it, 1 otherwise (one line on stderr says which).
#pragma once

#include <string>

namespace agent {

[[nodiscard]] int run_status(const std::string& socket_path, bool json);

} // namespace agent
