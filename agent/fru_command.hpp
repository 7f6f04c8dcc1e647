// `bmcwsman fru [--id N]`: FRU inventory decoded (chassis, board, product areas,
// multirecords), for device 0 and every logical FRU device the SDR's locators name.
#pragma once

#include "agent/transport_factory.hpp"

#include <optional>
#include <string>

namespace agent {

struct FruArgs {
    std::optional<unsigned> id; // one device; default: 0 and the SDR's FRU device locators
    std::string sdr_cache_dir;
    std::string file; // decode this FRU image file instead (like ipmi-fru --fru-file); no BMC
    bool json = false;
};

[[nodiscard]] int run_fru(const TransportChoice& choice, const FruArgs& args);

} // namespace agent
