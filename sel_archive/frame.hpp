// The archive's file format on bytes (docs/SEL_ARCHIVE.md): a segment file is a 32-byte
// header, then frames. A frame is its payload's length (u32 LE), a CRC-32 (zlib's, over
// the length's four bytes and the payload) and the payload, whose first byte says its kind:
// an archived SEL entry, or the set of BMC entries archived and still on the BMC (a view,
// at the start of each segment) or no longer there (forget). Pure code, no I/O: the reader
// at open, read_after and the fuzz target all scan with it.
#pragma once

#include "sel_archive/archive.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sel_archive::format {

using Uuid = std::array<std::uint8_t, 16>;

inline constexpr std::array<std::uint8_t, 8> magic{'B', 'W', 'S', 'E', 'L', 'A', 'R', 'C'};
inline constexpr std::uint16_t version = 1;
inline constexpr std::size_t header_bytes = 32; // magic, version, flags, uuid, reserved, CRC
inline constexpr std::size_t frame_head_bytes = 8; // length, CRC
inline constexpr std::size_t entry_payload_bytes = 1 + 8 + 8 + 16;
inline constexpr std::size_t entry_frame_bytes = frame_head_bytes + entry_payload_bytes;
// A view or forget frame of a full SEL (record IDs are 16 bits: at most 65535 entries).
inline constexpr std::size_t max_payload_bytes = 1 + 4 + 16 * 65536;

enum class FrameKind : std::uint8_t { entry = 1, forget = 2, view = 3 };

[[nodiscard]] std::array<std::uint8_t, header_bytes> encode_header(const Uuid& archive);
// The archive id of a segment header; nullopt when the bytes are not one (magic, version, CRC).
[[nodiscard]] std::optional<Uuid> decode_header(std::span<const std::uint8_t> bytes);

void append_entry(std::vector<std::uint8_t>& out, const Record& record);
// A forget or view frame; refused (false, nothing appended) over max_payload_bytes.
[[nodiscard]] bool append_set(std::vector<std::uint8_t>& out, FrameKind kind,
                              std::span<const ipmi::RawSel> entries);

struct Frame {
    FrameKind kind = FrameKind::entry;
    Record record;                   // entry
    std::vector<ipmi::RawSel> set;   // forget, view
    std::size_t size = 0;            // bytes of the whole frame
};

// Why the bytes at some offset are not a frame (the good prefix ends there).
enum class Problem {
    none,
    torn,         // fewer bytes than the head or its length announce: a write cut short
    zero_fill,    // zero bytes where a frame should start (a tail the file system zero-filled)
    bad_length,   // a length no frame can have
    bad_checksum, // the CRC does not match
    bad_payload,  // unknown kind, or a payload whose size its kind does not allow
};
[[nodiscard]] std::string describe(Problem p);

[[nodiscard]] std::expected<Frame, Problem> decode_frame(std::span<const std::uint8_t> bytes);

// A whole segment file: the header, then frames in order until the first bad one (or one
// `visit` refuses: it returns false). good_bytes is the valid prefix's length.
struct Scan {
    std::optional<Uuid> archive;
    std::size_t good_bytes = 0;
    std::size_t frames = 0;
    Problem problem = Problem::none; // why the scan stopped before the end
    bool refused = false;            // visit said no (its own reason)
};
[[nodiscard]] Scan scan_segment(std::span<const std::uint8_t> bytes,
                                const std::function<bool(const Frame&)>& visit);

// A UUID (version 4) as text and back: 8-4-4-4-12 lower-case hex digits.
[[nodiscard]] std::string uuid_text(const Uuid& u);
[[nodiscard]] std::optional<Uuid> parse_uuid(std::string_view text);

} // namespace sel_archive::format
