// The incremental SEL reader against a real BMC over LAN (bench/sel_reread_compare.py runs
// it against ipmi_sim): the first full read, a re-read with nothing new, and a re-read after
// one Add SEL Entry (IPMI 2.0 section 31.6), each with its transactions and wall time, as
// JSON lines. Host, user and password come from BMCWSMAN_TEST_LAN_HOST/_USER/_PASSWORD.
#include "ipmi/client.hpp"
#include "ipmi/sel_reader.hpp"
#include "lan_driver/lan_transport.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>

namespace {

void phase(const char* name, ipmi::Client& client, ipmi::SelReader& sel) {
    const auto before = client.stats().transactions;
    const auto t0 = std::chrono::steady_clock::now();
    auto change = sel.refresh();
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!change) {
        fmt::print(stderr, "{}: {}\n", name, change.error().message());
        std::exit(1);
    }
    fmt::print("{{\"phase\": \"{}\", \"transactions\": {}, \"ms\": {:.2f}, \"entries\": {}, \"added\": {}}}\n", name,
               client.stats().transactions - before, ms, sel.entries().size(), change->added);
}

} // namespace

int main() {
    const char* host = std::getenv("BMCWSMAN_TEST_LAN_HOST");
    const char* user = std::getenv("BMCWSMAN_TEST_LAN_USER");
    const char* password = std::getenv("BMCWSMAN_TEST_LAN_PASSWORD");
    if (host == nullptr || user == nullptr || password == nullptr) {
        fmt::print(stderr, "needs BMCWSMAN_TEST_LAN_HOST, _USER and _PASSWORD\n");
        return 2;
    }
    lan::Options options;
    options.host = host;
    options.user = user;
    options.password = password;
    options.workaround_flags = 16; // ipmi_sim: open-session privilege
    lan::LanTransport transport(options);
    ipmi::Client client(transport);
    ipmi::SelReader sel(client);
    phase("first read", client, sel);
    phase("unchanged", client, sel);
    // Add SEL Entry (storage netfn 0Ah, 44h): one system event record.
    auto added = client.send(ipmi::Request{0x0a, 0, 0x44,
                                           {0x00, 0x00, 0x02, 0, 0, 0, 0, 0x20, 0x00, 0x04, 0x01, 0x01, 0x01, 0x57, 40, 38}});
    if (!added || !added->ok()) {
        fmt::print(stderr, "Add SEL Entry failed\n");
        return 1;
    }
    phase("one added", client, sel);
    return 0;
}
