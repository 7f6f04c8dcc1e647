// Chooses and opens the KCS register back end for a PortSpec, mapping errors to kcs::Errc.
#include "kcs_driver/open_port_io.hpp"

#include "kcs_driver/errc.hpp"
#include "kcs_driver/ioport_io.hpp"
#include "kcs_driver/mmio_io.hpp"

#include <cerrno>

namespace kcs {
namespace {

bool is_permission(const std::error_code& ec) {
    return ec == std::errc::operation_not_permitted || ec == std::errc::permission_denied;
}

} // namespace

std::expected<std::unique_ptr<PortIo>, std::error_code> open_port_io(const PortSpec& spec) {
    if (spec.spacing != 1 && spec.spacing != 4 && spec.spacing != 16) {
        return std::unexpected(make_error_code(Errc::bad_port_spec));
    }
    if (spec.space == PortSpec::Space::memory) {
        auto io = open_mmio_io(spec.base, spec.spacing);
        if (!io && is_permission(io.error())) {
            return std::unexpected(make_error_code(Errc::no_permission));
        }
        return io;
    }
    if (spec.base + spec.spacing > 0xffff) {
        return std::unexpected(make_error_code(Errc::bad_port_spec));
    }
    const auto base = static_cast<std::uint16_t>(spec.base);
    auto io = open_ioperm_io(base, spec.spacing);
    if (io) {
        return io;
    }
    // ioperm needs CAP_SYS_RAWIO; /dev/port may still be open to us (e.g. group access),
    // and it is the only way on CPUs without port I/O instructions.
    const std::error_code ioperm_error = io.error();
    auto fallback = open_dev_port_io(base, spec.spacing);
    if (fallback) {
        return fallback;
    }
    if (is_permission(ioperm_error) || is_permission(fallback.error())) {
        return std::unexpected(make_error_code(Errc::no_permission));
    }
    return std::unexpected(make_error_code(Errc::port_io_unavailable));
}

} // namespace kcs
