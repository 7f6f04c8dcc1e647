// The gSOAP listener and its workers.
#include "wsman_front/server.hpp"

#include "wsman_front/dom_reader.hpp"
#include "wsman_front/xml_writer.hpp"

#include "soapH.h"

#include <openssl/ssl.h>

#include <condition_variable>
#include <csignal>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace wsman {
namespace {

// Per-connection state the header hook fills in (soap->user points here).
struct Connection {
    bool identify_unauthenticated = false; // WSMANIDENTIFY: unauthenticated (DSP0226 11)
    bool too_large = false;
    std::size_t max_request_bytes = 0;
    int (*default_parse_header)(struct soap*, const char*, const char*) = nullptr;
};

int parse_header(struct soap* soap, const char* key, const char* value) {
    auto* c = static_cast<Connection*>(soap->user);
    if (strcasecmp(key, "WSMANIDENTIFY") == 0) {
        c->identify_unauthenticated = value != nullptr && strcasecmp(value, "unauthenticated") == 0;
        return SOAP_OK;
    }
    if (strcasecmp(key, "Content-Length") == 0 && value != nullptr) {
        if (std::strtoull(value, nullptr, 10) > c->max_request_bytes) {
            c->too_large = true; // answered 413 before reading the body
            return SOAP_EOM;
        }
    }
    if (strcasecmp(key, "Content-Encoding") == 0 && value != nullptr && strcasecmp(value, "identity") != 0) {
        c->too_large = false;
        return SOAP_HTTP_ERROR; // compressed bodies are refused: their size is not bounded by the header
    }
    return c->default_parse_header(soap, key, value);
}

// One answer in one write (SOAP_IO_STORE computes Content-Length, no Nagle stall).
void send(struct soap* soap, int status, const std::string& body, bool close) {
    soap->http_content = body.empty() ? nullptr : "application/soap+xml;charset=UTF-8";
    soap->keep_alive = close ? 0 : soap->keep_alive;
    soap_set_omode(soap, SOAP_IO_STORE);
    if (soap_response(soap, status == 200 ? SOAP_FILE : status) == SOAP_OK &&
        (body.empty() || soap_send_raw(soap, body.data(), body.size()) == SOAP_OK)) {
        (void)soap_end_send(soap);
    }
    soap_clr_omode(soap, SOAP_IO_STORE);
}

} // namespace

struct Server::Impl {
    Dispatcher& dispatcher;
    const Users& users;
    ServerOptions options;
    struct soap* listener = nullptr;
    std::mutex queue_mutex;
    std::condition_variable queue_ready;
    std::deque<struct soap*> queue;
    bool stopping = false;
    bool tls = false;
    std::mutex dispatch_mutex; // the provider's model is not yet safe for concurrent use

    Impl(Dispatcher& d, const Users& u, ServerOptions o) : dispatcher(d), users(u), options(std::move(o)) {}

    void serve(struct soap* soap);
    void worker();
};

void Server::Impl::serve(struct soap* soap) {
    Connection conn;
    conn.max_request_bytes = options.max_request_bytes;
    conn.default_parse_header = soap->fparsehdr;
    soap->user = &conn;
    soap->fparsehdr = parse_header;
    soap->recv_timeout = options.read_timeout_seconds;
    soap->send_timeout = options.read_timeout_seconds;
    // The whole message, not each read: a sender trickling one byte at a time is cut off too.
    soap->transfer_timeout = options.read_timeout_seconds;
    soap->recv_maxlength = static_cast<ULONG64>(options.max_request_bytes);
    soap->maxlevel = max_xml_depth + 2;
    soap->socket_flags = MSG_NOSIGNAL;
    if (tls && soap_ssl_accept(soap) != SOAP_OK) {
        soap->user = nullptr;
        soap_destroy(soap);
        soap_end(soap);
        soap_free(soap);
        return; // no TLS, no answer (a plain-HTTP request on the HTTPS port lands here)
    }
    for (;;) {
        conn.identify_unauthenticated = false;
        conn.too_large = false;
        if (soap_begin_recv(soap) != SOAP_OK) {
            if (conn.too_large) {
                send(soap, 413, {}, true);
            } else if (soap->error >= SOAP_GET_METHOD && soap->error <= SOAP_HTTP_METHOD) {
                send(soap, 405, {}, true);
            } else if (soap->error != SOAP_EOF) {
                send(soap, 400, {}, true);
            }
            break;
        }
        if (std::strcmp(soap->path, "/wsman") != 0) {
            send(soap, 404, {}, true);
            break;
        }
        std::optional<cim::Caller> caller;
        if (soap->userid != nullptr && soap->passwd != nullptr && (tls || options.allow_basic_over_http)) {
            if (auto role = users.verify(soap->userid, soap->passwd)) {
                caller = cim::Caller{soap->userid, *role};
            }
        }
        if (!caller && !conn.identify_unauthenticated) {
            soap->authrealm = "bmcwsman";
            soap->header = nullptr; // never echo the request's headers
            send(soap, 401, {}, true);
            break;
        }
        auto xml = read_xml_body(soap);
        Reply reply;
        if (!xml) {
            reply = {500, fault_envelope(fault::invalid_representation("The request is not well-formed XML: " +
                                                                       xml.error()),
                                         "")};
        } else {
            const std::lock_guard lock(dispatch_mutex);
            reply = dispatcher.handle(*xml, caller ? &*caller : nullptr);
        }
        // After a body that did not parse, the stream position is unknown: close.
        const bool keep = soap->keep_alive != 0 && xml.has_value();
        send(soap, reply.http_status, reply.body, !keep);
        soap_destroy(soap);
        soap_end(soap);
        if (!keep || soap->error != SOAP_OK) {
            break;
        }
    }
    soap->user = nullptr;
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
}

