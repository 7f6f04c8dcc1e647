#include "ipmi/errc.hpp"

#include <string>

namespace ipmi {
namespace {
class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "ipmi"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::response_too_short:
            return "response shorter than its header and completion code";
        case Errc::response_mismatch:
            return "response does not match the request's network function and command";
        case Errc::request_too_long:
            return "request longer than the transport accepts";
        case Errc::response_data_too_short:
            return "response data shorter than the command's response layout";
        case Errc::response_data_too_long:
            return "response data longer than the command's response layout";
        }
        return "unknown ipmi error";
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

} // namespace ipmi
