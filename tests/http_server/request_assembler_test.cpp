// The request assembler on bytes: requests in one piece, byte by byte and pipelined; every
// limit and refusal with its status.
// Raw requests here on purpose: the HTTP assembler's handling of bytes is the test.
#include "http_server/request_assembler.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace http;
using Event = RequestAssembler::Event;

const RequestAssembler::HeadCheck accept_all = [](const Request&) { return true; };

std::string post(std::string_view body, std::string_view extra = "") {
    return "POST /wsman?x=1 HTTP/1.1\r\nHost: h\r\nContent-Type: application/soap+xml\r\n" + std::string(extra) +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

TEST(RequestAssembler, OneRequestInOnePiece) {
    Limits l;
    RequestAssembler a(l);
    ASSERT_EQ(a.feed(post("<x/>", "Authorization:  Basic abc  \r\n"), accept_all), Event::complete);
    const Request r = a.take();
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/wsman?x=1");
    EXPECT_EQ(r.path, "/wsman");
    EXPECT_EQ(r.query, "x=1");
    EXPECT_EQ(r.body, "<x/>");
    EXPECT_EQ(r.header("authorization"), "Basic abc"); // case-insensitive, trimmed
    EXPECT_TRUE(r.keep_alive);
    EXPECT_FALSE(a.in_request());
}

TEST(RequestAssembler, ByteByByteAndEveryOffset) {
    const std::string bytes = post("<Envelope>body</Envelope>", "Expect: 100-continue\r\n");
    for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
        Limits l;
        RequestAssembler a(l);
        int heads = 0;
        const RequestAssembler::HeadCheck count = [&](const Request& r) {
            ++heads;
            EXPECT_TRUE(r.expect_continue);
            EXPECT_TRUE(r.body.empty()); // called before any body byte
            return true;
        };
        ASSERT_EQ(a.feed(std::string_view(bytes).substr(0, cut), count), Event::need_more) << cut;
        EXPECT_TRUE(a.in_request());
        ASSERT_EQ(a.feed(std::string_view(bytes).substr(cut), count), Event::complete) << cut;
        EXPECT_EQ(a.take().body, "<Envelope>body</Envelope>");
        EXPECT_EQ(heads, 1);
    }
    Limits l;
    RequestAssembler a(l);
    for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
        ASSERT_EQ(a.feed(bytes.substr(i, 1), accept_all), Event::need_more) << i;
    }
    EXPECT_EQ(a.feed(bytes.substr(bytes.size() - 1), accept_all), Event::complete);
}

TEST(RequestAssembler, PipelinedRequestsOneAtATime) {
    Limits l;
    RequestAssembler a(l);
    const std::string three = post("a") + post("bb") + "GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n";
    ASSERT_EQ(a.feed(three, accept_all), Event::complete);
    EXPECT_EQ(a.take().body, "a");
    EXPECT_TRUE(a.has_buffered());
    ASSERT_EQ(a.feed({}, accept_all), Event::complete);
    EXPECT_EQ(a.take().body, "bb");
    ASSERT_EQ(a.feed({}, accept_all), Event::complete);
    const Request get = a.take();
    EXPECT_EQ(get.method, "GET");
    EXPECT_FALSE(get.keep_alive);
    EXPECT_FALSE(a.has_buffered());
    EXPECT_EQ(a.feed({}, accept_all), Event::need_more);
    // A request split after a complete one.
    const std::string two = post("x") + post("yy");
    ASSERT_EQ(a.feed(two.substr(0, two.size() - 3), accept_all), Event::complete);
    EXPECT_EQ(a.take().body, "x");
    EXPECT_EQ(a.feed({}, accept_all), Event::need_more);
    ASSERT_EQ(a.feed(two.substr(two.size() - 3), accept_all), Event::complete);
    EXPECT_EQ(a.take().body, "yy");
}

TEST(RequestAssembler, HttpOneZeroClosesUnlessKeepAlive) {
    Limits l;
    RequestAssembler a(l);
    ASSERT_EQ(a.feed("POST /wsman HTTP/1.0\r\nContent-Length: 0\r\n\r\n", accept_all), Event::complete);
    EXPECT_FALSE(a.take().keep_alive);
    ASSERT_EQ(a.feed("POST /wsman HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", accept_all),
              Event::complete);
    EXPECT_TRUE(a.take().keep_alive);
}

int status_of(std::string_view bytes, const Limits& l = {}) {
    RequestAssembler a(l);
    const auto e = a.feed(bytes, accept_all);
    return e == Event::error ? a.error_status() : 0;
}

TEST(RequestAssembler, LimitsAndRefusals) {
    Limits l;
    l.max_header_bytes = 1024;
    l.max_headers = 10;
    l.max_body_bytes = 100;
    EXPECT_EQ(status_of(post(std::string(101, 'x')), l), 413);                        // before the body
    EXPECT_EQ(status_of(post("", "X-Big: " + std::string(2000, 'a') + "\r\n"), l), 431); // header bytes
    std::string many;
    for (int i = 0; i < 11; ++i) {
        many += "X-" + std::to_string(i) + ": v\r\n";
    }
    EXPECT_EQ(status_of(post("", many), l), 431); // header count
    EXPECT_EQ(status_of("POST /" + std::string(2000, 'a') + " HTTP/1.1\r\n", l), 431); // request line
    EXPECT_EQ(status_of("POST /wsman HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", l), 411);
    EXPECT_EQ(status_of(post("x", "Content-Encoding: gzip\r\n"), l), 415);
    EXPECT_EQ(status_of(post("x", "Content-Encoding: identity\r\n"), l), 0);
    EXPECT_EQ(status_of("POST /wsman HTTP/2.0\r\nContent-Length: 0\r\n\r\n", l), 505);
    EXPECT_EQ(status_of("BREW /wsman HTTP/1.1\r\n\r\n", l), 400);
    EXPECT_EQ(status_of("POST /wsman HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", l), 400);
    EXPECT_EQ(status_of(std::string("POST /wsman HTTP/1.1\r\nX: a\0b\r\n\r\n", 31), l), 400);
    EXPECT_EQ(status_of("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", l), 400); // a TLS hello on plain HTTP
}

// Found by http_request_fuzz (campaign 7; seeds regression-connect-with-body-*): http_parser
// ends a CONNECT at its head, so a CONNECT with a Content-Length came out complete with no
// body, and the body was then assembled as the next request.
TEST(RequestAssembler, ConnectIsRefusedAndItsBodyNeverBecomesARequest) {
    Limits l;
    const std::string smuggled = "GET /metrics HTTP/1.1\r\nHost: h\r\n\r\n";
    const std::string connect = "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\nContent-Length: " +
                                std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled;
    RequestAssembler a(l);
    EXPECT_EQ(a.feed(connect, accept_all), Event::error);
    EXPECT_EQ(a.error_status(), 501);
    EXPECT_EQ(a.feed("", accept_all), Event::error); // stays refused: the connection ends
    EXPECT_EQ(status_of("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n", l), 501);
}

TEST(RequestAssembler, TheHeadCheckCanRefuseBeforeTheBody) {
    Limits l;
    RequestAssembler a(l);
    bool asked = false;
    const RequestAssembler::HeadCheck no = [&](const Request& r) {
        asked = true;
        EXPECT_EQ(r.path, "/wsman");
        return false;
    };
    EXPECT_EQ(a.feed(post("<x/>"), no), Event::refused);
    EXPECT_TRUE(asked);
    EXPECT_EQ(a.feed("more", no), Event::refused); // stays refused: the connection ends
}

} // namespace
