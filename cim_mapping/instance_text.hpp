// A readable rendering of instances (MOF-like), for the CLI and the golden tests.
#pragma once

#include "cim_mapping/instance.hpp"

#include <string>

namespace cim {

// "instance of CIM_Sensor (root/hardware)\n  DeviceID = \"96.0.32\";\n  ...": strings
// quoted, arrays in braces, null as NULL, references as Class.Key="v".
[[nodiscard]] std::string to_text(const Instance& instance);

} // namespace cim
