// The instances an Enumerate asks for: all of the class, or those a filter selects
// (DSP0226 8.3 / DSP0227 8: SelectorFilter, WQL, the CIM association filter).
#pragma once

#include "cim_mapping/provider.hpp"
#include "wsman_front/fault.hpp"
#include "wsman_front/xml_node.hpp"

#include <expected>
#include <memory>
#include <vector>

namespace wsman {

inline constexpr std::string_view all_classes_uri = "http://schemas.dmtf.org/wbem/wscim/1/*";

// `cls` is null for the all-classes URI (then only a WQL filter names the class); `filter`
// is the wsman:Filter element or null.
// The instances an Enumerate returns, shared with the provider's cache where it has one.
[[nodiscard]] std::expected<std::vector<std::shared_ptr<const cim::Instance>>, Fault>
enumerate_filtered(cim::Provider& provider, const cim::Caller& caller, const cim::ClassDef* cls,
                   const XmlNode* filter);

} // namespace wsman
