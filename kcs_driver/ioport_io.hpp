// Port-mapped KCS back ends: inb/outb after ioperm, and the /dev/port fallback.
#pragma once

#include "kcs_driver/port_io.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <system_error>

namespace kcs {

// ioperm(base, spacing + 1, 1); errno on failure (EPERM without CAP_SYS_RAWIO), ENOSYS
// where the CPU has no port I/O instructions.
[[nodiscard]] std::expected<std::unique_ptr<PortIo>, std::error_code>
open_ioperm_io(std::uint16_t base, std::uint8_t spacing);

// /dev/port, one pread/pwrite per register access; errno of open() on failure.
[[nodiscard]] std::expected<std::unique_ptr<PortIo>, std::error_code>
open_dev_port_io(std::uint16_t base, std::uint8_t spacing);

} // namespace kcs
