// The Archive over segment files in one directory (docs/SEL_ARCHIVE.md): open replays every
// segment (the good prefix of each; its bad tail reported), append_new writes what the BMC
// holds that is not archived yet, rotation starts a new segment and drops the oldest ones
// past max_bytes unless a floor still needs them.
#include "sel_archive/archive.hpp"
#include "sel_archive/errc.hpp"
#include "sel_archive/frame.hpp"
#include "sel_archive/known_entries.hpp"
#include "sel_archive/replay.hpp"
#include "sel_archive/segment_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <mutex>

namespace sel_archive {
namespace {

namespace fs = std::filesystem;

constexpr Sequence no_floor = std::numeric_limits<Sequence>::max();
constexpr std::size_t read_chunk = 256 * 1024;
constexpr std::size_t set_chunk = 65536;    // entries per forget/view frame

bool append_sets(std::vector<std::uint8_t>& out, format::FrameKind kind, std::span<const ipmi::RawSel> all) {
    do {
        const auto part = all.first(std::min(all.size(), set_chunk));
        if (!format::append_set(out, kind, part)) {
            return false;
        }
        all = all.subspan(part.size());
    } while (!all.empty());
    return true;
}

class FileArchive final : public Archive {
public:
    FileArchive(fs::path dir, Options options) : dir_(std::move(dir)), options_(options) {
        if (options_.hard_max_bytes == 0) {
            options_.hard_max_bytes = options_.max_bytes * 2;
        }
        options_.segment_bytes = std::min(options_.segment_bytes, std::max<std::uint64_t>(options_.max_bytes / 2, 1));
    }

    std::error_code load(OpenReport& report);

    std::expected<std::vector<Record>, std::error_code> append_new(std::span<const ipmi::RawSel> bmc,
                                                                   ipmi::SelChange change) override;
    const std::string& id() const override { return state_.id_text; }
    Sequence first() const override;
    Sequence last() const override {
        const std::lock_guard lock(mutex_);
        return state_.last;
    }
    std::vector<Record> read_after(Sequence after, std::size_t max) const override;
    void retain_after(Sequence floor) override {
        const std::lock_guard lock(mutex_);
        floor_ = floor;
        trim();
    }
    void on_append(std::function<void(Sequence last)> listener) override {
        const std::lock_guard lock(listeners_mutex_);
        listeners_.push_back(std::move(listener));
    }
    Stats stats() const override;

private:
    void replay(const fs::path& path, std::optional<Sequence> named, OpenReport& report);
    std::error_code start_segment(const KnownEntries& state);
    std::error_code flush(std::vector<std::uint8_t>& pending, std::vector<Record>& written,
                          std::vector<Record>& committed, const KnownEntries& state);
    void trim();
    std::error_code sync_active();

