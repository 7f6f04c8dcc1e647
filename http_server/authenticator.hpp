// Who is calling: a verified TLS client certificate mapped to a user by its subject, HTTP
// Basic (RFC 7617; only where the listener allows it) or Digest (RFC 7616, SHA-256 and MD5)
// against the users file. A request with no credentials gets the challenges of every
// enabled scheme; failed credentials count against the sender's address (AuthFailures).
// The users can be replaced while serving (SIGHUP).
#pragma once

#include "cim_mapping/provider.hpp"
#include "http_server/auth_failures.hpp"
#include "http_server/digest_auth.hpp"
#include "http_server/users.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http {

struct AuthRequest {
    std::string_view authorization;  // the Authorization header value, "" when none
    std::string_view method;         // "POST"
    std::string_view uri;            // the request target ("/wsman")
    std::string_view client_subject; // a verified client certificate's subject (RFC 2253), "" when none
    bool basic_allowed = false;      // Basic on this listener (TLS, or HTTP when configured)
    std::string peer;                // the sender's address
};

struct AuthResult {
    std::optional<cim::Caller> caller;   // set when authenticated
    std::vector<std::string> challenges; // WWW-Authenticate values for the 401 otherwise
    std::chrono::milliseconds delay{0};  // hold the 401 back this long
    std::string scheme;                  // "certificate", "Basic", "Digest" or "" (none offered)
    std::string user;                    // the user the request named ("" when none)
    std::string why;                     // why it failed, for the log (never a secret)
};

class Authenticator {
public:
    struct Options {
        bool digest = true;
        std::string realm = "bmcwsman";
        std::chrono::seconds verified_cache_lifetime{300};
        std::size_t verified_cache_entries = 1024;
        // When repeated failures from one address are slowed down (auth_failures.hpp).
        AuthFailures::Limits failures{};
    };
    Authenticator(std::shared_ptr<const Users> users, Options options);

    [[nodiscard]] AuthResult authenticate(const AuthRequest& request);
    // Replaces the users (configuration reload); cached verifications are dropped.
    void replace_users(std::shared_ptr<const Users> users);
    [[nodiscard]] std::shared_ptr<const Users> users() const;
    // Changes with every replace_users(): what a connection remembers of an earlier
    // verification holds only for the same generation.
    [[nodiscard]] std::uint64_t generation() const;
    [[nodiscard]] std::vector<std::string> challenges(bool basic_allowed, bool stale);

private:
    [[nodiscard]] AuthResult basic(std::string_view credentials);
    [[nodiscard]] AuthResult digest(const AuthRequest& request, std::string_view credentials);
    [[nodiscard]] std::optional<std::array<std::uint8_t, 32>> fingerprint(std::string_view user, std::string_view password) const;

    Options options_;
    mutable std::mutex mutex_;
    std::shared_ptr<const Users> users_;
    std::atomic<std::uint64_t> generation_{0}; // read on every request without the lock
    // Basic credentials already checked by crypt(3) (milliseconds each): HMAC of user and
    // password under a per-process key -> role and expiry. Cleared with the users.
    struct Verified {
        cim::Role role;
        std::chrono::steady_clock::time_point expires;
    };
    std::map<std::array<std::uint8_t, 32>, Verified> verified_;
    std::array<std::uint8_t, 32> key_{};
    DigestAuth digest_;
    AuthFailures failures_;
};

// RFC 4648 section 4 base64, strictly (padding required, no whitespace); nullopt when malformed.
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text);

} // namespace http
