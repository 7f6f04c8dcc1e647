// The listener: an epoll loop that accepts and parks connections, workers that answer one
// request at a time from connections with data.
#include "wsman_front/server.hpp"

#include "wsman_front/body_text.hpp"
#include "wsman_front/http_response.hpp"
#include "wsman_front/xml_parser.hpp"
#include "wsman_front/xml_writer.hpp"

#include "soapH.h"
#include "soap.nsmap" // the namespace table: included by exactly this file

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fmt/format.h>
#include <mutex>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

// gSOAP's soap_init() calls soap_ssl_init() for every context. In the Debian build of
// libgsoapssl++ 2.8.124 that only seeds OpenSSL's random generator from /dev/urandom
// (RAND_load_file), which OpenSSL 3 does by itself from getrandom(2) when TLS is first used;
// seeding it here would initialise libcrypto's default provider in every agent, about 2 MiB
// of resident memory also when no HTTPS listener is configured (BENCHMARKS.md, memory). The
// library calls it through its PLT, so this definition takes its place; TLS contexts
// (SSL_CTX_new in make_tls_context) initialise OpenSSL as usual.
extern "C" void soap_ssl_init(void) {}

namespace wsman {

void prepare_openssl(bool tls_listeners) {
    if (!tls_listeners) {
        (void)OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS | OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
    }
}
namespace {

using Clock = std::chrono::steady_clock;

// What the header hook saw of the current request (one per connection, reset per request).
struct RequestHeaders {
    bool identify_unauthenticated = false; // WSMANIDENTIFY: unauthenticated (DSP0226 11)
    bool too_large = false;                // Content-Length above the limit: 413
    bool encoded = false;                  // a Content-Encoding other than identity: 415
    bool expect_continue = false;          // Expect: 100-continue not yet answered
    bool length_known = false;
    bool chunked = false;                  // Transfer-Encoding: refused with 411
    std::uint64_t content_length = 0;
    std::string authorization;
    std::string content_type;
};

// A connection between requests is its socket, its TLS session and what it proved: gSOAP's
// 164 KB context belongs to the worker serving it (attached for one request at a time), so
// idle keep-alive connections cost little memory.
struct Conn {
    struct soap* soap = nullptr; // the worker's context while a request is served
    SOAP_SOCKET fd = SOAP_INVALID_SOCKET;
    SSL* ssl = nullptr;
    std::string peer;
    bool handshaken = false;
    std::string client_subject; // verified client certificate's subject
    RequestHeaders headers;
    std::size_t max_request_bytes = 0;
    Clock::time_point idle_since;
    bool fresh = true;      // no request read yet
    bool registered = false; // in the epoll set (armed or not)
    bool expired = false;    // idle too long: shut down, closed by the worker that sees it
    // The Basic credentials this connection already proved (clients repeat the same header
    // on every request of a keep-alive connection): reused while the users are unchanged.
    std::string proven_authorization;
    cim::Caller proven_caller;
    std::uint64_t proven_generation = 0;
    Clock::time_point proven_until;
    // A 401 held back (AuthFailures): sent and closed by the loop at `due`.
    std::string delayed_reply;
    Clock::time_point due;
    // The request being read must have arrived by then (plain_recv; TLS: gSOAP's own timeouts).
    Clock::time_point read_deadline;
    std::chrono::milliseconds read_wait{0}; // the longest single wait for more bytes
};

int (*gsoap_parse_header)(struct soap*, const char*, const char*) = nullptr; // gSOAP's own, for the rest

enum class Wait : std::uint8_t { ready, timed_out, failed };

// Waits until the socket can be read or written (`events`), at most `longest` and never past
// `deadline`; an interrupted wait counts as ready (the caller tries its I/O again). A
// failure's errno is left in soap->errnum.
Wait wait_for(struct soap* soap, short events, Clock::time_point deadline, std::chrono::milliseconds longest) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
        return Wait::timed_out;
    }
    pollfd p{soap->socket, events, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min(left, longest).count()));
    if (ready == 0) {
        return Wait::timed_out;
    }
    if (ready < 0 && errno != EINTR) {
        soap->errnum = errno;
        return Wait::failed;
    }
    return Wait::ready;
}