    fs::path dir_;
    Options options_;
    mutable std::mutex mutex_;
    std::optional<files::WriterLock> writer_lock_;
    ArchiveState state_; // id, known entries, last sequence, segments (the last is appended to)
    std::optional<files::AppendFile> active_;
    Sequence floor_ = no_floor;
    bool compared_ = false;
    std::uint64_t appended_ = 0;
    std::uint64_t pinned_dropped_ = 0;
    std::mutex listeners_mutex_;
    std::vector<std::function<void(Sequence)>> listeners_;
};

void FileArchive::replay(const fs::path& path, std::optional<Sequence> named, OpenReport& report) {
    auto bytes = files::read_whole(path);
    if (!bytes) {
        report.warnings.push_back(
            fmt::format("{}: not readable ({}): left out", path.filename().string(), bytes.error().message()));
        return;
    }
    state_.replay(path, *bytes, named, report);
}

std::error_code FileArchive::load(OpenReport& report) {
    std::error_code ec;
    const bool exists = fs::exists(dir_, ec);
    if (exists && !fs::is_directory(dir_, ec)) {
        return Errc::not_a_directory;
    }
    if (options_.read_only && !exists) {
        return Errc::not_found;
    }
    if (!options_.read_only) {
        fs::create_directories(dir_, ec);
        if (ec) {
            return ec;
        }
        auto lock = files::WriterLock::take(dir_);
        if (!lock) {
            return lock.error();
        }
        writer_lock_.emplace(std::move(*lock));
    }
    const auto id_path = dir_ / files::id_file;
    bool id_file_good = false;
    if (auto text = files::read_whole(id_path)) {
        std::string_view t(reinterpret_cast<const char*>(text->data()), text->size());
        while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) {
            t.remove_suffix(1);
        }
        if (auto u = format::parse_uuid(t)) {
            state_.id = *u;
            state_.id_text = format::uuid_text(state_.id);
            id_file_good = true;
        } else {
            report.warnings.push_back(fmt::format("{}: not an archive id: taken from the segments", files::id_file));
        }
    }
    std::vector<std::pair<Sequence, fs::path>> names;
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
        if (auto s = files::parse_segment_name(it->path().filename().string())) {
            names.emplace_back(*s, it->path());
        }
    }
    if (ec) {
        return ec;
    }
    std::ranges::sort(names);
    for (const auto& [named, path] : names) {
        replay(path, named, report);
    }
    if (state_.id_text.empty()) {
        if (options_.read_only) {
            return Errc::not_found;
        }
        state_.id = files::random_uuid();
        state_.id_text = format::uuid_text(state_.id);
    }
    if (options_.read_only) {
        return {};
    }
    if (!id_file_good) {
        if (auto e = files::write_atomically(id_path, state_.id_text + "\n")) {
            return e;
        }
    }
    // Appends continue in the last segment after its good prefix (a torn tail is cut off).
    if (!state_.segments.empty() && state_.segments.back().good_bytes >= format::header_bytes) {
        auto& seg = state_.segments.back();
        auto file = files::AppendFile::open(seg.path, format::encode_header(state_.id), seg.good_bytes);
        if (!file) {
            return file.error();
        }
        active_.emplace(std::move(*file));
        seg.bytes = active_->size();
        if (!seg.has_view) {
            std::vector<std::uint8_t> view;
            if (append_sets(view, format::FrameKind::view, state_.known.all())) {
                if (auto e = active_->append(view)) {
                    return e;
                }
                seg.bytes = seg.good_bytes = active_->size();
                seg.has_view = true;
            }
        }
        return sync_active();
    }
    return start_segment(state_.known);
}

std::error_code FileArchive::sync_active() {
    if (options_.sync == Options::Sync::every_append && active_) {
        return active_->sync();
    }
    return {};
}

// A new segment for the sequences after the last one: header and a view of what the BMC holds archived.
std::error_code FileArchive::start_segment(const KnownEntries& state) {
    if (auto ec = sync_active()) {
        return ec;
    }
    Segment seg;
    seg.path = dir_ / files::segment_name(state_.last + 1);
    auto file = files::AppendFile::open(seg.path, format::encode_header(state_.id), 0);
    if (!file) {
        return file.error();
    }
    std::vector<std::uint8_t> view;
    if (!append_sets(view, format::FrameKind::view, state.all())) {
        return Errc::frame_too_large;
    }
    if (auto ec = file->append(view)) {
        return ec;
    }
    seg.has_view = true;
    seg.bytes = seg.good_bytes = file->size();
    if (state_.segments.empty() || state_.segments.back().path != seg.path) {
        state_.segments.push_back(std::move(seg));
    } else {
        state_.segments.back() = std::move(seg);
    }
    active_.emplace(std::move(*file));
    if (options_.sync == Options::Sync::every_append) {
        if (auto ec = active_->sync()) {
            return ec;
        }
        if (auto ec = files::sync_directory(dir_)) {
            return ec;
        }
    }
    trim();
    return {};
}

// Writes the frames gathered so far into the active segment; on success what they hold is
// committed (state, sequences, index).
std::error_code FileArchive::flush(std::vector<std::uint8_t>& pending, std::vector<Record>& written,
                                   std::vector<Record>& committed, const KnownEntries& state) {
    if (pending.empty()) {
        return {};
    }
    auto& seg = state_.segments.back();
    const auto base = active_->size();
    if (auto ec = active_->append(pending)) {
        return ec;
    }
    // Entry frames are the fixed-size tail of `pending`; their offsets follow from it.
    auto offset = base + pending.size() - written.size() * format::entry_frame_bytes;
    for (const auto& r : written) {
        seg.note_entry(r.sequence, offset);
        offset += format::entry_frame_bytes;
        state_.last = r.sequence;
        ++appended_;
    }
    seg.bytes = seg.good_bytes = active_->size();
    state_.known = state;
    committed.insert(committed.end(), written.begin(), written.end());
    written.clear();
    pending.clear();
    return {};
}

