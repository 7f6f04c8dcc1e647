// Users file parsing and password verification through crypt_r (libcrypt).
#include "wsman_front/users.hpp"

#include <crypt.h>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <random>

namespace wsman {
namespace {

bool strong_hash(const std::string& h) {
    return h.starts_with("$6$") || h.starts_with("$y$") || h.starts_with("$7$") || h.starts_with("$2b$") ||
           h.starts_with("$gy$");
}

std::optional<cim::Role> role_of(const std::string& s) {
    if (s == "reader") return cim::Role::reader;
    if (s == "operator") return cim::Role::operator_role;
    if (s == "admin") return cim::Role::admin;
    return std::nullopt;
}

// Compares without an early exit, so timing does not tell how much of a hash matched.
bool same(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned>(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
    }
    return diff == 0;
}

} // namespace

std::expected<Users, std::string> Users::load(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        return std::unexpected(fmt::format("cannot read the users file {}", file.string()));
    }
    std::vector<User> users;
    std::string line;
    unsigned number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line.front() == '#') {
            continue;
        }
        const auto a = line.find(':');
        const auto b = line.rfind(':');
        if (a == std::string::npos || a == b || a == 0) {
            return std::unexpected(fmt::format("{}:{}: expected name:hash:role", file.string(), number));
        }
        User u{line.substr(0, a), line.substr(a + 1, b - a - 1), cim::Role::reader};
        auto role = role_of(line.substr(b + 1));
        if (!role) {
            return std::unexpected(fmt::format("{}:{}: role must be reader, operator or admin", file.string(), number));
        }
        if (!strong_hash(u.hash)) {
            return std::unexpected(fmt::format("{}:{}: the password hash must be crypt(3) SHA-512 ($6$) or stronger",
                                               file.string(), number));
        }
        u.role = *role;
        users.push_back(std::move(u));
    }
    return Users(std::move(users));
}

std::optional<cim::Role> Users::verify(const std::string& name, const std::string& password) const {
    for (const auto& u : users_) {
        if (u.name != name) {
            continue;
        }
        auto data = std::make_unique<crypt_data>();
        const char* out = crypt_r(password.c_str(), u.hash.c_str(), data.get());
        if (out == nullptr || out[0] == '*') {
            return std::nullopt;
        }
        return same(out, u.hash) ? std::optional(u.role) : std::nullopt;
    }
    return std::nullopt;
}

std::string hash_password(const std::string& password) {
    static constexpr char alphabet[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::random_device rd;
    std::string salt = "$6$";
    for (int i = 0; i < 16; ++i) {
        salt += alphabet[rd() % 64];
    }
    auto data = std::make_unique<crypt_data>();
    const char* out = crypt_r(password.c_str(), salt.c_str(), data.get());
    return out != nullptr ? std::string(out) : std::string();
}

} // namespace wsman
