#include "lan_driver/errc.hpp"

#include <freeipmi/api/ipmi-api.h>
#include <string>

namespace lan {
namespace {

class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lan"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::password_file_unreadable:
            return "password file cannot be read or is empty";
        case Errc::password_missing:
            return "no password: give --password-file or set BMCWSMAN_PASSWORD";
        case Errc::bad_host:
            return "host must be HOST or HOST:PORT";
        case Errc::response_too_short:
            return "response shorter than command and completion code";
        }
        // libfreeipmi's own wording for its error numbers.
        return ipmi_ctx_strerror(value);
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

std::error_code from_freeipmi(int errnum) noexcept {
    return {errnum, category()};
}

} // namespace lan
