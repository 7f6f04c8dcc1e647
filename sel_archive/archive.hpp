// The SEL archive (issue 18): every SEL entry the agent has read, appended to files in the
// state directory before anything else uses it, so a BMC SEL clear or overflow loses
// nothing. Records get a sequence number that is never reused; with the archive's identity
// it is the stable identity of a SEL record: event bookmarks and IndicationIdentifier.
//
// THE CONTRACT between the archive (branch issue18-archive) and eventing (issue18-events):
// both code against these declarations. Change them only together.
#pragma once

#include "ipmi/sel_reader.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace sel_archive {

// The archive's directory inside the agent's state directory ([daemon] state_dir).
inline constexpr std::string_view directory_name = "sel-archive";

using Sequence = std::uint64_t; // 1, 2, 3 ... in archive order; 0 = "before the first"

struct Record {
    Sequence sequence = 0;
    std::chrono::system_clock::time_point archived_at; // when the agent read it
    ipmi::RawSel bytes{};                              // the 16 bytes as the BMC gave them
};

// A record's stable identity as text: "<archive id>:<sequence>" (archive id = a UUID made
// when the archive directory is first created). Bookmarks and IndicationIdentifier use it.
struct Identity {
    std::string archive_id;
    Sequence sequence = 0;
};
[[nodiscard]] std::string to_text(const Identity& identity);
[[nodiscard]] std::optional<Identity> parse_identity(std::string_view text);

struct Options {
    std::uint64_t max_bytes = 64ull << 20; // whole archive; rotation keeps it under this
    std::uint64_t segment_bytes = 4ull << 20;
    enum class Sync { every_append, none } sync = Sync::every_append; // fdatasync policy
    // Added after the contract (additions only):
    // The bound a retain_after floor may hold the archive over max_bytes; past it the oldest
    // segments go even when a bookmark still needs them (0: twice max_bytes).
    std::uint64_t hard_max_bytes = 0;
    // Opened for reading only (the CLI): nothing created, repaired or locked; append_new
    // fails with errc::read_only.
    bool read_only = false;
};

struct OpenReport {                // what open() found (logged by the agent)
    std::uint64_t records = 0;
    std::uint64_t truncated_bytes = 0; // torn or corrupt tail dropped, good prefix kept
    std::vector<std::string> warnings;
};

class Archive {
public:
    // Creates the directory if needed. A corrupt or truncated file keeps its good prefix
    // (report says so); only an unusable directory is an error.
    [[nodiscard]] static std::expected<std::unique_ptr<Archive>, std::error_code>
    open(const std::filesystem::path& directory, Options options, OpenReport* report = nullptr);
    virtual ~Archive() = default;

    // The poller calls this after each SEL refresh with the BMC's current entries and what
    // changed; entries not archived yet are appended (and synced per Options) and returned.
    // The archive decides what is new (an entry seen before is not appended twice, also
    // across agent restarts, clears and overflow).
    [[nodiscard]] virtual std::expected<std::vector<Record>, std::error_code>
    append_new(std::span<const ipmi::RawSel> bmc_entries, ipmi::SelChange change) = 0;

    [[nodiscard]] virtual const std::string& id() const = 0;
    [[nodiscard]] virtual Sequence first() const = 0; // oldest still kept (0 if empty)
    [[nodiscard]] virtual Sequence last() const = 0;  // newest (0 if empty)
    // Up to `max` records with sequence > after, oldest first.
    [[nodiscard]] virtual std::vector<Record> read_after(Sequence after, std::size_t max) const = 0;

    // Rotation never drops a record with sequence > floor. Eventing passes the lowest
    // bookmark a live subscription still needs (0: every record is needed; last(): none
    // is pinned, rotation follows max_bytes alone).
    virtual void retain_after(Sequence floor) = 0;

    // Called (from the poller's thread) after records were appended. (Also from the thread
    // running ClearLog, which archives the SEL just before erasing it; never under the
    // archive's lock, so a listener may call read_after.)
    virtual void on_append(std::function<void(Sequence last)> listener) = 0;

    // Added after the contract: counters for the agent's log and metrics.
    struct Stats {
        std::uint64_t records = 0;          // kept now
        std::uint64_t bytes = 0;            // on disk now, all segments
        std::uint64_t segments = 0;
        std::uint64_t appended = 0;         // by this process
        std::uint64_t pinned_dropped = 0;   // records a floor still needed, dropped at the hard bound
    };
    [[nodiscard]] virtual Stats stats() const = 0;
};

} // namespace sel_archive
