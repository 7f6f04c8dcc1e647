// DSP0227 8.1 (polymorphism in Enumerate): wsmb:PolymorphismMode read from the Enumerate
// body, and the instances of a class and its subclasses turned into enumeration items as the
// mode says: IncludeSubClassProperties (the default) each as its own class with every
// property; ExcludeSubClassProperties each as the requested class with that class's
// properties only (base properties only; the EPR still names the instance's own class);
// None only the instances of the requested class itself (shallow: no subclass instances).
#pragma once

#include "cim_mapping/schema.hpp"
#include "wsman_front/enumerations.hpp"
#include "wsman_front/fault.hpp"
#include "wsman_front/xml_node.hpp"
#include "wsman_front/xml_writer.hpp"

#include <expected>
#include <memory>
#include <vector>

namespace wsman {

inline constexpr std::string_view cim_binding_ns = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd";

enum class PolymorphismMode : std::uint8_t { include_subclass_properties, exclude_subclass_properties, none };

// The mode an Enumerate element asks for; wsman:InvalidParameter for a value DSP0227 does not define.
[[nodiscard]] std::expected<PolymorphismMode, Fault> polymorphism_mode(const XmlNode& enumerate);

// The items of `instances` (of `cls` and its subclasses) in `form` under `mode`; `cls` null
// (the all-classes URI) leaves every instance as it is.
[[nodiscard]] std::vector<Item> polymorphic_items(const std::vector<std::shared_ptr<const cim::Instance>>& instances,
                                                  const cim::ClassDef* cls, PolymorphismMode mode, ItemForm form);

} // namespace wsman
