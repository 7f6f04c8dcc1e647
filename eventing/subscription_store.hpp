// The subscriptions, in memory and on disk (one JSON file each under the state directory's
// subscriptions/, written to a temporary file, synced and renamed into place, when added or
// renewed; delivery positions in positions.journal beside them, group-committed, see
// position_journal.hpp), so they survive an agent restart with their delivery position;
// limits per user and in total.
#pragma once

#include "eventing/position_journal.hpp"
#include "eventing/subscription.hpp"

#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace eventing {

struct StoreLimits {
    std::size_t total = 1000;
    std::size_t per_user = 100;
};

class SubscriptionStore {
public:
    // `directory` empty: kept in memory only (tests).
    SubscriptionStore(std::filesystem::path directory, StoreLimits limits);
    ~SubscriptionStore();
    SubscriptionStore(const SubscriptionStore&) = delete;
    SubscriptionStore& operator=(const SubscriptionStore&) = delete;

    // Reads the persisted subscriptions; a file that does not parse is skipped and named in
    // the returned warnings (never fatal). Call once, before serving.
    [[nodiscard]] std::vector<std::string> load();

    enum class Refusal : std::uint8_t { none, total, per_user };
    // Adds and persists; refuses past a limit. A disk error is returned (and nothing kept).
    [[nodiscard]] std::expected<Refusal, std::error_code> add(const Subscription& s);
    [[nodiscard]] std::optional<Subscription> find(const std::string& id) const;
    // Replaces the stored copy (same id) and persists it; false when unknown.
    bool update(const Subscription& s);
    // Moves the delivery position forward (never back); it is made durable by the journal's
    // next commit round (it does not wait for it).
    bool advance(const std::string& id, sel_archive::Sequence position);
    // Every position advanced so far is durable when this returns (graceful stop); the
    // journal's committer ends. Later advances are kept in memory only.
    void close();
    // The journal's fdatasyncs so far (rounds and compactions; 0 in memory).
    [[nodiscard]] std::uint64_t position_syncs() const;
    bool remove(const std::string& id);
    [[nodiscard]] std::vector<Subscription> all() const;
    [[nodiscard]] std::size_t size() const;
    // The lowest position of any subscription of this archive (what the archive must keep);
    // nullopt when there is none.
    [[nodiscard]] std::optional<sel_archive::Sequence> lowest_position(const std::string& archive_id) const;

private:
    [[nodiscard]] std::error_code persist(const Subscription& s) const;
    [[nodiscard]] std::filesystem::path file_of(const std::string& id) const;
    void forget_if_removed(const std::string& id) const;
    [[nodiscard]] std::map<std::string, sel_archive::Sequence> positions() const;

    std::filesystem::path directory_;
    StoreLimits limits_;
    mutable std::mutex mutex_;
    std::map<std::string, Subscription> subscriptions_;
    std::unique_ptr<PositionJournal> journal_; // last: stopped (and committed) first
};

// The JSON a subscription is persisted as, and back (nullopt for anything malformed).
[[nodiscard]] std::string to_json(const Subscription& s);
[[nodiscard]] std::optional<Subscription> from_json(std::string_view text);

} // namespace eventing
