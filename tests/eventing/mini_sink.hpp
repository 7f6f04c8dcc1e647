// An event sink for the C++ eventing tests, written from DSP0226 10 and WS-Eventing (not from
// the agent's code): HTTP/1.1 on loopback, one request per connection, every request body
// kept; the answer comes from a callback (an Ack relating to the event's MessageID, a
// DeliveryRefused fault, a 500, ...).
// Raw envelopes here on purpose: an independent sink from the specs, apart from the client's EventSink.
#pragma once

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace eventing_test {

// The text of the first element named `local` (any prefix) in `xml`.
inline std::string element_text(const std::string& xml, const std::string& local, std::size_t from = 0) {
    for (std::size_t at = from; (at = xml.find(local, at)) != std::string::npos; ++at) {
        if (at == 0 || (xml[at - 1] != ':' && xml[at - 1] != '<') || at + local.size() >= xml.size()) {
            continue;
        }
        const char after = xml[at + local.size()];
        if (after != '>' && after != ' ') {
            continue;
        }
        const auto open_end = xml.find('>', at);
        if (xml[open_end - 1] == '/') {
            return {};
        }
        const auto close = xml.find("</", open_end);
        return xml.substr(open_end + 1, close - open_end - 1);
    }
    return {};
}

inline std::string ack_for(const std::string& event, const std::string& action =
                                                          "http://schemas.dmtf.org/wbem/wsman/1/wsman/Ack") {
    return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
           "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\"><s:Header>"
           "<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>"
           "<a:Action>" + action + "</a:Action><a:RelatesTo>" + element_text(event, "MessageID") +
           "</a:RelatesTo></s:Header><s:Body/></s:Envelope>";
}

class MiniSink {
public:
    struct Answer {
        int status = 200;
        std::string body;
    };
    using Respond = std::function<Answer(const std::string& request_body)>;

    explicit MiniSink(Respond respond) : respond_(std::move(respond)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int on = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(fd_, 64);
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~MiniSink() {
        stop_ = true;
        thread_.join();
        ::close(fd_);
    }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/sink"; }

    // The bodies received so far; waits up to `limit` for at least `n`.
    std::vector<std::string> wait_for(std::size_t n, std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, limit, [&] { return received_.size() >= n; });
        return received_;
    }

private:
    void serve() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) {
                continue;
            }
            const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) {
                continue;
            }
            handle(c);
            ::close(c);
        }
    }
    void handle(int c) {
        std::string in;
        char buf[8192];
        std::size_t need = std::string::npos;
        std::size_t head_end = std::string::npos;
        while (need == std::string::npos || in.size() < need) {
            pollfd p{c, POLLIN, 0};
            if (::poll(&p, 1, 2000) <= 0) {
                return;
            }
            const auto n = ::recv(c, buf, sizeof buf, 0);
            if (n <= 0) {
                return;
            }
            in.append(buf, static_cast<std::size_t>(n));
            if (head_end == std::string::npos && (head_end = in.find("\r\n\r\n")) != std::string::npos) {
                std::string lower = in.substr(0, head_end);
                for (auto& ch : lower) {
                    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                }
                const auto cl = lower.find("content-length:");
                need = head_end + 4 + (cl == std::string::npos ? 0 : std::stoul(lower.substr(cl + 15)));
            }
        }
        const std::string body = in.substr(head_end + 4);
        const Answer a = respond_(body);
        {
            const std::lock_guard lock(mutex_);
            received_.push_back(body);
        }
        cv_.notify_all();
        const std::string out = "HTTP/1.1 " + std::to_string(a.status) + " X\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n"
                                "Content-Length: " + std::to_string(a.body.size()) + "\r\nConnection: close\r\n\r\n" + a.body;
        (void)::send(c, out.data(), out.size(), MSG_NOSIGNAL);
    }

    Respond respond_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<std::string> received_;
    std::thread thread_;
};

} // namespace eventing_test
