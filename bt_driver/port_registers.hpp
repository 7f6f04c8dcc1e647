// BT registers over the KCS driver's port back ends (ioperm, /dev/port, MMIO).
#pragma once

#include "bt_driver/registers.hpp"
#include "kcs_driver/port_spec.hpp"

#include <expected>
#include <memory>
#include <system_error>

namespace bt {

// BT_CTRL at spec.base and the buffer at spec.base + spec.spacing are the two registers a
// kcs::PortIo reaches (its "data" and "status/command"), so the same back ends serve BT.
// Errors as kcs::open_port_io (kcs::Errc).
[[nodiscard]] std::expected<std::unique_ptr<Registers>, std::error_code>
open_port_registers(const kcs::PortSpec& spec);

} // namespace bt
