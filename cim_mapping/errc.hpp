// Errors of the cim_mapping library. The provider's errors are typed so the WS-Man front
// end maps each to one fault (DSP0226 section 14 / DSP0227).
#pragma once

#include <system_error>

namespace cim {

enum class Errc {
    // provider
    unknown_class = 1,     // not a class this provider serves   -> wsa:DestinationUnreachable
    not_found,             // no instance with these keys         -> wsa:DestinationUnreachable
    bad_keys,              // a key selector is missing           -> wsman:InvalidSelectors
    method_not_supported,  // the class has no such method        -> wsa:ActionNotSupported
    invalid_parameter,     // a method argument or Put value is invalid -> wsman:InvalidParameter
    access_denied,         // the caller's role does not allow it -> wsman:AccessDenied
    bmc_unavailable,       // the BMC does not answer             -> wsa:EndpointUnavailable (No Contact)
    timed_out,             // the BMC did not answer in time      -> wsman:TimedOut
    not_writable,          // Put of a property that is not writable -> wsman:ActionNotSupported
    filter_needs_class,    // the all-classes URI without a filter
    // filters
    filter_syntax,         // the filter does not parse          -> wsen:CannotProcessFilter
    filter_unsupported,    // a construct outside the supported subset -> wsen:CannotProcessFilter
    filter_unknown_property, // a selector names no property of the class -> wsman:InvalidSelectors
    filter_too_complex,    // longer or deeper than the limits
    // provider (added after the filters: values are stable)
    unexpected_selectors,  // a selector names no key of the class -> wsman:InvalidSelectors
    selector_type_mismatch, // a key selector's value is not of the key's type -> wsman:InvalidSelectors
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace cim

template <> struct std::is_error_code_enum<cim::Errc> : std::true_type {};
