#include "openipmi_driver/errc.hpp"

#include <string>

namespace openipmi {
namespace {

class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "openipmi"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::timeout:
            return "no response from the BMC through /dev/ipmi before the deadline";
        case Errc::response_truncated:
            return "response longer than the receive buffer";
        case Errc::empty_response:
            return "response without a completion code";
        case Errc::no_device:
            return "no IPMI device node (load ipmi_devintf and ipmi_si)";
        }
        return "unknown openipmi error";
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

} // namespace openipmi
