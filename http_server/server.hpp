// One HTTP/HTTPS listener for every front end (WS-Management, and the routes that come):
// connections live in an epoll set; threads take a connection only when it has bytes or
// room to write, read and write it without blocking (TLS included: handshakes, reads and
// writes resume where they stopped), and run a route only for a complete request. A client
// that trickles bytes or never reads its answer holds a buffer and a socket, never a thread.
// Limits (http::Limits), routing (Router), authentication (Authenticator) and the TLS policy
// are the same for every route.
#pragma once

#include "http_server/authenticator.hpp"
#include "http_server/limits.hpp"
#include "http_server/log_sink.hpp"
#include "http_server/router.hpp"
#include "http_server/tls.hpp"

#include <atomic>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>

namespace http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 5985; // 0: any free port (tests)
    // Basic over plain HTTP sends the password in clear: only when explicitly allowed.
    bool allow_basic_over_http = false;
    unsigned workers = 2; // connection threads
    Limits limits;
    TlsFiles tls;       // HTTPS when certificate and key are set
    TlsPolicy tls_policy;
    LogSink log;
};

struct ServerStats {
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> auth_failures{0};
    std::atomic<std::uint64_t> refused_connections{0};
    std::atomic<unsigned> open_connections{0};
    std::atomic<unsigned> parked_requests{0}; // Responder::park, waiting now
};

// Once at start-up, before the first Server: without any TLS listener OpenSSL is initialised
// without its error strings and configuration file (about 1.1 MiB less resident memory).
void prepare_openssl(bool tls_listeners);

class Server {
public:
    Server(const Router& router, Authenticator& auth, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds the listener (and loads the TLS files); the port actually bound (useful with port 0).
    [[nodiscard]] std::expected<int, std::string> bind();
    // Serves until `stop` is set; then stops accepting, finishes in-flight requests, closes.
    void run(const std::atomic<bool>& stop);
    // Loads the TLS certificate and key again (SIGHUP): new connections use them.
    [[nodiscard]] std::expected<void, std::string> reload_tls();
    [[nodiscard]] const ServerStats& stats() const;
    [[nodiscard]] bool tls() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace http
