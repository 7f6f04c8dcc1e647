#include "eventing/subscription_store.hpp"

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>
#include <utility>

namespace eventing {
namespace {

using json = nlohmann::json;

std::int64_t millis(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

json endpoint_json(const Endpoint& e) {
    return {{"address", e.address}, {"reference_headers", e.reference_headers}};
}

// A JSON integer that fits T, else nullopt: json's get<T>() converts a float without a range
// check (undefined for 1e300) and wraps an integer that does not fit.
template <typename T>
std::optional<T> integer(const json& j, const char* key) {
    const json& v = j.at(key);
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
            return static_cast<T>(u);
        }
    } else if (v.is_number_integer()) {
        const auto i = v.get<std::int64_t>();
        if (std::cmp_greater_equal(i, std::numeric_limits<T>::min()) && std::cmp_less_equal(i, std::numeric_limits<T>::max())) {
            return static_cast<T>(i);
        }
    }
    return std::nullopt;
}

// The milliseconds system_clock's nanoseconds can hold (past them the conversion overflows).
constexpr std::int64_t max_clock_millis = std::numeric_limits<std::int64_t>::max() / 1'000'000;
// The longest duration a Subscribe can ask for (wsman::parse_duration: a billion seconds).
constexpr std::int64_t max_duration_millis = 1'000'000'000'000;

bool duration_ok(std::int64_t ms) {
    return ms >= 0 && ms <= max_duration_millis;
}

Endpoint endpoint_of(const json& j) {
    return {j.at("address").get<std::string>(), j.at("reference_headers").get<std::vector<std::string>>()};
}

std::error_code write_synced(const std::filesystem::path& path, const std::string& text) {
    // A temporary name of its own per write: writers of different subscriptions (and Renew
    // beside a delivery) never share one.
    static std::atomic<std::uint64_t> writes{0};
    const auto temporary = path.string() + ".tmp" + std::to_string(writes.fetch_add(1));
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return {errno, std::generic_category()};
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const std::error_code ec{errno, std::generic_category()};
            ::close(fd);
            return ec;
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fdatasync(fd) != 0 || ::close(fd) != 0) {
        return {errno, std::generic_category()};
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        return {errno, std::generic_category()};
    }
    return {};
}

} // namespace

std::string to_json(const Subscription& s) {
    json j{{"id", s.id},
           {"owner", s.owner},
           {"resource_uri", s.resource_uri},
           {"content", static_cast<int>(s.content)},
           {"mode", static_cast<int>(s.mode)},
           {"notify_to", endpoint_json(s.notify_to)},
           {"filter_query", s.filter_query},
           {"expires_as_datetime", s.expires_as_datetime},
           {"heartbeats_ms", s.heartbeats.count()},
           {"connection_retries", s.connection_retries},
           {"retry_interval_ms", s.retry_interval.count()},
           {"max_elements", s.max_elements},
           {"max_time_ms", s.max_time.count()},
           {"max_envelope_size", s.max_envelope_size},
           {"envelope_policy", static_cast<int>(s.envelope_policy)},
           {"send_bookmarks", s.send_bookmarks},
           {"content_encoding", s.content_encoding},
           {"sink_user", s.sink_user},
           {"sink_password", s.sink_password},
           {"sink_auth_profile", s.sink_auth_profile},
           {"sink_thumbprint", s.sink_thumbprint},
           {"manager_address", s.manager_address},
           {"archive_id", s.archive_id},
           {"position", s.position}};
    if (s.end_to) {
        j["end_to"] = endpoint_json(*s.end_to);
    }
    if (s.expires) {
        j["expires_ms"] = millis(*s.expires);
    }
    return j.dump();
}

