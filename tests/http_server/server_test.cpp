// The HTTP layer over real loopback sockets: routes answering later from other threads do not
// hold a connection thread, pipelined requests are answered in order, limits are enforced on
// the wire, and the server stops with deferred answers in flight.
#include "http_server/server.hpp"
#include "tests/http_server/loopback.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using http_test::connect_to;
using http_test::read_answers;
using http_test::send_all;

std::string get(std::string_view path, std::string_view extra = "") {
    return "GET " + std::string(path) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " +
           "YW5uOnNlY3JldA==" + "\r\n" + std::string(extra) + "\r\n";
}

class ServerOnLoopback : public ::testing::Test {
protected:
    void SetUp() override {
        http::User ann{"ann", http::hash_password("secret"), cim::Role::reader, {}, {}, {}};
        auth = std::make_unique<http::Authenticator>(std::make_shared<const http::Users>(std::vector<http::User>{ann}),
                                                     http::Authenticator::Options{});
        router.add(http::Route{"/now", false, {"GET"}, [](http::Exchange& ex, http::Responder r) {
                                   http::Response resp;
                                   resp.body = "now " + ex.request.query;
                                   resp.content_type = "text/plain";
                                   r.send(std::move(resp));
                               }, {}});
        router.add(http::Route{"/later", false, {"GET"}, [this](http::Exchange&, http::Responder r) {
                                   ++started;
                                   std::thread([r = std::move(r)]() mutable {
                                       std::this_thread::sleep_for(1500ms);
                                       http::Response resp;
                                       resp.body = "later";
                                       resp.content_type = "text/plain";
                                       r.send(std::move(resp));
                                   }).detach();
                               }, {}});
        http::ServerOptions o;
        o.port = 0;
        o.allow_basic_over_http = true;
        o.workers = 2;
        o.limits.max_header_bytes = 2048;
        o.limits.max_connections_per_source = 40;
        running.start(router, *auth, o);
        port = running.port;
    }
    void TearDown() override { running.stop(); }

    http::Router router;
    std::unique_ptr<http::Authenticator> auth;
    http_test::RunningServer running;
    std::atomic<int> started{0};
    int port = 0;
};

TEST_F(ServerOnLoopback, AnswersLaterNeverHoldAThread) {
    // Four deferred requests (more than the two threads) on four connections; a fifth
    // connection is answered at once meanwhile, then every deferred answer arrives.
    std::vector<int> slow;
    for (int i = 0; i < 4; ++i) {
        slow.push_back(connect_to(port));
        send_all(slow.back(), get("/later"));
    }
    for (int i = 0; i < 50 && started < 4; ++i) {
        std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(started, 4);
    const int fast = connect_to(port);
    const auto t0 = Clock::now();
    send_all(fast, get("/now?x=1"));
    const std::string now = read_answers(fast, 1, 1000ms);
    EXPECT_LT(Clock::now() - t0, 500ms);
    EXPECT_NE(now.find("HTTP/1.1 200 OK"), std::string::npos) << now;
    EXPECT_NE(now.find("now x=1"), std::string::npos) << now;
    for (int fd : slow) {
        const std::string later = read_answers(fd, 1, 5000ms);
        EXPECT_NE(later.find("\r\n\r\nlater"), std::string::npos) << later;
        ::close(fd);
    }
    ::close(fast);
}

TEST_F(ServerOnLoopback, PipelinedRequestsInOrderThenLimitsOnTheWire) {
    const int fd = connect_to(port);
    send_all(fd, get("/now?a") + get("/now?b") + get("/now?c"));
    const std::string three = read_answers(fd, 3, 2000ms);
    const auto a = three.find("now a");
    const auto b = three.find("now b");
    const auto c = three.find("now c");
    ASSERT_NE(a, std::string::npos) << three;
    ASSERT_NE(b, std::string::npos) << three;
    ASSERT_NE(c, std::string::npos) << three;
    EXPECT_LT(a, b);
    EXPECT_LT(b, c);
    // Headers over the 2048-byte limit: 431 and the close.
    send_all(fd, get("/now", "X-Big: " + std::string(4000, 'a') + "\r\n"));
    const std::string big = read_answers(fd, 1, 2000ms);
    EXPECT_EQ(big.rfind("HTTP/1.1 431 ", 0), 0U) << big;
    ::close(fd);
    // No credentials: 401 with a challenge; wrong path 404; wrong method 405 with Allow.
    const auto once = [&](const std::string& request) {
        const int s = connect_to(port);
        send_all(s, request);
        std::string got = read_answers(s, 1, 2000ms);
        ::close(s);
        return got;
    };
    EXPECT_EQ(once("GET /now HTTP/1.1\r\nHost: x\r\n\r\n").rfind("HTTP/1.1 401 ", 0), 0U);
    EXPECT_EQ(once(get("/metrics")).rfind("HTTP/1.1 404 ", 0), 0U);
    const std::string post = once("POST /now HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(post.rfind("HTTP/1.1 405 ", 0), 0U) << post;
    EXPECT_NE(post.find("\r\nAllow: GET\r\n"), std::string::npos) << post;
}

TEST_F(ServerOnLoopback, ConnectionsFromOneSourceAreCapped) {
    std::vector<int> held;
    for (int i = 0; i < 40; ++i) {
        held.push_back(connect_to(port));
    }
    std::this_thread::sleep_for(200ms); // all accepted
    const int over = connect_to(port);
    const std::string refused = read_answers(over, 1, 2000ms);
    EXPECT_EQ(refused.rfind("HTTP/1.1 503 ", 0), 0U) << refused;
    ::close(over);
    for (int fd : held) {
        ::close(fd);
    }
    std::this_thread::sleep_for(200ms); // all closed
    const int again = connect_to(port);
    send_all(again, get("/now"));
    EXPECT_NE(read_answers(again, 1, 2000ms).find("HTTP/1.1 200 OK"), std::string::npos);
    ::close(again);
    EXPECT_GE(running.server->stats().refused_connections.load(), 1U);
}

TEST_F(ServerOnLoopback, StopWaitsForAnswersInFlight) {
    const int fd = connect_to(port);
    send_all(fd, get("/later"));
    for (int i = 0; i < 50 && started < 1; ++i) {
        std::this_thread::sleep_for(10ms);
    }
    running.stopping = true; // the deferred answer still goes out before run() returns
    const std::string later = read_answers(fd, 1, 5000ms);
    EXPECT_NE(later.find("\r\n\r\nlater"), std::string::npos) << later;
    EXPECT_NE(later.find("Connection: close"), std::string::npos) << later;
    running.stop();
    ::close(fd);
}

} // namespace
