// Messages of the ssif error category.
#include "ssif_driver/errc.hpp"

#include <string>

namespace ssif {
namespace {
class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "ssif"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::no_adapter:
            return "no such I2C adapter device (is the i2c-dev module loaded?)";
        case Errc::address_busy:
            return "the SSIF address is owned by a kernel driver (ipmi_ssif)";
        case Errc::no_block_transfers:
            return "the I2C adapter cannot do SMBus block reads and writes";
        case Errc::no_permission:
            return "no permission to open the I2C adapter (needs root)";
        case Errc::write_nak_timeout:
            return "SSIF request write NAKed on every retry";
        case Errc::nak_timeout:
            return "SSIF read NAKed on every retry: the BMC gave no response";
        case Errc::bad_block_sequence:
            return "SSIF multi-part read block number out of sequence";
        case Errc::short_block:
            return "SSIF read block too short (empty, or a middle block under 31 bytes)";
        case Errc::response_too_long:
            return "SSIF response longer than the BMC's output size";
        case Errc::response_too_short:
            return "SSIF response shorter than netfn, command and completion code";
        case Errc::request_too_long:
            return "SSIF request longer than the BMC's input size";
        case Errc::stale_response:
            return "SSIF re-reads kept returning the response of another command";
        case Errc::bad_spec:
            return "bad SSIF specification (expected /dev/i2c-N[,ADDR], ADDR the 7-bit address)";
        }
        return "unknown ssif error";
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

} // namespace ssif
