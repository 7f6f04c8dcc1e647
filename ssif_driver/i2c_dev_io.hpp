// SmbusIo over Linux i2c-dev (/dev/i2c-N): I2C_SLAVE, I2C_FUNCS, I2C_PEC, I2C_SMBUS block ops.
#pragma once

#include "ssif_driver/smbus_io.hpp"

#include <expected>
#include <memory>
#include <string>
#include <system_error>

namespace ssif {

// Opens `device` and selects the 7-bit `address` with I2C_SLAVE (never I2C_SLAVE_FORCE:
// when ipmi_ssif is bound its polling would interleave with ours). Errors: no_adapter
// (ENOENT), no_permission, address_busy (EBUSY), no_block_transfers (I2C_FUNCS).
[[nodiscard]] std::expected<std::unique_ptr<SmbusIo>, std::error_code>
open_i2c_dev(const std::string& device, std::uint8_t address);

} // namespace ssif
