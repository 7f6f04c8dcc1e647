// The connection loops: one per thread, each with its own epoll set and its own connections
// (handed to the loops in turn as they are accepted), so a connection's state is only ever
// touched by one thread and a request costs no epoll_ctl and no lock. Reads and writes never
// block; a route runs for complete requests only; each loop enforces its connections'
// deadlines and sends their held-back 401s itself.
#include "http_server/server.hpp"

#include "http_server/log_throttle.hpp"
#include "http_server/request_assembler.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <fmt/format.h>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>
#include <memory>
#include <utility>
#include <vector>

namespace http {

void prepare_openssl(bool tls_listeners) {
    if (!tls_listeners) {
        (void)OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS | OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
    }
}

namespace {

using Clock = std::chrono::steady_clock;

enum class Phase : std::uint8_t {
    handshake, // TLS handshake under way
    reading,   // waiting for (the rest of) a request, or idle between requests
    handling,  // a route is working on a request on another thread
    writing,   // an answer is not all written yet
    delayed,   // a 401 held back (AuthFailures), sent by the timekeeper
    parked,    // a route parked the request (Responder::park): watched for hang-ups only
};

struct Conn;
struct Loop;

// A parked request: completed once, by whoever holds its Parked (any thread), by its
// deadline or the server's stop (the loop's sweep), or dropped when its client goes away.
// `done` is the one claim on it; the rest belongs to the owning loop's thread.
struct ParkedRequest final : Parked::State, std::enable_shared_from_this<ParkedRequest> {
    bool complete(Response response) override;
    [[nodiscard]] bool open() const override {
        const std::lock_guard lock(mutex);
        return !done;
    }
    bool claim() {
        const std::lock_guard lock(mutex);
        return !std::exchange(done, true);
    }
    Loop* loop = nullptr;
    // The loop's thread only:
    Conn* c = nullptr; // nullptr once the connection closed
    Clock::time_point deadline;
    Response at_deadline;
    std::string user;
    mutable std::mutex mutex;
    bool done = false;
};

// The answer of a connection's current request: given inline (the usual case) or later from
// another thread. One per connection, reused for each request (a connection has one request
// in flight at most), so an answer costs no allocation.
struct Pending final : Responder::Sink {
    void complete(Response r) override;
    std::optional<Parked> park(Clock::time_point deadline, Response at_deadline) override;
    // Before the route runs.
    void reset(Server::Impl* i, Conn* conn, std::string who) {
        impl = i;
        c = conn;
        inline_phase = true;
        parked = false;
        user = std::move(who);
        response.reset();
    }
    // After the route returned: its answer when it gave one already, else the connection
    // waits for complete().
    std::optional<Response> settle();
    Server::Impl* impl = nullptr;
    Conn* c = nullptr;
    std::mutex mutex;
    bool inline_phase = true;
    bool parked = false;
    std::string user; // the caller's name (parking caps)
    std::optional<Response> response;
};

// A connection: its socket, TLS session, the request being assembled and the answer being
// written. Owned by one loop: only that loop's thread touches it.
struct Conn {
    explicit Conn(const Limits& l) : in(l) {}
    int fd = -1;
    SSL* ssl = nullptr;
    std::string peer;
    Phase phase = Phase::reading;
    RequestAssembler in;
    RequestAssembler::HeadCheck check; // bound to this connection once
    const Route* route = nullptr;      // of the request being assembled
    std::optional<cim::Caller> caller;
    std::string out;  // bytes to write first: 100 Continue, the answer's head (and a small body over TLS)
    std::string body; // the answer's body, written from the route's own string
    std::size_t sent = 0;
    bool close_after = false;
    Clock::time_point accepted;
    Clock::time_point since;         // idle since, or the current request's first byte, or the answer's start
    bool request_began = false;      // a byte of the current request has arrived
    bool fresh = true;               // no request answered yet
    unsigned requests = 0;
    std::string client_subject;
    // The Basic credentials this connection already proved (clients repeat the same header
    // on every request of a keep-alive connection): reused while the users are unchanged.
    std::string proven_authorization;
    cim::Caller proven_caller;
    std::uint64_t proven_generation = 0;
    Clock::time_point proven_until;
    Clock::time_point due; // a delayed 401 goes out then
    Pending pending;
    std::shared_ptr<ParkedRequest> parked; // while Phase::parked
    Loop* loop = nullptr;     // the thread that owns it
    std::uint32_t events = 0; // what its epoll registration waits for (0: not registered)
};

// One thread's connections: its epoll set, and an inbox other threads fill (connections
// accepted elsewhere, answers given by routes on other threads) and signal by eventfd.
struct Loop {
    int epoll_fd = -1;
    int event_fd = -1;
    std::thread thread;
    std::mutex mutex; // adopted, completions
    std::vector<Conn*> adopted;
    std::vector<std::pair<Conn*, Response>> completions;
    std::vector<std::pair<std::shared_ptr<ParkedRequest>, Response>> parked_answers;
    std::unordered_set<Conn*> conns; // owned: only this loop's thread touches them
    std::vector<Conn*> delayed;      // 401s held back
    bool stop_seen = false;
    ~Loop() {
        for (int fd : {epoll_fd, event_fd}) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
    }
};

std::string address_text(const sockaddr_storage& a) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (a.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
        inet_ntop(AF_INET, &v4.sin_addr, buf, sizeof buf);
    } else if (a.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
        if (IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr)) {
            inet_ntop(AF_INET, &v6.sin6_addr.s6_addr[12], buf, sizeof buf);
        } else {
            inet_ntop(AF_INET6, &v6.sin6_addr, buf, sizeof buf);
        }
    }
    return buf;
}

