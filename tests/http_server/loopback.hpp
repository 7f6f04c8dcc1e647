// A raw HTTP/1.1 client over loopback sockets for the tests of the HTTP layer and the routes
// on it: connect, send bytes, read whole answers (by Content-Length) until a count, a close
// or a time limit.
#pragma once

#include "http_server/server.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace http_test {

inline int connect_to(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

inline void send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        ASSERT_GT(n, 0);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Everything the server sends until it has sent `answers` whole answers (by Content-Length),
// closes, or `limit` passes.
inline std::string read_answers(int fd, int answers, std::chrono::milliseconds limit) {
    std::string got;
    const auto end = std::chrono::steady_clock::now() + limit;
    auto complete = [&] {
        int n = 0;
        std::size_t at = 0;
        for (;;) {
            const auto head_end = got.find("\r\n\r\n", at);
            if (head_end == std::string::npos) {
                return n;
            }
            const auto cl = got.find("Content-Length: ", at);
            const std::size_t len = cl < head_end ? std::stoul(got.substr(cl + 16)) : 0;
            if (got.size() < head_end + 4 + len) {
                return n;
            }
            ++n;
            at = head_end + 4 + len;
        }
    };
    while (complete() < answers && std::chrono::steady_clock::now() < end) {
        pollfd p{fd, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (::poll(&p, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) {
            break;
        }
        char buf[4096];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            break;
        }
        got.append(buf, static_cast<std::size_t>(n));
    }
    return got;
}

// A Server on a loopback port (options.port 0: any free one), served on a thread of its own
// until stop() or destruction.
struct RunningServer {
    std::unique_ptr<http::Server> server;
    std::atomic<bool> stopping{false};
    std::thread runner;
    int port = 0;

    void start(const http::Router& router, http::Authenticator& auth, const http::ServerOptions& options) {
        server = std::make_unique<http::Server>(router, auth, options);
        auto bound = server->bind();
        ASSERT_TRUE(bound) << bound.error();
        port = *bound;
        runner = std::thread([this] { server->run(stopping); });
    }
    void stop() {
        stopping = true;
        if (runner.joinable()) {
            runner.join();
        }
    }
    ~RunningServer() { stop(); }
};

} // namespace http_test
