#include "ipmi/sdr_cache.hpp"

#include "ipmi/errc.hpp"
#include "ipmi/wire.hpp"

#include <array>
#include <cstdio>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace ipmi {
namespace {

constexpr std::string_view magic = "BMCWSMAN-SDR\n";
constexpr std::uint8_t format_version = 1;
constexpr std::uintmax_t max_file_size = 4U << 20;
constexpr std::uint32_t max_records = 8192;

std::uint64_t fnv1a(std::span<const std::uint8_t> bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (auto b : bytes) {
        h = (h ^ b) * 0x100000001b3ULL;
    }
    return h;
}

std::error_code corrupt() {
    return make_error_code(Errc::sdr_cache_corrupt);
}

} // namespace

SdrCacheKey SdrCacheKey::from(std::string identity,
                              const cmd::GetSdrRepositoryInfo::Response& info) {
    return {std::move(identity), info.sdr_version, info.record_count, info.most_recent_addition,
            info.most_recent_erase};
}

std::filesystem::path sdr_cache_path(const std::filesystem::path& dir, std::string_view identity) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(identity.data());
    return dir / fmt::format("sdr-{:016x}.cache", fnv1a({p, identity.size()}));
}

std::expected<SdrCacheFile, std::error_code> read_sdr_cache(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        return std::unexpected(ec);
    }
    if (size > max_file_size) { // checked before allocating; parse_sdr_cache checks the rest
        return std::unexpected(corrupt());
    }
    std::ifstream in(file, std::ios::binary);
    std::vector<std::uint8_t> bytes(size);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
        return std::unexpected(std::make_error_code(std::errc::io_error));
    }
    return parse_sdr_cache(bytes);
}

std::expected<SdrCacheFile, std::error_code> parse_sdr_cache(std::span<const std::uint8_t> bytes) {
    if (bytes.size() > max_file_size || bytes.size() < magic.size() + 8) {
        return std::unexpected(corrupt());
    }
    const auto body = bytes.first(bytes.size() - 8);
    wire::Reader tail(bytes.last(8));
    const std::uint64_t low = tail.u32(); // two statements: operand order is unspecified
    const std::uint64_t high = tail.u32();
    const std::uint64_t stored = low | (high << 32);
    if (fnv1a(body) != stored) {
        return std::unexpected(corrupt());
    }

    wire::Reader r(body);
    const auto head = r.bytes(magic.size());
    if (r.short_read() || !std::equal(head.begin(), head.end(), magic.begin()) ||
        r.u8() != format_version) {
        return std::unexpected(corrupt());
    }
    SdrCacheFile cache;
    const auto identity = r.bytes(r.u16());
    cache.key.bmc_identity.assign(identity.begin(), identity.end());
    cache.key.sdr_version = r.u8();
    cache.key.record_count = r.u16();
    cache.key.most_recent_addition = r.u32();
    cache.key.most_recent_erase = r.u32();
    cache.limits.max_read = r.u8();
    const auto count = r.u32();
    if (r.short_read() || count > max_records) {
        return std::unexpected(corrupt());
    }
    cache.records.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        const auto record = r.bytes(r.u16());
        // A record may be shorter than its header says (the BMC would not give the rest: the
        // reader kept what it read and parse_sdr rejects it); never longer.
        if (r.short_read() || record.size() < 5 || record.size() > 5 + std::size_t{record[4]}) {
            return std::unexpected(corrupt());
        }
        cache.records.emplace_back(record.begin(), record.end());
    }
    if (r.finish()) {
        return std::unexpected(corrupt());
    }
    return cache;
}

std::error_code write_sdr_cache(const std::filesystem::path& file, const SdrCacheFile& cache) {
    wire::Writer w;
    w.bytes({reinterpret_cast<const std::uint8_t*>(magic.data()), magic.size()}).u8(format_version);
    const auto& id = cache.key.bmc_identity;
    w.u16(static_cast<std::uint16_t>(std::min<std::size_t>(id.size(), 0xffff)));
    w.bytes({reinterpret_cast<const std::uint8_t*>(id.data()),
             std::min<std::size_t>(id.size(), 0xffff)});
    w.u8(cache.key.sdr_version).u16(cache.key.record_count);
    const auto u32 = [&w](std::uint32_t v) {
        w.u16(static_cast<std::uint16_t>(v & 0xffff)).u16(static_cast<std::uint16_t>(v >> 16));
    };
    u32(cache.key.most_recent_addition);
    u32(cache.key.most_recent_erase);
    w.u8(cache.limits.max_read);
    u32(static_cast<std::uint32_t>(cache.records.size()));
    for (const auto& record : cache.records) {
        w.u16(static_cast<std::uint16_t>(record.size())).bytes(record);
    }
    auto bytes = w.take();
    const auto sum = fnv1a(bytes);
    for (int shift = 0; shift < 64; shift += 8) {
        bytes.push_back(static_cast<std::uint8_t>(sum >> shift));
    }

    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) {
        return ec;
    }
    auto temp = file;
    temp += fmt::format(".tmp.{}", ::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()),
                  static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            std::filesystem::remove(temp, ec);
            return std::make_error_code(std::errc::io_error);
        }
    }
    std::filesystem::rename(temp, file, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
    }
    return ec;
}

std::expected<SdrRepository, std::error_code>
load_sdr_repository(Client& client, const std::filesystem::path& cache_dir,
                    const std::string& identity) {
    auto info = client.call(cmd::GetSdrRepositoryInfo{});
    if (!info) {
        return std::unexpected(info.error());
    }
    SdrRepository repo;
    repo.info = *info;
    const auto key = SdrCacheKey::from(identity, *info);
    SdrReadLimits limits;
    std::filesystem::path file;
    if (!cache_dir.empty()) {
        file = sdr_cache_path(cache_dir, identity);
        if (auto cached = read_sdr_cache(file)) {
            if (cached->key == key) {
                repo.records = std::move(cached->records);
                repo.from_cache = true;
                return repo;
            }
            limits = cached->limits; // stale records, but the BMC's limits still hold
        }
    }
    SdrReader reader(client, limits);
    auto records = reader.read_all(info->record_count);
    if (!records) {
        return std::unexpected(records.error());
    }
    repo.records = std::move(*records);
    repo.walk = reader.stats();
    if (!file.empty()) {
        // Best effort: a read-only cache directory must not stop the agent.
        (void)write_sdr_cache(file, SdrCacheFile{key, limits, repo.records});
    }
    return repo;
}

} // namespace ipmi
