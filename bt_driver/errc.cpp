// Messages of the bt error category.
#include "bt_driver/errc.hpp"

#include <string>

namespace bt {
namespace {
class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "bt"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::bmc_busy_timeout:
            return "BT BMC busy: B_BUSY or H2B_ATN stayed set";
        case Errc::response_timeout:
            return "BT response timeout: B2H_ATN never set";
        case Errc::sequence_mismatch:
            return "BT responses kept answering another request (sequence number)";
        case Errc::response_too_short:
            return "BT response shorter than NetFn, Seq, Cmd and completion code";
        case Errc::response_too_long:
            return "BT response longer than the response buffer";
        case Errc::request_too_long:
            return "BT request longer than 255 bytes";
        case Errc::busy:
            return "BT state machine already has a transaction in progress";
        case Errc::bad_port_spec:
            return "bad BT port specification (expected io:ADDR[,SPACING])";
        }
        return "unknown bt error";
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

} // namespace bt
