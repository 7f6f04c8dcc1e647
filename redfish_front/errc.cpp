// The Redfish error category's messages.
#include "redfish_front/errc.hpp"

#include <string>

namespace redfish {
namespace {

class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "redfish"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::body_too_large: return "the request body is larger than the service accepts";
        case Errc::body_too_deep: return "the request body is nested too deeply";
        case Errc::malformed_json: return "the request body is not one JSON object";
        case Errc::unknown_property: return "the request names a property the resource does not have";
        case Errc::wrong_type: return "a property's value has the wrong type";
        case Errc::not_in_list: return "a property's value is not one of its allowable values";
        case Errc::missing_property: return "a required property is missing";
        case Errc::not_writable: return "the property is read-only";
        case Errc::empty_patch: return "the request changes nothing";
        }
        return "unknown redfish error";
    }
};

} // namespace

const std::error_category& category() noexcept {
    static const Category c;
    return c;
}

std::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), category()};
}

} // namespace redfish
