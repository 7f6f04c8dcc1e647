// Authentication: certificate, Basic with a cache of verified credentials, Digest.
#include "http_server/authenticator.hpp"

#include "http_server/hashing.hpp"

namespace http {
namespace {

bool starts_with_scheme(std::string_view header, std::string_view scheme) {
    if (header.size() <= scheme.size() || header[scheme.size()] != ' ') {
        return false;
    }
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        const char c = header[i];
        const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (l != scheme[i]) {
            return false;
        }
    }
    return true;
}

std::string_view after_scheme(std::string_view header, std::size_t scheme_size) {
    header.remove_prefix(scheme_size);
    while (!header.empty() && header.front() == ' ') {
        header.remove_prefix(1);
    }
    while (!header.empty() && header.back() == ' ') {
        header.remove_suffix(1);
    }
    return header;
}

} // namespace

std::optional<std::string> base64_decode(std::string_view t) {
    if (t.size() % 4 != 0 || t.size() > 8192) {
        return std::nullopt;
    }
    const auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::string out;
    out.reserve(t.size() / 4 * 3);
    for (std::size_t i = 0; i < t.size(); i += 4) {
        const bool last = i + 4 == t.size();
        const int pad = last ? (t[i + 3] == '=' ? (t[i + 2] == '=' ? 2 : 1) : 0) : 0;
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = t[i + k];
            if (k >= 4 - static_cast<std::size_t>(pad)) {
                v <<= 6;
                continue;
            }
            const int d = value(c);
            if (d < 0) {
                return std::nullopt;
            }
            v = (v << 6) | static_cast<std::uint32_t>(d);
        }
        out += static_cast<char>((v >> 16) & 0xFFU);
        if (pad < 2) {
            out += static_cast<char>((v >> 8) & 0xFFU);
        }
        if (pad < 1) {
            out += static_cast<char>(v & 0xFFU);
        }
    }
    return out;
}

Authenticator::Authenticator(std::shared_ptr<const Users> users, Options options)
    : options_(std::move(options)), users_(std::move(users)),
      digest_(DigestAuth::Options{options_.realm, std::chrono::seconds(300), 4096}), failures_(options_.failures) {
    if (!hashing::random_bytes(key_)) {
        throw std::runtime_error("no randomness for the credential cache key"); // start-up only
    }
}

void Authenticator::replace_users(std::shared_ptr<const Users> users) {
    const std::lock_guard lock(mutex_);
    users_ = std::move(users);
    verified_.clear();
    ++generation_;
}

std::uint64_t Authenticator::generation() const {
    return generation_.load(std::memory_order_acquire);
}

std::shared_ptr<const Users> Authenticator::users() const {
    const std::lock_guard lock(mutex_);
    return users_;
}

std::vector<std::string> Authenticator::challenges(bool basic_allowed, bool stale) {
    std::vector<std::string> out;
    if (options_.digest) {
        out = digest_.challenges(stale);
    }
    if (basic_allowed) {
        out.push_back("Basic realm=\"" + options_.realm + "\"");
    }
    return out;
}

std::optional<std::array<std::uint8_t, 32>> Authenticator::fingerprint(std::string_view user, std::string_view password) const {
    std::string message(user);
    message += '\0';
    message += password;
    auto mac = hashing::hmac_sha256(key_, hashing::bytes(message));
    hashing::wipe(message);
    return mac; // nullopt: these credentials are checked without the cache
}

AuthResult Authenticator::basic(std::string_view credentials) {
    AuthResult r;
    r.scheme = "Basic";
    auto decoded = base64_decode(credentials);
    const auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (!decoded || colon == std::string::npos) {
        r.why = "malformed Basic credentials";
        return r;
    }
    r.user = decoded->substr(0, colon);
    const std::string_view password = std::string_view(*decoded).substr(colon + 1);
    const auto now = std::chrono::steady_clock::now();
    const auto print = fingerprint(r.user, password);
    std::shared_ptr<const Users> users;
    {
        const std::lock_guard lock(mutex_);
        if (auto it = print ? verified_.find(*print) : verified_.end(); it != verified_.end()) {
            if (it->second.expires > now) {
                r.caller = cim::Caller{r.user, it->second.role};
                hashing::wipe(*decoded);
                return r;
            }
            verified_.erase(it);
        }
        users = users_;
    }
    const auto role = users->verify(r.user, std::string(password));
    hashing::wipe(*decoded);
    if (!role) {
        r.why = "wrong user name or password";
        return r;
    }
    r.caller = cim::Caller{r.user, *role};
    const std::lock_guard lock(mutex_);
    if (print && users_ == users) { // not replaced meanwhile
        if (verified_.size() >= options_.verified_cache_entries) {
            verified_.clear();
        }
        verified_[*print] = Verified{*role, now + options_.verified_cache_lifetime};
    }
    return r;
}

AuthResult Authenticator::digest(const AuthRequest& request, std::string_view credentials) {
    AuthResult r;
    r.scheme = "Digest";
    const auto users = this->users();
    const auto verdict = digest_.verify(credentials, request.method, request.uri,
                                        [&](const std::string& user, DigestAlgorithm a) { return users->ha1(user, a); });
    r.user = verdict.user;
    switch (verdict.verdict) {
    case DigestAuth::Verdict::ok:
        if (const User* u = users->find(verdict.user)) {
            r.caller = cim::Caller{u->name, u->role};
        } else {
            r.why = "unknown user";
        }
        break;
    case DigestAuth::Verdict::stale: r.why = "stale nonce"; break;
    case DigestAuth::Verdict::replay: r.why = "replayed nonce count"; break;
    case DigestAuth::Verdict::bad: r.why = "wrong Digest credentials"; break;
    }
    return r;
}

AuthResult Authenticator::authenticate(const AuthRequest& request) {
    AuthResult r;
    if (!request.client_subject.empty()) {
        if (const User* u = users()->by_subject(request.client_subject)) {
            r.caller = cim::Caller{u->name, u->role};
            r.scheme = "certificate";
            r.user = u->name;
            return r;
        }
        r.scheme = "certificate";
        r.why = "the client certificate's subject names no user";
    }
    bool stale = false;
    if (starts_with_scheme(request.authorization, "basic")) {
        if (request.basic_allowed) {
            r = basic(after_scheme(request.authorization, 5));
        } else {
            r.scheme = "Basic";
            r.why = "Basic is not accepted on this listener";
        }
    } else if (starts_with_scheme(request.authorization, "digest") && options_.digest) {
        r = digest(request, after_scheme(request.authorization, 6));
        stale = r.why == "stale nonce";
    } else if (!request.authorization.empty()) {
        r.scheme = std::string(request.authorization.substr(0, request.authorization.find(' ')).substr(0, 20));
        r.why = "unsupported authentication scheme";
    }
    if (r.caller) {
        failures_.succeeded(request.peer);
        return r;
    }
    // No credentials at all is the first step of every challenge-response exchange, and a
    // stale nonce is the server's own doing: neither counts as a failure.
    if (!r.scheme.empty() && !stale) {
        r.delay = failures_.failed(request.peer);
    }
    r.challenges = challenges(request.basic_allowed, stale);
    return r;
}

} // namespace http
