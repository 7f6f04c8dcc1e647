// Users file parsing (crypt hash, role, Digest HA1s, certificate subject) and password checks
// through crypt_r.
#include "http_server/users.hpp"

#include <algorithm>
#include <array>
#include <crypt.h>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>

namespace http {
namespace {

bool strong_hash(const std::string& h) {
    return h.starts_with("$6$") || h.starts_with("$y$") || h.starts_with("$7$") ||
           h.starts_with("$2b$") || h.starts_with("$gy$");
}

std::optional<cim::Role> role_of(std::string_view s) {
    if (s == "reader")
        return cim::Role::reader;
    if (s == "operator")
        return cim::Role::operator_role;
    if (s == "admin")
        return cim::Role::admin;
    return std::nullopt;
}

// Compares without an early exit, so timing does not tell how much of a hash matched.
bool same(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned>(static_cast<unsigned char>(a[i]) ^
                                      static_cast<unsigned char>(b[i]));
    }
    return diff == 0;
}

std::vector<std::string_view> split(std::string_view line, char sep) {
    std::vector<std::string_view> out;
    while (true) {
        const auto at = line.find(sep);
        out.push_back(line.substr(0, at));
        if (at == std::string_view::npos) {
            return out;
        }
        line.remove_prefix(at + 1);
    }
}

// `size` hex digits, returned lower-case (the form HA1 takes in the digest, RFC 7616 3.4.2).
std::optional<std::string> hex_digits(std::string_view s, std::size_t size) {
    if (s.size() != size) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(size);
    for (const char c : s) {
        if (c >= '0' && c <= '9') {
            out += c;
        } else if (c >= 'a' && c <= 'f') {
            out += c;
        } else if (c >= 'A' && c <= 'F') {
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            return std::nullopt;
        }
    }
    return out;
}

// Applies one attr=value field to `u`; an error message (without the value: HA1s are secret).
std::optional<std::string> apply_attribute(User& u, std::string_view field) {
    const auto eq = field.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        return std::string("expected attr=value after the role");
    }
    const auto attr = field.substr(0, eq);
    const auto value = field.substr(eq + 1);
    auto set_ha1 = [&](std::optional<std::string>& slot,
                       std::size_t digits) -> std::optional<std::string> {
        if (slot) {
            return fmt::format("{} given twice", attr);
        }
        slot = hex_digits(value, digits);
        if (!slot) {
            return fmt::format("{} must be {} hex digits", attr, digits);
        }
        return std::nullopt;
    };
    if (attr == "md5ha1") {
        return set_ha1(u.md5_ha1, 32);
    }
    if (attr == "sha256ha1") {
        return set_ha1(u.sha256_ha1, 64);
    }
    if (attr == "subject") {
        if (u.subject) {
            return std::string("subject given twice");
        }
        if (value.empty()) {
            return std::string("subject is empty");
        }
        u.subject = std::string(value);
        return std::nullopt;
    }
    return fmt::format("unknown attribute '{}' (md5ha1, sha256ha1, subject)", attr);
}

} // namespace

std::string_view role_name(cim::Role role) {
    switch (role) {
    case cim::Role::reader:
        return "reader";
    case cim::Role::operator_role:
        return "operator";
    case cim::Role::admin:
        return "admin";
    }
    return "reader";
}

std::expected<Users, std::string> Users::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return std::unexpected(fmt::format("cannot read the users file {}", file.string()));
    }
    std::string content;
    std::array<char, 4096> chunk{};
    while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
        content.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (content.size() > max_users_file_bytes) {
            return std::unexpected(fmt::format("the users file {} is larger than {} bytes", file.string(),
                                               max_users_file_bytes));
        }
    }
    return parse(content, file.string());
}

