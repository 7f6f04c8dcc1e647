// winrm's alias table (winrm help aliases) and selector syntax.
#include "wsman_client/resource_uri.hpp"

#include <array>
#include <utility>

#include "wsman_client/errc.hpp"

namespace wsman::client {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> aliases{{
    {"cimv2/", "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"},
    {"wmicimv2/", "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/"},
    {"wmi/", "http://schemas.microsoft.com/wbem/wsman/1/wmi/"},
    {"winrm/", "http://schemas.microsoft.com/wbem/wsman/1/"},
    {"wsman/", "http://schemas.microsoft.com/wbem/wsman/1/"},
    {"shell/", "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/"},
}};

}  // namespace

std::expected<Target, std::error_code> resolve_resource(std::string_view text) {
  Target t;
  std::string_view uri = text.substr(0, text.find('?'));
  std::string_view query = uri.size() < text.size() ? text.substr(uri.size() + 1) : std::string_view{};
  if (uri.empty()) return std::unexpected(make_error_code(Errc::invalid_argument));
  if (uri.starts_with("http://") || uri.starts_with("https://")) {
    t.resource_uri.assign(uri);
  } else if (uri == "*") {
    t.resource_uri = "http://schemas.dmtf.org/wbem/wscim/1/*";
  } else {
    for (const auto& [alias, base] : aliases) {
      if (uri.starts_with(alias)) {
        t.resource_uri = std::string(base) + std::string(uri.substr(alias.size()));
        break;
      }
    }
    if (t.resource_uri.empty()) {
      if (uri.find('/') != std::string_view::npos) return std::unexpected(make_error_code(Errc::invalid_argument));
      t.resource_uri = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/" + std::string(uri);
    }
  }
  while (!query.empty()) {
    auto end = query.find_first_of("+&;");
    std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view{} : query.substr(end + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) return std::unexpected(make_error_code(Errc::invalid_argument));
    t.selectors.emplace_back(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
  }
  return t;
}

std::string class_of(std::string_view resource_uri) {
  resource_uri = resource_uri.substr(0, resource_uri.find('?'));
  auto slash = resource_uri.rfind('/');
  return std::string(slash == std::string_view::npos ? resource_uri : resource_uri.substr(slash + 1));
}

}  // namespace wsman::client
