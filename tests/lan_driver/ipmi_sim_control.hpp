// Test helper: the environment with_ipmi_sim.py sets up, and its control socket
// (restart, pause, resume, console commands) for fault tests.
#pragma once

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace test {

inline std::optional<std::string> env(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) {
        return std::nullopt;
    }
    return std::string(value);
}

// Sends one control line and returns the reply line ("ok ..." / "error ...").
inline std::string ipmi_sim_control(const std::string& line) {
    const auto path = env("BMCWSMAN_TEST_IPMISIM_CONTROL");
    if (!path) {
        return "error no control socket";
    }
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path->c_str(), sizeof(addr.sun_path) - 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        ::close(fd);
        return "error connect";
    }
    const std::string out = line + "\n";
    (void)::write(fd, out.data(), out.size());
    std::string reply;
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n') {
        reply += c;
    }
    ::close(fd);
    return reply;
}

} // namespace test
