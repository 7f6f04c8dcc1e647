// HTTP Digest (RFC 7616): the auth-param parser, HMAC-signed nonces, nc replay tracking,
// verification.
#include "http_server/digest_auth.hpp"

#include "http_server/hashing.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>

namespace http {
namespace {

using namespace std::string_view_literals;

constexpr std::size_t time_bytes = 8;
constexpr std::size_t random_bytes = 8;
constexpr std::size_t mac_bytes = 32; // HMAC-SHA256
constexpr std::size_t nonce_bytes = time_bytes + random_bytes + mac_bytes;
constexpr std::size_t nonce_chars = nonce_bytes / 3 * 4; // base64url of 48 bytes, no padding

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

bool is_hex(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

std::string lower_copy(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

// tchar (RFC 9110 5.6.2).
bool is_tchar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        return true;
    }
    return "!#$%&'*+-.^_`|~"sv.find(c) != std::string_view::npos;
}

bool is_ows(char c) {
    return c == ' ' || c == '\t';
}

// qdtext and the character of a quoted-pair (RFC 9110 5.6.4): HTAB, SP, VCHAR, obs-text.
bool is_quotable(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

std::string hex(const unsigned char* data, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0x0f];
    }
    return out;
}

std::size_t hex_size_of(DigestAlgorithm algorithm) {
    return algorithm == DigestAlgorithm::sha256 ? 64 : 32;
}

// H(data) in lower-case hex (RFC 7616 3.4.1); empty when the hash is refused.
std::string hash_hex(DigestAlgorithm algorithm, std::string_view data) {
    const auto md = hashing::digest(
        algorithm == DigestAlgorithm::sha256 ? hashing::Digest::sha256 : hashing::Digest::md5, data);
    if (!md) {
        return {};
    }
    return hex(md->data(), md->size());
}

constexpr char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Base64url without padding; the size must be a multiple of 3 (the nonce's is).
std::string base64url(const unsigned char* data, std::size_t size) {
    std::string out;
    out.reserve(size / 3 * 4);
    for (std::size_t i = 0; i + 3 <= size; i += 3) {
        const unsigned v =
            (unsigned{data[i]} << 16) | (unsigned{data[i + 1]} << 8) | unsigned{data[i + 2]};
        out += b64url[(v >> 18) & 0x3f];
        out += b64url[(v >> 12) & 0x3f];
        out += b64url[(v >> 6) & 0x3f];
        out += b64url[v & 0x3f];
    }
    return out;
}

int b64url_value(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

// Inverse of base64url for sizes that are a multiple of 4; false on any other character.
bool unbase64url(std::string_view text, unsigned char* out) {
    for (std::size_t i = 0, o = 0; i + 4 <= text.size(); i += 4, o += 3) {
        unsigned v = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const int d = b64url_value(text[i + k]);
            if (d < 0) {
                return false;
            }
            v = (v << 6) | static_cast<unsigned>(d);
        }
        out[o] = static_cast<unsigned char>(v >> 16);
        out[o + 1] = static_cast<unsigned char>(v >> 8);
        out[o + 2] = static_cast<unsigned char>(v);
    }
    return true;
}

std::int64_t milliseconds(DigestAuth::Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

using Params = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string_view> param(const Params& params, std::string_view name) {
    for (const auto& [k, v] : params) {
        if (k == name) {
            return std::string_view(v);
        }
    }
    return std::nullopt;
}

// The auth-params after an optional "Digest" scheme (case-insensitive, RFC 7616 3.4).
std::string_view without_scheme(std::string_view value) {
    while (!value.empty() && is_ows(value.front())) {
        value.remove_prefix(1);
    }
    constexpr auto scheme = "digest"sv;
    if (value.size() >= scheme.size() && iequals(value.substr(0, scheme.size()), scheme) &&
        (value.size() == scheme.size() || is_ows(value[scheme.size()]))) {
        value.remove_prefix(scheme.size());
    }
    return value;
}

} // namespace

std::string_view algorithm_name(DigestAlgorithm algorithm) {
    return algorithm == DigestAlgorithm::sha256 ? "SHA-256"sv : "MD5"sv;
}

std::string digest_ha1(DigestAlgorithm algorithm, std::string_view user, std::string_view realm,
                       std::string_view password) {
    std::string a1;
    a1.reserve(user.size() + realm.size() + password.size() + 2);
    a1.append(user).append(":").append(realm).append(":").append(password);
    std::string out = hash_hex(algorithm, a1);
    hashing::wipe(a1);
    return out;
}

std::string digest_response(DigestAlgorithm algorithm, std::string_view ha1, std::string_view nonce,
                            std::string_view nc, std::string_view cnonce, std::string_view qop,
                            std::string_view method, std::string_view uri) {
    // A2 = Method ":" request-uri for qop=auth (RFC 7616 3.4.3).
    std::string a2;
    a2.append(method).append(":").append(uri);
    const std::string ha2 = hash_hex(algorithm, a2);
    if (ha2.empty()) {
        return {};
    }
    std::string data;
    data.append(ha1).append(":").append(nonce).append(":").append(nc).append(":").append(cnonce);
    data.append(":").append(qop).append(":").append(ha2);
    std::string out = hash_hex(algorithm, data);
    hashing::wipe(data);
    return out;
}

// auth-param = token BWS "=" BWS ( token / quoted-string ), in a #list (RFC 9110 5.6.1, 11.2;
// RFC 7616 3.4 "Authorization" directives). Empty list elements are skipped, as 5.6.1 requires.
std::optional<std::vector<std::pair<std::string, std::string>>>
parse_auth_params(std::string_view s) {
    if (s.size() > max_authorization_size) {
        return std::nullopt;
    }
    Params out;
    std::size_t i = 0;
    const std::size_t n = s.size();
    auto skip_ows = [&] {
        while (i < n && is_ows(s[i])) {
            ++i;
        }
    };
    while (true) {
        while (i < n && (is_ows(s[i]) || s[i] == ',')) {
            ++i;
        }
        if (i == n) {
            break;
        }
        const std::size_t name_start = i;
        while (i < n && is_tchar(s[i])) {
            ++i;
        }
        if (i == name_start) {
            return std::nullopt;
        }
        std::string name = lower_copy(s.substr(name_start, i - name_start));
        skip_ows();
        if (i == n || s[i] != '=') {
            return std::nullopt;
        }
        ++i;
        skip_ows();
        std::string value;
        if (i < n && s[i] == '"') {
            ++i;
            bool closed = false;
            while (i < n) {
                const char c = s[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\') {
                    if (i == n) {
                        return std::nullopt;
                    }
                    const char escaped = s[i++];
                    if (!is_quotable(escaped)) {
                        return std::nullopt;
                    }
                    value += escaped;
                    continue;
                }
                if (!is_quotable(c)) {
                    return std::nullopt;
                }
                value += c;
            }
            if (!closed) {
                return std::nullopt;
            }
        } else {
            const std::size_t value_start = i;
            while (i < n && is_tchar(s[i])) {
                ++i;
            }
            if (i == value_start) {
                return std::nullopt;
            }
            value.assign(s.substr(value_start, i - value_start));
        }
        if (param(out, name)) {
            return std::nullopt; // a directive given twice (RFC 7616 3.4 lists each once)
        }
        out.emplace_back(std::move(name), std::move(value));
        skip_ows();
        if (i < n && s[i] != ',') {
            return std::nullopt;
        }
    }
    if (out.empty()) {
        return std::nullopt;
    }
    return out;
}

std::string quote_auth_value(std::string_view value) {
    std::string out = "\"";
    for (const char c : value) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    out += '"';
    return out;
}

DigestAuth::DigestAuth(Options options) : options_(std::move(options)) {
    if (options_.max_tracked_nonces == 0) {
        options_.max_tracked_nonces = 1;
    }
    std::array<unsigned char, 16> opaque{};
    ready_ = hashing::random_bytes(secret_) && hashing::random_bytes(opaque);
    opaque_ = hex(opaque.data(), opaque.size());
}

// nonce = base64url(time(8, big-endian ms) | random(8) | HMAC-SHA256(secret, time | random)).
// RFC 7616 3.3 suggests time-stamp and private key; the MAC makes the server's own nonces
// recognisable without storing them.
std::string DigestAuth::make_nonce(Clock::time_point now) {
    std::array<unsigned char, nonce_bytes> raw{};
    const auto ms = static_cast<std::uint64_t>(milliseconds(now));
    for (std::size_t k = 0; k < time_bytes; ++k) {
        raw[k] = static_cast<unsigned char>(ms >> (8 * (time_bytes - 1 - k)));
    }
    if (!hashing::random_bytes(std::span(raw).subspan(time_bytes, random_bytes))) {
        // Uniqueness is what matters here (the MAC gives authenticity): a counter will do.
        static std::atomic<std::uint64_t> counter{0};
        const std::uint64_t c = counter.fetch_add(1);
        for (std::size_t k = 0; k < random_bytes; ++k) {
            raw[time_bytes + k] = static_cast<unsigned char>(c >> (8 * k));
        }
    }
    const auto mac = hashing::hmac_sha256(secret_, std::span(raw).first(time_bytes + random_bytes));
    if (!mac) {
        return {};
    }
    std::copy(mac->begin(), mac->end(), raw.begin() + time_bytes + random_bytes);
    return base64url(raw.data(), raw.size());
}

DigestAuth::Issued DigestAuth::open_nonce(std::string_view nonce) const {
    std::array<unsigned char, nonce_bytes> raw{};
    if (nonce.size() != nonce_chars || !unbase64url(nonce, raw.data())) {
        return {0, false};
    }
    const auto mac = hashing::hmac_sha256(secret_, std::span(raw).first(time_bytes + random_bytes));
    if (!mac || !hashing::equal_constant_time(*mac, std::span(raw).subspan(time_bytes + random_bytes, mac_bytes))) {
        return {0, false};
    }
    std::uint64_t ms = 0;
    for (std::size_t k = 0; k < time_bytes; ++k) {
        ms = (ms << 8) | raw[k];
    }
    return {static_cast<std::int64_t>(ms), true};
}

std::vector<std::string> DigestAuth::challenges(bool stale, Clock::time_point now) {
    if (!ready_) {
        return {};
    }
    const std::string nonce = make_nonce(now);
    if (nonce.empty()) {
        return {};
    }
    std::vector<std::string> out;
    // SHA-256 first: a client uses the first challenge it supports (RFC 7616 3.7).
    for (const auto algorithm : {DigestAlgorithm::sha256, DigestAlgorithm::md5}) {
        std::string c =
            "Digest realm=" + quote_auth_value(options_.realm) + ", qop=\"auth\", algorithm=";
        c.append(algorithm_name(algorithm));
        c += ", nonce=\"" + nonce + "\", opaque=\"" + opaque_ + "\"";
        if (stale) {
            c += ", stale=true";
        }
        out.push_back(std::move(c));
    }
    return out;
}

DigestAuth::Verdict DigestAuth::record_nc(const std::string& nonce, std::int64_t issued_ms,
                                          std::uint32_t nc, std::int64_t now_ms) {
    const std::int64_t lifetime_ms = std::chrono::milliseconds(options_.nonce_lifetime).count();
    const std::lock_guard lock(mutex_);
    while (!seen_.empty() && now_ms - seen_.begin()->first.first > lifetime_ms) {
        seen_.erase(seen_.begin()); // expired: its nonce is answered stale from now on
    }
    auto key = std::make_pair(issued_ms, nonce);
    if (auto it = seen_.find(key); it != seen_.end()) {
        // nc counts the requests made with this nonce (RFC 7616 3.4): never again, never back.
        if (nc <= it->second) {
            return Verdict::replay;
        }
        it->second = nc;
        return Verdict::ok;
    }
    if (issued_ms <= forgotten_through_ms_) {
        return Verdict::stale;
    }
    while (seen_.size() >= options_.max_tracked_nonces) {
        forgotten_through_ms_ = std::max(forgotten_through_ms_, seen_.begin()->first.first);
        seen_.erase(seen_.begin());
    }
    seen_.emplace(std::move(key), nc);
    return Verdict::ok;
}

std::size_t DigestAuth::tracked_nonces() const {
    const std::lock_guard lock(mutex_);
    return seen_.size();
}

DigestAuth::Result DigestAuth::verify(std::string_view authorization, std::string_view method,
                                      std::string_view request_uri, const Ha1Lookup& ha1_of,
                                      Clock::time_point now) {
    const Result bad{Verdict::bad, {}};
    if (!ready_ || authorization.size() > max_authorization_size) {
        return bad;
    }
    const auto params = parse_auth_params(without_scheme(authorization));
    if (!params) {
        return bad;
    }
    // The directives of RFC 7616 3.4; qop is required (no RFC 2069 digests).
    const auto username = param(*params, "username");
    const auto realm = param(*params, "realm");
    const auto nonce = param(*params, "nonce");
    const auto uri = param(*params, "uri");
    const auto response = param(*params, "response");
    const auto qop = param(*params, "qop");
    const auto nc = param(*params, "nc");
    const auto cnonce = param(*params, "cnonce");
    if (!username || !realm || !nonce || !uri || !response || !qop || !nc || !cnonce ||
        param(*params, "username*")) {
        return bad;
    }
    if (*realm != options_.realm || *uri != request_uri || !iequals(*qop, "auth") ||
        cnonce->empty() || nc->size() != 8 || !is_hex(*nc)) {
        return bad;
    }
    DigestAlgorithm algorithm = DigestAlgorithm::md5; // absent means MD5 (RFC 7616 3.4)
    if (const auto a = param(*params, "algorithm")) {
        if (iequals(*a, "SHA-256")) {
            algorithm = DigestAlgorithm::sha256;
        } else if (!iequals(*a, "MD5")) {
            return bad; // -sess variants, SHA-512-256, unknown names
        }
    }
    // userhash=true (RFC 7616 3.4.4) would need a lookup by hashed name: not offered, refused.
    if (const auto h = param(*params, "userhash"); h && !iequals(*h, "false")) {
        return bad;
    }
    // The opaque SHOULD come back unchanged (RFC 7616 3.4); older clients omit it.
    if (const auto o = param(*params, "opaque"); o && *o != opaque_) {
        return bad;
    }
    if (response->size() != hex_size_of(algorithm) || !is_hex(*response)) {
        return bad;
    }
    const Issued issued = open_nonce(*nonce);
    const std::int64_t now_ms = milliseconds(now);
    if (!issued.mac_ok || issued.ms > now_ms) {
        return bad;
    }

    std::string user(*username);
    std::optional<std::string> ha1 = ha1_of(user, algorithm);
    const bool known = ha1 && ha1->size() == hex_size_of(algorithm) && is_hex(*ha1);
    // An unknown user costs the same hashing as a known one.
    const std::string key = known ? lower_copy(*ha1) : std::string(hex_size_of(algorithm), '0');
    if (ha1) {
        hashing::wipe(*ha1);
    }
    const std::string expected =
        digest_response(algorithm, key, *nonce, *nc, *cnonce, *qop, method, *uri);
    const std::string got = lower_copy(*response);
    const bool match = !expected.empty() &&
                       hashing::equal_constant_time(hashing::bytes(expected), hashing::bytes(got));
    if (!known || !match) {
        return bad;
    }
    // stale only with a correct digest, so the client knows the password (RFC 7616 3.3).
    const std::int64_t lifetime_ms = std::chrono::milliseconds(options_.nonce_lifetime).count();
    if (now_ms - issued.ms > lifetime_ms) {
        return {Verdict::stale, std::move(user)};
    }
    std::uint32_t count = 0;
    std::from_chars(nc->data(), nc->data() + nc->size(), count, 16); // 8 hex digits, checked above
    return {record_nc(std::string(*nonce), issued.ms, count, now_ms), std::move(user)};
}

} // namespace http
