// `bmcwsman sensors`: every sensor of the SDR repository with its reading now.
#pragma once

#include "agent/transport_factory.hpp"

#include <string>

namespace agent {

int run_sensors(const TransportChoice& choice, const std::string& sdr_cache_dir, bool json);

} // namespace agent
