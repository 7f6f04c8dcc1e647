// Session: SSIF framing, bounded retries, the NetFn/command check with re-reads.
#include "ssif_driver/session.hpp"

#include "ssif_driver/errc.hpp"

#include <algorithm>

namespace ssif {

bool is_transient(std::error_code ec) noexcept {
    if (ec.category() != std::generic_category() && ec.category() != std::system_category()) {
        return false;
    }
    switch (static_cast<std::errc>(ec.value())) {
    case std::errc::no_such_device_or_address: // ENXIO: NAK (i801 DEV_ERR)
    case std::errc::protocol_error:            // EPROTO: count 0 or above 32
    case std::errc::resource_unavailable_try_again: // EAGAIN: lost arbitration
    case std::errc::timed_out:                 // ETIMEDOUT: controller timeout
    case std::errc::bad_message:               // EBADMSG: PEC mismatch
    case std::errc::io_error:                  // EIO: some adapters' NAK
        return true;
    default:
        return ec.value() == EREMOTEIO; // a NAK on adapters that report it so
    }
}

bool Session::wait(std::chrono::microseconds duration) {
    if (waited_ + duration > timing_.budget) {
        return false;
    }
    waited_ += duration;
    io_.wait(duration);
    return true;
}

std::expected<std::vector<std::uint8_t>, std::error_code>
Session::exchange(std::span<const std::uint8_t> request) {
    waited_ = std::chrono::microseconds{0};
    if (request.size() < 2) {
        return std::unexpected(std::make_error_code(std::errc::invalid_argument));
    }
    if (request.size() > caps_.max_request) {
        return std::unexpected(make_error_code(Errc::request_too_long));
    }
    if (auto ec = write_request(request)) {
        return std::unexpected(ec);
    }
    // IPMI 2.0 12.7: the BMC NAKs reads until the response is ready; wait first.
    if (!wait(timing_.first_read_wait)) {
        return std::unexpected(make_error_code(Errc::nak_timeout));
    }
    bool confirming = false;
    for (unsigned reread = 0;; ++reread) {
        auto rsp = read_response();
        if (!rsp) {
            return rsp;
        }
        if (rsp->size() < 3) {
            return std::unexpected(make_error_code(Errc::response_too_short));
        }
        // IPMI 2.0 12.1 (as KCS 9.3): response NetFn is the request's | 1, same command.
        const bool answers = ((*rsp)[0] >> 2) == ((request[0] >> 2) | 1U) && (*rsp)[1] == request[1];
        // The previous response's bytes again may be that response still sitting in the
        // BMC's buffer (QEMU smbus-ipmi before the new answer has arrived), which the NetFn/
        // command check cannot tell from a fresh answer to the same command: read once more.
        if (answers && timing_.confirm_repeats && !confirming && *rsp == previous_) {
            confirming = true;
            ++stats_.repeats;
            if (!wait(timing_.stale_wait)) {
                return std::unexpected(make_error_code(Errc::stale_response));
            }
            continue;
        }
        if (answers) {
            previous_ = *rsp;
            return rsp;
        }
        // A stale response (QEMU ipmi-bmc-extern): the real one replaces it when it arrives.
        ++stats_.stale;
        if (reread >= timing_.stale_rereads || !wait(timing_.stale_wait)) {
            return std::unexpected(make_error_code(Errc::stale_response));
        }
    }
}

std::error_code Session::write_request(std::span<const std::uint8_t> request) {
    for (unsigned attempt = 0;; ++attempt) {
        const auto ec = write_parts(request);
        if (!ec) {
            return {};
        }
        if (!is_transient(ec)) {
            return ec;
        }
        ++stats_.write_naks;
        // Linux restarts the whole message after a failed part (SSIF_SEND_RETRIES).
        if (attempt + 1 >= timing_.write_retries || !wait(timing_.write_retry_wait)) {
            return make_error_code(Errc::write_nak_timeout);
        }
    }
}

std::error_code Session::write_parts(std::span<const std::uint8_t> request) {
    if (request.size() <= block_max) {
        return io_.block_write(smbus_cmd::write_single, request);
    }
    // IPMI 2.0 12.5: START (32), MIDDLE (32)..., END (1..32). Always ending with 08h:
    // a zero-length MIDDLE is refused by i2c-dev (EINVAL).
    if (auto ec = io_.block_write(smbus_cmd::write_start, request.first(block_max))) {
        return ec;
    }
    auto rest = request.subspan(block_max);
    while (rest.size() > block_max) {
        if (auto ec = io_.block_write(smbus_cmd::write_middle, rest.first(block_max))) {
            return ec;
        }
        rest = rest.subspan(block_max);
    }
    return io_.block_write(smbus_cmd::write_end, rest);
}

std::expected<std::size_t, std::error_code> Session::read_block(std::uint8_t command, Block& block) {
    for (unsigned attempt = 0;; ++attempt) {
        auto n = io_.block_read(command, block);
        if (n && *n > 0) {
            ++stats_.blocks;
            return std::min(*n, block_max);
        }
        // A count of 0 is what QEMU returns with no response loaded (EPROTO through i801).
        if (!n && !is_transient(n.error())) {
            return std::unexpected(n.error());
        }
        ++stats_.read_naks;
        if (attempt + 1 >= timing_.read_retries || !wait(timing_.read_retry_wait)) {
            return std::unexpected(make_error_code(Errc::nak_timeout));
        }
    }
}

std::expected<std::vector<std::uint8_t>, std::error_code> Session::read_response() {
    const std::size_t limit = caps_known_ ? caps_.max_response : response_limit_;
    Block block{};
    auto n = read_block(smbus_cmd::read_start, block);
    if (!n) {
        return std::unexpected(n.error());
    }
    std::vector<std::uint8_t> message;
    if (!(*n == block_max && block[0] == multi_part_marker0 && block[1] == multi_part_marker1)) {
        message.assign(block.begin(), block.begin() + static_cast<std::ptrdiff_t>(*n));
        if (message.size() > limit) {
            return std::unexpected(make_error_code(Errc::response_too_long));
        }
        return message;
    }
    // IPMI 2.0 12.6 multi-part read: START carried 30 bytes after the marker.
    message.assign(block.begin() + 2, block.end());
    for (unsigned expected = 0;; ++expected) {
        n = read_block(smbus_cmd::read_middle, block);
        if (!n) {
            return std::unexpected(n.error());
        }
        if (*n < 2) { // a block number and no data
            return std::unexpected(make_error_code(Errc::short_block));
        }
        const std::uint8_t number = block[0];
        if (number != last_block) {
            if (number != expected) {
                return std::unexpected(make_error_code(Errc::bad_block_sequence));
            }
            // Every block but the last carries 31 data bytes (Linux msg_done_handler).
            if (*n != block_max) {
                return std::unexpected(make_error_code(Errc::short_block));
            }
        }
        message.insert(message.end(), block.begin() + 1, block.begin() + static_cast<std::ptrdiff_t>(*n));
        if (message.size() > limit) {
            return std::unexpected(make_error_code(Errc::response_too_long));
        }
        if (number == last_block) {
            return message;
        }
    }
}

} // namespace ssif
