// `bmcwsman sel [--clear]`: the SEL decoded (IPMI 2.0 section 32) with event texts as
// ipmi-sel words them, sensor names from the SDR; or cleared.
#pragma once

#include "agent/transport_factory.hpp"

#include <string>

namespace agent {

struct SelArgs {
    bool clear = false;
    std::string sdr_cache_dir;
    bool json = false;
};

[[nodiscard]] int run_sel(const TransportChoice& choice, const SelArgs& args);

} // namespace agent
