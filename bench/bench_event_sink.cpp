// A cheap event sink for bench/eventing_latency.py (issue 18), so that the benchmark measures
// the agent and not its sink: one thread, epoll, HTTP/1.1 keep-alive on a loopback port, no XML
// parsing. Each POST is answered at once (an empty 200; when the message carries
// wsman:AckRequested, an Ack relating to its wsa:MessageID) and reported on stdout as one line
//     <CLOCK_MONOTONIC seconds> <request path> <wsa:Action text>
// (Python's time.monotonic() reads the same clock). The first line is "port <n>".
//
//     bench_event_sink [PORT]
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr std::size_t max_request = 4u << 20; // a connection sending more is closed

struct Connection {
    std::string in;
};

double monotonic_now() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// The text of the first element named `local` with a namespace prefix ("<p:Action ...>text<").
std::string_view element_text(std::string_view xml, std::string_view local) {
    for (std::size_t at = 0; (at = xml.find(local, at)) != std::string_view::npos; at += local.size()) {
        const auto open = xml.rfind('<', at);
        const auto after = at + local.size();
        if (at == 0 || xml[at - 1] != ':' || open == std::string_view::npos || xml[open + 1] == '/' ||
            after >= xml.size() || (xml[after] != '>' && xml[after] != ' ')) {
            continue;
        }
        const auto open_end = xml.find('>', after);
        if (open_end == std::string_view::npos || xml[open_end - 1] == '/') {
            return {};
        }
        const auto close = xml.find('<', open_end);
        if (close == std::string_view::npos) {
            return {};
        }
        return xml.substr(open_end + 1, close - open_end - 1);
    }
    return {};
}

std::size_t content_length(std::string_view head) {
    // Header names are case-insensitive; the agent (libcurl) writes "Content-Length".
    for (std::string_view name : {"\r\nContent-Length:", "\r\ncontent-length:"}) {
        const auto at = head.find(name);
        if (at != std::string_view::npos) {
            return std::strtoull(std::string(head.substr(at + name.size(), 20)).c_str(), nullptr, 10);
        }
    }
    return 0;
}

std::string answer_to(std::string_view body) {
    std::string reply;
    if (body.find("AckRequested") != std::string_view::npos) {
        reply = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
                "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\"><s:Header>"
                "<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>"
                "<a:Action>http://schemas.dmtf.org/wbem/wsman/1/wsman/Ack</a:Action><a:RelatesTo>";
        reply += element_text(body, "MessageID");
        reply += "</a:RelatesTo></s:Header><s:Body/></s:Envelope>";
    }
    return "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-8\r\nContent-Length: " +
           std::to_string(reply.size()) + "\r\n\r\n" + reply;
}

void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const auto n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return; // the peer is gone or its window is full: this sink does not queue
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Serves the complete requests in `c.in`; false when the connection must close.
bool serve(int fd, Connection& c, std::string& report) {
    for (;;) {
        const auto head_end = c.in.find("\r\n\r\n");
        if (head_end == std::string::npos) {
            return c.in.size() <= max_request;
        }
        const std::string_view head(c.in.data(), head_end);
        const auto length = content_length(head);
        if (length > max_request) {
            return false;
        }
        if (c.in.size() < head_end + 4 + length) {
            return true;
        }
        const std::string_view body(c.in.data() + head_end + 4, length);
        const auto path_start = head.find(' ');
        const auto path_end = head.find(' ', path_start + 1);
        const auto path = path_start == std::string_view::npos || path_end == std::string_view::npos
                              ? std::string_view("/")
                              : head.substr(path_start + 1, path_end - path_start - 1);
        char stamp[32];
        std::snprintf(stamp, sizeof stamp, "%.6f ", monotonic_now());
        report += stamp;
        report += path;
        report += ' ';
        report += element_text(body, "Action");
        report += '\n';
        write_all(fd, answer_to(body));
        c.in.erase(0, head_end + 4 + length);
    }
}

} // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 0));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener, 4096) != 0) {
        std::perror("bench_event_sink: bind/listen");
        return 1;
    }
    socklen_t len = sizeof addr;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    std::printf("port %d\n", ntohs(addr.sin_port));
    std::fflush(stdout);

    const int ep = ::epoll_create1(EPOLL_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listener;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
    std::map<int, Connection> connections;
    epoll_event events[256];
    std::string report;
    char buffer[65536];
    for (;;) {
        const int n = ::epoll_wait(ep, events, 256, -1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        for (int i = 0; i < n; ++i) {
            const int fd = events[i].data.fd;
            if (fd == listener) {
                for (;;) {
                    const int c = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (c < 0) {
                        break;
                    }
                    ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    epoll_event cev{};
                    cev.events = EPOLLIN;
                    cev.data.fd = c;
                    ::epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
                    connections[c];
                }
                continue;
            }
            Connection& c = connections[fd];
            bool open = true;
            for (;;) {
                const auto got = ::read(fd, buffer, sizeof buffer);
                if (got > 0) {
                    c.in.append(buffer, static_cast<std::size_t>(got));
                    continue;
                }
                open = got < 0 && (errno == EAGAIN || errno == EINTR);
                break;
            }
            if (!serve(fd, c, report) || !open) {
                ::close(fd);
                connections.erase(fd);
            }
        }
        if (!report.empty()) {
            write_all(STDOUT_FILENO, report);
            report.clear();
        }
    }
}
