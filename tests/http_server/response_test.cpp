// HTTP response heads, the router's matching and the log throttle, on values.
#include "http_server/log_throttle.hpp"
#include "http_server/response.hpp"
#include "http_server/router.hpp"

#include <gtest/gtest.h>

namespace {

using namespace http;

TEST(HttpResponse, OneBufferWithLengthTypeAndConnection) {
    EXPECT_EQ(http_response(200, {}, "<x/>", true),
              "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-8\r\nContent-Length: 4\r\n"
              "Connection: keep-alive\r\n\r\n<x/>");
    EXPECT_EQ(http_response(401, {{"WWW-Authenticate", "Basic realm=\"r\""}, {"WWW-Authenticate", "Digest x"}}, "",
                            false),
              "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"r\"\r\nWWW-Authenticate: Digest x\r\n"
              "Content-Length: 0\r\nConnection: close\r\n\r\n");
    EXPECT_NE(http_response(405, {{"Allow", "POST"}}, "", false).find("\r\nAllow: POST\r\n"), std::string::npos);
    EXPECT_EQ(http_response(413, {}, "", false).substr(0, 30), "HTTP/1.1 413 Content Too Large");
}

TEST(HttpResponse, HeaderInjectionIsDropped) {
    const auto r = http_response(401, {{"WWW-Authenticate", "Basic\r\nSet-Cookie: x=1"}, {"Bad\r\nName", "v"}}, "", false);
    EXPECT_EQ(r.find("Set-Cookie"), std::string::npos);
    EXPECT_EQ(r.find("Bad"), std::string::npos);
}

TEST(HttpResponse, HeadAloneForAWritevWithTheBody) {
    Response r;
    r.status = 431;
    r.body = "{}";
    r.content_type = "application/json";
    EXPECT_EQ(response_head(r, true), "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json\r\n"
                                      "Content-Length: 2\r\nConnection: keep-alive\r\n\r\n");
}

TEST(Router, ExactPathsPrefixesAndMethods) {
    Router router;
    int hit = 0;
    router.add(Route{"/wsman", false, {"POST"}, [&](Exchange&, Responder) { hit = 1; }, {}});
    router.add(Route{"/redfish/v1", true, {"GET", "POST"}, [&](Exchange&, Responder) { hit = 2; }, {}});
    ASSERT_NE(router.match("/wsman"), nullptr);
    EXPECT_EQ(router.match("/wsman/"), nullptr);
    EXPECT_EQ(router.match("/wsmanx"), nullptr);
    EXPECT_EQ(router.match("/metrics"), nullptr);
    ASSERT_NE(router.match("/redfish/v1/Systems/1"), nullptr);
    EXPECT_EQ(router.match("/redfish/v1/Systems/1")->path, "/redfish/v1");
    EXPECT_EQ(router.match("/redfish/v10"), nullptr);
    EXPECT_TRUE(Router::allows(*router.match("/wsman"), "POST"));
    EXPECT_FALSE(Router::allows(*router.match("/wsman"), "GET"));
    EXPECT_EQ(Router::allow_header(*router.match("/redfish/v1")), "GET, POST");
}

TEST(Responder, AHandlerThatNeverAnswersStillAnswers500) {
    struct Catch final : Responder::Sink {
        void complete(Response r) override { status = r.status; }
        int status = 0;
    };
    auto sink = std::make_shared<Catch>();
    { Responder r(sink); }
    EXPECT_EQ(sink->status, 500);
    {
        Responder r(sink);
        Response ok;
        ok.status = 200;
        r.send(ok);
        r.send(Response{}); // once only
    }
    EXPECT_EQ(sink->status, 200);
}

TEST(LogThrottle, OneLinePerSourceAndKindPerInterval) {
    LogThrottle t(std::chrono::seconds(60), 2);
    const auto t0 = LogThrottle::Clock::time_point{} + std::chrono::hours(1);
    EXPECT_EQ(t.admit("10.0.0.1", "408", t0), 0U);
    EXPECT_FALSE(t.admit("10.0.0.1", "408", t0 + std::chrono::seconds(1)));
    EXPECT_FALSE(t.admit("10.0.0.1", "408", t0 + std::chrono::seconds(59)));
    EXPECT_EQ(t.admit("10.0.0.1", "413", t0), 0U);                          // another kind
    EXPECT_EQ(t.admit("10.0.0.1", "408", t0 + std::chrono::seconds(60)), 2U); // two folded into it
    // The table is bounded: a third key pushes out the entry whose interval is over...
    EXPECT_EQ(t.admit("10.0.0.2", "408", t0 + std::chrono::seconds(61)), 0U);
    EXPECT_FALSE(t.admit("10.0.0.1", "408", t0 + std::chrono::seconds(62))); // still remembered
    EXPECT_EQ(t.admit("10.0.0.1", "413", t0 + std::chrono::seconds(62)), 0U); // forgotten: a line again
}

} // namespace
