#include "agent/inventory_commands.hpp"

#include "agent/byte_args.hpp"
#include "agent/exit_codes.hpp"
#include "ipmi/client.hpp"
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


} // namespace agent
