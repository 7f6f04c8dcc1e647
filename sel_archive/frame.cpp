#include "sel_archive/frame.hpp"

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <limits>

namespace sel_archive::format {
namespace {

template <typename T> void put(std::vector<std::uint8_t>& out, T value) {
    using U = std::make_unsigned_t<T>;
    auto v = static_cast<U>(value);
    for (std::size_t n = 0; n < sizeof(T); ++n) {
        out.push_back(static_cast<std::uint8_t>(v & 0xffU));
        v = static_cast<U>(v >> 8U);
    }
}

template <typename T> T get(std::span<const std::uint8_t> in) {
    using U = std::make_unsigned_t<T>;
    U v = 0;
    for (std::size_t n = sizeof(T); n-- > 0;) {
        v = static_cast<U>(static_cast<U>(v << 8U) | in[n]);
    }
    return static_cast<T>(v);
}

std::uint32_t crc_of(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b = {}) {
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, a.data(), static_cast<uInt>(a.size()));
    if (!b.empty()) {
        crc = crc32(crc, b.data(), static_cast<uInt>(b.size()));
    }
    return static_cast<std::uint32_t>(crc);
}

// The frame head and payload around a payload built in place.
void close_frame(std::vector<std::uint8_t>& out, std::size_t head_at) {
    const auto length = static_cast<std::uint32_t>(out.size() - head_at - frame_head_bytes);
    for (std::size_t n = 0; n < 4; ++n) {
        out[head_at + n] = static_cast<std::uint8_t>(length >> (8U * n));
    }
    const std::span<const std::uint8_t> all(out);
    const auto crc = crc_of(all.subspan(head_at, 4), all.subspan(head_at + frame_head_bytes));
    for (std::size_t n = 0; n < 4; ++n) {
        out[head_at + 4 + n] = static_cast<std::uint8_t>(crc >> (8U * n));
    }
}

std::size_t open_frame(std::vector<std::uint8_t>& out) {
    const auto at = out.size();
    out.resize(at + frame_head_bytes);
    return at;
}

} // namespace

std::array<std::uint8_t, header_bytes> encode_header(const Uuid& archive) {
    std::vector<std::uint8_t> h(magic.begin(), magic.end());
    put(h, version);
    put(h, std::uint16_t{0}); // flags
    h.insert(h.end(), archive.begin(), archive.end());
    h.resize(header_bytes - 4, 0); // reserved
    put(h, crc_of(h));
    std::array<std::uint8_t, header_bytes> out{};
    std::ranges::copy(h, out.begin());
    return out;
}

std::optional<Uuid> decode_header(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < header_bytes || !std::ranges::equal(bytes.first(magic.size()), magic)) {
        return std::nullopt;
    }
    if (get<std::uint16_t>(bytes.subspan(8)) != version ||
        get<std::uint32_t>(bytes.subspan(header_bytes - 4)) != crc_of(bytes.first(header_bytes - 4))) {
        return std::nullopt;
    }
    Uuid u{};
    std::ranges::copy(bytes.subspan(12, 16), u.begin());
    return u;
}

void append_entry(std::vector<std::uint8_t>& out, const Record& record) {
    const auto at = open_frame(out);
    out.push_back(static_cast<std::uint8_t>(FrameKind::entry));
    put(out, record.sequence);
    put(out, static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                           record.archived_at.time_since_epoch())
                                           .count()));
    out.insert(out.end(), record.bytes.begin(), record.bytes.end());
    close_frame(out, at);
}

bool append_set(std::vector<std::uint8_t>& out, FrameKind kind, std::span<const ipmi::RawSel> entries) {
    if (1 + 4 + 16 * entries.size() > max_payload_bytes) {
        return false;
    }
    const auto at = open_frame(out);
    out.push_back(static_cast<std::uint8_t>(kind));
    put(out, static_cast<std::uint32_t>(entries.size()));
    for (const auto& e : entries) {
        out.insert(out.end(), e.begin(), e.end());
    }
    close_frame(out, at);
    return true;
}

std::string describe(Problem p) {
    switch (p) {
    case Problem::none: return "no problem";
    case Problem::torn: return "a frame cut short (write interrupted)";
    case Problem::zero_fill: return "zero-filled bytes";
    case Problem::bad_length: return "an impossible frame length";
    case Problem::bad_checksum: return "a frame whose checksum does not match";
    case Problem::bad_payload: return "a frame of unknown kind or wrong size";
    }
    return "unknown problem";
}

