// Detects a kernel driver (ipmi_si) that has claimed the KCS I/O ports in /proc/ioports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kcs {

// Parses /proc/ioports text ("  0ca2-0ca3 : ipmi_si", nested ranges indented) and
// returns the owner of the innermost claimed range covering `base`, or nullopt. Bus
// windows ("PCI Bus 0000:00") and reservations ("pnp 00:05", "reserved") are not owners.
[[nodiscard]] std::optional<std::string> find_port_owner(std::string_view proc_ioports,
                                                         std::uint64_t base);

// The same on the running system's /proc/ioports (nullopt when it can't be read).
// Without CAP_SYS_ADMIN the kernel shows all ranges as 0000-0000: that reads as unowned.
[[nodiscard]] std::optional<std::string> find_port_owner(std::uint64_t base);

} // namespace kcs
