// `bmcwsman cim`: the CIM mapping from the command line, through the same Provider the
// WS-Man front end uses (enumerate, get by keys, invoke a method, put properties).
#pragma once

#include "agent/transport_factory.hpp"

#include <string>
#include <vector>

namespace agent {

struct CimArgs {
    std::string class_name;
    std::vector<std::string> keys;      // KEY=VALUE selectors: get (or the target of invoke/put)
    std::string method;                 // --invoke METHOD
    std::vector<std::string> arguments; // --arg NAME=VALUE (method input)
    std::vector<std::string> changes;   // --put NAME=VALUE
    std::string system_name;            // default: SMBIOS system UUID, else the BMC's GUID
    std::string sdr_cache_dir;
    bool json = false;
};

[[nodiscard]] int run_cim(const TransportChoice& choice, const CimArgs& args);

} // namespace agent
