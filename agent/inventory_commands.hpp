// `bmcwsman sdr`: the SDR records as the BMC stores them (record IDs, types, bytes).
#pragma once

#include "agent/transport_factory.hpp"

#include <cstdint>
#include <string>

namespace agent {

struct SdrArgs {
    std::string cache_dir; // empty: no on-disk cache
    bool json = false;
};
int run_sdr(const TransportChoice& choice, const SdrArgs& args);


} // namespace agent
