// The cim error category's messages.
#include "cim_mapping/errc.hpp"

#include <string>

namespace cim {
namespace {
class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "cim"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        // provider
        case Errc::unknown_class:
            return "unknown CIM class";
        case Errc::not_found:
            return "no instance with these keys";
        case Errc::bad_keys:
            return "a key property is missing from the selectors";
        case Errc::unexpected_selectors:
            return "a selector names no key property of the class";
        case Errc::selector_type_mismatch:
            return "a key selector's value is not of the key's type";
        case Errc::method_not_supported:
            return "the class has no such method";
        case Errc::invalid_parameter:
            return "invalid method parameter or property value";
        case Errc::access_denied:
            return "the caller's role does not allow this operation";
        case Errc::bmc_unavailable:
            return "the BMC does not answer";
        case Errc::timed_out:
            return "the BMC did not answer in time";
        case Errc::not_writable:
            return "the property is not writable";
        case Errc::filter_needs_class:
            return "enumerating all classes needs a filter";
        case Errc::filter_syntax:
            return "the filter does not parse";
        case Errc::filter_unsupported:
            return "the filter uses a construct that is not supported";
        case Errc::filter_unknown_property:
            return "the filter names a property the class does not have";
        case Errc::filter_too_complex:
            return "the filter is longer or nested deeper than allowed";
        }
        return "unknown cim error";
    }
};
} // namespace

const std::error_category& category() noexcept {
    static const Category instance;
    return instance;
}

std::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), category()};
}

} // namespace cim
