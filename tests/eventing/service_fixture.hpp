// The event source driven as the dispatcher drives it, for the eventing component tests:
// request envelopes, Subscribe bodies (Push/Pull deliveries), a call through
// EventService::handle, sample SEL records and a fixture with an in-memory archive.
#pragma once

#include "eventing/event_service.hpp"
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

inline constexpr std::string_view alert_uri = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_AlertIndication";
inline constexpr std::string_view sel_uri = "http://schemas.microsoft.com/wbem/wsman/1/logrecord/sel";
inline const std::string wse_ns = "http://schemas.xmlsoap.org/ws/2004/08/eventing";

inline std::string request(std::string_view action, std::string_view resource_uri, const std::string& body,
                    const std::string& headers = "") {
    std::string uri_header = resource_uri.empty()
                                 ? std::string()
                                 : "<w:ResourceURI>" + std::string(resource_uri) + "</w:ResourceURI>";
    return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
           "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
           "xmlns:e=\"http://schemas.xmlsoap.org/ws/2004/08/eventing\" "
           "xmlns:n=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\" "
           "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\"><s:Header>"
           "<a:To>http://127.0.0.1:5985/wsman</a:To>" + uri_header +
           "<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>"
           "<a:Action s:mustUnderstand=\"true\">" + std::string(action) + "</a:Action>"
           "<a:MessageID>uuid:00000000-0000-4000-8000-000000000001</a:MessageID>" + headers +
           "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
}

inline std::string subscribe_body(const std::string& delivery, const std::string& rest = "") {
    return "<e:Subscribe>" + delivery + rest + "</e:Subscribe>";
}

inline std::string push_delivery(const std::string& address, const std::string& mode = "",
                          const std::string& knobs = "") {
    return "<e:Delivery" + (mode.empty() ? std::string() : " Mode=\"" + mode + "\"") + "><e:NotifyTo><a:Address>" +
           address + "</a:Address><a:ReferenceParameters><x:Tag xmlns:x=\"urn:sink\">tag-42</x:Tag>"
           "</a:ReferenceParameters></e:NotifyTo>" + knobs + "</e:Delivery>";
}

inline const std::string pull_delivery = "<e:Delivery Mode=\"http://schemas.dmtf.org/wbem/wsman/1/wsman/Pull\"/>";

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

// 0x0100 + n, a temperature sensor's upper critical assertion (severity 6), or, when
// `info`, its deassertion (2).
inline ipmi::RawSel record(std::uint16_t n, bool info = false) {
    return {static_cast<std::uint8_t>(n & 0xffU), static_cast<std::uint8_t>(n >> 8U), 0x02, 0x00, 0x00, 0x24, 0x69,
            0x20, 0x00, 0x04, 0x01, 0x30, static_cast<std::uint8_t>(info ? 0x81 : 0x01), 0x59, 0x5c, 0x5a};
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
