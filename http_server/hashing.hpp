// Digests, HMAC-SHA256 and random bytes for authentication, through libgcrypt (which
// libfreeipmi loads anyway). OpenSSL is left for TLS: its first digest or random call
// initialises its default provider, about 2 MiB more resident memory in an agent with
// only an HTTP listener (measured with /proc/PID/smaps; BENCHMARKS.md).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace http::hashing {

enum class Digest { md5, sha256 };

// H(data) (MD5: RFC 1321, SHA-256: FIPS 180-4); nullopt only when libgcrypt refuses.
[[nodiscard]] std::optional<std::vector<std::uint8_t>> digest(Digest algorithm, std::string_view data);

// HMAC-SHA256 (RFC 2104) of data under key.
[[nodiscard]] std::optional<std::array<std::uint8_t, 32>> hmac_sha256(std::span<const std::uint8_t> key,
                                                                    std::span<const std::uint8_t> data);

// Fills out from the kernel's CSPRNG (getrandom(2)); false when it cannot.
[[nodiscard]] bool random_bytes(std::span<std::uint8_t> out) noexcept;

// Equal in time that depends only on the sizes.
[[nodiscard]] bool equal_constant_time(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

// The bytes of a string.
[[nodiscard]] inline std::span<const std::uint8_t> bytes(std::string_view s) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Zeroes a secret so the compiler cannot drop the stores.
void wipe(std::span<char> secret) noexcept;

} // namespace http::hashing