enum class Io : std::uint8_t { done, want_read, want_write, eof, failed };

Io ssl_wait(SSL* ssl, int r) {
    switch (SSL_get_error(ssl, r)) {
    case SSL_ERROR_WANT_READ: return Io::want_read;
    case SSL_ERROR_WANT_WRITE: return Io::want_write;
    case SSL_ERROR_ZERO_RETURN: return Io::eof;
    default: ERR_clear_error(); return Io::failed;
    }
}

// Writes what is pending without blocking: head and body in one sendmsg on plain sockets.
Io flush(Conn& c) {
    for (;;) {
        const std::size_t total = c.out.size() + c.body.size();
        if (c.sent >= total) {
            c.out.clear();
            std::string().swap(c.body);
            c.sent = 0;
            return Io::done;
        }
        if (c.ssl != nullptr) {
            const bool in_head = c.sent < c.out.size();
            const char* p = in_head ? c.out.data() + c.sent : c.body.data() + (c.sent - c.out.size());
            const std::size_t n = in_head ? c.out.size() - c.sent : total - c.sent;
            ERR_clear_error();
            const int w = SSL_write(c.ssl, p, static_cast<int>(std::min<std::size_t>(n, INT_MAX)));
            if (w <= 0) {
                return ssl_wait(c.ssl, w);
            }
            c.sent += static_cast<std::size_t>(w);
            continue;
        }
        iovec iov[2];
        int count = 0;
        if (c.sent < c.out.size()) {
            iov[count++] = {c.out.data() + c.sent, c.out.size() - c.sent};
            if (!c.body.empty()) {
                iov[count++] = {c.body.data(), c.body.size()};
            }
        } else {
            iov[count++] = {c.body.data() + (c.sent - c.out.size()), total - c.sent};
        }
        msghdr m{};
        m.msg_iov = iov;
        m.msg_iovlen = static_cast<std::size_t>(count);
        const ssize_t w = ::sendmsg(c.fd, &m, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno == EAGAIN ? Io::want_write : Io::failed;
        }
        c.sent += static_cast<std::size_t>(w);
    }
}

// Reads what is there without blocking; `n` is the byte count for Io::done.
Io read_some(Conn& c, char* buf, std::size_t cap, std::size_t& n) {
    if (c.ssl != nullptr) {
        ERR_clear_error();
        const int r = SSL_read(c.ssl, buf, static_cast<int>(cap));
        if (r > 0) {
            n = static_cast<std::size_t>(r);
            return Io::done;
        }
        const Io w = ssl_wait(c.ssl, r);
        return w == Io::failed && r == 0 ? Io::eof : w;
    }
    for (;;) {
        const ssize_t r = ::recv(c.fd, buf, cap, MSG_DONTWAIT);
        if (r > 0) {
            n = static_cast<std::size_t>(r);
            return Io::done;
        }
        if (r == 0) {
            return Io::eof;
        }
        if (errno == EINTR) {
            continue;
        }
        return errno == EAGAIN ? Io::want_read : Io::failed;
    }
}

} // namespace