std::expected<Users, std::string> Users::parse(std::string_view content, std::string_view origin) {
    std::vector<User> users;
    std::string text;
    unsigned number = 0;
    auto error = [&](std::string_view what) {
        return std::unexpected(fmt::format("{}:{}: {}", origin, number, what));
    };
    std::istringstream in{std::string(content)};
    while (std::getline(in, text)) {
        ++number;
        std::string_view line = text;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        const auto fields = split(line, ':');
        if (fields.size() < 3 || fields[0].empty()) {
            return error("expected name:hash:role[:attr=value]...");
        }
        User u{std::string(fields[0]), std::string(fields[1]), cim::Role::reader, {}, {}, {}};
        auto role = role_of(fields[2]);
        if (!role) {
            return error("role must be reader, operator or admin");
        }
        if (!strong_hash(u.hash)) {
            return error("the password hash must be crypt(3) SHA-512 ($6$) or stronger");
        }
        u.role = *role;
        for (std::size_t k = 3; k < fields.size(); ++k) {
            if (auto wrong = apply_attribute(u, fields[k])) {
                return error(*wrong);
            }
        }
        for (const auto& other : users) {
            if (other.name == u.name) {
                return error(fmt::format("user '{}' is already defined", u.name));
            }
            if (u.subject && other.subject == u.subject) {
                return error(fmt::format("subject '{}' is already mapped to user '{}'", *u.subject,
                                         other.name));
            }
        }
        users.push_back(std::move(u));
    }
    return Users(std::move(users));
}

std::optional<cim::Role> Users::verify(const std::string& name, const std::string& password) const {
    const User* u = find(name);
    if (u == nullptr) {
        return std::nullopt;
    }
    auto data = std::make_unique<crypt_data>();
    const char* out = crypt_r(password.c_str(), u->hash.c_str(), data.get());
    if (out == nullptr || out[0] == '*') {
        return std::nullopt;
    }
    return same(out, u->hash) ? std::optional(u->role) : std::nullopt;
}

std::optional<std::string> Users::ha1(const std::string& name, DigestAlgorithm algorithm) const {
    const User* u = find(name);
    if (u == nullptr) {
        return std::nullopt;
    }
    return algorithm == DigestAlgorithm::sha256 ? u->sha256_ha1 : u->md5_ha1;
}

const User* Users::by_subject(std::string_view subject) const {
    const auto it = std::find_if(users_.begin(), users_.end(),
                                 [&](const User& u) { return u.subject == subject; });
    return it != users_.end() ? &*it : nullptr;
}

const User* Users::find(std::string_view name) const {
    const auto it =
        std::find_if(users_.begin(), users_.end(), [&](const User& u) { return u.name == name; });
    return it != users_.end() ? &*it : nullptr;
}

std::string hash_password(const std::string& password) {
    static constexpr char alphabet[] =
        "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::random_device rd;
    std::string salt = "$6$";
    for (int i = 0; i < 16; ++i) {
        salt += alphabet[rd() % 64];
    }
    auto data = std::make_unique<crypt_data>();
    const char* out = crypt_r(password.c_str(), salt.c_str(), data.get());
    return out != nullptr ? std::string(out) : std::string();
}

std::expected<std::string, std::string> users_line(const std::string& name,
                                                   const std::string& password, cim::Role role,
                                                   const std::string& realm) {
    const bool control = std::any_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (name.empty() || name.find(':') != std::string::npos || name.front() == '#' || control) {
        return std::unexpected(
            std::string("a user name must be non-empty, without ':' or control characters, "
                        "and must not start with '#'"));
    }
    const std::string hash = hash_password(password);
    const std::string md5 = digest_ha1(DigestAlgorithm::md5, name, realm, password);
    const std::string sha256 = digest_ha1(DigestAlgorithm::sha256, name, realm, password);
    if (!strong_hash(hash) || md5.size() != 32 || sha256.size() != 64) {
        return std::unexpected(std::string("hashing the password failed"));
    }
    return fmt::format("{}:{}:{}:md5ha1={}:sha256ha1={}", name, hash, role_name(role), md5, sha256);
}

} // namespace http
