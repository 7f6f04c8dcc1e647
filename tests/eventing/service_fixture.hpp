// The event source driven as the dispatcher drives it, for the eventing component tests:
// request envelopes, Subscribe bodies (Push/Pull deliveries), a call through
// EventService::handle, sample SEL records and a fixture with an in-memory archive.
#pragma once

#include "eventing/event_service.hpp"
#include "tests/eventing/eventing_requests.hpp"
#include "tests/eventing/memory_archive.hpp"
#include "tests/eventing/mini_sink.hpp"
#include "wsman_front/dispatcher.hpp"
#include "wsman_front/namespaces.hpp"
#include "wsman_front/xml_parser.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <random>

namespace eventing_test {

using namespace std::chrono_literals;
using namespace eventing_test::requests; // request envelopes and SEL records (eventing_requests.hpp)

struct Answer {
    bool handled = false;
    wsman::Reply reply;
    std::string subcode() const { return element_text(element_text(reply.body, "Subcode"), "Value"); }
    std::string detail() const { return element_text(reply.body, "FaultDetail"); }
    std::string action() const { return element_text(reply.body, "Action"); }
};

inline Answer call(eventing::EventService& service, const std::string& xml, const std::string& user = "alice") {
    auto doc = wsman::parse_document(xml);
    EXPECT_TRUE(doc.has_value()) << xml;
    std::string relates;
    auto r = wsman::parse_request(*doc, &relates);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().reason);
    if (!r) {
        return {};
    }
    cim::Caller caller{user, cim::Role::reader, "127.0.0.1"};
    auto reply = service.handle(*r, *doc, caller);
    return reply ? Answer{true, std::move(*reply)} : Answer{};
}

inline std::filesystem::path temp_dir() {
    std::random_device rd;
    auto p = std::filesystem::temp_directory_path() / ("eventing-test-" + std::to_string(rd()));
    std::filesystem::create_directories(p);
    return p;
}

struct Fixture : ::testing::Test {
    MemoryArchive archive;
    eventing::ServiceOptions options() {
        eventing::ServiceOptions o;
        o.delivery.default_retry_interval = 50ms;
        o.delivery.timeout_ms = 2000;
        return o;
    }
    std::unique_ptr<eventing::EventService> make(eventing::ServiceOptions o, std::filesystem::path dir = {}) {
        auto s = std::make_unique<eventing::EventService>(archive, nullptr, std::move(dir), std::move(o));
        s->start();
        return s;
    }
    std::string subscribe_pull(eventing::EventService& s, const std::string& rest = "") {
        auto a = call(s, request(wsman::ns::action::subscribe, alert_uri, subscribe_body(pull_delivery, rest)));
        EXPECT_EQ(a.reply.http_status, 200) << a.reply.body;
        return element_text(a.reply.body, "EnumerationContext");
    }
    Answer pull(eventing::EventService& s, const std::string& context, int max = 10, const std::string& user = "alice") {
        return call(s,
                    request(wsman::ns::action::pull, alert_uri,
                            "<n:Pull><n:EnumerationContext>" + context + "</n:EnumerationContext><n:MaxElements>" +
                                std::to_string(max) + "</n:MaxElements></n:Pull>"),
                    user);
    }
};

inline std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

} // namespace eventing_test