// gSOAP's receive for plain sockets, without its select() before every recv(): the socket
// is read first (a worker only gets a connection that epoll saw readable, so the bytes are
// usually there) and waited for only when empty, never past the connection's read deadline
// (the whole request, so a sender trickling bytes is cut off too). 0 means end of input to
// gSOAP: a closed peer, an error or the deadline; the server tells them apart by the length
// it got (serve_one).
std::size_t plain_recv(struct soap* soap, char* buf, std::size_t len) {
    auto* c = static_cast<Conn*>(soap->user);
    soap->errnum = 0;
    for (;;) {
        const ssize_t n = ::recv(soap->socket, buf, len, MSG_DONTWAIT);
        if (n >= 0) {
            return static_cast<std::size_t>(n);
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN) { // EWOULDBLOCK is EAGAIN on Linux
            soap->errnum = errno;
            return 0;
        }
        const Wait w = wait_for(soap, POLLIN, c->read_deadline, c->read_wait);
        if (w != Wait::ready) {
            return 0; // the deadline, no byte for read_wait (as gSOAP's recv_timeout), or an error
        }
    }
}

// gSOAP's send for plain sockets, without its select() before every send(): the socket is
// written first and waited for only when its buffer is full, all of it within one deadline
// (send_timeout from the call: an answer is one call), so a client that stops reading cannot
// hold a worker longer than that.
int plain_send(struct soap* soap, const char* buf, std::size_t len) {
    soap->errnum = 0;
    const auto deadline = Clock::now() + std::chrono::seconds(soap->send_timeout > 0 ? soap->send_timeout : 10);
    while (len > 0) {
        const ssize_t n = ::send(soap->socket, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) {
            buf += n;
            len -= static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno != EAGAIN) {
            soap->errnum = errno;
            return SOAP_EOF;
        }
        if (wait_for(soap, POLLOUT, deadline, std::chrono::milliseconds::max()) != Wait::ready) {
            return SOAP_EOF;
        }
    }
    return SOAP_OK;
}

// True when all of it went out (a failed or timed-out answer closes the connection).
bool write_all(Conn& c, const std::string& bytes) {
    if (bytes.empty()) {
        return true;
    }
    if (c.soap != nullptr) {
        return c.soap->fsend(c.soap, bytes.data(), bytes.size()) == SOAP_OK;
    }
    if (c.ssl != nullptr) {
        return SSL_write(c.ssl, bytes.data(), static_cast<int>(bytes.size())) == static_cast<int>(bytes.size());
    }
    if (c.fd != SOAP_INVALID_SOCKET) {
        return ::send(c.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }
    return false;
}

void send_continue(struct soap* soap, RequestHeaders& h) {
    h.expect_continue = false;
    static constexpr char line[] = "HTTP/1.1 100 Continue\r\n\r\n";
    (void)soap->fsend(soap, line, sizeof line - 1);
}

int parse_header(struct soap* soap, const char* key, const char* value) {
    auto* c = static_cast<Conn*>(soap->user);
    RequestHeaders& h = c->headers;
    const char* v = value != nullptr ? value : "";
    if (strcasecmp(key, "WSMANIDENTIFY") == 0) {
        h.identify_unauthenticated = strcasecmp(v, "unauthenticated") == 0;
        return SOAP_OK;
    }
    if (strcasecmp(key, "Authorization") == 0) {
        h.authorization = std::string(v).substr(0, 8192);
        return SOAP_OK; // ours alone: gSOAP does not decode credentials
    }
    if (strcasecmp(key, "Content-Type") == 0) {
        h.content_type = std::string(v).substr(0, 256);
    }
    if (strcasecmp(key, "Expect") == 0) {
        // RFC 9110 10.1.1: answer 100 only for a request we will read; when the length is
        // still unknown, wait for it (too large: 413 and no 100).
        if (strcasecmp(v, "100-continue") == 0) {
            h.expect_continue = true;
            if (h.length_known) {
                send_continue(soap, h);
            }
        }
        return SOAP_OK;
    }
    if (strcasecmp(key, "Content-Length") == 0) {
        h.length_known = true;
        h.content_length = std::strtoull(v, nullptr, 10);
        if (h.content_length > c->max_request_bytes) {
            h.too_large = true; // answered 413 before reading the body
            return SOAP_EOM;
        }
        if (h.expect_continue) {
            send_continue(soap, h);
        }
    }
    if (strcasecmp(key, "Transfer-Encoding") == 0) {
        // Request bodies must say their length (RFC 9110 15.5.12 lets a server ask for it):
        // WS-Management clients do, and a chunked body cut short would look complete to
        // gSOAP, leaving the rest of the stream to be read as a request.
        h.chunked = true;
        h.expect_continue = false;
        return SOAP_LENGTH;
    }
    if (strcasecmp(key, "Content-Encoding") == 0 && strcasecmp(v, "identity") != 0) {
        h.encoded = true; // compressed bodies are refused: their decoded size is not bounded
        return SOAP_HTTP_ERROR;
    }
    return gsoap_parse_header(soap, key, value);
}

std::string peer_subject(SSL* ssl) {
    if (ssl == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) {
        return {};
    }
    X509* cert = SSL_get1_peer_certificate(ssl);
    if (cert == nullptr) {
        return {};
    }
    std::string out;
    if (BIO* bio = BIO_new(BIO_s_mem())) {
        if (X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) >= 0) {
            char* data = nullptr;
            const long n = BIO_get_mem_data(bio, &data);
            if (n > 0 && data != nullptr) {
                out.assign(data, static_cast<std::size_t>(n));
            }
        }
        BIO_free(bio);
    }
    X509_free(cert);
    return out;
}

