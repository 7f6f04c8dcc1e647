// Replaying segment bytes into the archive's state, and read_after (see replay.hpp).
#include "sel_archive/replay.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sel_archive {

void Segment::note_entry(Sequence s, std::uint64_t offset) {
    if (records % mark_every == 0) {
        marks.emplace_back(s, offset);
    }
    if (first == 0) {
        first = s;
    }
    last = s;
    ++records;
}

void ArchiveState::replay(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                          std::optional<Sequence> named, OpenReport& report) {
    const auto name = path.filename().string();
    // The header first: a segment of another archive must not touch this one's state.
    if (const auto header = format::decode_header(bytes)) {
        if (id_text.empty()) {
            id = *header;
            id_text = format::uuid_text(id);
            report.warnings.push_back(fmt::format("{}: archive id {} taken from this segment", name, id_text));
        } else if (*header != id) {
            report.warnings.push_back(
                fmt::format("{}: a segment of another archive ({}): left out", name, format::uuid_text(*header)));
            return;
        }
    }
    Segment seg;
    seg.path = path;
    seg.bytes = bytes.size();
    std::uint64_t at = format::header_bytes;
    std::string refusal;
    const auto scan = format::scan_segment(bytes, [&](const format::Frame& f) {
        switch (f.kind) {
        case format::FrameKind::view:
            known.assign(f.set);
            seg.has_view = true;
            break;
        case format::FrameKind::forget:
            for (const auto& e : f.set) {
                known.remove(e);
            }
            break;
        case format::FrameKind::entry:
            if (f.record.sequence <= last) {
                refusal = fmt::format("sequence {} after {}", f.record.sequence, last);
                return false;
            }
            seg.note_entry(f.record.sequence, at);
            last = f.record.sequence;
            known.add(f.record.bytes);
            break;
        }
        at += f.size;
        return true;
    });
    seg.good_bytes = scan.good_bytes;
    if (scan.good_bytes < bytes.size()) {
        report.truncated_bytes += bytes.size() - scan.good_bytes;
        report.warnings.push_back(fmt::format(
            "{}: {} at offset {}: {} bytes from there ignored, the {} records before kept", name,
            scan.refused ? refusal : format::describe(scan.problem), scan.good_bytes,
            bytes.size() - scan.good_bytes, seg.records));
    }
    // A segment is named for the first sequence it may hold: sequences continue after it even
    // when its entries are gone, so none is ever issued twice.
    if (named && *named > 0 && seg.good_bytes >= format::header_bytes) {
        last = std::max(last, *named - 1);
    }
    report.records += seg.records;
    segments.push_back(std::move(seg));
}

std::vector<Record> read_after(std::span<const Segment> segments, Sequence after, std::size_t max,
                               std::size_t chunk, const ReadRange& read) {
    std::vector<Record> out;
    for (const auto& seg : segments) {
        if (out.size() >= max) {
            break;
        }
        if (seg.records == 0 || seg.last <= after) {
            continue;
        }
        std::uint64_t pos = format::header_bytes;
        for (const auto& [s, offset] : seg.marks) {
            if (s > after + 1) {
                break;
            }
            pos = offset;
        }
        std::vector<std::uint8_t> buf;
        std::uint64_t buf_at = pos;
        const auto fill = [&](std::uint64_t from, std::size_t need) {
            buf = read(seg, from, std::max(need, chunk));
            buf_at = from;
        };
        while (pos < seg.good_bytes && out.size() < max) {
            if (pos + format::frame_head_bytes > buf_at + buf.size()) {
                fill(pos, format::frame_head_bytes);
            }
            const std::span<const std::uint8_t> have(buf);
            auto view = have.subspan(std::min<std::size_t>(pos - buf_at, buf.size()));
            if (view.size() >= format::frame_head_bytes) {
                const std::size_t length = static_cast<std::size_t>(view[0]) |
                                           (static_cast<std::size_t>(view[1]) << 8U) |
                                           (static_cast<std::size_t>(view[2]) << 16U) |
                                           (static_cast<std::size_t>(view[3]) << 24U);
                if (view.size() < format::frame_head_bytes + length &&
                    length <= format::max_payload_bytes) {
                    fill(pos, format::frame_head_bytes + length);
                    view = std::span<const std::uint8_t>(buf);
                }
            }
            auto f = format::decode_frame(view);
            if (!f) {
                break; // changed on disk since it was read at open: the rest is not served
            }
            if (f->kind == format::FrameKind::entry && f->record.sequence > after) {
                out.push_back(f->record);
            }
            pos += f->size;
        }
    }
    return out;
}

} // namespace sel_archive