struct Server::Impl {
    const Router& router;
    Authenticator& auth;
    ServerOptions options;
    ServerStats stats;
    int listen_fd = -1;
    bool tls = false;
    std::mutex tls_mutex;
    SSL_CTX* tls_ctx = nullptr;
    LogThrottle throttle;
    std::vector<std::unique_ptr<Loop>> loops;
    std::atomic<unsigned> next_loop{0};

    std::mutex mutex; // per_source
    std::unordered_map<std::string, unsigned> per_source;
    std::atomic<bool> stopping{false};
    std::atomic<bool> exiting{false};

    std::mutex parked_mutex; // parked_total, parked_per_user
    unsigned parked_total = 0;
    std::unordered_map<std::string, unsigned> parked_per_user;

    std::mutex completion_mutex; // deferred
    std::condition_variable deferred_done;
    unsigned deferred = 0; // requests whose route answers later

    static constexpr std::uint64_t listener_tag = 1;
    static constexpr std::uint64_t inbox_tag = 2;

    Impl(const Router& r, Authenticator& a, ServerOptions o) : router(r), auth(a), options(std::move(o)) {}

    void log(LogLevel level, const std::string& message) const {
        if (options.log) {
            options.log(level, message);
        }
    }
    // A limit or refusal, logged once per source and kind a minute.
    void log_limited(const std::string& source, const std::string& kind, const std::string& message) {
        if (auto folded = throttle.admit(source, kind)) {
            log(LogLevel::warning, *folded == 0 ? message
                                                : fmt::format("{} ({} more like it from {} since the last line)",
                                                              message, *folded, source));
        }
    }
    static void signal(const Loop& l) {
        const std::uint64_t one = 1;
        (void)!::write(l.event_fd, &one, sizeof one);
    }
    // Waits for the connection to be readable (or writable, `out`): level-triggered, so a
    // connection that stays in the same state costs no system call.
    void wait(Conn* c, bool out) {
        // Writing: EPOLLOUT alone (a client that half-closes while its answer is written
        // would report EPOLLRDHUP on every wait, level-triggered); a full close is EPOLLHUP.
        arm(c, out ? std::uint32_t{EPOLLOUT} : std::uint32_t{EPOLLIN | EPOLLRDHUP});
    }
    // A parked request's connection wakes its loop only when the client goes away (its FIN,
    // EPOLLRDHUP, or a reset, EPOLLHUP/EPOLLERR): bytes of a next request wait in the socket.
    void watch_hangup(Conn* c) { arm(c, EPOLLRDHUP); }
    void arm(Conn* c, std::uint32_t want) {
        if (c->events == want) {
            return;
        }
        epoll_event ev{};
        ev.events = want;
        ev.data.ptr = c;
        if (epoll_ctl(c->loop->epoll_fd, c->events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c->fd, &ev) != 0) {
            close(c);
            return;
        }
        c->events = want;
    }
    // Out of the epoll set while a route works on its request or a 401 is held back.
    static void unregister(Conn* c) {
        if (c->events != 0) {
            (void)epoll_ctl(c->loop->epoll_fd, EPOLL_CTL_DEL, c->fd, nullptr);
            c->events = 0;
        }
    }
    // The parked request's end (answered, or its connection closing): the caps count it no more.
    void unpark(Conn* c) {
        if (!c->parked) {
            return;
        }
        c->parked->c = nullptr;
        {
            const std::lock_guard lock(parked_mutex);
            --parked_total;
            if (auto it = parked_per_user.find(c->parked->user); it != parked_per_user.end() && --it->second == 0) {
                parked_per_user.erase(it);
            }
        }
        stats.parked_requests.fetch_sub(1);
        c->parked.reset();
    }
    void close(Conn* c) {
        if (c->parked) {
            (void)c->parked->claim(); // an answer given from now on is not wanted
            unpark(c);
        }
        if (c->ssl != nullptr) {
            ERR_clear_error();
            (void)SSL_shutdown(c->ssl); // close_notify, not waiting for the peer's
            SSL_free(c->ssl);
            ERR_clear_error();
        }
        if (c->fd >= 0) {
            ::close(c->fd); // leaves the epoll set with it
        }
        {
            const std::lock_guard lock(mutex);
            if (auto it = per_source.find(c->peer); it != per_source.end() && --it->second == 0) {
                per_source.erase(it);
            }
        }
        if (c->loop != nullptr) {
            c->loop->conns.erase(c);
        }
        delete c;
        stats.open_connections.fetch_sub(1);
    }

