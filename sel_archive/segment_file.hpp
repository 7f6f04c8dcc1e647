// The archive's files: segment names, whole-file reads, the append-only writer (a write that
// falls short is cut back so the file ends at a frame boundary), fsync of files and the
// directory, the archive-id file and the writer's lock. All the archive's I/O is here.
#pragma once

#include "sel_archive/archive.hpp"
#include "sel_archive/frame.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace sel_archive::files {

// "segment-<first sequence, 20 digits>.sel": names sort as their sequences.
[[nodiscard]] std::string segment_name(Sequence first);
[[nodiscard]] std::optional<Sequence> parse_segment_name(const std::string& name);
inline constexpr std::string_view id_file = "archive-id";
inline constexpr std::string_view lock_file = "lock";

[[nodiscard]] std::expected<std::vector<std::uint8_t>, std::error_code>
read_whole(const std::filesystem::path& path);
// `length` bytes at `offset` (fewer at the end of the file).
[[nodiscard]] std::expected<std::vector<std::uint8_t>, std::error_code>
read_range(const std::filesystem::path& path, std::uint64_t offset, std::size_t length);

[[nodiscard]] std::error_code sync_directory(const std::filesystem::path& directory);
// Written to a temporary name, synced, renamed into place, directory synced.
[[nodiscard]] std::error_code write_atomically(const std::filesystem::path& path, std::string_view text);
[[nodiscard]] format::Uuid random_uuid();

// A file descriptor closed when its owner goes.
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    UniqueFd& operator=(UniqueFd&& o) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd();
    [[nodiscard]] int get() const { return fd_; }

private:
    int fd_ = -1;
};

// An exclusive flock on <directory>/lock for as long as the value lives.
class WriterLock {
public:
    [[nodiscard]] static std::expected<WriterLock, std::error_code> take(const std::filesystem::path& directory);

private:
    explicit WriterLock(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
};

// The segment being appended to.
class AppendFile {
public:
    // Opens (creating with `header` when new or empty) and positions at `good_bytes`,
    // cutting off anything after it (a torn or corrupt tail).
    [[nodiscard]] static std::expected<AppendFile, std::error_code>
    open(const std::filesystem::path& path, std::span<const std::uint8_t> header, std::uint64_t good_bytes);

    // All of `bytes` or nothing: a short or failed write is cut back to the old size.
    [[nodiscard]] std::error_code append(std::span<const std::uint8_t> bytes);
    [[nodiscard]] std::error_code sync(); // fdatasync
    [[nodiscard]] std::uint64_t size() const { return size_; }
    // A failed write could not be cut back: the file may end in a torn frame, so nothing
    // more may be appended to it (the archive starts a new segment).
    [[nodiscard]] bool damaged() const { return damaged_; }

private:
    explicit AppendFile(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
    std::uint64_t size_ = 0;
    bool damaged_ = false;
};

} // namespace sel_archive::files
