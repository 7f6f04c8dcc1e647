// `bmcwsman status` talks to a running agent through a Unix socket (default
// /run/bmcwsman/status.sock, mode 0660): the agent answers each connection with one JSON
// object (version, uptime, transport, the model's freshness, request counters) and closes.
#pragma once

#include <atomic>
#include <expected>
#include <functional>
#include <string>
#include <thread>

namespace agent {

inline constexpr std::string_view default_status_socket = "/run/bmcwsman/status.sock";

class StatusSocket {
public:
    using Report = std::function<std::string()>; // the JSON text
    StatusSocket() = default;
    ~StatusSocket();
    StatusSocket(const StatusSocket&) = delete;
    StatusSocket& operator=(const StatusSocket&) = delete;

    // Binds `path` (a stale socket file is replaced; anything else there is an error).
    [[nodiscard]] std::expected<void, std::string> bind(const std::string& path);
    // Answers connections on a thread of its own until stop().
    void start(Report report);
    void stop();
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    std::string path_;
    int fd_ = -1;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

// The client: the agent's JSON text, or why there is none.
[[nodiscard]] std::expected<std::string, std::string> query_status(const std::string& path);

} // namespace agent
