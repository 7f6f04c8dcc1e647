// Memory-mapped KCS back end: the two registers in a /dev/mem mapping.
#pragma once

#include "kcs_driver/port_io.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <system_error>

namespace kcs {

// Maps the page(s) holding base .. base + spacing from /dev/mem. Errors: errno of open()
// (EACCES/EPERM without root), Errc::mmap_failed.
[[nodiscard]] std::expected<std::unique_ptr<PortIo>, std::error_code>
open_mmio_io(std::uint64_t base, std::uint8_t spacing);

} // namespace kcs