std::expected<SSL_CTX*, std::string> make_tls_context(const ServerOptions& o) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    const auto fail = [&](const std::string& what) -> std::expected<SSL_CTX*, std::string> {
        const unsigned long e = ERR_get_error();
        char buf[256] = {};
        ERR_error_string_n(e, buf, sizeof buf);
        ERR_clear_error();
        if (ctx != nullptr) {
            SSL_CTX_free(ctx);
        }
        return std::unexpected(what + (e != 0 ? std::string(": ") + buf : std::string()));
    };
    if (ctx == nullptr) {
        return fail("cannot set up TLS");
    }
    // TLS 1.2 and 1.3 only; no renegotiation, no compression.
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
        return fail("cannot restrict TLS to 1.2 and newer");
    }
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS); // idle sessions give their buffers back
    if (SSL_CTX_use_certificate_chain_file(ctx, o.tls_certificate.c_str()) != 1) {
        return fail("cannot load the TLS certificate " + o.tls_certificate);
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, o.tls_key.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
        return fail("cannot load the TLS key " + o.tls_key + " (or it does not match the certificate)");
    }
    if (!o.tls_client_ca.empty()) {
        if (SSL_CTX_load_verify_locations(ctx, o.tls_client_ca.c_str(), nullptr) != 1) {
            return fail("cannot load the client CA file " + o.tls_client_ca);
        }
        if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(o.tls_client_ca.c_str())) {
            SSL_CTX_set_client_CA_list(ctx, names);
        }
        // Ask for a certificate but do not require one: password schemes stay possible. A
        // certificate that does not verify fails the handshake.
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
        SSL_CTX_set_verify_depth(ctx, 4);
        static constexpr unsigned char sid[] = "bmcwsman";
        SSL_CTX_set_session_id_context(ctx, sid, sizeof sid - 1);
    }
    return ctx;
}

} // namespace

struct Server::Impl {
    Dispatcher& dispatcher;
    Authenticator& auth;
    ServerOptions options;
    ServerStats stats;
    struct soap* listener = nullptr;
    bool tls = false;
    std::mutex tls_mutex;
    std::vector<SSL_CTX*> retired_contexts; // replaced by reload_tls; live connections may use them
    int epoll_fd = -1;
    int wake_fd = -1;

    std::mutex mutex; // parked, delayed
    std::unordered_map<Conn*, bool> parked; // waiting in the epoll set
    std::vector<Conn*> delayed;
    std::atomic<bool> stopping{false};

    Impl(Dispatcher& d, Authenticator& a, ServerOptions o) : dispatcher(d), auth(a), options(std::move(o)) {}

