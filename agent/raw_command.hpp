// `bmcwsman raw NETFN CMD [DATA...]`: one IPMI command, completion code and data printed.
#pragma once

#include "agent/transport_factory.hpp"

#include <string>
#include <vector>

namespace agent {

struct RawArgs {
    std::vector<std::string> words; // NETFN CMD [DATA...]
    unsigned lun = 0;
    bool json = false;
};

int run_raw(const TransportChoice& choice, const RawArgs& args);

} // namespace agent
