#include "agent/inventory_commands.hpp"

#include "agent/byte_args.hpp"
#include "agent/exit_codes.hpp"
#include "ipmi/client.hpp"
#include "ipmi/fru_reader.hpp"
#include "ipmi/sdr_cache.hpp"
#include "ipmi/sel_reader.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {
namespace {

int fail(const std::string& what, const std::error_code& ec) {
    fmt::print(stderr, "bmcwsman: {}: {}\n", what, ec.message());
    return ec.category() == ipmi::completion_category() ? exit_code::completion_code
                                                        : exit_code::failure;
}

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
        return fail("reading the SDR repository", repo.error());
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

int run_sel(const TransportChoice& choice, bool clear, bool json) {
    auto transport = open_transport(choice);
    if (!transport) {
        fmt::print(stderr, "bmcwsman: {}\n", transport.error().message());
        return exit_code::failure;
    }
    ipmi::Client client(**transport);
    ipmi::SelReader sel(client);
    if (clear) {
        if (auto ec = sel.clear(std::chrono::seconds(10))) {
            return fail("clearing the SEL", ec);
        }
        fmt::print("{}\n", json ? R"({"cleared":true})" : "SEL cleared");
        return exit_code::ok;
    }
    auto change = sel.refresh();
    if (!change) {
        return fail("reading the SEL", change.error());
    }
    const auto& info = *sel.info();
    if (json) {
        nlohmann::json out;
        out["entries"] = info.entries;
        out["free_space"] = info.free_space;
        out["overflow"] = info.overflow();
        out["most_recent_addition"] = info.most_recent_addition;
        out["most_recent_erase"] = info.most_recent_erase;
        out["records"] = nlohmann::json::array();
        for (const auto& e : sel.entries()) {
            nlohmann::json rec{
                {"record_id", e[0] | (e[1] << 8)}, {"record_type", e[2]}, {"bytes", e}};
            // Section 32: types 02h and C0h-DFh carry a timestamp at bytes 4-7.
            if (e[2] == 0x02 || (e[2] >= 0xc0 && e[2] <= 0xdf)) {
                rec["timestamp"] = static_cast<std::uint32_t>(e[3] | (e[4] << 8) | (e[5] << 16)) |
                                   (static_cast<std::uint32_t>(e[6]) << 24);
            }
            out["records"].push_back(std::move(rec));
        }
        fmt::print("{}\n", out.dump(1));
        return exit_code::ok;
    }
    fmt::print("SEL: {} entries, {} bytes free{}\n", info.entries, info.free_space,
               info.overflow() ? ", OVERFLOW (entries were dropped)" : "");
    for (const auto& e : sel.entries()) {
        fmt::print("{:04x} type {:02x} | {}\n", e[0] | (e[1] << 8), e[2],
                   hex(std::span(e).subspan(3)));
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
        return fail(fmt::format("reading FRU device {}", fru_id), image.error());
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
