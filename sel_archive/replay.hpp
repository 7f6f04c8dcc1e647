// The archive's state as its segment files' bytes build it (docs/SEL_ARCHIVE.md): a
// segment's header checked against the archive's id, then its view, forget and entry frames
// replayed in order up to the good prefix (entry sequences strictly increasing), and
// read_after over the segments' frames. Pure code over byte spans, no I/O: the file archive
// reads the files and hands their bytes over; the fuzz target replays bytes from memory.
#pragma once

#include "sel_archive/archive.hpp"
#include "sel_archive/frame.hpp"
#include "sel_archive/known_entries.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace sel_archive {

inline constexpr std::size_t mark_every = 64; // read_after starts at the nearest mark

// One segment file as replayed (and then appended to).
struct Segment {
    std::filesystem::path path;
    Sequence first = 0; // of the entries it holds (0: none)
    Sequence last = 0;
    std::uint64_t records = 0;
    std::uint64_t bytes = 0;      // on disk (what the bound counts)
    std::uint64_t good_bytes = 0; // the valid prefix, read_after's end
    bool has_view = false;
    std::vector<std::pair<Sequence, std::uint64_t>> marks; // every mark_every-th entry: offset

    void note_entry(Sequence s, std::uint64_t offset);
};

struct ArchiveState {
    format::Uuid id{};
    std::string id_text; // "" until known (the archive-id file, else the first segment's header)
    KnownEntries known;  // what the BMC holds that is archived
    Sequence last = 0;   // the newest sequence issued
    std::vector<Segment> segments; // oldest first

    // One segment file's bytes, `named` the first sequence its name gives: a segment of
    // another archive is left out, a bad tail is ignored after the good prefix (`report`
    // counts its bytes and says why), and the segment is added with what it holds.
    void replay(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                std::optional<Sequence> named, OpenReport& report);
};

// Up to `length` bytes of a segment file at `offset` (fewer at its end, none when it cannot
// be read).
using ReadRange = std::function<std::vector<std::uint8_t>(const Segment&, std::uint64_t offset, std::size_t length)>;

// Up to `max` records with sequence > after, oldest first, from the segments' good prefixes
// (read through `read`, in chunks of at least `chunk` bytes).
[[nodiscard]] std::vector<Record> read_after(std::span<const Segment> segments, Sequence after, std::size_t max,
                                             std::size_t chunk, const ReadRange& read);

} // namespace sel_archive