void Server::Impl::worker() {
    for (;;) {
        struct soap* soap = nullptr;
        {
            std::unique_lock lock(queue_mutex);
            queue_ready.wait(lock, [&] { return stopping || !queue.empty(); });
            if (queue.empty()) {
                return; // stopping with nothing left
            }
            soap = queue.front();
            queue.pop_front();
        }
        serve(soap);
    }
}

Server::Server(Dispatcher& dispatcher, const Users& users, ServerOptions options)
    : impl_(std::make_unique<Impl>(dispatcher, users, std::move(options))) {}

Server::~Server() {
    if (impl_->listener != nullptr) {
        soap_destroy(impl_->listener);
        soap_end(impl_->listener);
        soap_free(impl_->listener);
    }
}

std::expected<int, std::string> Server::bind() {
    std::signal(SIGPIPE, SIG_IGN); // OpenSSL and closed peers must not kill the agent
    auto& i = *impl_;
    i.listener = soap_new1(SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE);
    i.listener->bind_flags = SO_REUSEADDR;
    i.listener->accept_timeout = 1; // lets run() look at `stop` every second
    if (!i.options.tls_certificate.empty() || !i.options.tls_key.empty()) {
        // TLS 1.2 and 1.3 only; certificate chain and key from their own files.
        if (soap_ssl_server_context(i.listener, SOAP_SSL_DEFAULT | SOAP_TLSv1_2 | SOAP_TLSv1_3, nullptr, nullptr,
                                    nullptr, nullptr, nullptr, nullptr, nullptr) != SOAP_OK) {
            return std::unexpected(std::string("cannot set up TLS"));
        }
        auto* ctx = static_cast<SSL_CTX*>(i.listener->ctx);
        if (ctx == nullptr || SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
            SSL_CTX_use_certificate_chain_file(ctx, i.options.tls_certificate.c_str()) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx, i.options.tls_key.c_str(), SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_check_private_key(ctx) != 1) {
            return std::unexpected("cannot load the TLS certificate " + i.options.tls_certificate + " and key " +
                                   i.options.tls_key);
        }
        i.tls = true;
    }
    if (!soap_valid_socket(soap_bind(i.listener, i.options.host.c_str(), i.options.port, 64))) {
        const char* const* s = soap_faultstring(i.listener);
        return std::unexpected("cannot listen on " + i.options.host + ":" + std::to_string(i.options.port) + ": " +
                               (s != nullptr && *s != nullptr ? *s : "bind failed"));
    }
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(i.listener->master, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        return std::unexpected(std::string("getsockname failed"));
    }
    if (addr.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    }
    return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
}

void Server::run(const std::atomic<bool>& stop) {
    auto& i = *impl_;
    std::vector<std::thread> workers;
    for (unsigned n = 0; n < std::max(1U, i.options.workers); ++n) {
        workers.emplace_back([&i] { i.worker(); });
    }
    while (!stop.load()) {
        if (!soap_valid_socket(soap_accept(i.listener))) {
            continue; // timeout (stop check) or a failed accept
        }
        struct soap* conn = soap_copy(i.listener);
        i.listener->socket = SOAP_INVALID_SOCKET; // the copy owns the connection now
        if (conn == nullptr) {
            continue;
        }
        std::unique_lock lock(i.queue_mutex);
        if (i.queue.size() >= i.options.max_connections) {
            lock.unlock();
            send(conn, 503, {}, true);
            soap_free(conn);
            continue;
        }
        i.queue.push_back(conn);
        i.queue_ready.notify_one();
    }
    {
        const std::lock_guard lock(i.queue_mutex);
        i.stopping = true;
    }
    i.queue_ready.notify_all();
    for (auto& w : workers) {
        w.join();
    }
}

} // namespace wsman