    void run_loop(Loop& l);
    void accept_some(Loop& l);
    void adopt(Loop& l, Conn* c);
    void take_inbox(Loop& l);
    void service(Conn* c);
    bool head_check(Conn& c, const Request& r);
    void refuse(Conn& c, int status, HttpHeaders headers = {});
    bool answer(Conn* c, Request&& r); // false: the route answers later
    void queue(Conn& c, Response&& r);
    void finish_parked(Conn* c, Response&& r);
    void after_write(Conn* c, Io io); // the answer written (or not): next request, wait or close
    // Writes the pending answer: true when all of it went out and the connection reads on in
    // this turn; otherwise after_write has made it wait or closed it.
    bool write_and_go_on(Conn* c);
    void expire(Conn* c);
    void sweep(Loop& l, Clock::time_point now);
};

std::optional<Parked> Pending::park(Clock::time_point deadline, Response at_deadline) {
    {
        const std::lock_guard lock(mutex);
        if (!inline_phase || parked || response) {
            return std::nullopt;
        }
    }
    // The route runs on the connection's loop thread: the connection is this thread's.
    const Limits& lim = impl->options.limits;
    {
        const std::lock_guard lock(impl->parked_mutex);
        auto& mine = impl->parked_per_user[user];
        if (impl->parked_total >= lim.max_parked || mine >= lim.max_parked_per_user) {
            if (mine == 0) {
                impl->parked_per_user.erase(user);
            }
            return std::nullopt;
        }
        ++mine;
        ++impl->parked_total;
    }
    impl->stats.parked_requests.fetch_add(1);
    auto p = std::make_shared<ParkedRequest>();
    p->loop = c->loop;
    p->c = c;
    p->deadline = deadline;
    p->at_deadline = std::move(at_deadline);
    p->user = user;
    c->parked = p;
    const std::lock_guard lock(mutex);
    parked = true;
    return Parked(std::move(p));
}

bool ParkedRequest::complete(Response r) {
    // Claimed and handed to the loop under the one lock: a loop that closes the connection
    // (and, at the server's end, goes away) claims it first, and then this touches nothing.
    const std::lock_guard lock(mutex);
    if (std::exchange(done, true)) {
        return false;
    }
    {
        const std::lock_guard inbox(loop->mutex);
        loop->parked_answers.emplace_back(shared_from_this(), std::move(r));
    }
    Server::Impl::signal(*loop);
    return true;
}

std::optional<Response> Pending::settle() {
    const std::lock_guard lock(mutex);
    inline_phase = false;
    if (!response && !parked) {
        const std::lock_guard l(impl->completion_mutex);
        ++impl->deferred;
    }
    return std::move(response);
}

void Pending::complete(Response r) {
    {
        const std::lock_guard lock(mutex);
        if (inline_phase) {
            response = std::move(r);
            return;
        }
    }
    // Into the owning loop's inbox; the count drops last, under the lock the server's stop
    // waits on, so the server outlives this call.
    Server::Impl& i = *impl;
    Loop& l = *c->loop;
    {
        const std::lock_guard lock(l.mutex);
        l.completions.emplace_back(c, std::move(r));
    }
    Server::Impl::signal(l);
    const std::lock_guard lock(i.completion_mutex);
    --i.deferred;
    i.deferred_done.notify_all();
}

void Server::Impl::refuse(Conn& c, int status, HttpHeaders headers) {
    Response r;
    r.status = status;
    r.headers = std::move(headers);
    c.out += response_head(r, false);
    c.close_after = true;
}

