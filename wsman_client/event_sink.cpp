// The sink's socket loop: non-blocking connections under poll, each with its RequestReader and
// a deadline; answers written as the socket takes them.
#include "wsman_client/event_sink.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <list>
#include <vector>

#include "http_common/status_reason.hpp"
#include "wsman_client/errc.hpp"

namespace wsman::client {

namespace {

using Clock = std::chrono::steady_clock;

// RFC 4648 4 (for the expected "Basic ..." header).
std::string base64(std::string_view in) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto byte = [&](std::size_t i) -> unsigned { return i < in.size() ? static_cast<unsigned char>(in[i]) : 0u; };
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const unsigned v = (byte(i) << 16u) | (byte(i + 1) << 8u) | byte(i + 2);
    out += table[(v >> 18u) & 63u];
    out += table[(v >> 12u) & 63u];
    out += i + 1 < in.size() ? table[(v >> 6u) & 63u] : '=';
    out += i + 2 < in.size() ? table[v & 63u] : '=';
  }
  return out;
}

std::string response(int status, std::string_view body, bool soap, bool close, bool challenge = false) {
  std::string r = "HTTP/1.1 " + std::to_string(status) + " " + std::string(http_common::reason_phrase(status)) + "\r\n";
  if (!body.empty()) {
    r += soap ? "Content-Type: application/soap+xml;charset=UTF-8\r\n" : "Content-Type: text/plain\r\n";
  }
  if (challenge) r += "WWW-Authenticate: Basic realm=\"bmcwsman-client\"\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  if (close) r += "Connection: close\r\n";
  r += "\r\n";
  r.append(body);
  return r;
}

// The path of a request target (RFC 9112 3.2): origin-form up to '?', or the path of an
// absolute-form target.
std::string_view target_path(std::string_view target) {
  if (const auto scheme = target.find("://"); scheme != std::string_view::npos && !target.starts_with("/")) {
    const auto slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  return target.substr(0, target.find('?'));
}

struct Connection {
  int fd = -1;
  RequestReader reader;
  Clock::time_point deadline;
  std::string out;
  std::size_t sent = 0;
  bool close_after = false;
  bool closed = false;
};

}  // namespace

Result<std::unique_ptr<EventSink>> EventSink::open(const EventSinkOptions& options) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, options.address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(options.port);
    len = sizeof *v4;
  } else if (inet_pton(AF_INET6, options.address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(options.port);
    len = sizeof *v6;
  } else {
    return std::unexpected(failure(make_error_code(Errc::invalid_argument), "not an IP address: " + options.address));
  }
  const int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::unexpected(failure(make_error_code(Errc::connect_failed), std::strerror(errno)));
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(fd, 64) != 0) {
    std::string why = std::string("cannot listen on ") + options.address + ":" + std::to_string(options.port) + ": " +
                      std::strerror(errno);
    ::close(fd);
    return std::unexpected(failure(make_error_code(Errc::connect_failed), std::move(why)));
  }
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  const std::uint16_t port = ntohs(ss.ss_family == AF_INET ? v4->sin_port : v6->sin6_port);
  return std::unique_ptr<EventSink>(new EventSink(options, fd, port));
}

