// The session store (see sessions.hpp).
#include "redfish_front/sessions.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace redfish {
namespace {

std::array<std::uint8_t, 32> hash_of(std::string_view token) {
    std::array<std::uint8_t, 32> out{};
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), out.data());
    return out;
}

} // namespace

void SessionStore::expire(Clock::time_point now) {
    std::erase_if(entries_, [&](const Entry& e) { return now - e.last_used >= options_.timeout; });
}

std::optional<SessionStore::Created> SessionStore::create(const std::string& user, cim::Role role,
                                                          Clock::time_point now) {
    std::array<unsigned char, 32> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
        return std::nullopt;
    }
    std::string token;
    for (auto b : random) {
        token += fmt::format("{:02x}", b);
    }
    const std::lock_guard lock(mutex_);
    expire(now);
    if (entries_.size() >= options_.max_sessions) {
        return std::nullopt;
    }
    Entry e;
    e.session = Session{std::to_string(next_id_++), user, role, std::chrono::system_clock::now()};
    e.token_hash = hash_of(token);
    e.last_used = now;
    entries_.push_back(e);
    return Created{e.session, std::move(token)};
}

std::optional<Session> SessionStore::find(std::string_view token, Clock::time_point now) {
    if (token.empty() || token.size() > 128) {
        return std::nullopt;
    }
    const auto h = hash_of(token);
    const std::lock_guard lock(mutex_);
    expire(now);
    for (auto& e : entries_) {
        if (CRYPTO_memcmp(e.token_hash.data(), h.data(), h.size()) == 0) {
            e.last_used = now;
            return e.session;
        }
    }
    return std::nullopt;
}

std::optional<Session> SessionStore::by_id(std::string_view id, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    expire(now);
    for (const auto& e : entries_) {
        if (e.session.id == id) {
            return e.session;
        }
    }
    return std::nullopt;
}

bool SessionStore::remove(std::string_view id) {
    const std::lock_guard lock(mutex_);
    return std::erase_if(entries_, [id](const Entry& e) { return e.session.id == id; }) > 0;
}

std::vector<Session> SessionStore::list(Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    expire(now);
    std::vector<Session> out;
    for (const auto& e : entries_) {
        out.push_back(e.session);
    }
    return out;
}

std::chrono::seconds SessionStore::timeout() const {
    const std::lock_guard lock(mutex_);
    return options_.timeout;
}

void SessionStore::set_timeout(std::chrono::seconds timeout) {
    const std::lock_guard lock(mutex_);
    options_.timeout = timeout;
}

} // namespace redfish
