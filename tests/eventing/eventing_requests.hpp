// Requests of the eventing tests as a WS-Man client writes them (wse:Subscribe, wsen:Pull,
// ...), and SEL records to archive: shared by the tests that call the event source directly
// and those that go through the HTTP server.
#pragma once

#include "ipmi/sel_reader.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace eventing_test::requests {

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

// 0x0100 + n, a temperature sensor's upper critical assertion (severity 6), or, when
// `info`, its deassertion (2).
inline ipmi::RawSel record(std::uint16_t n, bool info = false) {
    return {static_cast<std::uint8_t>(n & 0xffU), static_cast<std::uint8_t>(n >> 8U), 0x02, 0x00, 0x00, 0x24, 0x69,
            0x20, 0x00, 0x04, 0x01, 0x30, static_cast<std::uint8_t>(info ? 0x81 : 0x01), 0x59, 0x5c, 0x5a};
}

} // namespace eventing_test::requests