EventSink::~EventSink() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> EventSink::run(const std::function<Verdict(const Notification&)>& on_notification,
                            const std::atomic<bool>& stop, const std::function<void(const std::string&)>& on_error) {
  const auto timeout = std::chrono::milliseconds(options_.request_timeout_ms);
  const std::string expected_auth =
      options_.user.empty() ? std::string{} : "Basic " + base64(options_.user + ":" + options_.password);
  auto report = [&](const std::string& what) {
    if (on_error) on_error(what);
  };
  std::list<Connection> connections;
  std::vector<pollfd> fds;
  std::vector<Connection*> polled;
  char buf[65536];

  // One whole request: the answer queued on the connection.
  auto handle = [&](Connection& c) {
    RequestReader& r = c.reader;
    const bool close = !r.keep_alive();
    if (!options_.path.empty() && target_path(r.target()) != options_.path) {
      c.out = response(404, "no event sink at this path\n", false, close);
      c.close_after = close;
      report("a request for " + r.target() + ", not " + options_.path);
      return;
    }
    if (r.method() != "POST") {
      c.out = response(405, "POST only\n", false, true);
      c.close_after = true;
      return;
    }
    if (!expected_auth.empty() && r.authorization() != expected_auth) {
      c.out = response(401, {}, false, close, true);
      c.close_after = close;
      return;
    }
    if (r.content_type().find("soap+xml") == std::string::npos) {
      c.out = response(415, "application/soap+xml expected\n", false, close);
      c.close_after = close;
      report("a request that is not application/soap+xml");
      return;
    }
    auto n = read_notification(r.take_body(), options_.xml_limits);
    if (!n) {
      c.out = response(400, n.error().message + "\n", false, close);
      c.close_after = close;
      report(n.error().message);
      return;
    }
    const Verdict v = on_notification(*n);
    if (v == Verdict::refuse) {
      c.out = response(500, refusal_envelope(n->message_id), true, close);
    } else if (n->ack_requested) {
      c.out = response(200, ack_envelope(n->message_id), true, close);
    } else {
      c.out = response(200, {}, false, close);
    }
    c.close_after = close;
  };

  // On stop, answers already decided are still written (an Ack the source waits for), for up
  // to a second; nothing new is read.
  bool draining = false;
  Clock::time_point drain_until;
  while (true) {
    if (stop.load() && !draining) {
      draining = true;
      drain_until = Clock::now() + std::chrono::seconds(1);
    }
    if (draining) {
      bool pending = false;
      for (const auto& c : connections) pending = pending || (!c.closed && !c.out.empty());
      if (!pending || Clock::now() > drain_until) break;
    }
    fds.clear();
    polled.clear();
    fds.push_back({fd_, static_cast<short>(!draining && connections.size() < options_.max_connections ? POLLIN : 0), 0});
    for (auto& c : connections) {
      fds.push_back({c.fd, static_cast<short>(!c.out.empty() ? POLLOUT : draining ? 0 : POLLIN), 0});
      polled.push_back(&c);
    }
    const int ready = ::poll(fds.data(), fds.size(), 100);
    if (ready < 0 && errno != EINTR) {
      return std::unexpected(failure(make_error_code(Errc::connect_failed), std::string("poll: ") + std::strerror(errno)));
    }
    const auto now = Clock::now();
    if (ready > 0 && (fds[0].revents & POLLIN) != 0) {
      const int cfd = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (cfd >= 0) {
        const int one = 1;
        ::setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto& c = connections.emplace_back();
        c.fd = cfd;
        c.reader = RequestReader(options_.limits);
        c.deadline = now + timeout;
      }
    }
    for (std::size_t i = 0; i < polled.size(); ++i) {
      Connection& c = *polled[i];
      const short ev = fds[i + 1].revents;
      if (ev == 0) continue;
      if (!c.out.empty()) {
        const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
          c.closed = true;
          continue;
        }
        if (n > 0) c.sent += static_cast<std::size_t>(n);
        if (c.sent == c.out.size()) {
          c.out.clear();
          c.sent = 0;
          if (c.close_after) {
            c.closed = true;
            continue;
          }
          c.deadline = now + timeout;
          c.reader.next();
          if (!draining && c.reader.state() == RequestReader::State::complete) handle(c);  // a pipelined request
        }
        continue;
      }
      const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        c.closed = true;
        continue;
      }
      if (n < 0) continue;
      switch (c.reader.feed({buf, static_cast<std::size_t>(n)})) {
        case RequestReader::State::need_more: break;
        case RequestReader::State::complete: handle(c); break;
        case RequestReader::State::failed:
          report("a malformed or oversized request (HTTP " + std::to_string(c.reader.status()) + ")");
          c.out = response(c.reader.status(), std::string(http_common::reason_phrase(c.reader.status())) + "\n", false, true);
          c.close_after = true;
          break;
      }
    }
    for (auto& c : connections) {
      if (c.closed || now < c.deadline) continue;
      if (c.reader.started() && c.out.empty()) {  // a trickle: tell it, best effort, and close
        report("a request did not arrive whole within the timeout");
        const std::string r = response(408, "Request Timeout\n", false, true);
        (void)::send(c.fd, r.data(), r.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      }
      c.closed = true;
    }
    connections.remove_if([](Connection& c) {
      if (c.closed) ::close(c.fd);
      return c.closed;
    });
  }
  for (auto& c : connections) ::close(c.fd);
  return {};
}

}  // namespace wsman::client
