#include "wsman_front/resource_uri.hpp"

#include "wsman_front/namespaces.hpp"

namespace wsman {
namespace {

bool valid_class_name(std::string_view s) {
    if (s.empty() || s.size() > 256) {
        return false;
    }
    for (char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<ClassAddress> parse_resource_uri(std::string_view uri) {
    if (uri.starts_with(ns::dmtf_class_prefix)) {
        const auto name = uri.substr(ns::dmtf_class_prefix.size());
        if (!valid_class_name(name)) {
            return std::nullopt;
        }
        return ClassAddress{std::string(name), "root/hardware", true};
    }
    if (uri.starts_with(ns::wmi_class_prefix)) {
        const auto path = uri.substr(ns::wmi_class_prefix.size()); // root/wmi/Microsoft_IPMI
        const auto slash = path.rfind('/');
        if (slash == std::string_view::npos || slash == 0) {
            return std::nullopt;
        }
        const auto name = path.substr(slash + 1);
        if (!valid_class_name(name)) {
            return std::nullopt;
        }
        std::string space(path.substr(0, slash));
        for (auto& c : space) {
            c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        return ClassAddress{std::string(name), space, false};
    }
    return std::nullopt;
}

std::string resource_uri_of(std::string_view class_name, std::string_view name_space) {
    if (class_name.starts_with("CIM_")) {
        return std::string(ns::dmtf_class_prefix) + std::string(class_name);
    }
    return std::string(ns::wmi_class_prefix) + std::string(name_space) + "/" + std::string(class_name);
}

} // namespace wsman