std::optional<Subscription> from_json(std::string_view text) {
    try {
        const json j = json::parse(text);
        Subscription s;
        s.id = j.at("id").get<std::string>();
        s.owner = j.at("owner").get<std::string>();
        s.resource_uri = j.at("resource_uri").get<std::string>();
        const auto content = integer<int>(j, "content");
        const auto mode = integer<int>(j, "mode");
        const auto policy = integer<int>(j, "envelope_policy");
        const auto expires_ms = j.contains("expires_ms") ? integer<std::int64_t>(j, "expires_ms") : std::optional<std::int64_t>(0);
        const auto heartbeats_ms = integer<std::int64_t>(j, "heartbeats_ms");
        const auto connection_retries = integer<std::uint32_t>(j, "connection_retries");
        const auto retry_interval_ms = integer<std::int64_t>(j, "retry_interval_ms");
        const auto max_elements = integer<std::uint32_t>(j, "max_elements");
        const auto max_time_ms = integer<std::int64_t>(j, "max_time_ms");
        const auto max_envelope_size = integer<std::uint32_t>(j, "max_envelope_size");
        const auto position = integer<sel_archive::Sequence>(j, "position");
        if (!content || !mode || !policy || !expires_ms || !heartbeats_ms || !connection_retries ||
            !retry_interval_ms || !max_elements || !max_time_ms || !max_envelope_size || !position) {
            return std::nullopt;
        }
        if (*content < 0 || *content > 1 || *mode < 0 || *mode > 3 || *policy < 0 || *policy > 2 || s.id.empty() ||
            *expires_ms < -max_clock_millis || *expires_ms > max_clock_millis || *max_elements == 0 ||
            !duration_ok(*heartbeats_ms) || !duration_ok(*retry_interval_ms) || !duration_ok(*max_time_ms)) {
            return std::nullopt;
        }
        s.content = static_cast<Content>(*content);
        s.mode = static_cast<Mode>(*mode);
        s.envelope_policy = static_cast<EnvelopePolicy>(*policy);
        s.notify_to = endpoint_of(j.at("notify_to"));
        if (j.contains("end_to")) {
            s.end_to = endpoint_of(j.at("end_to"));
        }
        s.filter_query = j.at("filter_query").get<std::string>();
        if (j.contains("expires_ms")) {
            s.expires = std::chrono::system_clock::time_point{std::chrono::milliseconds{*expires_ms}};
        }
        s.expires_as_datetime = j.at("expires_as_datetime").get<bool>();
        s.heartbeats = std::chrono::milliseconds{*heartbeats_ms};
        s.connection_retries = *connection_retries;
        s.retry_interval = std::chrono::milliseconds{*retry_interval_ms};
        s.max_elements = *max_elements;
        s.max_time = std::chrono::milliseconds{*max_time_ms};
        s.max_envelope_size = *max_envelope_size;
        s.send_bookmarks = j.at("send_bookmarks").get<bool>();
        s.content_encoding = j.at("content_encoding").get<std::string>();
        s.sink_user = j.at("sink_user").get<std::string>();
        s.sink_password = j.at("sink_password").get<std::string>();
        // Absent from files written before issue 18's sink credentials: no profile, no pin.
        s.sink_auth_profile = j.value("sink_auth_profile", std::string());
        s.sink_thumbprint = j.value("sink_thumbprint", std::string());
        s.manager_address = j.at("manager_address").get<std::string>();
        s.archive_id = j.at("archive_id").get<std::string>();
        s.position = *position;
        return s;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

SubscriptionStore::SubscriptionStore(std::filesystem::path directory, StoreLimits limits)
    : directory_(std::move(directory)), limits_(limits) {
    if (!directory_.empty()) {
        journal_ = std::make_unique<PositionJournal>(directory_ / "positions.journal", [this] { return positions(); });
    }
}

SubscriptionStore::~SubscriptionStore() {
    close();
}

void SubscriptionStore::close() {
    if (journal_) {
        journal_->stop();
    }
}

std::uint64_t SubscriptionStore::position_syncs() const {
    return journal_ ? journal_->syncs() : 0;
}

std::map<std::string, sel_archive::Sequence> SubscriptionStore::positions() const {
    const std::lock_guard lock(mutex_);
    std::map<std::string, sel_archive::Sequence> out;
    for (const auto& [id, s] : subscriptions_) {
        out.emplace(id, s.position);
    }
    return out;
}

std::filesystem::path SubscriptionStore::file_of(const std::string& id) const {
    std::string name;
    for (char c : id) { // ids are ours ("uuid:" + hex and dashes); anything else is dropped
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-') {
            name += c;
        }
    }
    return directory_ / (name + ".json");
}

std::vector<std::string> SubscriptionStore::load() {
    std::vector<std::string> warnings;
    if (directory_.empty()) {
        return warnings;
    }
    std::error_code ec;
    std::filesystem::create_directories(directory_, ec);
    if (ec) {
        warnings.push_back("cannot create " + directory_.string() + ": " + ec.message());
        return warnings;
    }
    {
        const std::lock_guard lock(mutex_);
        for (const auto& entry : std::filesystem::directory_iterator(directory_, ec)) {
            if (entry.path().extension() != ".json") {
                continue;
            }
            std::ifstream in(entry.path());
            std::stringstream text;
            text << in.rdbuf();
            auto s = from_json(text.str().substr(0, 1u << 20));
            if (!s || file_of(s->id) != entry.path()) {
                warnings.push_back("skipped unreadable subscription file " + entry.path().string());
                continue;
            }
            subscriptions_[s->id] = std::move(*s);
        }
        // The journal's positions are newer than the files' (lines of removed subscriptions
        // are left behind by the compaction below).
        const auto journal = journal_->read();
        for (const auto& [id, position] : journal.positions) {
            if (auto it = subscriptions_.find(id); it != subscriptions_.end()) {
                it->second.position = std::max(it->second.position, position);
            }
        }
        if (journal.bad_lines > 1) { // one torn last line is what a crash leaves
            warnings.push_back(std::to_string(journal.bad_lines) + " unreadable lines skipped in the positions journal");
        }
    }
    if (auto e = journal_->open()) {
        warnings.push_back("positions journal in " + directory_.string() + ": " + e.message() +
                           " (positions are kept in memory only)");
    }
    return warnings;
}

std::error_code SubscriptionStore::persist(const Subscription& s) const {
    if (directory_.empty()) {
        return {};
    }
    return write_synced(file_of(s.id), to_json(s));
}

std::expected<SubscriptionStore::Refusal, std::error_code> SubscriptionStore::add(const Subscription& s) {
    const std::lock_guard lock(mutex_);
    if (subscriptions_.size() >= limits_.total) {
        return Refusal::total;
    }
    std::size_t mine = 0;
    for (const auto& [id, x] : subscriptions_) {
        mine += x.owner == s.owner ? 1U : 0U;
    }
    if (mine >= limits_.per_user) {
        return Refusal::per_user;
    }
    if (auto ec = persist(s)) {
        return std::unexpected(ec);
    }
    subscriptions_[s.id] = s;
    return Refusal::none;
}

std::optional<Subscription> SubscriptionStore::find(const std::string& id) const {
    const std::lock_guard lock(mutex_);
    auto it = subscriptions_.find(id);
    return it == subscriptions_.end() ? std::nullopt : std::optional(it->second);
}

bool SubscriptionStore::update(const Subscription& s) {
    {
        const std::lock_guard lock(mutex_);
        auto it = subscriptions_.find(s.id);
        if (it == subscriptions_.end()) {
            return false;
        }
        const auto position = std::max(it->second.position, s.position); // a delivery may have moved on
        it->second = s;
        it->second.position = position;
    }
    (void)persist(s); // outside the lock (a sync takes milliseconds); a full disk keeps serving from memory
    forget_if_removed(s.id);
    return true;
}

bool SubscriptionStore::advance(const std::string& id, sel_archive::Sequence position) {
    {
        const std::lock_guard lock(mutex_);
        auto it = subscriptions_.find(id);
        if (it == subscriptions_.end()) {
            return false;
        }
        if (position <= it->second.position) {
            return true;
        }
        it->second.position = position;
    }
    // After the memory (a compaction's snapshot then includes it), outside the lock.
    if (journal_) {
        journal_->record(id, position);
    }
    return true;
}

void SubscriptionStore::forget_if_removed(const std::string& id) const {
    // Removed while its file was being written: the file must not bring it back at restart.
    bool gone = false;
    {
        const std::lock_guard lock(mutex_);
        gone = !subscriptions_.contains(id);
    }
    if (gone && !directory_.empty()) {
        std::error_code ec;
        std::filesystem::remove(file_of(id), ec);
    }
}

bool SubscriptionStore::remove(const std::string& id) {
    const std::lock_guard lock(mutex_);
    if (subscriptions_.erase(id) == 0) {
        return false;
    }
    if (!directory_.empty()) {
        std::error_code ec;
        std::filesystem::remove(file_of(id), ec);
    }
    return true;
}

std::vector<Subscription> SubscriptionStore::all() const {
    const std::lock_guard lock(mutex_);
    std::vector<Subscription> out;
    out.reserve(subscriptions_.size());
    for (const auto& [id, s] : subscriptions_) {
        out.push_back(s);
    }
    return out;
}

std::size_t SubscriptionStore::size() const {
    const std::lock_guard lock(mutex_);
    return subscriptions_.size();
}

std::optional<sel_archive::Sequence> SubscriptionStore::lowest_position(const std::string& archive_id) const {
    const std::lock_guard lock(mutex_);
    std::optional<sel_archive::Sequence> low;
    for (const auto& [id, s] : subscriptions_) {
        if (s.archive_id == archive_id && (!low || s.position < *low)) {
            low = s.position;
        }
    }
    return low;
}

} // namespace eventing
