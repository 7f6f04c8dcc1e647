// The users file: one "name:hash:role" per line, the hash from crypt(3) with SHA-512 ($6$)
// or stronger (yescrypt $y$, scrypt $7$, bcrypt $2b$); roles reader, operator, admin.
// Passwords are never stored or logged in clear.
#pragma once

#include "cim_mapping/schema.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wsman {

struct User {
    std::string name;
    std::string hash;
    cim::Role role = cim::Role::reader;
};

class Users {
public:
    Users() = default;
    explicit Users(std::vector<User> users) : users_(std::move(users)) {}

    // Reads the file; an error names the line that is wrong. Comments (#) and blank lines
    // are skipped. Weak hashes (DES, MD5 $1$, SHA-256 $5$) are refused.
    [[nodiscard]] static std::expected<Users, std::string> load(const std::filesystem::path& file);

    // The user's role when the password matches its hash.
    [[nodiscard]] std::optional<cim::Role> verify(const std::string& name, const std::string& password) const;

    [[nodiscard]] std::size_t size() const { return users_.size(); }

private:
    std::vector<User> users_;
};

// A new SHA-512 crypt(3) hash of `password` with a random salt ($6$...), for tools and tests.
[[nodiscard]] std::string hash_password(const std::string& password);

} // namespace wsman
