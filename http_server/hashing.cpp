// Digests, HMAC-SHA256 and random bytes through libgcrypt and getrandom(2).
#include "http_server/hashing.hpp"

#include <gcrypt.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace http::hashing {
namespace {

// libgcrypt must be initialised before first use (its manual, "Initializing the library");
// libfreeipmi may have done it already, in which case it is left alone.
bool ready() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P) == 0) {
            if (gcry_check_version(GCRYPT_VERSION) == nullptr) {
                return;
            }
            (void)gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
            (void)gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
        }
        ok = true;
    });
    return ok;
}

} // namespace

std::optional<std::vector<std::uint8_t>> digest(Digest algorithm, std::string_view data) {
    if (!ready()) {
        return std::nullopt;
    }
    const int md = algorithm == Digest::sha256 ? GCRY_MD_SHA256 : GCRY_MD_MD5;
    std::vector<std::uint8_t> out(gcry_md_get_algo_dlen(md));
    gcry_md_hash_buffer(md, out.data(), data.data(), data.size());
    return out;
}

std::optional<std::array<std::uint8_t, 32>> hmac_sha256(std::span<const std::uint8_t> key,
                                                        std::span<const std::uint8_t> data) {
    if (!ready()) {
        return std::nullopt;
    }
    gcry_mac_hd_t h = nullptr;
    if (gcry_mac_open(&h, GCRY_MAC_HMAC_SHA256, 0, nullptr) != 0) {
        return std::nullopt;
    }
    std::array<std::uint8_t, 32> out{};
    std::size_t len = out.size();
    const bool ok = gcry_mac_setkey(h, key.data(), key.size()) == 0 &&
                    gcry_mac_write(h, data.data(), data.size()) == 0 && gcry_mac_read(h, out.data(), &len) == 0 &&
                    len == out.size();
    gcry_mac_close(h);
    if (!ok) {
        return std::nullopt;
    }
    return out;
}

bool random_bytes(std::span<std::uint8_t> out) noexcept {
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

bool equal_constant_time(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    volatile std::uint8_t diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = static_cast<std::uint8_t>(diff | (a[i] ^ b[i]));
    }
    return diff == 0;
}

void wipe(std::span<char> secret) noexcept {
    explicit_bzero(secret.data(), secret.size());
}

} // namespace http::hashing
