// The users file: one "name:hash:role[:attr=value]..." per line, the hash from crypt(3) with
// SHA-512 ($6$) or stronger (yescrypt $y$, scrypt $7$, bcrypt $2b$); roles reader, operator, admin.
// Optional attributes:
//   md5ha1=<32 hex>, sha256ha1=<64 hex>  HTTP Digest HA1 = H(name:bmcwsman:password) for realm
//       "bmcwsman" (Digest cannot be checked against a crypt hash, so HA1 is stored as Apache's
//       htdigest does). HA1 is password-equivalent for that realm: keep the file mode 0600.
//   subject=<DN>  the TLS client certificate subject that logs in as this user, exactly as
//       OpenSSL prints it with XN_FLAG_RFC2253 (e.g. subject=CN=ann,O=Example). ':' separates the
//       fields, so a subject containing ':' cannot be written here.
// Passwords are never stored or logged in clear.
#pragma once

#include "cim_mapping/schema.hpp"
#include "http_server/digest_auth.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http {

// The realm the users file's HA1 attributes are computed for (DigestAuth::Options' default).
inline constexpr std::string_view users_realm = "bmcwsman";

struct User {
    std::string name;
    std::string hash;
    cim::Role role = cim::Role::reader;
    std::optional<std::string> md5_ha1;    // lower-case hex
    std::optional<std::string> sha256_ha1; // lower-case hex
    std::optional<std::string> subject;    // RFC 2253 one-line form
};

// A users file is a few lines per operator; more than this is refused unread.
inline constexpr std::size_t max_users_file_bytes = 4 * 1024 * 1024;

class Users {
public:
    Users() = default;
    explicit Users(std::vector<User> users) : users_(std::move(users)) {}

    // Reads the file; an error names file:line. Comments (#) and blank lines are skipped, a
    // trailing CR is ignored. Refused: weak hashes (DES, MD5 $1$, SHA-256 $5$), unknown roles,
    // unknown or repeated attributes, HA1 values that are not 32/64 hex digits, an empty subject,
    // a user name or a subject given twice.
    [[nodiscard]] static std::expected<Users, std::string> load(const std::filesystem::path& file);
    // load()'s work on the file's text (`origin` names it in errors); the fuzz target's entry.
    [[nodiscard]] static std::expected<Users, std::string> parse(std::string_view text, std::string_view origin);

    // The user's role when the password matches its hash.
    [[nodiscard]] std::optional<cim::Role> verify(const std::string& name,
                                                  const std::string& password) const;

    // The stored Digest HA1 (realm users_realm) of that algorithm; nullopt for an unknown user or
    // one without it. The shape DigestAuth::verify's lookup takes.
    [[nodiscard]] std::optional<std::string> ha1(const std::string& name,
                                                 DigestAlgorithm algorithm) const;

    // The user a client certificate subject (RFC 2253 form) maps to, by exact match; or null.
    [[nodiscard]] const User* by_subject(std::string_view subject) const;
    [[nodiscard]] const User* find(std::string_view name) const;

    [[nodiscard]] std::size_t size() const { return users_.size(); }
    // Every user in file order (the Redfish AccountService lists them).
    [[nodiscard]] const std::vector<User>& all() const { return users_; }

private:
    std::vector<User> users_;
};

// A new SHA-512 crypt(3) hash of `password` with a random salt ($6$...), for tools and tests.
[[nodiscard]] std::string hash_password(const std::string& password);

// "reader", "operator" or "admin", as the users file spells the role.
[[nodiscard]] std::string_view role_name(cim::Role role);

// A complete users file line (no newline): name, a fresh $6$ hash, the role, md5ha1 and
// sha256ha1 for `realm`. An error when the name is empty or holds ':', '#' first, or a control
// character, or when hashing fails.
[[nodiscard]] std::expected<std::string, std::string>
users_line(const std::string& name, const std::string& password, cim::Role role,
           const std::string& realm = std::string(users_realm));

} // namespace http
