// Reading a whole FRU inventory area (IPMI 2.0 section 34) in chunks whose size
// shrinks when the BMC refuses it (C8h, CAh, C7h) and is kept for the next read.
#pragma once

#include "ipmi/client.hpp"

#include <cstdint>
#include <expected>
#include <system_error>
#include <vector>

namespace ipmi {

struct FruReadLimits {
    std::uint8_t max_read = 64; // bytes per Read FRU Data; learned per BMC
};

struct FruReadStats {
    unsigned reads = 0;   // Read FRU Data transactions
    unsigned shrinks = 0; // times the chunk size was lowered
};

// Get FRU Inventory Area Info, then Read FRU Data until the area is read.
[[nodiscard]] std::expected<std::vector<std::uint8_t>, std::error_code>
read_fru(Client& client, std::uint8_t fru_device_id, FruReadLimits& limits,
         FruReadStats* stats = nullptr);

} // namespace ipmi
