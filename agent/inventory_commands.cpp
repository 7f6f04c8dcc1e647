#include "agent/inventory_commands.hpp"

#include "agent/byte_args.hpp"
#include "agent/exit_codes.hpp"
#include "ipmi/client.hpp"
#include "ipmi/fru_reader.hpp"
#include "ipmi/sdr_cache.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {
namespace {

std::string hex(std::span<const std::uint8_t> bytes) {
    return hex_bytes({bytes.begin(), bytes.end()});
}

} // namespace

int run_sdr(const TransportChoice& choice, const SdrArgs& args) {
    auto transport = open_transport(choice);
    if (!transport) {
        fmt::print(stderr, "bmcwsman: {}\n", transport.error().message());
        return exit_code::failure;
    }
    ipmi::Client client(**transport);
    auto repo =
        ipmi::load_sdr_repository(client, args.cache_dir, std::string((*transport)->name()));
    if (!repo) {
        return report_failure("reading the SDR repository", repo.error());
    }
    if (args.json) {
        nlohmann::json out;
        out["from_cache"] = repo->from_cache;
        out["transactions"] = client.stats().transactions;
        out["records"] = nlohmann::json::array();
        for (const auto& r : repo->records) {
            // IPMI 2.0 section 43: record ID, SDR version, record type, length.
            out["records"].push_back({{"record_id", r[0] | (r[1] << 8)},
                                      {"version", r[2]},
                                      {"type", r[3]},
                                      {"length", r[4]},
                                      {"bytes", r}});
        }
        fmt::print("{}\n", out.dump(1));
        return exit_code::ok;
    }
    fmt::print("{} records{} ({} transactions)\n", repo->records.size(),
               repo->from_cache ? " from the cache" : "", client.stats().transactions);
    for (const auto& r : repo->records) {
        fmt::print("{:04x} type {:02x} len {:3} | {}\n", r[0] | (r[1] << 8), r[3], r[4],
                   hex(std::span(r).subspan(5)));
    }
    return exit_code::ok;
}

int run_fru(const TransportChoice& choice, std::uint8_t fru_id, bool json) {
    auto transport = open_transport(choice);
    if (!transport) {
        fmt::print(stderr, "bmcwsman: {}\n", transport.error().message());
        return exit_code::failure;
    }
    ipmi::Client client(**transport);
    ipmi::FruReadLimits limits;
    ipmi::FruReadStats stats;
    auto image = ipmi::read_fru(client, fru_id, limits, &stats);
    if (!image) {
        return report_failure(fmt::format("reading FRU device {}", fru_id), image.error());
    }
    if (json) {
        fmt::print("{}\n", nlohmann::json{{"fru_id", fru_id},
                                          {"size", image->size()},
                                          {"reads", stats.reads},
                                          {"bytes", *image}}
                               .dump());
        return exit_code::ok;
    }
    fmt::print("FRU device {}: {} bytes in {} reads of up to {} bytes\n", fru_id, image->size(),
               stats.reads, limits.max_read);
    for (std::size_t at = 0; at < image->size(); at += 16) {
        const auto n = std::min<std::size_t>(16, image->size() - at);
        fmt::print("{:04x}  {}\n", at, hex(std::span(*image).subspan(at, n)));
    }
    return exit_code::ok;
}

} // namespace agent
