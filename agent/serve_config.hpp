// The daemon's configuration file (TOML, default /etc/bmcwsman/bmcwsman.toml; the keys of
// dist/bmcwsman.toml): read into the same ServeArgs and TransportChoice the command line
// fills, before the command line is applied, so every key is also a flag and flags win.
#pragma once

#include "agent/serve_command.hpp"
#include "agent/transport_factory.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>

namespace agent {

inline constexpr std::string_view default_config_file = "/etc/bmcwsman/bmcwsman.toml";

// The transport the file names ([bmc] transport = ...), applied only when the command line
// names none.
struct ConfiguredTransport {
    TransportChoice choice;
    bool named = false;
};

// Unknown sections or keys, wrong types and bad values are errors naming the key (a typo
// must not silently leave a default in place).
[[nodiscard]] std::expected<ConfiguredTransport, std::string> read_config(const std::filesystem::path& file,
                                                                          ServeArgs& serve,
                                                                          const TransportChoice& defaults);

} // namespace agent
