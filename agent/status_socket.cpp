// The status socket, server and client.
#include "agent/status_socket.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace agent {
namespace {

std::expected<sockaddr_un, std::string> address_of(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof addr.sun_path) {
        return std::unexpected(fmt::format("status socket path too long or empty: {}", path));
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    return addr;
}

} // namespace

StatusSocket::~StatusSocket() {
    stop();
}

std::expected<void, std::string> StatusSocket::bind(const std::string& path) {
    auto addr = address_of(path);
    if (!addr) {
        return std::unexpected(addr.error());
    }
    struct stat st{};
    if (::lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            return std::unexpected(fmt::format("{} exists and is not a socket", path));
        }
        (void)::unlink(path.c_str()); // left behind by an earlier run
    }
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
        return std::unexpected(fmt::format("socket: {}", std::strerror(errno)));
    }
    const mode_t old = ::umask(0117); // rw for owner and group only
    const int rc = ::bind(fd_, reinterpret_cast<const sockaddr*>(&*addr), sizeof *addr);
    ::umask(old);
    if (rc != 0 || ::listen(fd_, 16) != 0) {
        const std::string e = std::strerror(errno);
        ::close(fd_);
        fd_ = -1;
        return std::unexpected(fmt::format("cannot listen on {}: {}", path, e));
    }
    path_ = path;
    return {};
}

void StatusSocket::start(Report report) {
    if (fd_ < 0) {
        return;
    }
    thread_ = std::thread([this, report = std::move(report)] {
        while (!stopping_.load()) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 250) <= 0) {
                continue;
            }
            const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) {
                continue;
            }
            const timeval tv{1, 0};
            (void)::setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            const std::string text = report() + "\n";
            (void)!::send(c, text.data(), text.size(), MSG_NOSIGNAL);
            ::close(c);
        }
    });
}

void StatusSocket::stop() {
    stopping_.store(true);
    if (thread_.joinable()) {
        thread_.join();
    }
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
        (void)::unlink(path_.c_str());
    }
}

std::expected<std::string, std::string> query_status(const std::string& path) {
    auto addr = address_of(path);
    if (!addr) {
        return std::unexpected(addr.error());
    }
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return std::unexpected(fmt::format("socket: {}", std::strerror(errno)));
    }
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&*addr), sizeof *addr) != 0) {
        const std::string e = std::strerror(errno);
        ::close(fd);
        return std::unexpected(fmt::format("no agent answers on {}: {}", path, e));
    }
    const timeval tv{5, 0};
    (void)::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0 || out.size() > (1U << 20)) {
            break;
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    if (out.empty()) {
        return std::unexpected(fmt::format("the agent on {} sent nothing", path));
    }
    return out;
}

} // namespace agent
