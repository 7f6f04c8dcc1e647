// Resource URIs as operators type them: winrm's aliases (cimv2/, wmi/, wmicimv2/, winrm/),
// a plain class name, and selectors after '?' (winrm's '+', wsmancli's '&' or ';').
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <system_error>

#include "wsman_client/model.hpp"

namespace wsman::client {

struct Target {
  std::string resource_uri;
  Selectors selectors;
};

// "cimv2/CIM_Fan?DeviceID=x" -> DMTF class URI plus selectors; Errc::invalid_argument when
// empty or a selector has no '='.
std::expected<Target, std::error_code> resolve_resource(std::string_view text);

// The class name at the end of a resource URI (after the last '/', before '?').
std::string class_of(std::string_view resource_uri);

}  // namespace wsman::client