bool Server::Impl::head_check(Conn& c, const Request& r) {
    stats.requests.fetch_add(1, std::memory_order_relaxed);
    c.route = router.match(r.path);
    if (c.route == nullptr) {
        refuse(c, 404);
        return false;
    }
    if (!Router::allows(*c.route, r.method)) {
        refuse(c, 405, {{"Allow", Router::allow_header(*c.route)}});
        return false;
    }
    const std::string_view authorization = r.header("Authorization");
    const auto now = Clock::now();
    AuthResult who;
    if (!c.proven_authorization.empty() && authorization == c.proven_authorization && now < c.proven_until &&
        c.proven_generation == auth.generation()) {
        who.caller = c.proven_caller;
    } else {
        AuthRequest ar;
        ar.authorization = authorization.substr(0, 8192);
        ar.method = r.method;
        ar.uri = r.target;
        ar.client_subject = c.client_subject;
        ar.basic_allowed = tls || options.allow_basic_over_http;
        ar.peer = c.peer;
        who = auth.authenticate(ar);
        if (who.caller && who.scheme == "Basic") {
            c.proven_authorization = std::string(authorization);
            c.proven_caller = *who.caller;
            c.proven_generation = auth.generation();
            c.proven_until = now + std::chrono::seconds(60);
        }
    }
    c.caller = std::move(who.caller);
    if (c.caller) {
        c.caller->source = c.peer;
    } else if (!(c.route->anonymous && c.route->anonymous(r))) {
        if (!who.scheme.empty()) {
            stats.auth_failures.fetch_add(1);
            log(LogLevel::warning, fmt::format("authentication failed: scheme={} user=\"{}\" source={} reason=\"{}\"",
                                               who.scheme, who.user, c.peer, who.why));
        }
        HttpHeaders h;
        for (auto& challenge : who.challenges) {
            h.emplace_back("WWW-Authenticate", std::move(challenge));
        }
        refuse(c, 401, std::move(h)); // the body is not read: the connection closes after the 401
        if (who.delay.count() > 0) {
            c.phase = Phase::delayed;
            c.due = now + who.delay;
        }
        return false;
    }
    if (r.expect_continue && r.content_length > 0) {
        // RFC 9110 10.1.1: 100 only for a body that will be read (a too-large one got 413).
        c.out += "HTTP/1.1 100 Continue\r\n\r\n";
        if (const Io io = flush(c); io == Io::failed) {
            c.close_after = true;
        }
    }
    return true;
}

void Server::Impl::queue(Conn& c, Response&& r) {
    c.close_after = c.close_after || stopping.load(); // an answer given while stopping is the last
    const bool keep = !c.close_after;
    c.out += response_head(r, keep);
    if (c.ssl != nullptr && r.body.size() <= 16 * 1024) {
        c.out += r.body; // one TLS record instead of two
    } else {
        c.body = std::move(r.body);
    }
}

bool Server::Impl::answer(Conn* c, Request&& r) {
    c->close_after = c->close_after || !r.keep_alive || ++c->requests >= options.limits.max_requests_per_connection || stopping.load();
    c->fresh = false;
    c->request_began = false;
    Exchange ex{std::move(r), std::move(c->caller), c->peer, tls};
    c->pending.reset(this, c, ex.caller ? ex.caller->user : std::string());
    c->phase = Phase::handling;
    // The Responder shares no ownership: the connection outlives its request's answer (it is
    // neither read nor closed until then, and the server's stop waits for every answer).
    c->route->handler(ex, Responder(std::shared_ptr<Responder::Sink>(std::shared_ptr<void>(), &c->pending)));
    auto response = c->pending.settle();
    if (!response && c->parked) {
        c->phase = Phase::parked;
        watch_hangup(c);
        return false;
    }
    if (!response) {
        unregister(c); // the loop hears of it again through its inbox
        return false;
    }
    queue(*c, std::move(*response));
    return true;
}

void Server::Impl::finish_parked(Conn* c, Response&& r) {
    unpark(c);
    queue(*c, std::move(r));
    after_write(c, flush(*c));
}

bool Server::Impl::write_and_go_on(Conn* c) {
    const Io io = flush(*c);
    if (io != Io::done || c->close_after) {
        after_write(c, io);
        return false;
    }
    c->phase = Phase::reading;
    c->since = Clock::now();
    return true;
}

void Server::Impl::after_write(Conn* c, Io io) {
    if (io == Io::want_read || io == Io::want_write) {
        c->phase = Phase::writing;
        c->since = Clock::now();
        wait(c, io == Io::want_write);
        return;
    }
    if (io != Io::done || c->close_after) {
        close(c);
        return;
    }
    c->phase = Phase::reading;
    c->since = Clock::now();
    service(c); // a pipelined request may be buffered already
}

void Server::Impl::expire(Conn* c) {
    if (c->phase == Phase::reading && c->request_began) {
        // A request that did not arrive in time: 408, then close (RFC 9110 15.5.9).
        log_limited(c->peer, "408", fmt::format("request from {} not complete within its deadline: 408", c->peer));
        c->out += http_response(408, {}, {}, false);
        (void)flush(*c);
    }
    close(c);
}

