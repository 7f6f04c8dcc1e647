// `bmcwsman sel [--clear | --archive [--state-dir DIR]]`: the SEL decoded (IPMI 2.0 section
// 32) with event texts as ipmi-sel words them, sensor names from the SDR; or cleared; or the
// agent's SEL archive (docs/SEL_ARCHIVE.md) printed the same way.
#pragma once

#include "agent/transport_factory.hpp"

#include <string>

namespace agent {

struct SelArgs {
    bool clear = false;
    bool archive = false; // the agent's SEL archive instead of the BMC's SEL (read-only)
    std::string state_dir = "/var/lib/bmcwsman";
    std::string sdr_cache_dir;
    bool json = false;
};

[[nodiscard]] int run_sel(const TransportChoice& choice, const SelArgs& args);

} // namespace agent
