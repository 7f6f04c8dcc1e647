// Opens the real KCS register back ends: port I/O (ioperm or /dev/port) and MMIO (/dev/mem).
#pragma once

#include "kcs_driver/port_io.hpp"
#include "kcs_driver/port_spec.hpp"

#include <expected>
#include <memory>
#include <system_error>

namespace kcs {

// I/O space: ioperm(base, spacing + 1, 1) then inb/outb (data at base, status/command at
// base + spacing); when ioperm fails with EPERM (or the CPU has no port I/O), /dev/port
// with pread/pwrite. Memory space: mmap of /dev/mem, volatile byte accesses at base and
// base + spacing. Errors: no_permission (EPERM/EACCES), port_io_unavailable, mmap_failed,
// or the system error.
[[nodiscard]] std::expected<std::unique_ptr<PortIo>, std::error_code>
open_port_io(const PortSpec& spec);

} // namespace kcs
