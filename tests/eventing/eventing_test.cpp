// The event source through its WS-Man entry point (EventService::handle with parsed request
// envelopes, as the dispatcher calls it): every Subscribe/Renew/GetStatus/Unsubscribe fault
// of the facts sheet, Pull-mode delivery with filters and bookmarks, persistence across a
// restart, limits, and push delivery (Push, PushWithAck, Events, heartbeats, retries and
// SubscriptionEnd, DeliveryRefused) to a loopback sink.
// Raw envelopes here on purpose: the event source's parsing of Subscribe/Renew/... requests is the test.
#include "eventing/event_service.hpp"
#include "eventing/names.hpp"
#include "eventing/subscribe_request.hpp"
#include "eventing/subscription_store.hpp"
#include "tests/eventing/service_fixture.hpp"
#include "wsman_front/dispatcher.hpp"
#include "wsman_front/namespaces.hpp"
#include "wsman_front/xml_parser.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <random>

namespace {

using namespace eventing_test;
using namespace std::chrono_literals;

// subscribe_request_fuzz's finding: a dateTime outside system_clock's range (years 1678 to
// 2262) overflowed the conversion to nanoseconds (UBSan).
TEST(ParseExpires, DateTimesOutsideTheClocksRangeAreRefusedOrIndefinite) {
    const auto now = std::chrono::system_clock::now();
    EXPECT_FALSE(eventing::parse_expires("1443-01-01T00:00:00Z", now));
    EXPECT_FALSE(eventing::parse_expires("1970-01-02T00:00:00Z", now));
    const auto far = eventing::parse_expires("9999-12-31T23:59:59Z", now);
    ASSERT_TRUE(far);
    EXPECT_FALSE(far->at);
    const auto soon = eventing::parse_expires("2200-01-01T00:00:00Z", now);
    ASSERT_TRUE(soon);
    ASSERT_TRUE(soon->at);
    EXPECT_GT(*soon->at, now);
}

// subscription_file_fuzz's findings: a persisted subscription read back at start-up took a
// float where an integer belongs through json's unchecked conversion (1e300 into an int:
// UBSan), and an expires_ms past system_clock's range overflowed the conversion to
// nanoseconds. Numbers must now be integers in their field's range, durations within what a
// Subscribe can ask for.
TEST(SubscriptionFile, ReadsBackWhatItWroteAndRefusesNumbersOutOfRange) {
    eventing::Subscription s;
    s.id = "uuid:00000000-0000-4000-8000-000000000001";
    s.owner = "ada";
    s.resource_uri = std::string(alert_uri);
    s.mode = eventing::Mode::push_with_ack;
    s.notify_to = {"http://127.0.0.1:8080/sink", {"<p:Id xmlns:p=\"urn:x\">42</p:Id>"}};
    s.expires = std::chrono::system_clock::time_point{std::chrono::milliseconds{1'800'000'000'000}};
    s.heartbeats = 60s;
    s.position = 17;
    const std::string text = eventing::to_json(s);
    ASSERT_EQ(eventing::from_json(text), s);
    const auto with = [&](const char* key, const char* value) {
        auto j = nlohmann::json::parse(text);
        j[key] = nlohmann::json::parse(value);
        return eventing::from_json(j.dump());
    };
    EXPECT_FALSE(with("content", "1e300"));
    EXPECT_FALSE(with("mode", "1.0"));
    EXPECT_FALSE(with("expires_ms", "9223372036854775807"));
    EXPECT_FALSE(with("expires_ms", "-9223372036854775807"));
    EXPECT_FALSE(with("heartbeats_ms", "-1"));
    EXPECT_FALSE(with("max_time_ms", "1000000000001"));
    EXPECT_FALSE(with("position", "-1"));
    EXPECT_FALSE(with("max_elements", "4294967296"));
    EXPECT_FALSE(with("connection_retries", "\"3\""));
    ASSERT_TRUE(with("expires_ms", "-1000"));
    EXPECT_EQ(with("position", "18446744073709551615")->position, 18446744073709551615ULL);
}

TEST_F(Fixture, SubscribeFaultsAsTheFactsSheetLists) {
    auto s = make(options());
    const auto subscribe = [&](const std::string& body) {
        return call(*s, request(wsman::ns::action::subscribe, alert_uri, body));
    };
    struct Case {
        std::string name, body, subcode, detail;
    };
    const std::string sink = "http://127.0.0.1:9/sink";
    const std::vector<Case> cases = {
        {"no Delivery", "<e:Subscribe><e:Expires>PT60S</e:Expires></e:Subscribe>", "wse:InvalidMessage", ""},
        {"NotifyTo without Address",
         subscribe_body("<e:Delivery><e:NotifyTo><a:ReferenceParameters/></e:NotifyTo></e:Delivery>"),
         "wse:InvalidMessage", ""},
        {"Push without NotifyTo", subscribe_body("<e:Delivery/>"), "wse:InvalidMessage", ""},
        {"both filters",
         subscribe_body(push_delivery(sink),
                        "<w:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">SELECT * FROM "
                        "CIM_AlertIndication</w:Filter><e:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">"
                        "SELECT * FROM CIM_AlertIndication</e:Filter>"),
         "wse:InvalidMessage", ""},
        {"zero Expires", subscribe_body(push_delivery(sink), "<e:Expires>PT0.000000S</e:Expires>"),
         "wse:InvalidExpirationTime", ""},
        {"past Expires", subscribe_body(push_delivery(sink), "<e:Expires>2001-01-01T00:00:00Z</e:Expires>"),
         "wse:InvalidExpirationTime", ""},
        {"garbage Expires", subscribe_body(push_delivery(sink), "<e:Expires>tomorrow</e:Expires>"),
         "wse:InvalidExpirationTime", ""},
        {"bad mode", subscribe_body(push_delivery(sink, "urn:carrier-pigeon")), "wse:DeliveryModeRequestedUnavailable",
         ""},
        {"bad dialect",
         subscribe_body(push_delivery(sink), "<w:Filter Dialect=\"urn:no-such-dialect\">x</w:Filter>"),
         "wse:FilteringRequestedUnavailable", ""},
        {"XPath (the default dialect)", subscribe_body(push_delivery(sink), "<w:Filter>/x</w:Filter>"),
         "wse:FilteringRequestedUnavailable", ""},
        {"bad WQL",
         subscribe_body(push_delivery(sink),
                        "<w:Filter Dialect=\"http://schemas.dmtf.org/wbem/wsman/1/WQL\">SELECT FROM</w:Filter>"),
         "wsen:CannotProcessFilter", ""},
        {"WQL on another class",
         subscribe_body(push_delivery(sink),
                        "<w:Filter Dialect=\"http://schemas.dmtf.org/wbem/wsman/1/WQL\">SELECT * FROM CIM_Fan</w:Filter>"),
         "wsen:CannotProcessFilter", ""},
        {"garbage bookmark", subscribe_body(pull_delivery, "<w:Bookmark>nonsense</w:Bookmark>"), "wsman:InvalidBookmark",
         "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/Invalid"},
        {"another archive's bookmark", subscribe_body(pull_delivery, "<w:Bookmark>11111111-2222-4333-8444-555555555555:1</w:Bookmark>"),
         "wsman:InvalidBookmark", "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/Invalid"},
        {"a bookmark from the future", subscribe_body(pull_delivery, "<w:Bookmark>0b5e9c1e-1111-4222-8333-444455556666:99</w:Bookmark>"),
         "wsman:InvalidBookmark", "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/Invalid"},
        {"not an http sink", subscribe_body(push_delivery("mailto:root@localhost")), "wse:EventSourceUnableToProcess",
         "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnusableAddress"},
    };
    for (const auto& c : cases) {
        const auto a = subscribe(c.body);
        ASSERT_TRUE(a.handled) << c.name;
        EXPECT_EQ(a.reply.http_status, 500) << c.name;
        EXPECT_EQ(a.subcode(), c.subcode) << c.name << "\n" << a.reply.body;
        if (!c.detail.empty()) {
            EXPECT_EQ(a.detail(), c.detail) << c.name;
        }
        if (c.subcode.starts_with("wse:")) {
            EXPECT_EQ(a.action(), "http://schemas.xmlsoap.org/ws/2004/08/eventing/fault") << c.name;
        }
    }
    EXPECT_EQ(s->subscriptions(), 0U);
    // Events are served on three resource URIs only.
    const auto elsewhere = call(*s, request(wsman::ns::action::subscribe,
                                            "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_Fan",
                                            subscribe_body(pull_delivery)));
    EXPECT_EQ(elsewhere.subcode(), "wsa:DestinationUnreachable");
}

TEST_F(Fixture, ExpiredBookmarkAfterRotation) {
    auto s = make(options());
    for (std::uint16_t i = 1; i <= 5; ++i) {
        archive.add(record(i));
    }
    archive.drop_oldest(3); // records 1-3 rotated away: 4 and 5 kept
    const auto a = call(*s, request(wsman::ns::action::subscribe, alert_uri,
                                    subscribe_body(pull_delivery, "<w:Bookmark>0b5e9c1e-1111-4222-8333-444455556666:1</w:Bookmark>")));
    EXPECT_EQ(a.subcode(), "wsman:InvalidBookmark");
    EXPECT_EQ(a.detail(), "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/Expired");
    // Bookmark 3 still works: the next record (4) is kept.
    const auto ok = call(*s, request(wsman::ns::action::subscribe, alert_uri,
                                     subscribe_body(pull_delivery, "<w:Bookmark>0b5e9c1e-1111-4222-8333-444455556666:3</w:Bookmark>")));
    EXPECT_EQ(ok.reply.http_status, 200) << ok.reply.body;
}

TEST_F(Fixture, RenewGetStatusUnsubscribeAndTheirFaults) {
    auto s = make(options());
    const auto id = subscribe_pull(*s, "<e:Expires>PT600.000000S</e:Expires>");
    ASSERT_TRUE(id.starts_with("uuid:"));
    const auto with_id = [&](const std::string& i) { return "<e:Identifier> " + i + " </e:Identifier>"; };
    // Unknown identifier.
    auto a = call(*s, request(wsman::ns::action::renew, "", "<e:Renew><e:Expires>PT60S</e:Expires></e:Renew>",
                              with_id("uuid:nope")));
    EXPECT_EQ(a.subcode(), "wse:UnableToRenew");
    a = call(*s, request(wsman::ns::action::unsubscribe, "", "<e:Unsubscribe/>", with_id("uuid:nope")));
    EXPECT_EQ(a.subcode(), "wse:InvalidMessage");
    a = call(*s, request(wsman::ns::action::get_status, "", "<e:GetStatus/>", with_id("uuid:nope")));
    EXPECT_EQ(a.subcode(), "wse:InvalidMessage");
    // Someone else's subscription is unknown to bob.
    a = call(*s, request(wsman::ns::action::get_status, "", "<e:GetStatus/>", with_id(id)), "bob");
    EXPECT_EQ(a.subcode(), "wse:InvalidMessage");
    // Renew PT0S (what openwsman's renew without -r sends) is refused.
    a = call(*s, request(wsman::ns::action::renew, "", "<e:Renew><e:Expires>PT0.000000S</e:Expires></e:Renew>",
                         with_id(id)));
    EXPECT_EQ(a.subcode(), "wse:InvalidExpirationTime");
    a = call(*s, request(wsman::ns::action::renew, "", "<e:Renew><e:Expires>PT7200S</e:Expires></e:Renew>",
                         with_id(id)));
    ASSERT_EQ(a.reply.http_status, 200) << a.reply.body;
    EXPECT_EQ(a.action(), "http://schemas.xmlsoap.org/ws/2004/08/eventing/RenewResponse");
    const auto granted = element_text(a.reply.body, "Expires");
    EXPECT_TRUE(granted.starts_with("PT71")) << granted; // a little under 7200 s
    a = call(*s, request(wsman::ns::action::get_status, "", "<e:GetStatus/>", with_id(id)));
    EXPECT_EQ(a.reply.http_status, 200);
    EXPECT_TRUE(element_text(a.reply.body, "Expires").starts_with("PT71"));
    a = call(*s, request(wsman::ns::action::unsubscribe, "", "<e:Unsubscribe/>", with_id(id)));
    ASSERT_EQ(a.reply.http_status, 200);
    EXPECT_NE(a.reply.body.find("<s:Body></s:Body>"), std::string::npos) << "an empty body";
    EXPECT_EQ(s->subscriptions(), 0U);
    // A Pull on the ended subscription is no longer the event source's.
    EXPECT_FALSE(pull(*s, id).handled);
}

TEST_F(Fixture, PullDeliversFilteredEventsOnceWithBookmarks) {
    auto s = make(options());
    archive.add(record(1)); // before the subscription: not delivered
    const auto id = subscribe_pull(
        *s, "<w:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">SELECT * FROM CIM_AlertIndication "
            "WHERE PerceivedSeverity &gt;= 6</w:Filter><w:SendBookmarks/>");
    archive.add(record(2));
    archive.add(record(3, true)); // Information: filtered out
    archive.add(record(4));
    auto a = pull(*s, id);
    ASSERT_TRUE(a.handled);
    ASSERT_EQ(a.reply.http_status, 200) << a.reply.body;
    EXPECT_EQ(count(a.reply.body, "<p:CIM_AlertIndication "), 2U) << a.reply.body;
    EXPECT_NE(a.reply.body.find("<p:IndicationIdentifier>0b5e9c1e-1111-4222-8333-444455556666:2</p:IndicationIdentifier>"), std::string::npos);
    EXPECT_NE(a.reply.body.find("<p:IndicationIdentifier>0b5e9c1e-1111-4222-8333-444455556666:4</p:IndicationIdentifier>"), std::string::npos);
    EXPECT_EQ(element_text(a.reply.body, "Bookmark"), "0b5e9c1e-1111-4222-8333-444455556666:4");
    EXPECT_EQ(element_text(a.reply.body, "EnumerationContext"), id);
    // Nothing new: the Pull may be held (held_pull_test.cpp); its answer when it cannot wait
    // is empty, never EndOfSequence.
    a = pull(*s, id);
    EXPECT_TRUE(a.reply.later);
    EXPECT_EQ(count(a.reply.body, "<p:CIM_AlertIndication "), 0U);
    EXPECT_EQ(a.reply.body.find("EndOfSequence"), std::string::npos);
    // MaxElements is honoured.
    for (std::uint16_t i = 5; i <= 7; ++i) {
        archive.add(record(i));
    }
    a = pull(*s, id, 2);
    EXPECT_EQ(count(a.reply.body, "<p:CIM_AlertIndication "), 2U);
    a = pull(*s, id, 2);
    EXPECT_EQ(count(a.reply.body, "<p:CIM_AlertIndication "), 1U);
    // Another user's Pull is not served from this subscription.
    EXPECT_FALSE(pull(*s, id, 1, "bob").handled);
}

TEST_F(Fixture, BookmarksResumeAndEarliestReplays) {
    auto s = make(options());
    for (std::uint16_t i = 1; i <= 4; ++i) {
        archive.add(record(i));
    }
    const auto after2 = subscribe_pull(*s, "<w:Bookmark>0b5e9c1e-1111-4222-8333-444455556666:2</w:Bookmark>");
    auto a = pull(*s, after2);
    EXPECT_EQ(count(a.reply.body, "<p:CIM_AlertIndication "), 2U);
    EXPECT_EQ(a.reply.body.find("6666:2<"), std::string::npos);
    const auto earliest = subscribe_pull(*s, "<w:Bookmark>http://schemas.dmtf.org/wbem/wsman/1/wsman/bookmark/earliest</w:Bookmark>");
    a = pull(*s, earliest);
    EXPECT_EQ(count(a.reply.body, "<p:CIM_AlertIndication "), 4U);
    // The SEL resource URI serves the CIM_LogRecord instances themselves.
    auto sel = call(*s, request(wsman::ns::action::subscribe, sel_uri,
                                subscribe_body(pull_delivery, "<w:Bookmark>0b5e9c1e-1111-4222-8333-444455556666:3</w:Bookmark>")));
    a = pull(*s, element_text(sel.reply.body, "EnumerationContext"));
    EXPECT_EQ(count(a.reply.body, "<p:CIM_LogRecord "), 1U) << a.reply.body;
    // The archive is told to keep what the slowest subscription still needs (the janitor
    // tells it within a second): one still at record 1.
    (void)subscribe_pull(*s, "<w:Bookmark>0b5e9c1e-1111-4222-8333-444455556666:1</w:Bookmark>");
    std::this_thread::sleep_for(1500ms);
    EXPECT_EQ(archive.floor(), 1U);
}

TEST_F(Fixture, SubscriptionsSurviveARestartWithTheirPosition) {
    const auto dir = temp_dir();
    std::string id;
    {
        auto s = make(options(), dir);
        id = subscribe_pull(*s, "<w:SendBookmarks/>");
        archive.add(record(1));
        archive.add(record(2));
        auto a = pull(*s, id, 1);
        EXPECT_EQ(count(a.reply.body, "<p:CIM_AlertIndication "), 1U);
    }
    auto s = make(options(), dir);
    EXPECT_EQ(s->subscriptions(), 1U);
    auto a = pull(*s, id);
    EXPECT_EQ(count(a.reply.body, "<p:CIM_AlertIndication "), 1U);
    EXPECT_NE(a.reply.body.find("6666:2</p:IndicationIdentifier>"), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_F(Fixture, LimitsPerUserAndAllowList) {
    auto o = options();
    o.limits.per_user = 1;
    o.notify_allow = {"127.0.0.1:9"};
    auto s = make(o);
    (void)subscribe_pull(*s);
    auto a = call(*s, request(wsman::ns::action::subscribe, alert_uri, subscribe_body(pull_delivery)));
    EXPECT_EQ(a.subcode(), "wsman:QuotaLimit");
    a = call(*s, request(wsman::ns::action::subscribe, alert_uri,
                         subscribe_body(push_delivery("http://10.1.2.3:9/sink"))), "bob");
    EXPECT_EQ(a.subcode(), "wse:EventSourceUnableToProcess");
    a = call(*s, request(wsman::ns::action::subscribe, alert_uri, subscribe_body(push_delivery("http://127.0.0.1:9/x"))),
             "bob");
    EXPECT_EQ(a.reply.http_status, 200) << a.reply.body;
}

TEST_F(Fixture, PushDeliversEachEventOnceWithReferenceParameters) {
    MiniSink sink([](const std::string&) { return MiniSink::Answer{}; });
    auto s = make(options());
    auto a = call(*s, request(wsman::ns::action::subscribe, alert_uri, subscribe_body(push_delivery(sink.url()))));
    ASSERT_EQ(a.reply.http_status, 200) << a.reply.body;
    archive.add(record(1));
    archive.add(record(2));
    auto got = sink.wait_for(2, 5s);
    ASSERT_EQ(got.size(), 2U);
    EXPECT_NE(got[0].find("<n0:Tag xmlns:n0=\"urn:sink\">tag-42</n0:Tag>"), std::string::npos) << got[0];
    EXPECT_NE(got[0].find("http://schemas.dmtf.org/wbem/wsman/1/wsman/Event</wsa:Action>"), std::string::npos);
    EXPECT_EQ(got[0].find("AckRequested"), std::string::npos);
    EXPECT_NE(got[0].find("6666:1</p:IndicationIdentifier>"), std::string::npos);
    EXPECT_NE(got[1].find("6666:2</p:IndicationIdentifier>"), std::string::npos);
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(sink.wait_for(3, 0ms).size(), 2U) << "each event once";
}

TEST_F(Fixture, PushWithAckWaitsForTheAckEitherSpelling) {
    std::atomic<int> n{0};
    MiniSink sink([&](const std::string& body) {
        // The DMTF action, then openwsman's misspelt one.
        return MiniSink::Answer{200, eventing_test::ack_for(body, n++ % 2 == 0
                                                                      ? "http://schemas.dmtf.org/wbem/wsman/1/wsman/Ack"
                                                                      : "http://schemas.xmlsoap.org/wbmem/wsman/1/wsman/Ack")};
    });
    auto s = make(options());
    auto a = call(*s, request(wsman::ns::action::subscribe, alert_uri,
                              subscribe_body(push_delivery(sink.url(), std::string(eventing::uri::mode::push_with_ack)),
                                             "<w:SendBookmarks/>")));
    ASSERT_EQ(a.reply.http_status, 200) << a.reply.body;
    for (std::uint16_t i = 1; i <= 3; ++i) {
        archive.add(record(i));
    }
    auto got = sink.wait_for(3, 5s);
    ASSERT_EQ(got.size(), 3U);
    EXPECT_NE(got[0].find("<wsman:AckRequested/>"), std::string::npos);
    EXPECT_EQ(element_text(got[2], "Bookmark"), "0b5e9c1e-1111-4222-8333-444455556666:3");
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(sink.wait_for(4, 0ms).size(), 3U) << "acknowledged events are not sent again";
}

TEST_F(Fixture, EventsModeBatchesUpToMaxElements) {
    MiniSink sink([](const std::string& body) { return MiniSink::Answer{200, eventing_test::ack_for(body)}; });
    auto s = make(options());
    for (std::uint16_t i = 1; i <= 5; ++i) {
        archive.add(record(i));
    }
    auto a = call(*s, request(wsman::ns::action::subscribe, alert_uri,
                              subscribe_body(push_delivery(sink.url(), std::string(eventing::uri::mode::events),
                                                           "<w:MaxElements>3</w:MaxElements><w:MaxTime>PT0.2S</w:MaxTime>"),
                                             "<w:Bookmark>http://schemas.dmtf.org/wbem/wsman/1/wsman/bookmark/earliest</w:Bookmark>")));
    ASSERT_EQ(a.reply.http_status, 200) << a.reply.body;
    auto got = sink.wait_for(2, 5s);
    ASSERT_EQ(got.size(), 2U);
    EXPECT_EQ(count(got[0], "<wsman:Event Action="), 3U);
    EXPECT_EQ(count(got[1], "<wsman:Event Action="), 2U); // after MaxTime, the rest
    EXPECT_NE(got[0].find("http://schemas.dmtf.org/wbem/wsman/1/wsman/Events</wsa:Action>"), std::string::npos);
}

TEST_F(Fixture, HeartbeatsWhenIdle) {
    MiniSink sink([](const std::string& body) { return MiniSink::Answer{200, eventing_test::ack_for(body)}; });
    auto s = make(options());
    auto a = call(*s, request(wsman::ns::action::subscribe, alert_uri,
                              subscribe_body(push_delivery(sink.url(), std::string(eventing::uri::mode::push_with_ack),
                                                           "<w:Heartbeats>PT1S</w:Heartbeats>"))));
    ASSERT_EQ(a.reply.http_status, 200);
    auto got = sink.wait_for(1, 4s);
    ASSERT_GE(got.size(), 1U);
    EXPECT_NE(got[0].find("http://schemas.dmtf.org/wbem/wsman/1/wsman/Heartbeat</wsa:Action>"), std::string::npos);
}

TEST_F(Fixture, FailingSinkEndsWithSubscriptionEndAndRefusalCancelsSilently) {
    MiniSink end_to([](const std::string&) { return MiniSink::Answer{}; });
    std::atomic<int> attempts{0};
    MiniSink failing([&](const std::string&) {
        ++attempts;
        return MiniSink::Answer{500, "oops"};
    });
    auto s = make(options());
    auto a = call(*s, request(wsman::ns::action::subscribe, alert_uri,
                              subscribe_body("<e:EndTo><a:Address>" + end_to.url() + "</a:Address></e:EndTo>" +
                                             push_delivery(failing.url(), "",
                                                           "<w:ConnectionRetry Total=\"2\">PT0.1S</w:ConnectionRetry>"))));
    ASSERT_EQ(a.reply.http_status, 200);
    archive.add(record(1));
    auto ended = end_to.wait_for(1, 5s);
    ASSERT_EQ(ended.size(), 1U);
    EXPECT_EQ(attempts.load(), 3); // the first try and two retries
    EXPECT_NE(ended[0].find("http://schemas.xmlsoap.org/ws/2004/08/eventing/SubscriptionEnd</wsa:Action>"),
              std::string::npos);
    EXPECT_EQ(element_text(ended[0], "Status"), "http://schemas.xmlsoap.org/ws/2004/08/eventing/DeliveryFailure");
    EXPECT_EQ(s->subscriptions(), 0U);

    MiniSink refusing([](const std::string&) {
        return MiniSink::Answer{
            500, "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
                 "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\"><s:Body><s:Fault><s:Code><s:Value>"
                 "s:Receiver</s:Value><s:Subcode><s:Value>w:DeliveryRefused</s:Value></s:Subcode></s:Code>"
                 "<s:Reason><s:Text xml:lang=\"en\">no</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>"};
    });
    a = call(*s, request(wsman::ns::action::subscribe, alert_uri,
                         subscribe_body("<e:EndTo><a:Address>" + end_to.url() + "</a:Address></e:EndTo>" +
                                        push_delivery(refusing.url()))));
    ASSERT_EQ(a.reply.http_status, 200);
    archive.add(record(2));
    ASSERT_EQ(refusing.wait_for(1, 5s).size(), 1U);
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(s->subscriptions(), 0U);
    EXPECT_EQ(end_to.wait_for(2, 0ms).size(), 1U) << "no SubscriptionEnd after DeliveryRefused";
}

TEST_F(Fixture, AHangingSinkDelaysOnlyItsOwnSubscription) {
    std::atomic<bool> release{false};
    MiniSink hanging([&](const std::string&) {
        for (int i = 0; i < 100 && !release; ++i) {
            std::this_thread::sleep_for(50ms);
        }
        return MiniSink::Answer{};
    });
    MiniSink quick([](const std::string&) { return MiniSink::Answer{}; });
    auto s = make(options());
    (void)call(*s, request(wsman::ns::action::subscribe, alert_uri, subscribe_body(push_delivery(hanging.url()))));
    (void)call(*s, request(wsman::ns::action::subscribe, alert_uri, subscribe_body(push_delivery(quick.url()))));
    archive.add(record(1));
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(quick.wait_for(1, 3s).size(), 1U);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
    // Requests are answered meanwhile.
    const auto before = std::chrono::steady_clock::now();
    (void)subscribe_pull(*s);
    EXPECT_LT(std::chrono::steady_clock::now() - before, 500ms);
    release = true;
}

} // namespace

namespace {

std::expected<eventing::SubscribeRequest, wsman::Fault> parse(const std::string& delivery, const std::string& rest = "",
                                                              const std::string& headers = "") {
    auto doc = wsman::parse_document(request(wsman::ns::action::subscribe, alert_uri, subscribe_body(delivery, rest), headers));
    EXPECT_TRUE(doc.has_value());
    return eventing::parse_subscribe(*doc, alert_uri, std::chrono::system_clock::now());
}

const std::string profiles = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/";

std::string thumbprint_token(const std::string& thumbprint) {
    return "<t:IssuedTokens xmlns:t=\"http://schemas.xmlsoap.org/ws/2005/02/trust\"><t:RequestSecurityTokenResponse>"
           "<t:TokenType>http://schemas.dmtf.org/wbem/wsman/1/wsman/token/certificateThumbprint</t:TokenType>"
           "<t:RequestedSecurityToken><w:CertificateThumbprint>" + thumbprint +
           "</w:CertificateThumbprint></t:RequestedSecurityToken></t:RequestSecurityTokenResponse></t:IssuedTokens>";
}

// DSP0226 10.2.2 (wsman:Auth) and the IssuedTokens token types, as openwsman sends them.
TEST(SinkAuthentication, ProfilesAndThumbprintsParsedOrRefused) {
    const std::string https = "https://127.0.0.1:1/sink";
    auto in_delivery = parse(push_delivery(https, "", "<w:Auth Profile=\"" + profiles + "https/mutual/digest\"/>"));
    ASSERT_TRUE(in_delivery);
    EXPECT_EQ(in_delivery->subscription.sink_auth_profile, profiles + "https/mutual/digest");
    // openwsman -s: Heartbeats nested in wsman:Auth, both still read.
    auto nested = parse(push_delivery(https, "", "<w:Auth Profile=\"" + profiles + "https/digest\"><w:Heartbeats>PT5S"
                                                 "</w:Heartbeats></w:Auth>"));
    ASSERT_TRUE(nested);
    EXPECT_EQ(nested->subscription.heartbeats, 5s);
    EXPECT_EQ(nested->subscription.sink_auth_profile, profiles + "https/digest");
    // Misplaced in Subscribe itself: taken too.
    auto misplaced = parse(push_delivery(https), "<w:Auth Profile=\"" + profiles + "https/basic\"/>");
    ASSERT_TRUE(misplaced);
    EXPECT_EQ(misplaced->subscription.sink_auth_profile, profiles + "https/basic");
    for (const std::string profile : {"https/spnego-kerberos", "https/unknown", "http/basic/extra"}) {
        auto refused = parse(push_delivery(https, "", "<w:Auth Profile=\"" + profiles + profile + "\"/>"));
        ASSERT_FALSE(refused) << profile;
        EXPECT_EQ(refused.error().subcode, "wsman:UnsupportedFeature");
        EXPECT_EQ(refused.error().detail, "AuthorizationMode");
    }
    auto insecure = parse(push_delivery("http://127.0.0.1:1/sink", "", "<w:Auth Profile=\"" + profiles + "https/basic\"/>"));
    ASSERT_FALSE(insecure);
    EXPECT_EQ(insecure.error().detail, "AuthorizationMode");
    // Thumbprints as Windows and openssl print them: normalized; SHA-256 too; anything else refused.
    auto sha1 = parse(push_delivery(https), "", thumbprint_token("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"));
    ASSERT_TRUE(sha1);
    EXPECT_EQ(sha1->subscription.sink_thumbprint, "abcdef0123456789abcdef0123456789abcdef01");
    auto sha256 = parse(push_delivery(https), "", thumbprint_token(std::string(64, 'F')));
    ASSERT_TRUE(sha256);
    EXPECT_EQ(sha256->subscription.sink_thumbprint, std::string(64, 'f'));
    EXPECT_FALSE(parse(push_delivery(https), "", thumbprint_token("abc")));
    EXPECT_FALSE(parse(push_delivery("http://127.0.0.1:1/sink"), "", thumbprint_token(std::string(40, 'a'))));
}

TEST(SinkAuthentication, KeptWithTheSubscriptionAndOldFilesStillRead) {
    eventing::Subscription s;
    s.id = "uuid:1";
    s.owner = "alice";
    s.sink_auth_profile = profiles + "https/mutual";
    s.sink_thumbprint = std::string(40, 'a');
    auto back = eventing::from_json(eventing::to_json(s));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, s);
    // A file written before these fields existed.
    auto json = nlohmann::json::parse(eventing::to_json(s));
    json.erase("sink_auth_profile");
    json.erase("sink_thumbprint");
    auto old = eventing::from_json(json.dump());
    ASSERT_TRUE(old);
    EXPECT_EQ(old->sink_auth_profile, "");
    EXPECT_EQ(old->sink_thumbprint, "");
}

} // namespace
