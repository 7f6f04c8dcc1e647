// The metrics error category's messages.
#include "metrics_front/errc.hpp"

#include <string>

namespace metrics {
namespace {

class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "metrics"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::query_too_long:
            return "the query string is too long";
        case Errc::bad_encoding:
            return "the query string has a malformed percent-encoding";
        case Errc::missing_target:
            return "'target' parameter must be specified"; // ipmi_exporter main.go
        case Errc::bad_target:
            return "'target' must be HOST or HOST:PORT (a host name, an IPv4 address or [IPv6])";
        case Errc::repeated_parameter:
            return "'target' and 'module' may be given once each";
        case Errc::unknown_module:
            return "unknown module";
        case Errc::too_many_targets:
            return "too many targets: every slot holds a target scraped within the idle timeout";
        }
        return "unknown metrics error";
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

} // namespace metrics
