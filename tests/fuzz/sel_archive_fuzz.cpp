// libFuzzer target: the SEL archive's file reader. The input is scanned as a whole segment
// file, then as frames after a good header, and then opened from disk as the only segment of
// a read-only archive (open's replay: view/forget/entry frames, sequence order) and read back
// with read_after; it is also parsed as a record identity. No crash, no read past the input,
// the good prefix never longer than the input, identities that parse print back the same.
#include "sel_archive/archive.hpp"
#include "sel_archive/frame.hpp"

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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> in(data, size);
    check(in);
    const auto header = format::encode_header(id);
    std::vector<std::uint8_t> segment(header.begin(), header.end());
    segment.insert(segment.end(), in.begin(), in.end());
    check(segment);

    // The reader on disk: the input's frames after this archive's header.
    const auto path = directory() / "segment-00000000000000000001.sel";
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(segment.data()), static_cast<std::streamsize>(segment.size()));
    OpenReport report;
    if (auto archive = Archive::open(directory(), Options{.read_only = true}, &report)) {
        const auto records = (*archive)->read_after(0, 100000);
        if (records.size() != report.records || report.truncated_bytes > segment.size()) {
            __builtin_trap();
        }
        for (std::size_t n = 1; n < records.size(); ++n) {
            if (records[n].sequence <= records[n - 1].sequence) {
                __builtin_trap();
            }
        }
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
