// Messages of the kcs error category.
#include "kcs_driver/errc.hpp"

#include <string>

namespace kcs {
namespace {
class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "kcs"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::ibf_timeout:
            return "KCS IBF timeout: the BMC did not take the byte written to it";
        case Errc::obf_timeout:
            return "KCS OBF timeout: the BMC did not provide the next byte";
        case Errc::unexpected_state:
            return "KCS interface in an unexpected state (see the transport's last failure)";
        case Errc::hosed:
            return "KCS interface hosed: error exit and retries exhausted";
        case Errc::response_too_long:
            return "KCS response longer than the response buffer";
        case Errc::response_too_short:
            return "KCS response shorter than netfn, command and completion code";
        case Errc::request_too_long:
            return "KCS request longer than the write buffer";
        case Errc::deadline_exceeded:
            return "KCS command deadline exceeded";
        case Errc::busy:
            return "KCS state machine already has a transaction in progress";
        case Errc::ports_busy:
            return "KCS ports are owned by a kernel driver (ipmi_si)";
        case Errc::no_permission:
            return "no permission for KCS port access (needs root or CAP_SYS_RAWIO)";
        case Errc::port_io_unavailable:
            return "KCS port I/O unavailable (neither ioperm nor /dev/port)";
        case Errc::bad_port_spec:
            return "bad KCS port specification (expected io:ADDR[,SPACING] or mem:ADDR[,SPACING], "
                   "spacing 1, 4 or 16)";
        case Errc::mmap_failed:
            return "mmap of /dev/mem for memory-mapped KCS registers failed";
        }
        return "unknown kcs error";
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

} // namespace kcs
