// Redfish sessions (DSP0266 13.3.4): a POST to the Sessions collection with UserName and
// Password creates one; its X-Auth-Token authenticates later requests until it has been idle
// for the session timeout or is deleted (logout). Bounded: at most `max_sessions` at once
// (expired ones are dropped first; then a new one is refused). Tokens are 32 random bytes
// (hex), compared in constant time; the store keeps only their SHA-256.
#pragma once

#include "cim_mapping/schema.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace redfish {

struct Session {
    std::string id;   // the member's Id (not the token)
    std::string user;
    cim::Role role = cim::Role::reader;
    std::chrono::system_clock::time_point created;
};

class SessionStore {
public:
    using Clock = std::chrono::steady_clock;
    struct Options {
        std::chrono::seconds timeout{1800}; // idle; SessionService.SessionTimeout (30 .. 86400)
        std::size_t max_sessions = 64;
    };
    SessionStore() = default;
    explicit SessionStore(Options options) : options_(options) {}

    struct Created {
        Session session;
        std::string token;
    };
    // A new session, or nullopt when `max_sessions` live sessions exist.
    [[nodiscard]] std::optional<Created> create(const std::string& user, cim::Role role, Clock::time_point now = Clock::now());
    // The session of a token (its idle time restarts), or nullopt when unknown or expired.
    [[nodiscard]] std::optional<Session> find(std::string_view token, Clock::time_point now = Clock::now());
    [[nodiscard]] std::optional<Session> by_id(std::string_view id, Clock::time_point now = Clock::now());
    bool remove(std::string_view id);
    [[nodiscard]] std::vector<Session> list(Clock::time_point now = Clock::now());
    [[nodiscard]] std::chrono::seconds timeout() const;
    void set_timeout(std::chrono::seconds timeout);
    [[nodiscard]] std::size_t max_sessions() const { return options_.max_sessions; }

private:
    struct Entry {
        Session session;
        std::array<std::uint8_t, 32> token_hash{};
        Clock::time_point last_used;
    };
    void expire(Clock::time_point now); // under mutex_
    Options options_;
    mutable std::mutex mutex_;
    std::vector<Entry> entries_;
    std::uint64_t next_id_ = 1;
};

} // namespace redfish