std::expected<std::vector<Record>, std::error_code> FileArchive::append_new(std::span<const ipmi::RawSel> bmc,
                                                                            ipmi::SelChange change) {
    std::vector<Record> committed;
    std::error_code failed;
    {
        const std::lock_guard lock(mutex_);
        if (options_.read_only) {
            return std::unexpected(make_error_code(Errc::read_only));
        }
        if (compared_ && change.added == 0 && !change.reloaded) {
            return committed; // the BMC's SEL is as it was (also when it overflowed)
        }
        const auto diff = state_.known.compare(bmc);
        if (diff.fresh.empty() && diff.vanished.empty()) {
            compared_ = true;
            return committed;
        }
        if (!active_ || active_->damaged()) {
            if (auto ec = start_segment(state_.known)) {
                return std::unexpected(ec);
            }
        }
        KnownEntries state = state_.known;
        std::vector<std::uint8_t> pending;
        std::vector<Record> written;
        if (!diff.vanished.empty()) {
            for (const auto& e : diff.vanished) {
                state.remove(e);
            }
            if (!append_sets(pending, format::FrameKind::forget, diff.vanished)) {
                return std::unexpected(make_error_code(Errc::frame_too_large));
            }
        }
        const auto now = std::chrono::system_clock::now();
        Sequence next = state_.last;
        for (const auto& e : diff.fresh) {
            const bool full = active_->size() + pending.size() + format::entry_frame_bytes > options_.segment_bytes;
            if (full && state_.segments.back().records + written.size() > 0) {
                if ((failed = flush(pending, written, committed, state)) || (failed = start_segment(state))) {
                    break;
                }
            }
            // Entry frames come after any forget frame in `pending` (flush counts on it).
            written.push_back(Record{++next, now, e});
            format::append_entry(pending, written.back());
            state.add(e);
        }
        if (!failed) {
            failed = flush(pending, written, committed, state);
        }
        if (!failed) {
            failed = sync_active();
        }
        compared_ = !failed; // after a failure the next read is compared whole again
        trim();
    }
    if (!committed.empty()) {
        const std::lock_guard lock(listeners_mutex_);
        for (const auto& l : listeners_) {
            l(committed.back().sequence);
        }
    }
    if (failed) {
        return std::unexpected(failed);
    }
    return committed;
}

// Drops the oldest segments while the archive is over max_bytes: those whose records the
// floor no longer needs, and past hard_max_bytes the oldest regardless.
void FileArchive::trim() {
    std::uint64_t total = 0;
    for (const auto& s : state_.segments) {
        total += s.bytes;
    }
    while (state_.segments.size() > 1 && total > options_.max_bytes) {
        const auto& oldest = state_.segments.front();
        const bool needed = oldest.records > 0 && oldest.last > floor_;
        if (needed && total <= options_.hard_max_bytes) {
            break; // the floor holds it (up to the hard bound)
        }
        std::error_code ec;
        fs::remove(oldest.path, ec);
        if (ec) {
            break; // tried again at the next append
        }
        if (needed) {
            pinned_dropped_ += std::min<std::uint64_t>(oldest.records, oldest.last - floor_);
        }
        total -= oldest.bytes;
        state_.segments.erase(state_.segments.begin());
    }
}

Sequence FileArchive::first() const {
    const std::lock_guard lock(mutex_);
    for (const auto& s : state_.segments) {
        if (s.records > 0) {
            return s.first;
        }
    }
    return 0;
}

std::vector<Record> FileArchive::read_after(Sequence after, std::size_t max) const {
    const std::lock_guard lock(mutex_);
    return sel_archive::read_after(state_.segments, after, max, read_chunk,
                                   [](const Segment& seg, std::uint64_t offset, std::size_t length) {
                                       auto got = files::read_range(seg.path, offset, length);
                                       return got ? std::move(*got) : std::vector<std::uint8_t>{};
                                   });
}

Archive::Stats FileArchive::stats() const {
    const std::lock_guard lock(mutex_);
    Stats s;
    for (const auto& seg : state_.segments) {
        s.records += seg.records;
        s.bytes += seg.bytes;
    }
    s.segments = state_.segments.size();
    s.appended = appended_;
    s.pinned_dropped = pinned_dropped_;
    return s;
}

} // namespace

std::expected<std::unique_ptr<Archive>, std::error_code> Archive::open(const std::filesystem::path& directory,
                                                                       Options options, OpenReport* report) {
    auto archive = std::make_unique<FileArchive>(directory, options);
    OpenReport local;
    if (auto ec = archive->load(report != nullptr ? *report : local)) {
        return std::unexpected(ec);
    }
    return std::unique_ptr<Archive>(std::move(archive));
}

} // namespace sel_archive
