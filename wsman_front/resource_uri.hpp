// Resource URIs to classes and back (protocol-facts: DMTF class URIs, WMI-style URIs with
// a namespace path; WinRM defaults DMTF class URIs to root/hardware).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wsman {

struct ClassAddress {
    std::string class_name;
    std::string name_space; // "root/hardware", "root/interop", "root/wmi"
    bool dmtf = false;      // a DMTF class URI (which names no namespace of its own)
};

// http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_Sensor -> CIM_Sensor (root/hardware,
// or the `__cimnamespace` selector's); http://schemas.microsoft.com/wbem/wsman/1/wmi/root/
// wmi/Microsoft_IPMI -> Microsoft_IPMI in root/wmi. nullopt for anything else.
[[nodiscard]] std::optional<ClassAddress> parse_resource_uri(std::string_view uri);

// The URI a class is addressed by in answers: DMTF form for CIM_ classes, WMI form else.
[[nodiscard]] std::string resource_uri_of(std::string_view class_name, std::string_view name_space);

} // namespace wsman
