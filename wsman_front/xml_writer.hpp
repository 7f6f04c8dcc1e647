// The one place that writes XML: CIM instances as DSP0230 renders them (properties as
// prefixed child elements in the class namespace, xsi:nil for nulls, arrays as repeated
// elements, cim:Datetime / cim:Interval, references as EPRs), EPRs, and the envelopes.
#pragma once

#include "cim_mapping/instance.hpp"
#include "wsman_front/fault.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace wsman {

// &, <, >, " and ' escaped; control characters XML 1.0 forbids replaced by U+FFFD.
[[nodiscard]] std::string escape(std::string_view text);

// <p:Class xmlns:p="resource URI"> ... </p:Class>; rendered once per cached instance.
[[nodiscard]] std::string instance_xml(const cim::Instance& instance);

// An Enumerate item in its mode: the instance (objects), its EPR as wsa:EndpointReference
// (EnumerateEPR), or wsman:Item with both (EnumerateObjectAndEPR). Rendered once per cached
// instance and shared by every context that holds it.
enum class ItemForm : std::uint8_t { object = 0, epr = 1, object_and_epr = 2 };
[[nodiscard]] std::shared_ptr<const std::string> item_xml(const cim::Instance& instance, ItemForm form);

// An endpoint reference: anonymous address, ResourceURI and SelectorSet (DSP0226 5.1).
// `element` names the wrapper ("wsa:EndpointReference", or a property element).
[[nodiscard]] std::string epr_xml(const cim::Reference& ref, std::string_view element);

[[nodiscard]] std::string new_message_id(); // "uuid:" + random v4 UUID

struct ResponseHeader {
    std::string action;
    std::string relates_to; // the request's wsa:MessageID
};

// A whole SOAP 1.2 envelope with the addressing headers of an answer (DSP0226 5.4).
// `extra_headers` (XML, written as given) follow the addressing headers.
[[nodiscard]] std::string envelope(const ResponseHeader& header, std::string_view body,
                                   std::string_view extra_headers = {});
// The same in parts, for answers built in place (Enumerate and Pull items): everything up to
// and including <s:Body>, then the body, then envelope_tail.
[[nodiscard]] std::string envelope_head(const ResponseHeader& header, std::string_view extra_headers = {});
inline constexpr std::string_view envelope_tail = "</s:Body></s:Envelope>";
// Identify's answer carries no addressing headers (DSP0226 11).
[[nodiscard]] std::string identify_envelope(std::string_view body);
// The fault action: WS-Addressing's for addressing faults, WS-Eventing's for wse: subcodes,
// else DSP0226's.
[[nodiscard]] std::string fault_envelope(const Fault& fault, std::string_view relates_to);

} // namespace wsman
