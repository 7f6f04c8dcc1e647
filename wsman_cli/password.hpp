// The password from a file, an environment variable or a prompt on /dev/tty (never argv).
#pragma once

#include <expected>
#include <string>

namespace wsman::cli {

std::expected<std::string, std::string> read_password(const std::string& file, const std::string& env_name,
                                                      const std::string& user);

}  // namespace wsman::cli