void Server::Impl::service(Conn* c) {
    if (c->phase == Phase::parked) {
        close(c); // the client went away (the only events a parked connection waits for): no answer
        return;
    }
    if (stopping.load() && c->phase == Phase::reading && !c->request_began) {
        expire(c);
        return;
    }
    if (c->phase == Phase::writing && !write_and_go_on(c)) {
        return;
    }
    if (c->phase == Phase::handshake) {
        ERR_clear_error();
        const int r = SSL_accept(c->ssl);
        if (r != 1) {
            const Io io = ssl_wait(c->ssl, r);
            if (io == Io::want_read || io == Io::want_write) {
                wait(c, io == Io::want_write);
            } else {
                close(c); // no TLS, no answer (a plain-HTTP request on the HTTPS port lands here)
            }
            return;
        }
        c->client_subject = verified_peer_subject(c->ssl);
        c->phase = Phase::reading;
    }
    thread_local char buf[16 * 1024];
    // A bounded number of requests per turn, so one pipelining client cannot keep this
    // thread; more than that at once and the rest is not read (the connection closes).
    // A read that filled less than the buffer drained the socket: the thread goes back to
    // epoll instead of reading again only to learn EAGAIN (one recv per request, not two;
    // re-arming a connection that has bytes waiting wakes a thread at once).
    bool drained = false;
    for (int round = 0; round < 64; ++round) {
        std::string_view bytes;
        if (!c->in.has_buffered()) {
            if (drained) {
                wait(c, false);
                return;
            }
            std::size_t n = 0;
            const Io io = read_some(*c, buf, sizeof buf, n);
            if (io == Io::want_read || io == Io::want_write) {
                wait(c, io == Io::want_write);
                return;
            }
            if (io != Io::done) {
                close(c); // the peer went away, mid-request or not: everything it held is freed
                return;
            }
            bytes = std::string_view(buf, n);
            drained = n < sizeof buf && (c->ssl == nullptr || SSL_has_pending(c->ssl) == 0);
            if (!c->request_began) {
                c->request_began = true;
                c->since = Clock::now();
            }
        }
        const auto event = c->in.feed(bytes, c->check);
        if (event == RequestAssembler::Event::need_more) {
            continue;
        }
        if (event == RequestAssembler::Event::refused) {
            if (c->phase == Phase::delayed) {
                unregister(c);
                c->loop->delayed.push_back(c);
                return;
            }
            after_write(c, flush(*c));
            return;
        }
        if (event == RequestAssembler::Event::error) {
            const int status = c->in.error_status();
            if (status == 413 || status == 431) {
                log_limited(c->peer, std::to_string(status),
                            fmt::format("request from {} refused with {}: {}", c->peer, status, c->in.error_reason()));
            }
            refuse(*c, status);
            after_write(c, flush(*c));
            return;
        }
        if (!answer(c, c->in.take())) {
            return; // the route answers from another thread, through the loop's inbox
        }
        if (!write_and_go_on(c)) {
            return;
        }
    }
    close(c); // 64 pipelined requests at once: the rest is not read
}

void Server::Impl::adopt(Loop& l, Conn* c) {
    c->loop = &l;
    l.conns.insert(c);
    wait(c, false); // a handshake or a request starts with the client's bytes
}

void Server::Impl::take_inbox(Loop& l) {
    std::uint64_t n = 0;
    (void)!::read(l.event_fd, &n, sizeof n);
    std::vector<Conn*> adopted;
    std::vector<std::pair<Conn*, Response>> done;
    std::vector<std::pair<std::shared_ptr<ParkedRequest>, Response>> parked;
    {
        const std::lock_guard lock(l.mutex);
        adopted.swap(l.adopted);
        done.swap(l.completions);
        parked.swap(l.parked_answers);
    }
    for (Conn* c : adopted) {
        adopt(l, c);
    }
    for (auto& [c, response] : done) {
        queue(*c, std::move(response));
        after_write(c, flush(*c));
    }
    for (auto& [p, response] : parked) {
        if (Conn* c = p->c) { // else its client went away meanwhile
            finish_parked(c, std::move(response));
        }
    }
}

