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
#include <string_view>

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

// A configuration file is an operator's text of a few kilobytes; more is refused unread.
inline constexpr std::size_t max_config_bytes = 1024 * 1024;

// read_config's work on text already read (`origin` names it in errors); the fuzz target's
// entry point.
[[nodiscard]] std::expected<ConfiguredTransport, std::string> parse_config(std::string_view text,
                                                                           const std::string& origin,
                                                                           ServeArgs& serve,
                                                                           const TransportChoice& defaults);

} // namespace agent
