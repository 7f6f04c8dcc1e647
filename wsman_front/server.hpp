// The HTTP listener (gSOAP): POST /wsman only, authentication before the body is read,
// bounded request size, read deadline, keep-alive, a worker pool; each request handed to the
// Dispatcher. HTTPS, Digest and client certificates are not here yet (issue 5).
#pragma once

#include "wsman_front/dispatcher.hpp"
#include "wsman_front/users.hpp"

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
    std::size_t max_request_bytes = 512 * 1024;
    int read_timeout_seconds = 10; // a slow sender cannot hold a worker longer
    unsigned workers = 8;
    unsigned max_connections = 64; // accepted but not yet served beyond this are refused
    // HTTPS when both are set: the certificate chain and the private key, PEM files.
    std::string tls_certificate;
    std::string tls_key;
};

class Server {
public:
    Server(Dispatcher& dispatcher, const Users& users, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds the listener; the port actually bound (useful with port 0).
    [[nodiscard]] std::expected<int, std::string> bind();
    // Serves until `stop` is set (checked at least once a second); finishes in-flight requests.
    void run(const std::atomic<bool>& stop);

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace wsman
