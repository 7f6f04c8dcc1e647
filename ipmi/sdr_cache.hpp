// The on-disk SDR cache: a repository's records keyed by the BMC's identity and
// the repository's record count and most recent addition/erase timestamps
// (IPMI 2.0 section 33.9), so a warm start costs one Get SDR Repository Info.
#pragma once

#include "ipmi/client.hpp"
#include "ipmi/commands/storage.hpp"
#include "ipmi/sdr_reader.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace ipmi {

struct SdrCacheKey {
    std::string bmc_identity; // chosen by the caller, e.g. "lan 10.0.0.5:623" or "kcs io:0xca2"
    std::uint8_t sdr_version = 0;
    std::uint16_t record_count = 0;
    std::uint32_t most_recent_addition = 0;
    std::uint32_t most_recent_erase = 0;

    [[nodiscard]] static SdrCacheKey from(std::string identity,
                                          const cmd::GetSdrRepositoryInfo::Response& info);
    bool operator==(const SdrCacheKey&) const = default;
};

struct SdrCacheFile {
    SdrCacheKey key;
    SdrReadLimits limits; // what the walk that wrote it learned
    std::vector<RawSdr> records;
};

// One file per BMC identity inside `dir` (the identity is hashed into the name).
[[nodiscard]] std::filesystem::path sdr_cache_path(const std::filesystem::path& dir,
                                                   std::string_view identity);

// Reads and verifies a cache file (format, checksum, bounds, every record's
// header). Errors: cannot read, or Errc::sdr_cache_corrupt.
[[nodiscard]] std::expected<SdrCacheFile, std::error_code>
read_sdr_cache(const std::filesystem::path& file);

// The same checks on bytes already in memory.
[[nodiscard]] std::expected<SdrCacheFile, std::error_code>
parse_sdr_cache(std::span<const std::uint8_t> bytes);

// Writes atomically (temporary file, then rename).
[[nodiscard]] std::error_code write_sdr_cache(const std::filesystem::path& file,
                                              const SdrCacheFile& cache);

struct SdrRepository {
    cmd::GetSdrRepositoryInfo::Response info;
    std::vector<RawSdr> records;
    bool from_cache = false;
    SdrWalkStats walk; // zero when served from the cache
};

// Get SDR Repository Info; then the cached records when the key matches, or a
// walk (at the remembered read size) whose result is written back. An empty
// `cache_dir` disables the cache. A cache that cannot be written is not an
// error: the records are still returned.
[[nodiscard]] std::expected<SdrRepository, std::error_code>
load_sdr_repository(Client& client, const std::filesystem::path& cache_dir,
                    const std::string& identity);

} // namespace ipmi
