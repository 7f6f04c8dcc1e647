// libFuzzer target: a wse:Subscribe request as the event source reads it (Expat's bounded
// parse, then parse_subscribe on each subscribable resource URI and parse_expires on the
// raw bytes). Everything must end in a subscription or a fault: no crash, hang or unbounded
// work; a subscription's reference headers must parse back as XML.
#include "eventing/subscribe_request.hpp"
#include "wsman_front/xml_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto now = std::chrono::system_clock::time_point{std::chrono::seconds{1'800'000'000}};
    (void)eventing::parse_expires(text.substr(0, 128), now);
    auto doc = wsman::parse_document(text);
    if (!doc) {
        return 0;
    }
    for (std::string_view uri : {"http://schemas.microsoft.com/wbem/wsman/1/logrecord/sel",
                                 "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_AlertIndication",
                                 "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_Fan"}) {
        auto s = eventing::parse_subscribe(*doc, uri, now);
        if (!s) {
            continue;
        }
        for (const auto& h : s->subscription.notify_to.reference_headers) {
            if (!wsman::parse_document(h)) {
                std::abort(); // a copied header must be well-formed XML
            }
        }
    }
    return 0;
}
