// Per-command latency of one transport, as the agent opens it (the same transport flags):
// each command is sent `--count` times after 3 warm-ups; prints one line per command with
// the median and 90th percentile in microseconds. Run in a QEMU guest by
// bench/inband_latency_compare.py (KCS, BT, SSIF and /dev/ipmi0 side by side).
#include "agent/global_options.hpp"
#include "agent/transport_factory.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <string>
#include <vector>

namespace {

struct Case {
    const char* name;
    ipmi::Request request;
};

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"inband_latency: per-command latency through one IPMI transport"};
    agent::GlobalOptions global;
    agent::add_global_options(app, global);
    unsigned count = 200;
    app.add_option("--count", count, "Timed requests per command")->check(CLI::Range(1U, 100000U));
    CLI11_PARSE(app, argc, argv);
    if (auto rc = agent::finish_global_options(global)) {
        return *rc;
    }
    auto transport = agent::open_transport(global.choice);
    if (!transport) {
        fmt::print(stderr, "inband_latency: {}\n", transport.error().message());
        return 1;
    }
    auto& t = **transport;
    // Short request and reply; a chassis reply; a 100-byte FRU read (multi-part over SSIF).
    const std::vector<Case> cases{
        {"get_device_id", {0x06, 0, 0x01, {}}},
        {"get_chassis_status", {0x00, 0, 0x01, {}}},
        {"read_fru_100", {0x0a, 0, 0x11, {0x00, 0x00, 0x00, 100}}},
    };
    for (const auto& c : cases) {
        std::vector<double> us;
        unsigned failures = 0;
        std::uint8_t cc = 0;
        for (unsigned i = 0; i < count + 3; ++i) {
            const auto begin = std::chrono::steady_clock::now();
            auto rsp = t.execute(c.request);
            const auto end = std::chrono::steady_clock::now();
            if (!rsp) {
                ++failures;
                continue;
            }
            cc = static_cast<std::uint8_t>(rsp->cc);
            if (i >= 3) {
                us.push_back(std::chrono::duration<double, std::micro>(end - begin).count());
            }
        }
        std::ranges::sort(us);
        const auto at = [&](double q) {
            return us.empty() ? 0.0 : us[std::min(us.size() - 1, static_cast<std::size_t>(q * static_cast<double>(us.size())))];
        };
        fmt::print("{}\t{}\tn={}\tcc={:02x}\tfailures={}\tmedian_us={:.0f}\tp90_us={:.0f}\n", t.name(), c.name,
                   us.size(), cc, failures, at(0.5), at(0.9));
    }
    return 0;
}
