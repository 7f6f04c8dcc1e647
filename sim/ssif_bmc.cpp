// SsifBmc: request assembly, block-wise responses, faults.
#include "sim/ssif_bmc.hpp"

#include <algorithm>

namespace sim {
namespace {

// IPMI 2.0 Tables 12-2..12-5: SMBus command codes of the BMC side.
constexpr std::uint8_t single_write = 0x02;
constexpr std::uint8_t start_read = 0x03;
constexpr std::uint8_t start_write = 0x06;
constexpr std::uint8_t middle_write = 0x07;
constexpr std::uint8_t end_write = 0x08;
constexpr std::uint8_t middle_read = 0x09;
constexpr std::size_t block = 32;

std::error_code errno_code(std::errc e) { return std::make_error_code(e); }

} // namespace

SsifBmc::SsifBmc(SsifFaults faults, SsifConfig config) : config_(config) { set_faults(faults); }

void SsifBmc::set_faults(const SsifFaults& faults) {
    faults_ = faults;
    faulty_left_ = faults.only_next_requests.value_or(0);
    write_naks_left_ = faults.nak_writes;
}

bool SsifBmc::faulty() const noexcept {
    return !faults_.only_next_requests || this_request_faulty_;
}

std::error_code SsifBmc::nak() {
    ++stats_.naks;
    return errno_code(std::errc::no_such_device_or_address);
}

std::error_code SsifBmc::set_pec(bool on) {
    if (on) {
        ++stats_.pec_sets;
    }
    return {};
}

std::error_code SsifBmc::block_write(std::uint8_t command, std::span<const std::uint8_t> data) {
    ++stats_.writes;
    if (data.empty() || data.size() > block) {
        return errno_code(std::errc::invalid_argument); // what i2c-dev says for count 0 or 33
    }
    // A busy BMC NAKs the first write(s) of a request (the host retries the whole message).
    const bool first_part = command == single_write || command == start_write;
    if (first_part && write_naks_left_ > 0 &&
        (!faults_.only_next_requests || faulty_left_ > 0)) {
        --write_naks_left_;
        return nak();
    }
    switch (command) {
    case single_write:
        request_.assign(data.begin(), data.end());
        in_multi_write_ = false;
        take_request();
        return {};
    case start_write:
        if (data.size() != block) {
            return nak();
        }
        request_.assign(data.begin(), data.end());
        in_multi_write_ = true;
        return {};
    case middle_write:
    case end_write:
        if (!in_multi_write_) {
            return nak();
        }
        request_.insert(request_.end(), data.begin(), data.end());
        // IPMI 2.0 12.5: END, or a MIDDLE shorter than 32 bytes, ends the request.
        if (command == end_write || data.size() < block) {
            in_multi_write_ = false;
            take_request();
        }
        return {};
    default:
        return nak();
    }
}

void SsifBmc::take_request() {
    ++stats_.requests;
    write_naks_left_ = faults_.nak_writes;
    this_request_faulty_ = faults_.only_next_requests && faulty_left_ > 0;
    if (this_request_faulty_) {
        --faulty_left_;
    }
    std::vector<std::uint8_t> rsp;
    // Get System Interface Capabilities (App 57h, type 00h SSIF) is the interface's own.
    if (config_.answer_capabilities && request_.size() >= 3 && request_[0] >> 2 == 0x06 &&
        request_[1] == 0x57 && request_[2] == 0x00) {
        rsp = {static_cast<std::uint8_t>((0x07 << 2) | (request_[0] & 3)), 0x57, 0x00, 0x00,
               config_.capability_flags, config_.input_size, config_.output_size};
    } else {
        rsp = model_.handle(request_);
    }
    if (faulty() && faults_.response_length && rsp.size() < *faults_.response_length) {
        rsp.resize(*faults_.response_length, 0x00);
    }
    previous_ = std::move(response_);
    response_ = std::move(rsp);
    naks_left_ = faulty() ? faults_.nak_reads : 0;
    stale_left_ = faulty() && !previous_.empty() ? faults_.stale_reads : 0;
    reading_multi_ = false;
}

std::expected<std::size_t, std::error_code> SsifBmc::block_read(std::uint8_t command,
                                                                ssif::Block& out) {
    ++stats_.reads;
    if (command == start_read) {
        if (response_.empty()) {
            return std::unexpected(errno_code(std::errc::protocol_error)); // count 0, as QEMU
        }
        if (naks_left_ > 0) {
            --naks_left_;
            return std::unexpected(nak());
        }
        if (stale_left_ > 0) {
            --stale_left_;
            out_ = previous_;
        } else {
            out_ = response_;
        }
        if (out_.size() <= block) {
            std::ranges::copy(out_, out.begin());
            reading_multi_ = false;
            return out_.size();
        }
        // IPMI 2.0 12.6: START is 00h 01h and the first 30 message bytes.
        out[0] = 0x00;
        out[1] = 0x01;
        std::copy_n(out_.begin(), block - 2, out.begin() + 2);
        out_pos_ = block - 2;
        next_block_ = 0;
        reading_multi_ = true;
        return block;
    }
    if (command != middle_read || !reading_multi_) {
        return std::unexpected(errno_code(std::errc::protocol_error));
    }
    const bool first = next_block_ == 0;
    const std::size_t left = out_.size() - out_pos_;
    std::size_t take = std::min<std::size_t>(left, block - 1);
    const bool last = left <= block - 1;
    std::uint8_t number = last ? std::uint8_t{0xff} : static_cast<std::uint8_t>(next_block_);
    if (first && faulty() && !last) {
        if (faults_.wrong_block_number) {
            number = static_cast<std::uint8_t>(number + 1);
        }
        if (faults_.short_middle_block) {
            take = 20;
        }
        if (faults_.empty_block) {
            take = 0;
        }
    }
    out[0] = number;
    std::copy_n(out_.begin() + static_cast<std::ptrdiff_t>(out_pos_), take, out.begin() + 1);
    out_pos_ += take;
    ++next_block_;
    if (last) {
        reading_multi_ = false;
    }
    return take + 1;
}

} // namespace sim
