// `--lan-workarounds` as FreeIPMI spells it (`-W opensesspriv,intel20`, ipmi-sensors(8)
// WORKAROUNDS for IPMI 2.0 sessions), numbers (libfreeipmi's IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_*
// bits, decimal or 0x hex) still accepted, both mixed in one comma-separated list.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace agent {

// The flags the list names; the error is one line naming the word that is not a workaround.
[[nodiscard]] std::expected<unsigned, std::string> parse_lan_workarounds(std::string_view list);

} // namespace agent