void Server::Impl::accept_some(Loop& l) {
    // A few at a time: the listener stays readable while more wait, and the other loops
    // (EPOLLEXCLUSIVE) take their share.
    for (int k = 0; k < 16; ++k) {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        const int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) {
                continue;
            }
            if (errno == EMFILE || errno == ENFILE) {
                log_limited("-", "fds", "cannot accept: out of file descriptors");
            }
            return;
        }
        auto* c = new Conn(options.limits);
        c->fd = fd;
        c->peer = address_text(addr);
        c->accepted = c->since = Clock::now();
        c->check = [this, c](const Request& r) { return head_check(*c, r); };
        const unsigned open = stats.open_connections.fetch_add(1) + 1;
        unsigned from_source = 0;
        {
            const std::lock_guard lock(mutex);
            from_source = ++per_source[c->peer];
        }
        const bool too_many = open > options.limits.max_connections;
        if (too_many || from_source > options.limits.max_connections_per_source) {
            stats.refused_connections.fetch_add(1);
            if (!tls) {
                c->out = http_response(503, {{"Retry-After", "1"}}, {}, false);
                (void)flush(*c);
            }
            log_limited(c->peer, too_many ? "connections" : "source",
                        too_many ? fmt::format("connection from {} refused: {} connections open", c->peer,
                                               options.limits.max_connections)
                                 : fmt::format("connection from {} refused: {} connections open from it", c->peer,
                                               options.limits.max_connections_per_source));
            close(c);
            continue;
        }
        const int one = 1;
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (tls) {
            {
                const std::lock_guard lock(tls_mutex);
                c->ssl = SSL_new(tls_ctx); // holds its own reference: a reload may free tls_ctx
            }
            if (c->ssl == nullptr || SSL_set_fd(c->ssl, fd) != 1) {
                close(c);
                continue;
            }
            c->phase = Phase::handshake;
        }
        // The loops take new connections in turn.
        Loop& to = *loops[next_loop.fetch_add(1, std::memory_order_relaxed) % loops.size()];
        if (&to == &l) {
            adopt(l, c);
        } else {
            {
                const std::lock_guard lock(to.mutex);
                to.adopted.push_back(c);
            }
            signal(to);
        }
    }
}

void Server::Impl::sweep(Loop& l, Clock::time_point now) {
    const auto& lim = options.limits;
    const bool stop = stopping.load();
    std::vector<Conn*> late;
    std::vector<Conn*> parked_due;
    for (Conn* c : l.conns) {
        if (c->phase == Phase::parked) {
            // No read deadline: its own, or the stop, answers it.
            if (stop || now >= c->parked->deadline) {
                parked_due.push_back(c);
            }
            continue;
        }
        if (c->phase == Phase::handling || c->phase == Phase::delayed) {
            continue; // a route's answer, or a held-back 401, comes first
        }
        Clock::time_point deadline;
        if (c->phase == Phase::writing) {
            deadline = c->since + std::chrono::seconds(lim.send_timeout_seconds);
        } else if (c->phase == Phase::handshake || (c->fresh && !c->request_began)) {
            deadline = c->accepted + std::chrono::seconds(lim.header_timeout_seconds);
        } else if (!c->request_began) {
            deadline = c->since + std::chrono::seconds(lim.idle_timeout_seconds);
        } else {
            deadline = c->since + std::chrono::seconds(c->in.headers_done() ? lim.request_timeout_seconds
                                                                            : lim.header_timeout_seconds);
        }
        // Stopping: connections waiting for a request go now; answers being written finish.
        if (now >= deadline || (stop && c->phase != Phase::writing)) {
            late.push_back(c);
        }
    }
    for (Conn* c : late) {
        expire(c);
    }
    for (Conn* c : parked_due) {
        if (c->parked->claim()) { // else an answer is in the inbox already
            Response r = std::move(c->parked->at_deadline);
            finish_parked(c, std::move(r));
        }
    }
    for (auto it = l.delayed.begin(); it != l.delayed.end();) {
        if (stop || (*it)->due <= now) {
            Conn* c = *it;
            it = l.delayed.erase(it);
            (void)flush(*c);
            close(c);
        } else {
            ++it;
        }
    }
}

void Server::Impl::run_loop(Loop& l) {
    epoll_event events[64];
    auto next_sweep = Clock::now();
    for (;;) {
        const int n = epoll_wait(l.epoll_fd, events, 64, 50);
        for (int k = 0; k < n; ++k) {
            const epoll_event& ev = events[k];
            if (ev.data.u64 == listener_tag) {
                if (!stopping.load()) {
                    accept_some(l);
                }
            } else if (ev.data.u64 == inbox_tag) {
                take_inbox(l);
            } else {
                service(static_cast<Conn*>(ev.data.ptr));
            }
        }
        const auto now = Clock::now();
        if (stopping.load() && !l.stop_seen) {
            l.stop_seen = true;
            (void)epoll_ctl(l.epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
            next_sweep = now;
        }
        if (now >= next_sweep) {
            sweep(l, now);
            next_sweep = now + std::chrono::milliseconds(50);
        }
        if (exiting.load()) {
            take_inbox(l); // answers given last
            sweep(l, now);
            std::vector<Conn*> left(l.conns.begin(), l.conns.end());
            for (Conn* c : left) {
                close(c);
            }
            return;
        }
    }
}

Server::Server(const Router& router, Authenticator& auth, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, auth, std::move(options))) {}

