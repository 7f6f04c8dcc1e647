// `bmcwsman chassis status` and `bmcwsman chassis power on|off|cycle|reset|diag|soft`.
#pragma once

#include "agent/transport_factory.hpp"

#include <string>

namespace agent {

int run_chassis_status(const TransportChoice& choice, bool json);
int run_chassis_power(const TransportChoice& choice, const std::string& action, bool json);

} // namespace agent
