// Held Pulls (issue 18; DSP0226 10.2.9.5/10.2.5) through the real HTTP server, the WS-Man
// route and dispatcher and the event service, over loopback sockets: a Pull with nothing to
// read waits without a worker thread and is answered by an event archived meanwhile, by the
// heartbeat interval (an empty PullResponse) or by its OperationTimeout (wsman:TimedOut);
// ten parked Pulls leave both connection threads free; a client that goes away frees its
// parked Pull; the parking caps per user and in all answer the next Pull at once.
#include "cim_mapping/model_provider.hpp"
#include "eventing/event_service.hpp"
#include "http_server/server.hpp"
#include "tests/eventing/eventing_requests.hpp"
#include "tests/eventing/memory_archive.hpp"
#include "tests/eventing/mini_sink.hpp"
#include "tests/http_server/loopback.hpp"
#include "tests/sim/sim_bmc.hpp"
#include "wsman_front/namespaces.hpp"
#include "wsman_front/wsman_route.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace {

using namespace std::chrono_literals;
using namespace eventing_test::requests;
using eventing_test::element_text;
using http_test::connect_to;
using http_test::read_answers;
using http_test::send_all;
using Clock = std::chrono::steady_clock;

constexpr std::string_view heartbeats_1s = "<w:Heartbeats>PT1.000S</w:Heartbeats>";

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

std::string post(const std::string& user, const std::string& xml) {
    const std::string credentials = user == "ann" ? "YW5uOnNlY3JldA==" : "Ym9iOnNlY3JldA=="; // ann/bob:secret
    return "POST /wsman HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + credentials +
           "\r\nContent-Type: application/soap+xml;charset=UTF-8\r\nContent-Length: " + std::to_string(xml.size()) +
           "\r\n\r\n" + xml;
}

std::string pull_request(const std::string& context, std::string_view operation_timeout, int max = 10) {
    return request(wsman::ns::action::pull, alert_uri,
                   "<n:Pull><n:EnumerationContext>" + context + "</n:EnumerationContext><n:MaxElements>" +
                       std::to_string(max) + "</n:MaxElements></n:Pull>",
                   "<w:OperationTimeout>" + std::string(operation_timeout) + "</w:OperationTimeout>");
}

std::string identify_request() {
    return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
           "xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\"><s:Header/>"
           "<s:Body><wsmid:Identify/></s:Body></s:Envelope>";
}

struct HeldPull : ::testing::Test {
    eventing_test::MemoryArchive archive;
    test::SimBmc sim;
    std::unique_ptr<cim::DirectBmc> bmc;
    std::unique_ptr<cim::ModelProvider> provider;
    wsman::EnumerationStore enumerations{wsman::EnumerationLimits{60s, 16, 64}};
    std::unique_ptr<wsman::Dispatcher> dispatcher;
    std::unique_ptr<eventing::EventService> events;
    http::Router router;
    std::unique_ptr<http::Authenticator> auth;
    http_test::RunningServer running;
    int port = 0;

