// Where the front end reports what it saw (authentication failures, refused connections):
// a callable the agent provides; levels as syslog's (RFC 5424 6.2.1) so journald can read them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace http {

enum class LogLevel : std::uint8_t { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };

using LogSink = std::function<void(LogLevel, const std::string&)>;

} // namespace http
