// HTTP Digest authentication (RFC 7616, RFC 2617 clients): challenges, stateless nonces,
// verification.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http {

// The hash of a Digest credential (RFC 7616 3.2 "algorithm"); the "-sess" variants are not
// supported.
enum class DigestAlgorithm : std::uint8_t { md5, sha256 };

// "MD5" or "SHA-256", as the algorithm parameter spells it.
[[nodiscard]] std::string_view algorithm_name(DigestAlgorithm algorithm);

// HA1 = H(user ":" realm ":" password) in lower-case hex (RFC 7616 3.4.2): what the users file
// stores. Empty only if libcrypto refuses the hash (e.g. MD5 under a FIPS-only provider).
[[nodiscard]] std::string digest_ha1(DigestAlgorithm algorithm, std::string_view user,
                                     std::string_view realm, std::string_view password);

// The request-digest for qop=auth (RFC 7616 3.4.1):
// H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" H(method ":" uri)), lower-case hex.
[[nodiscard]] std::string digest_response(DigestAlgorithm algorithm, std::string_view ha1,
                                          std::string_view nonce, std::string_view nc,
                                          std::string_view cnonce, std::string_view qop,
                                          std::string_view method, std::string_view uri);

// Longest Authorization value accepted (longer ones are refused unparsed).
inline constexpr std::size_t max_authorization_size = 4096;

// The auth-param list of an Authorization value, without the scheme (RFC 7235 2.1, RFC 7616 3.4):
// name = token | quoted-string, separated by commas; names lower-cased, quoted-pairs unescaped,
// values kept as sent. nullopt for anything malformed: over max_authorization_size, a missing
// closing quote, control characters, a name without '=', a duplicate name, no parameter at all.
// Safe on any input (the fuzz target's entry point).
[[nodiscard]] std::optional<std::vector<std::pair<std::string, std::string>>>
parse_auth_params(std::string_view params);

// `value` as a quoted-string: '"' and '\' escaped (for challenge parameters).
[[nodiscard]] std::string quote_auth_value(std::string_view value);

class DigestAuth {
public:
    using Clock = std::chrono::steady_clock;
    struct Options {
        std::string realm = "bmcwsman";
        std::chrono::seconds nonce_lifetime{300};
        std::size_t max_tracked_nonces = 4096; // nonces whose nc values are remembered
    };

    // Draws the per-process secret from getrandom(2); when that fails, ready() is false.
    explicit DigestAuth(Options options);

    // false when no secret could be drawn: challenges() is empty and verify() says bad.
    [[nodiscard]] bool ready() const { return ready_; }
    [[nodiscard]] const std::string& realm() const { return options_.realm; }

    // The WWW-Authenticate values for a 401, SHA-256 first, then MD5 (RFC 7616 3.7), each
    // `Digest realm="...", qop="auth", algorithm=..., nonce="...", opaque="..."` and
    // `, stale=true` when asked (RFC 7616 3.3). Both carry the same fresh nonce.
    [[nodiscard]] std::vector<std::string> challenges(bool stale,
                                                      Clock::time_point now = Clock::now());

    enum class Verdict : std::uint8_t {
        ok,
        bad,    // malformed, unsupported, wrong realm/uri/opaque, forged nonce, unknown user, wrong
                // digest
        stale,  // a correct digest over an expired nonce: re-challenge with stale=true
        replay, // a correct digest with an nc already seen (or lower) for that nonce
    };
    // `user` is set for ok, stale and replay (the digest proved it); empty for bad.
    struct Result {
        Verdict verdict = Verdict::bad;
        std::string user;
    };
    using Ha1Lookup =
        std::function<std::optional<std::string>(const std::string& user, DigestAlgorithm)>;

    // `authorization`: the Authorization value with or without its "Digest " scheme; `method`
    // e.g. "POST"; `request_uri` the request line's target (the uri parameter must equal it).
    // `ha1_of` gives the stored lower-case hex HA1 or nullopt (unknown user, no credential for
    // that algorithm). Thread-safe. Never returns or logs an HA1.
    [[nodiscard]] Result verify(std::string_view authorization, std::string_view method,
                                std::string_view request_uri, const Ha1Lookup& ha1_of,
                                Clock::time_point now = Clock::now());

    // Nonces whose nc values are currently remembered (for tests).
    [[nodiscard]] std::size_t tracked_nonces() const;

private:
    struct Issued {
        std::int64_t ms; // issue time, milliseconds of Clock
        bool mac_ok;
    };
    [[nodiscard]] std::string make_nonce(Clock::time_point now);
    [[nodiscard]] Issued open_nonce(std::string_view nonce) const;
    // Records nc for the nonce: ok, replay when it is not above every nc seen for it, stale
    // when the nonce's record was dropped while it was still valid.
    [[nodiscard]] Verdict record_nc(const std::string& nonce, std::int64_t issued_ms,
                                    std::uint32_t nc, std::int64_t now_ms);

    Options options_;
    bool ready_ = false;
    unsigned char secret_[32] = {};
    std::string opaque_;

    mutable std::mutex mutex_;
    // (issue time, nonce) -> highest nc seen; ordered so the oldest is first.
    std::map<std::pair<std::int64_t, std::string>, std::uint32_t> seen_;
    // Nonces issued at or before this time that are not in seen_ were dropped while still
    // valid (the map was full): they are answered stale so their old nc values cannot replay.
    std::int64_t forgotten_through_ms_ = -1;
};

} // namespace http