    void start(unsigned max_parked = 256, unsigned max_parked_per_user = 16) {
        cim::Snapshot s;
        s.system = {"CIM_ComputerSystem", "sys-1"};
        bmc = std::make_unique<cim::DirectBmc>(*sim.client, std::move(s));
        provider = std::make_unique<cim::ModelProvider>(*bmc);
        dispatcher = std::make_unique<wsman::Dispatcher>(*provider, enumerations, wsman::ServiceInfo{});
        events = std::make_unique<eventing::EventService>(archive, nullptr, std::filesystem::path{},
                                                          eventing::ServiceOptions{});
        (void)events->start();
        dispatcher->set_event_source(events.get());
        router.add(wsman::wsman_route(*dispatcher));
        std::vector<http::User> users{{"ann", http::hash_password("secret"), cim::Role::reader, {}, {}, {}},
                                      {"bob", http::hash_password("secret"), cim::Role::reader, {}, {}, {}}};
        auth = std::make_unique<http::Authenticator>(std::make_shared<const http::Users>(std::move(users)),
                                                     http::Authenticator::Options{});
        http::ServerOptions o;
        o.port = 0;
        o.allow_basic_over_http = true;
        o.workers = 2;
        o.limits.max_parked = max_parked;
        o.limits.max_parked_per_user = max_parked_per_user;
        running.start(router, *auth, o);
        port = running.port;
    }
    http::Server& server() { return *running.server; }
    void TearDown() override {
        running.stop();
        if (events) {
            events->stop();
        }
    }
    // One request on a connection of its own, answered within `limit`.
    std::string exchange(const std::string& user, const std::string& xml, std::chrono::milliseconds limit = 5000ms) {
        const int fd = connect_to(port);
        send_all(fd, post(user, xml));
        std::string got = read_answers(fd, 1, limit);
        ::close(fd);
        return got;
    }
    std::string subscribe_pull(const std::string& user, std::string_view knobs = "") {
        const std::string delivery =
            "<e:Delivery Mode=\"http://schemas.dmtf.org/wbem/wsman/1/wsman/Pull\">" + std::string(knobs) + "</e:Delivery>";
        const std::string got = exchange(user, request(wsman::ns::action::subscribe, alert_uri, subscribe_body(delivery)));
        EXPECT_EQ(got.rfind("HTTP/1.1 200 ", 0), 0U) << got;
        return element_text(got, "EnumerationContext");
    }
    // Sends a Pull on a new connection (left open) and waits until the server holds `parked`.
    int park_pull(const std::string& user, const std::string& context, unsigned parked, int max = 10,
                  std::string_view timeout = "PT20.000S") {
        const int fd = connect_to(port);
        send_all(fd, post(user, pull_request(context, timeout, max)));
        wait_parked(parked);
        return fd;
    }
    void wait_parked(unsigned n) {
        const auto end = Clock::now() + 3s;
        while (server().stats().parked_requests.load() != n && Clock::now() < end) {
            std::this_thread::sleep_for(5ms);
        }
        ASSERT_EQ(server().stats().parked_requests.load(), n);
    }
};

TEST_F(HeldPull, AnsweredByAnEventArchivedMeanwhile) {
    start();
    const auto context = subscribe_pull("ann");
    const int fd = park_pull("ann", context, 1);
    std::this_thread::sleep_for(500ms); // still waiting: nothing was sent yet
    pollfd p{fd, POLLIN, 0};
    EXPECT_EQ(::poll(&p, 1, 0), 0);
    const auto published = Clock::now();
    archive.add(record(1));
    const std::string got = read_answers(fd, 1, 5000ms);
    const auto took = Clock::now() - published;
    ::close(fd);
    EXPECT_LT(took, 1s);
    EXPECT_EQ(got.rfind("HTTP/1.1 200 ", 0), 0U) << got;
    EXPECT_EQ(count(got, "<p:CIM_AlertIndication "), 1U) << got;
    EXPECT_EQ(element_text(got, "EnumerationContext"), context);
    EXPECT_EQ(server().stats().parked_requests.load(), 0U);
    // The position moved: the next Pull does not get it again (an empty heartbeat-less wait
    // cut short by its OperationTimeout, PT1S less the margin: wsman:TimedOut).
    const auto again = exchange("ann", pull_request(context, "PT1.000S"));
    EXPECT_EQ(again.rfind("HTTP/1.1 500 ", 0), 0U) << again;
    EXPECT_NE(again.find("TimedOut"), std::string::npos) << again;
}

TEST_F(HeldPull, EmptyPullResponseAtTheHeartbeatInterval) {
    start();
    const auto context = subscribe_pull("ann", heartbeats_1s);
    const auto t0 = Clock::now();
    const auto got = exchange("ann", pull_request(context, "PT20.000S"));
    const auto took = Clock::now() - t0;
    EXPECT_GE(took, 900ms);
    EXPECT_LT(took, 2500ms);
    EXPECT_EQ(got.rfind("HTTP/1.1 200 ", 0), 0U) << got;
    EXPECT_NE(got.find("PullResponse"), std::string::npos) << got;
    EXPECT_EQ(count(got, "<p:CIM_AlertIndication "), 0U) << got;
    EXPECT_EQ(got.find("Fault"), std::string::npos) << got;
    EXPECT_EQ(got.find("Heartbeat"), std::string::npos) << got; // not the Heartbeat action (WinRM unsubscribes)
}

