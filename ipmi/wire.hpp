// Little-endian readers and writers for IPMI message data (IPMI 2.0 section 5:
// multi-byte fields are least significant byte first).
#pragma once

#include "ipmi/errc.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <system_error>
#include <vector>

namespace ipmi::wire {

// Reads fields in order; after the first short read every read fails, so decode
// functions read everything and check once (ok()).
class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> data) : data_(data) {}

    std::uint8_t u8() {
        if (!take(1)) {
            return 0;
        }
        return data_[pos_ - 1];
    }
    std::uint16_t u16() {
        if (!take(2)) {
            return 0;
        }
        return static_cast<std::uint16_t>(data_[pos_ - 2] | (data_[pos_ - 1] << 8));
    }
    std::uint32_t u24() {
        if (!take(3)) {
            return 0;
        }
        return static_cast<std::uint32_t>(data_[pos_ - 3]) |
               (static_cast<std::uint32_t>(data_[pos_ - 2]) << 8) |
               (static_cast<std::uint32_t>(data_[pos_ - 1]) << 16);
    }
    std::uint32_t u32() {
        const std::uint32_t low = u16();
        const std::uint32_t high = u16();
        return low | (high << 16);
    }
    std::span<const std::uint8_t> bytes(std::size_t n) {
        if (!take(n)) {
            return {};
        }
        return data_.subspan(pos_ - n, n);
    }
    std::span<const std::uint8_t> rest() { return bytes(remaining()); }

    [[nodiscard]] std::size_t remaining() const { return short_ ? 0 : data_.size() - pos_; }
    [[nodiscard]] bool short_read() const { return short_; }

    // The decode verdict: short data, trailing bytes, or fine.
    [[nodiscard]] std::error_code finish() const {
        if (short_) {
            return Errc::response_data_too_short;
        }
        if (pos_ != data_.size()) {
            return Errc::response_data_too_long;
        }
        return {};
    }

private:
    bool take(std::size_t n) {
        if (short_ || data_.size() - pos_ < n) {
            short_ = true;
            return false;
        }
        pos_ += n;
        return true;
    }

    std::span<const std::uint8_t> data_;
    std::size_t pos_ = 0;
    bool short_ = false;
};

class Writer {
public:
    Writer& u8(std::uint8_t v) {
        out_.push_back(v);
        return *this;
    }
    Writer& u16(std::uint16_t v) {
        out_.push_back(static_cast<std::uint8_t>(v & 0xffU));
        out_.push_back(static_cast<std::uint8_t>(v >> 8));
        return *this;
    }
    Writer& bytes(std::span<const std::uint8_t> v) {
        out_.insert(out_.end(), v.begin(), v.end());
        return *this;
    }
    [[nodiscard]] std::vector<std::uint8_t> take() { return std::move(out_); }

private:
    std::vector<std::uint8_t> out_;
};

// Wraps a decoded value with the reader's verdict.
template <typename T>
[[nodiscard]] std::expected<T, std::error_code> finish(const Reader& reader, T value) {
    if (auto ec = reader.finish()) {
        return std::unexpected(ec);
    }
    return value;
}

} // namespace ipmi::wire
