// Delivery positions by group commit: SubscriptionStore::advance appends "<id> <sequence>"
// lines to a buffer and returns at once; a committer thread writes whatever has gathered and
// makes it durable with one fdatasync per round, however many subscriptions moved in between.
// At load the journal's last position per subscription wins over its JSON file's (positions only
// move forward), and the journal is compacted (one line per subscription, written, synced and
// renamed into place); it is compacted again when it grows past a bound.
//
// Durability: stop() (a graceful shutdown: SIGTERM) commits everything, so a restart resumes
// each subscription exactly after its last delivered event. A crash (SIGKILL, power loss) loses
// at most the positions of the round not yet synced: those events (delivered within the last
// few milliseconds) are sent again; none is lost.
#pragma once

#include "sel_archive/archive.hpp"

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

namespace eventing {

// The journal's text read back: the last (highest) sequence per id; lines that do not parse (a
// torn last line after a crash, anything hostile) are counted and skipped.
struct JournalContents {
    std::map<std::string, sel_archive::Sequence> positions;
    std::size_t bad_lines = 0;
};
[[nodiscard]] JournalContents parse_journal(std::string_view text);

class PositionJournal {
public:
    using Snapshot = std::function<std::map<std::string, sel_archive::Sequence>()>;
    // `snapshot`: every live subscription's position now (for compaction).
    PositionJournal(std::filesystem::path file, Snapshot snapshot, std::size_t compact_bytes = 1u << 20);
    ~PositionJournal(); // stop()
    PositionJournal(const PositionJournal&) = delete;
    PositionJournal& operator=(const PositionJournal&) = delete;

    // Reads the journal (missing: empty).
    [[nodiscard]] JournalContents read() const;
    // Compacts (from `snapshot`) and starts the committer.
    [[nodiscard]] std::error_code open();
    void record(const std::string& id, sel_archive::Sequence position);
    // Everything recorded so far is durable when this returns (or the error).
    std::error_code commit();
    void stop(); // commits, then ends the committer

    [[nodiscard]] std::uint64_t syncs() const;

private:
    std::error_code write_out(std::string& pending); // with commit_mutex_ held
    std::error_code compact();                       // with commit_mutex_ held
    std::error_code round(std::string& pending);     // with commit_mutex_ held
    void committer();

    std::filesystem::path file_;
    Snapshot snapshot_;
    std::size_t compact_bytes_;
    mutable std::mutex mutex_; // pending_, stopping_, syncs_
    std::condition_variable wake_;
    std::string pending_;
    bool stopping_ = false;
    bool running_ = false;
    std::uint64_t syncs_ = 0;
    std::mutex commit_mutex_; // fd_, written_: one writer at a time
    int fd_ = -1;
    std::size_t written_ = 0;
    bool dirty_ = false; // a write failed: the next round compacts
    std::thread thread_;
};

} // namespace eventing