Server::~Server() {
    auto& i = *impl_;
    if (i.listen_fd >= 0) {
        ::close(i.listen_fd);
    }
    if (i.tls_ctx != nullptr) {
        SSL_CTX_free(i.tls_ctx);
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
    auto ctx = make_tls_context(i.options.tls, i.options.tls_policy);
    if (!ctx) {
        return std::unexpected(ctx.error());
    }
    const std::lock_guard lock(i.tls_mutex);
    SSL_CTX_free(i.tls_ctx); // sessions made from it keep their own reference
    i.tls_ctx = *ctx;
    return {};
}

std::expected<int, std::string> Server::bind() {
    std::signal(SIGPIPE, SIG_IGN); // OpenSSL and closed peers must not kill the agent
    auto& i = *impl_;
    const auto& o = i.options;
    if (!o.tls.certificate.empty() || !o.tls.key.empty()) {
        auto ctx = make_tls_context(o.tls, o.tls_policy);
        if (!ctx) {
            return std::unexpected(ctx.error());
        }
        i.tls_ctx = *ctx;
        i.tls = true;
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(o.port);
    const std::string where = o.host + ":" + port;
    if (const int e = getaddrinfo(o.host.empty() ? nullptr : o.host.c_str(), port.c_str(), &hints, &found); e != 0) {
        return std::unexpected("cannot listen on " + where + ": " + gai_strerror(e));
    }
    std::string why = "no address";
    for (addrinfo* a = found; a != nullptr && i.listen_fd < 0; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            why = std::strerror(errno);
            continue;
        }
        const int one = 1;
        (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 511) != 0) {
            why = std::strerror(errno);
            ::close(fd);
            continue;
        }
        i.listen_fd = fd;
    }
    freeaddrinfo(found);
    if (i.listen_fd < 0) {
        return std::unexpected("cannot listen on " + where + ": " + why);
    }
    for (unsigned n = 0; n < std::max(1U, o.workers); ++n) {
        auto l = std::make_unique<Loop>();
        l->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        l->event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (l->epoll_fd < 0 || l->event_fd < 0) {
            return std::unexpected(std::string("cannot create the connection loops: ") + std::strerror(errno));
        }
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLEXCLUSIVE; // one loop wakes per new connection
        ev.data.u64 = Impl::listener_tag;
        (void)epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, i.listen_fd, &ev);
        ev.events = EPOLLIN;
        ev.data.u64 = Impl::inbox_tag;
        (void)epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, l->event_fd, &ev);
        i.loops.push_back(std::move(l));
    }
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(i.listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        return std::unexpected(std::string("getsockname failed"));
    }
    if (addr.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    }
    return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
}

void Server::run(const std::atomic<bool>& stop) {
    auto& i = *impl_;
    for (auto& l : i.loops) {
        Loop* loop = l.get();
        l->thread = std::thread([&i, loop] { i.run_loop(*loop); });
    }
    while (!stop.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    // Stop accepting (the listening socket shut down: new connections are refused, not left
    // waiting); connections waiting for a request close; answers being written finish, and
    // so do requests a route answers on another thread (within their OperationTimeout); then
    // the loops end.
    i.stopping.store(true);
    (void)::shutdown(i.listen_fd, SHUT_RDWR);
    for (auto& l : i.loops) {
        Impl::signal(*l);
    }
    {
        std::unique_lock lock(i.completion_mutex);
        i.deferred_done.wait_for(lock, std::chrono::minutes(2), [&] { return i.deferred == 0; });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100)); // answers under way are written
    i.exiting.store(true);
    for (auto& l : i.loops) {
        Impl::signal(*l);
    }
    for (auto& l : i.loops) {
        l->thread.join();
    }
    ::close(i.listen_fd);
    i.listen_fd = -1;
}

} // namespace http