    void log(LogLevel level, const std::string& message) const {
        if (options.log) {
            options.log(level, message);
        }
    }
    void close(Conn* c);
    void park(Conn* c);
    // Workers wait in epoll_wait together (leader/followers): each armed connection is
    // handed to exactly one of them (EPOLLONESHOT), so a request costs no hop between threads.
    static constexpr std::uint64_t listener_tag = 1;
    static constexpr std::uint64_t wake_tag = 2;
    void arm(std::uint64_t tag, int fd, bool add) const {
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
        ev.data.u64 = tag;
        (void)epoll_ctl(epoll_fd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev);
    }
    enum class Next : std::uint8_t { park, again, close, delayed };
    Next serve_one(Conn& c);
    bool buffered(const Conn& c) const {
        return c.soap->bufidx < c.soap->buflen || (c.soap->ssl != nullptr && SSL_pending(c.soap->ssl) > 0);
    }
    void worker();
    [[nodiscard]] struct soap* worker_context();
    void attach(Conn& c, struct soap* s);
    void detach(Conn& c, bool finished);
    std::atomic<int> accepted_keep_alive{0}; // what gSOAP sets on an accepted connection
    void accept_all();
    void sweep(Clock::time_point now);
};

void Server::Impl::close(Conn* c) {
    if (c->ssl != nullptr) {
        (void)SSL_shutdown(c->ssl); // close_notify, not waiting for the peer's
        SSL_free(c->ssl);
    }
    if (c->fd != SOAP_INVALID_SOCKET) {
        ::close(c->fd);
    }
    delete c;
    stats.open_connections.fetch_sub(1);
}

struct soap* Server::Impl::worker_context() {
    struct soap* s = soap_copy(listener);
    s->socket = SOAP_INVALID_SOCKET;
    s->fparsehdr = parse_header;
    s->recv_timeout = options.read_timeout_seconds;
    s->send_timeout = options.read_timeout_seconds;
    // The whole message, not each read: a sender trickling one byte at a time is cut off too.
    s->transfer_timeout = options.read_timeout_seconds;
    s->recv_maxlength = static_cast<ULONG64>(options.max_request_bytes);
    s->maxlevel = max_xml_depth + 2;
    s->socket_flags = MSG_NOSIGNAL;
    if (!tls) {
        s->frecv = plain_recv;
        s->fsend = plain_send;
    }
    return s;
}

void Server::Impl::attach(Conn& c, struct soap* s) {
    s->socket = c.fd;
    s->ssl = c.ssl;
    s->user = &c;
    s->bufidx = 0;
    s->buflen = 0;
    s->keep_alive = accepted_keep_alive.load();
    s->error = SOAP_OK;
    {
        const std::lock_guard lock(tls_mutex);
        s->ctx = listener->ctx; // a reloaded certificate for new handshakes
    }
    c.soap = s;
}

void Server::Impl::detach(Conn& c, bool finished) {
    struct soap* s = c.soap;
    // soap_end closes the socket and frees the session itself when gSOAP found the
    // connection finished (EOF, an error, Connection: close): take what is left after it.
    // A connection going back to the idle set has had its request's buffers freed already
    // (serve_one); soap_end's sweeps of gSOAP's hash tables (~4% of a Get) are left to the
    // next soap_begin_recv, which does them anyway.
    if (finished) {
        soap_destroy(s);
        soap_end(s);
    }
    c.fd = s->socket;
    c.ssl = s->ssl;
    s->socket = SOAP_INVALID_SOCKET;
    s->ssl = nullptr;
    s->bio = nullptr; // the session owns it
    s->user = nullptr;
    c.soap = nullptr;
}

