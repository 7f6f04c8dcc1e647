// libFuzzer target: the SEL archive's file reader. The input is scanned as a whole segment
// file, then as frames after a good header; those bytes are replayed in memory as the only
// segment of an archive (ArchiveState::replay: view/forget/entry frames, sequence order, the
// good prefix) and read back with read_after (from the start, from a mark in the middle, a
// few at a time, with a small read chunk so frames straddle reads), then replayed again as a
// second segment of the same archive (whose entries repeat sequences: refused) and the raw
// input as a segment of an archive with no id yet. About 1 input in 64 also goes through the
// real disk path (Archive::open of a read-only directory holding that segment) and must give
// the same records and report. The input is also parsed as a record identity. No crash, no
// read past the input, the good prefix never longer than the input, records in increasing
// sequence, identities that parse print back the same.
#include "sel_archive/archive.hpp"
#include "sel_archive/frame.hpp"
#include "sel_archive/replay.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {

using namespace sel_archive;

void check(std::span<const std::uint8_t> bytes) {
    std::size_t consumed = format::header_bytes;
    const auto scan = format::scan_segment(bytes, [&](const format::Frame& f) {
        consumed += f.size;
        if (f.size < format::frame_head_bytes || consumed > bytes.size() ||
            (f.kind == format::FrameKind::entry && f.record.sequence == 0)) {
            __builtin_trap();
        }
        return true;
    });
    if (scan.good_bytes > bytes.size() || (scan.archive && scan.problem == format::Problem::none &&
                                           scan.good_bytes != bytes.size())) {
        __builtin_trap();
    }
}

bool same(const std::vector<Record>& a, const std::vector<Record>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Record& x, const Record& y) {
        return x.sequence == y.sequence && x.archived_at == y.archived_at && x.bytes == y.bytes;
    });
}

bool same(const OpenReport& a, const OpenReport& b) {
    return a.records == b.records && a.truncated_bytes == b.truncated_bytes && a.warnings == b.warnings;
}

// A directory of its own, removed at exit.
struct Directory {
    std::filesystem::path path;
    Directory() {
        std::string templ = (std::filesystem::temp_directory_path() / "sel_archive_fuzzXXXXXX").string();
        if (::mkdtemp(templ.data()) == nullptr) {
            std::abort();
        }
        path = templ;
        std::ofstream(path / "archive-id") << "01020304-0506-4708-8909-0a0b0c0d0e0f\n";
    }
    ~Directory() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

const std::filesystem::path& directory() {
    static const Directory dir;
    return dir.path;
}

const format::Uuid id{1, 2, 3, 4, 5, 6, 0x47, 8, 0x89, 9, 10, 11, 12, 13, 14, 15};
const std::string segment_name = "segment-00000000000000000001.sel";
constexpr std::size_t small_chunk = 48; // smaller than a view frame of two entries

// read_after over segments whose bytes are in memory (one span per segment, by path).
ReadRange memory(std::span<const std::uint8_t> bytes) {
    return [bytes](const Segment&, std::uint64_t offset, std::size_t length) {
        const auto from = std::min<std::uint64_t>(offset, bytes.size());
        const auto part = bytes.subspan(static_cast<std::size_t>(from),
                                        std::min<std::size_t>(length, bytes.size() - static_cast<std::size_t>(from)));
        return std::vector<std::uint8_t>(part.begin(), part.end());
    };
}

void check_increasing(const std::vector<Record>& records) {
    for (std::size_t n = 1; n < records.size(); ++n) {
        if (records[n].sequence <= records[n - 1].sequence) {
            __builtin_trap();
        }
    }
}

// The disk path: the segment written into a read-only archive's directory and opened.
void check_on_disk(std::span<const std::uint8_t> segment, const std::vector<Record>& in_memory,
                   const OpenReport& memory_report) {
    const auto path = directory() / segment_name;
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(segment.data()), static_cast<std::streamsize>(segment.size()));
    OpenReport report;
    auto archive = Archive::open(directory(), Options{.read_only = true}, &report);
    if (!archive) {
        __builtin_trap(); // the directory and its id are good: only segments can be bad
    }
    const auto records = (*archive)->read_after(0, 100000);
    if (!same(records, in_memory) || !same(report, memory_report)) {
        __builtin_trap();
    }
}

std::uint32_t fnv(std::span<const std::uint8_t> bytes) {
    std::uint32_t h = 2166136261U;
    for (const auto b : bytes) {
        h = (h ^ b) * 16777619U;
    }
    return h;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> in(data, size);
    check(in);
    const auto header = format::encode_header(id);
    std::vector<std::uint8_t> segment(header.begin(), header.end());
    segment.insert(segment.end(), in.begin(), in.end());
    check(segment);

    // The replay in memory: the input's frames after this archive's header, as open does.
    ArchiveState state;
    state.id = id;
    state.id_text = format::uuid_text(id);
    OpenReport report;
    state.replay(segment_name, segment, 1, report);
    const auto& seg = state.segments.at(0);
    if (seg.good_bytes > segment.size() || seg.good_bytes < format::header_bytes ||
        report.truncated_bytes != segment.size() - seg.good_bytes || report.records != seg.records ||
        (seg.records > 0 && (seg.first > seg.last || state.last != seg.last)) || seg.marks.size() > seg.records) {
        __builtin_trap();
    }
    const auto records = read_after(state.segments, 0, 100000, small_chunk, memory(segment));
    if (records.size() != report.records) {
        __builtin_trap();
    }
    check_increasing(records);
    if (!records.empty()) {
        // From the middle (read_after starts at the nearest mark), and a few at a time.
        const auto middle = records.size() / 2;
        const auto tail = read_after(state.segments, records[middle].sequence - 1, 100000, small_chunk, memory(segment));
        const auto head = read_after(state.segments, 0, 3, 1 << 18, memory(segment));
        if (!same(tail, {records.begin() + static_cast<std::ptrdiff_t>(middle), records.end()}) ||
            !same(head, {records.begin(), records.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(3, records.size()))})) {
            __builtin_trap();
        }
        // The same bytes again as a later segment: its first entry repeats a sequence.
        OpenReport again;
        state.replay("segment-99999999999999999999.sel", segment, std::nullopt, again);
        if (state.segments.back().records != 0 || again.truncated_bytes == 0) {
            __builtin_trap();
        }
    }
    if (fnv(in) % 64 == 0) {
        check_on_disk(segment, records, report);
    }

    // The raw input as a segment of an archive whose id is not known yet.
    ArchiveState fresh;
    OpenReport raw;
    fresh.replay(segment_name, in, 1, raw);
    if (!fresh.segments.empty() && (fresh.segments[0].good_bytes > size || raw.truncated_bytes > size)) {
        __builtin_trap();
    }

    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto identity = parse_identity(text)) {
        const auto again = parse_identity(to_text(*identity));
        if (!again || again->archive_id != identity->archive_id || again->sequence != identity->sequence) {
            __builtin_trap();
        }
    }
    return 0;
}