TEST_F(HeldPull, TimedOutAtTheOperationTimeoutWithoutHeartbeats) {
    start();
    const auto context = subscribe_pull("ann");
    const auto t0 = Clock::now();
    const auto got = exchange("ann", pull_request(context, "PT2.000S"));
    const auto took = Clock::now() - t0;
    EXPECT_GE(took, 1500ms); // 2 s less a tenth
    EXPECT_LT(took, 2000ms); // never after the OperationTimeout
    EXPECT_EQ(got.rfind("HTTP/1.1 500 ", 0), 0U) << got;
    EXPECT_NE(got.find("TimedOut"), std::string::npos) << got;
}

TEST_F(HeldPull, TenParkedPullsLeaveBothWorkersFree) {
    start();
    const auto context = subscribe_pull("ann");
    std::vector<int> parked;
    for (unsigned i = 1; i <= 10; ++i) {
        parked.push_back(park_pull("ann", context, i, 1));
    }
    // Both connection threads answer others meanwhile, at once.
    for (int i = 0; i < 5; ++i) {
        const auto t0 = Clock::now();
        const auto got = exchange("ann", identify_request(), 2000ms);
        EXPECT_LT(Clock::now() - t0, 500ms);
        EXPECT_NE(got.find("IdentifyResponse"), std::string::npos) << got;
    }
    EXPECT_EQ(server().stats().parked_requests.load(), 10U);
    // Ten events: each held Pull (MaxElements 1) gets one, none twice.
    for (std::uint16_t n = 1; n <= 10; ++n) {
        archive.add(record(n));
    }
    std::set<std::string> identities;
    for (int fd : parked) {
        const auto got = read_answers(fd, 1, 3000ms);
        ::close(fd);
        EXPECT_EQ(count(got, "<p:CIM_AlertIndication "), 1U) << got;
        identities.insert(element_text(got, "IndicationIdentifier"));
    }
    EXPECT_EQ(identities.size(), 10U);
    EXPECT_EQ(server().stats().parked_requests.load(), 0U);
}

TEST_F(HeldPull, AClientThatGoesAwayFreesItsParkedPull) {
    start();
    const auto context = subscribe_pull("ann");
    const int fd = park_pull("ann", context, 1);
    ::close(fd);
    wait_parked(0);
    // The event archived after it is not lost to the Pull that went away.
    archive.add(record(7));
    const auto got = exchange("ann", pull_request(context, "PT5.000S"));
    EXPECT_EQ(count(got, "<p:CIM_AlertIndication "), 1U) << got;
    EXPECT_NE(got.find("0b5e9c1e-1111-4222-8333-444455556666:1"), std::string::npos) << got;
}

TEST_F(HeldPull, BeyondTheCapsAPullIsAnsweredAtOnce) {
    start(/*max_parked=*/3, /*max_parked_per_user=*/2);
    const auto ann = subscribe_pull("ann");
    const auto bob = subscribe_pull("bob");
    std::vector<int> held{park_pull("ann", ann, 1), park_pull("ann", ann, 2)};
    // ann's third: over her cap, the empty PullResponse at once.
    auto t0 = Clock::now();
    auto got = exchange("ann", pull_request(ann, "PT20.000S"));
    EXPECT_LT(Clock::now() - t0, 500ms);
    EXPECT_EQ(got.rfind("HTTP/1.1 200 ", 0), 0U) << got;
    EXPECT_NE(got.find("PullResponse"), std::string::npos) << got;
    held.push_back(park_pull("bob", bob, 3));
    // bob's second: under his cap but over the total.
    t0 = Clock::now();
    got = exchange("bob", pull_request(bob, "PT20.000S"));
    EXPECT_LT(Clock::now() - t0, 500ms);
    EXPECT_NE(got.find("PullResponse"), std::string::npos) << got;
    EXPECT_EQ(server().stats().parked_requests.load(), 3U);
    for (int fd : held) {
        ::close(fd);
    }
    wait_parked(0);
}

} // namespace