void Server::Impl::park(Conn* c) {
    c->idle_since = Clock::now();
    {
        const std::lock_guard lock(mutex);
        parked[c] = true;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    ev.data.ptr = c;
    const bool add = !c->registered;
    c->registered = true;
    if (epoll_ctl(epoll_fd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c->fd, &ev) != 0) {
        {
            const std::lock_guard lock(mutex);
            parked.erase(c);
        }
        close(c);
    }
}

Server::Impl::Next Server::Impl::serve_one(Conn& c) {
    struct soap* soap = c.soap;
    if (tls && !c.handshaken) {
        if (soap_ssl_accept(soap) != SOAP_OK) {
            return Next::close; // no TLS, no answer (a plain-HTTP request on the HTTPS port lands here)
        }
        c.handshaken = true;
        c.client_subject = peer_subject(soap->ssl);
    }
    c.headers = RequestHeaders{};
    c.read_wait = std::chrono::seconds(options.read_timeout_seconds);
    c.read_deadline = Clock::now() + c.read_wait;
    soap->error = SOAP_OK;
    const bool fresh = c.fresh;
    c.fresh = false;
    // An empty body (curl --digest's first request has Content-Length: 0) still gets its
    // 401 or its fault.
    const int received = soap_begin_recv(soap);
    const bool empty_body = received == SOAP_NO_DATA || received == SOAP_EMPTY;
    if (received != SOAP_OK && !empty_body) {
        if (c.headers.too_large) {
            write_all(c, http_response(413, {}, {}, false));
        } else if (c.headers.chunked) {
            write_all(c, http_response(411, {}, {}, false));
        } else if (c.headers.encoded) {
            write_all(c, http_response(415, {}, {}, false));
        } else if (soap->error >= SOAP_GET_METHOD && soap->error <= SOAP_HTTP_METHOD) {
            write_all(c, http_response(405, {}, {}, false));
        } else if (soap->error != SOAP_EOF && !(fresh && tls)) {
            write_all(c, http_response(400, {}, {}, false));
        }
        return Next::close;
    }
    stats.requests.fetch_add(1);
    if (std::strcmp(soap->path, "/wsman") != 0) {
        write_all(c, http_response(404, {}, {}, false));
        return Next::close;
    }
    AuthRequest ar;
    ar.authorization = c.headers.authorization;
    ar.method = "POST";
    ar.uri = soap->path;
    ar.client_subject = c.client_subject;
    ar.basic_allowed = tls || options.allow_basic_over_http;
    ar.peer = c.peer;
    AuthResult who;
    const auto now = Clock::now();
    if (!c.proven_authorization.empty() && c.headers.authorization == c.proven_authorization &&
        now < c.proven_until && c.proven_generation == auth.generation()) {
        who.caller = c.proven_caller;
    } else {
        who = auth.authenticate(ar);
        if (who.caller && who.scheme == "Basic") {
            c.proven_authorization = c.headers.authorization;
            c.proven_caller = *who.caller;
            c.proven_generation = auth.generation();
            c.proven_until = now + std::chrono::seconds(60);
        }
    }
    if (!who.caller && !c.headers.identify_unauthenticated) {
        if (!who.scheme.empty()) {
            stats.auth_failures.fetch_add(1);
            log(LogLevel::warning, fmt::format("authentication failed: scheme={} user=\"{}\" source={} reason=\"{}\"",
                                               who.scheme, who.user, c.peer, who.why));
        }
        HttpHeaders h;
        for (auto& challenge : who.challenges) {
            h.emplace_back("WWW-Authenticate", std::move(challenge));
        }
        // The body is not read: the connection closes after the 401.
        std::string reply = http_response(401, h, {}, false);
        if (who.delay.count() > 0) {
            c.delayed_reply = std::move(reply);
            c.due = Clock::now() + who.delay;
            return Next::delayed;
        }
        write_all(c, reply);
        return Next::close;
    }
    if (c.headers.expect_continue) {
        send_continue(soap, c.headers); // no length was given (and so no 100 yet)
    }
    std::size_t length = 0;
    const char* bytes = nullptr;
    if (!empty_body) {
        bytes = soap_http_get_body(soap, &length);
        // gSOAP ends a body at a timeout or a closed peer without an error: the length tells.
        if (soap->error != SOAP_OK || length != c.headers.content_length) {
            // Part of a body (over the limit, cut off, or too slow): where the next request
            // would start is unknown, so answer and close; never parse what came so far.
            const bool too_big = soap->error == SOAP_EOM || length >= options.max_request_bytes;
            write_all(c, http_response(too_big ? 413 : 408, {}, {}, false));
            return Next::close;
        }
        // soap_end_recv is not called: the body is all read (Content-Length, no chunks, no
        // attachments, no compression), and its id/href resolution pass (soap_resolve, ~3% of a
        // Get) has nothing to resolve in a body gSOAP only copied.
    }
    soap->error = SOAP_OK;
    const bool keep = soap->keep_alive != 0;
    Reply reply;
    auto text = body_as_utf8(std::string_view(bytes != nullptr ? bytes : "", length), c.headers.content_type);
    if (!text) {
        reply = {500, fault_envelope(text.error().problem == BodyProblem::unsupported_charset
                                         ? fault::encoding_limit(text.error().why, "UnsupportedCharacterSet")
                                         : fault::invalid_representation(text.error().why),
                                     "")};
    } else if (auto xml = parse_document(*text); !xml) {
        reply = {500, fault_envelope(xml.error().kind == XmlError::Kind::malformed
                                         ? fault::invalid_representation("The request is not well-formed XML: " +
                                                                         xml.error().why)
                                         : fault::encoding_limit("The request is too complex: " + xml.error().why,
                                                                 "ServiceEnvelopeLimit"),
                                     "")};
    } else {
        if (who.caller) {
            who.caller->source = c.peer;
        }
        reply = dispatcher.handle(*xml, who.caller ? &*who.caller : nullptr);
    }
    // The answer goes out before anything of gSOAP's is released: soap_end would close the
    // socket first when the client asked for Connection: close (or spoke HTTP/1.0). The
    // request's buffers are freed here; soap_end runs in detach() for a finished connection.
    const bool sent = write_all(c, http_response(reply.http_status, {}, reply.body, keep));
    soap_destroy(soap);
    soap_dealloc(soap, nullptr);
    if (!sent || !keep || soap->error != SOAP_OK) {
        return Next::close;
    }
    return buffered(c) ? Next::again : Next::park;
}

void Server::Impl::worker() {
    struct soap* mine = worker_context();
    for (;;) {
        epoll_event ev{};
        const int n = epoll_wait(epoll_fd, &ev, 1, -1);
        if (n <= 0) {
            continue; // EINTR
        }
        if (ev.data.u64 == wake_tag) {
            soap_free(mine);
            return; // stopping: the wake descriptor stays readable for every worker
        }
        if (ev.data.u64 == listener_tag) {
            if (!stopping.load()) {
                accept_all();
                arm(listener_tag, listener->master, false);
            }
            continue;
        }
        auto* c = static_cast<Conn*>(ev.data.ptr);
        {
            const std::lock_guard lock(mutex);
            parked.erase(c); // this worker owns it now
        }
        if (c->expired || stopping.load()) {
            close(c);
            continue;
        }
        attach(*c, mine);
        Next next = Next::again;
        for (int round = 0; next == Next::again && round < 64; ++round) {
            next = serve_one(*c);
        }
        if (next == Next::again) {
            next = Next::close; // 64 pipelined requests at once: the rest is not read
        }
        detach(*c, next != Next::park);
        if (next == Next::park && c->fd == SOAP_INVALID_SOCKET) {
            next = Next::close;
        }
        switch (next) {
        case Next::again:
        case Next::park: park(c); break;
        case Next::close: close(c); break;
        case Next::delayed: {
            const std::lock_guard lock(mutex);
            delayed.push_back(c);
            break;
        }
        }
    }
}

void Server::Impl::accept_all() {
    for (;;) {
        if (!soap_valid_socket(soap_accept(listener))) {
            return;
        }
        auto* c = new Conn;
        c->fd = listener->socket;
        c->peer = listener->host;
        c->max_request_bytes = options.max_request_bytes;
        listener->socket = SOAP_INVALID_SOCKET; // the connection owns it now
        accepted_keep_alive.store(listener->keep_alive);
        if (stats.open_connections.fetch_add(1) >= options.max_connections) {
            stats.refused_connections.fetch_add(1);
            if (!tls) {
                write_all(*c, http_response(503, {}, {}, false));
            }
            log(LogLevel::warning, fmt::format("connection from {} refused: {} connections open", c->peer,
                                               options.max_connections));
            close(c);
            continue;
        }
        park(c); // a worker takes it when its first bytes arrive
    }
}

void Server::Impl::sweep(Clock::time_point now) {
    std::vector<Conn*> due;
    {
        const std::lock_guard lock(mutex);
        // Idle connections are shut down, not closed: the worker that gets their event closes
        // them, so no connection is freed under a worker's feet.
        for (auto& [c, waiting] : parked) {
            const auto limit = std::chrono::seconds(c->fresh ? options.read_timeout_seconds
                                                             : options.idle_timeout_seconds);
            if (!c->expired && now - c->idle_since > limit) {
                c->expired = true;
                (void)::shutdown(c->fd, SHUT_RDWR);
            }
        }
        for (auto it = delayed.begin(); it != delayed.end();) {
            if (stopping.load() || (*it)->due <= now) {
                due.push_back(*it);
                it = delayed.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (Conn* c : due) {
        write_all(*c, c->delayed_reply);
        close(c);
    }
}

Server::Server(Dispatcher& dispatcher, Authenticator& auth, ServerOptions options)
    : impl_(std::make_unique<Impl>(dispatcher, auth, std::move(options))) {}

Server::~Server() {
    auto& i = *impl_;
    if (i.listener != nullptr) {
        soap_destroy(i.listener);
        soap_end(i.listener);
        soap_free(i.listener); // frees the current SSL_CTX
    }
    for (SSL_CTX* ctx : i.retired_contexts) {
        SSL_CTX_free(ctx);
    }
    if (i.epoll_fd >= 0) {
        ::close(i.epoll_fd);
    }
    if (i.wake_fd >= 0) {
        ::close(i.wake_fd);
    }
}

const ServerStats& Server::stats() const {
    return impl_->stats;
}

bool Server::tls() const {
    return impl_->tls;
}

std::expected<void, std::string> Server::reload_tls() {
    auto& i = *impl_;
    if (!i.tls) {
        return {};
    }
    auto ctx = make_tls_context(i.options);
    if (!ctx) {
        return std::unexpected(ctx.error());
    }
    const std::lock_guard lock(i.tls_mutex);
    i.retired_contexts.push_back(static_cast<SSL_CTX*>(i.listener->ctx));
    i.listener->ctx = *ctx;
    return {};
}

std::expected<int, std::string> Server::bind() {
    std::signal(SIGPIPE, SIG_IGN); // OpenSSL and closed peers must not kill the agent
    auto& i = *impl_;
    i.listener = soap_new1(SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE);
    gsoap_parse_header = i.listener->fparsehdr;
    i.listener->bind_flags = SO_REUSEADDR;
    i.listener->accept_timeout = -1; // accept only what epoll announced: a microsecond at most
    if (!i.options.tls_certificate.empty() || !i.options.tls_key.empty()) {
        // gSOAP's TLS state (flags, init), then our own context in place of its default one.
        if (soap_ssl_server_context(i.listener, SOAP_SSL_DEFAULT | SOAP_TLSv1_2 | SOAP_TLSv1_3, nullptr, nullptr,
                                    nullptr, nullptr, nullptr, nullptr, nullptr) != SOAP_OK) {
            return std::unexpected(std::string("cannot set up TLS"));
        }
        auto ctx = make_tls_context(i.options);
        if (!ctx) {
            return std::unexpected(ctx.error());
        }
        SSL_CTX_free(static_cast<SSL_CTX*>(i.listener->ctx));
        i.listener->ctx = *ctx;
        i.tls = true;
    }
    if (!soap_valid_socket(soap_bind(i.listener, i.options.host.c_str(), i.options.port, 128))) {
        const char* const* s = soap_faultstring(i.listener);
        return std::unexpected("cannot listen on " + i.options.host + ":" + std::to_string(i.options.port) + ": " +
                               (s != nullptr && *s != nullptr ? *s : "bind failed"));
    }
    i.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    i.wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (i.epoll_fd < 0 || i.wake_fd < 0) {
        return std::unexpected(std::string("cannot create the connection loop: ") + std::strerror(errno));
    }
    i.arm(Impl::listener_tag, i.listener->master, true);
    epoll_event wake{};
    wake.events = EPOLLIN; // level-triggered: once written, every worker sees it
    wake.data.u64 = Impl::wake_tag;
    (void)epoll_ctl(i.epoll_fd, EPOLL_CTL_ADD, i.wake_fd, &wake);
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
    // This thread keeps time: idle connections, held-back 401s, the stop request.
    while (!stop.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        i.sweep(Clock::now());
    }
    // Stop accepting (the listening socket shut down: new connections are refused, not left
    // waiting); workers finish the requests they hold, then see the wake descriptor.
    i.stopping.store(true);
    (void)epoll_ctl(i.epoll_fd, EPOLL_CTL_DEL, i.listener->master, nullptr);
    (void)::shutdown(i.listener->master, SHUT_RDWR);
    const std::uint64_t one = 1;
    (void)!::write(i.wake_fd, &one, sizeof one);
    for (auto& w : workers) {
        w.join();
    }
    i.sweep(Clock::now()); // held-back answers are sent
    ::close(i.listener->master);
    i.listener->master = SOAP_INVALID_SOCKET;
    const std::lock_guard lock(i.mutex);
    for (auto& [c, waiting] : i.parked) {
        i.close(c);
    }
    i.parked.clear();
}

} // namespace wsman
