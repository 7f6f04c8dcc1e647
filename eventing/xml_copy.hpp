// An XmlNode written back as XML text with its namespaces declared on it: reference
// parameters/properties of an EPR copied verbatim as SOAP headers (WS-Addressing 2004/08
// section 3.3, facts sheet section 5).
#pragma once

#include "wsman_front/xml_node.hpp"

#include <string>

namespace eventing {

[[nodiscard]] std::string xml_text(const wsman::XmlNode& node);

} // namespace eventing
