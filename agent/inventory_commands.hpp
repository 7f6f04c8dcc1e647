// `bmcwsman sdr`, `bmcwsman sel [--clear]` and `bmcwsman fru [--id N]`: the
// records as the BMC stores them (record IDs, types, bytes). Decoded views of the
// same records come with the ipmi/sdr, ipmi/sel and ipmi/fru parsers.
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

int run_sel(const TransportChoice& choice, bool clear, bool json);

int run_fru(const TransportChoice& choice, std::uint8_t fru_id, bool json);

} // namespace agent
