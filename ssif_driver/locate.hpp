// Where the SSIF BMC is on Linux: the --ssif spec, the adapter from /sys/bus/i2c, the owner.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace ssif {

// The usual SSIF address (7-bit; devicetree "ssif-bmc@10"), used when nothing says otherwise.
inline constexpr std::uint8_t default_address = 0x10;

struct Spec {
    std::string device;                 // "/dev/i2c-0"
    std::optional<std::uint8_t> address; // 7-bit SMBus address; nullopt: from SMBIOS or 0x10
};

// "/dev/i2c-0" or "/dev/i2c-0,0x10" (address hexadecimal with or without 0x, 0x03..0x77).
[[nodiscard]] std::expected<Spec, std::error_code> parse_spec(std::string_view text);

// What sysfs says about an SSIF address.
struct Placement {
    std::string device;                // "/dev/i2c-N"
    std::string adapter_name;          // /sys/bus/i2c/devices/i2c-N/name
    std::string how;                   // "ACPI IPI0001 client", "client 0-0010", "adapter name"
    std::optional<std::string> driver; // the kernel driver bound to the BMC's client (ipmi_ssif)
};

// Finds the adapter for `address` below `sysfs_i2c` (normally /sys/bus/i2c/devices):
// a firmware-created client (ACPI "i2c-IPI0001:NN", or "N-00AA" made from SMBIOS by
// ipmi_ssif) names it; else the one adapter whose name is a PC SMBus controller
// ("I801", "PIIX4", "SMBus"). Errc::no_adapter when there is none.
[[nodiscard]] std::expected<Placement, std::error_code>
find_placement(const std::filesystem::path& sysfs_i2c, std::uint8_t address);

inline constexpr std::string_view default_sysfs_i2c = "/sys/bus/i2c/devices";

} // namespace ssif