std::expected<Frame, Problem> decode_frame(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < frame_head_bytes) {
        return std::unexpected(std::ranges::all_of(bytes, [](auto b) { return b == 0; }) && !bytes.empty()
                                   ? Problem::zero_fill
                                   : Problem::torn);
    }
    const auto length = get<std::uint32_t>(bytes);
    const auto crc = get<std::uint32_t>(bytes.subspan(4));
    if (length == 0 && crc == 0) {
        return std::unexpected(Problem::zero_fill);
    }
    if (length == 0 || length > max_payload_bytes) {
        return std::unexpected(Problem::bad_length);
    }
    if (bytes.size() - frame_head_bytes < length) {
        return std::unexpected(Problem::torn);
    }
    const auto payload = bytes.subspan(frame_head_bytes, length);
    if (crc_of(bytes.first(4), payload) != crc) {
        return std::unexpected(Problem::bad_checksum);
    }
    Frame f;
    f.size = frame_head_bytes + length;
    switch (static_cast<FrameKind>(payload[0])) {
    case FrameKind::entry: {
        if (length != entry_payload_bytes) {
            return std::unexpected(Problem::bad_payload);
        }
        f.kind = FrameKind::entry;
        f.record.sequence = get<std::uint64_t>(payload.subspan(1));
        if (f.record.sequence == 0) {
            return std::unexpected(Problem::bad_payload);
        }
        // The writer stores system_clock::now() in microseconds; a count the clock's
        // nanoseconds cannot hold (beyond about 292 years from 1970) is no record of ours,
        // and converting it would overflow (sel_archive_fuzz found it: UBSan).
        const auto micros = get<std::int64_t>(payload.subspan(9));
        constexpr auto micros_limit = std::numeric_limits<std::int64_t>::max() / 1000;
        if (micros > micros_limit || micros < -micros_limit) {
            return std::unexpected(Problem::bad_payload);
        }
        f.record.archived_at = std::chrono::system_clock::time_point(
            std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::microseconds(micros)));
        std::ranges::copy(payload.subspan(17, 16), f.record.bytes.begin());
        return f;
    }
    case FrameKind::forget:
    case FrameKind::view: {
        if (length < 5) {
            return std::unexpected(Problem::bad_payload);
        }
        const auto count = get<std::uint32_t>(payload.subspan(1));
        if (std::size_t{count} * 16 != length - 5) {
            return std::unexpected(Problem::bad_payload);
        }
        f.kind = static_cast<FrameKind>(payload[0]);
        f.set.resize(count);
        for (std::size_t n = 0; n < count; ++n) {
            std::ranges::copy(payload.subspan(5 + 16 * n, 16), f.set[n].begin());
        }
        return f;
    }
    }
    return std::unexpected(Problem::bad_payload);
}

Scan scan_segment(std::span<const std::uint8_t> bytes, const std::function<bool(const Frame&)>& visit) {
    Scan s;
    s.archive = decode_header(bytes);
    if (!s.archive) {
        s.problem = bytes.size() < header_bytes ? Problem::torn : Problem::bad_payload;
        return s;
    }
    s.good_bytes = header_bytes;
    while (s.good_bytes < bytes.size()) {
        auto f = decode_frame(bytes.subspan(s.good_bytes));
        if (!f) {
            s.problem = f.error();
            return s;
        }
        if (visit && !visit(*f)) {
            s.refused = true;
            return s;
        }
        s.good_bytes += f->size;
        ++s.frames;
    }
    return s;
}

std::string uuid_text(const Uuid& u) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t n = 0; n < u.size(); ++n) {
        if (n == 4 || n == 6 || n == 8 || n == 10) {
            out += '-';
        }
        out += digits[u[n] >> 4U];
        out += digits[u[n] & 0x0fU];
    }
    return out;
}

std::optional<Uuid> parse_uuid(std::string_view text) {
    if (text.size() != 36) {
        return std::nullopt;
    }
    Uuid u{};
    std::size_t byte = 0;
    for (std::size_t n = 0; n < text.size();) {
        if (n == 8 || n == 13 || n == 18 || n == 23) {
            if (text[n] != '-') {
                return std::nullopt;
            }
            ++n;
            continue;
        }
        const auto nibble = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        const int hi = nibble(text[n]);
        const int lo = nibble(text[n + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        u[byte++] = static_cast<std::uint8_t>((hi << 4) | lo);
        n += 2;
    }
    return u;
}

} // namespace sel_archive::format
