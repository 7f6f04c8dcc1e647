// The HTTP/HTTPS listener (gSOAP reads requests; answers are written by http_response): POST
// /wsman only, authentication (Authenticator) before the body is read, bounded request size
// and read time, TLS 1.2/1.3 with optional client certificates, keep-alive. Connections
// waiting for a request sit in an epoll set, not in a worker, so idle keep-alive clients
// never starve the others; workers take only connections with data.
#pragma once

#include "wsman_front/authenticator.hpp"
#include "wsman_front/dispatcher.hpp"
#include "wsman_front/log_sink.hpp"

#include <atomic>
#include <cstddef>
#include <expected>
#include <memory>
#include <string>

namespace wsman {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 5985; // 0: any free port (tests)
    // Basic over plain HTTP sends the password in clear: only when explicitly allowed.
    bool allow_basic_over_http = false;
    std::size_t max_request_bytes = 512 * 1024; // headers and body; 413 above it
    int read_timeout_seconds = 10;  // a whole request must arrive within this
    int idle_timeout_seconds = 60;  // an idle keep-alive connection is closed after this
    unsigned workers = 4;
    unsigned max_connections = 256; // open connections; beyond it new ones get 503
    // HTTPS when both are set: the certificate chain and the private key, PEM files.
    std::string tls_certificate;
    std::string tls_key;
    // Client certificates signed by these CAs (PEM) are verified and mapped to users.
    std::string tls_client_ca;
    LogSink log;
};

struct ServerStats {
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> auth_failures{0};
    std::atomic<std::uint64_t> refused_connections{0};
    std::atomic<unsigned> open_connections{0};
};

// Once at start-up, before the first Server: without any TLS listener OpenSSL is initialised
// without its error strings and configuration file (about 1.1 MiB less resident memory;
// gSOAP still calls its error functions). With TLS it initialises itself in full.
void prepare_openssl(bool tls_listeners);

class Server {
public:
    Server(Dispatcher& dispatcher, Authenticator& auth, ServerOptions options);
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

} // namespace wsman
