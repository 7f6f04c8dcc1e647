// Component tests: the real BtTransport (state machine + polling loop) against sim::BtBmc.
#include "bt_driver/bt_transport.hpp"
#include "bt_driver/errc.hpp"
#include "sim/bt_bmc.hpp"
#include "tests/sim/device_id_check.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <set>
#include <string>

namespace {

using namespace std::chrono_literals;

const ipmi::Request get_device_id{ipmi::netfn::app, 0, 0x01, {}};

sim::BtFaults faults(auto set) {
    sim::BtFaults f;
    set(f);
    return f;
}

bt::TransportOptions fast_fail() {
    bt::TransportOptions o;
    o.timeout = 50ms;
    o.command_deadline = 200ms;
    o.max_stale = 3;
    return o;
}

struct Rig {
    sim::BtBmc* bmc;
    bt::BtTransport transport;
    explicit Rig(sim::BtFaults f = {}) : Rig(std::make_unique<sim::BtBmc>(f)) {}
    explicit Rig(std::unique_ptr<sim::BtBmc> owned)
        : bmc(owned.get()), transport(std::move(owned), fast_fail(), "sim bt") {}
};

TEST(BtSim, GetDeviceId) {
    Rig rig;
    test::expect_device_id(rig.transport.execute(get_device_id), rig.bmc->model());
    // Length 3, NetFn/LUN, Seq 1, Cmd.
    const std::vector<std::uint8_t> head(rig.bmc->last_request().begin(), rig.bmc->last_request().begin() + 4);
    EXPECT_EQ(head, (std::vector<std::uint8_t>{0x03, 0x18, 0x01, 0x01}));
}

TEST(BtSim, SequenceNumbersAdvanceAndDataArrives) {
    Rig rig;
    rig.bmc->model().state().fru[0] = std::vector<std::uint8_t>(200, 0x5a);
    for (int i = 0; i < 5; ++i) {
        auto rsp = rig.transport.execute({ipmi::netfn::storage, 0, 0x11, {0x00, 0x00, 0x00, 100}});
        ASSERT_TRUE(rsp) << rsp.error().message();
        ASSERT_EQ(rsp->data.size(), 101U);
        EXPECT_EQ(rsp->data[0], 100);
        EXPECT_EQ(rsp->data[100], 0x5a);
        EXPECT_EQ(rig.bmc->last_request()[2], i + 1);
    }
}

TEST(BtSim, SlowBmcIsWaitedFor) {
    Rig rig(faults([](auto& f) { f.busy_polls = 40; }));
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_GT(rig.transport.stats().polls, 40U);
}

TEST(BtSim, BusyStuckTimesOut) {
    Rig rig(faults([](auto& f) { f.busy_stuck = true; }));
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), bt::Errc::bmc_busy_timeout);
}

TEST(BtSim, NoResponseTimesOut) {
    Rig rig(faults([](auto& f) { f.never_respond = true; }));
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), bt::Errc::response_timeout);
}

TEST(BtSim, StaleSequenceIsSkipped) {
    Rig rig(faults([](auto& f) { f.stale_responses = 2; }));
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rig.transport.stats().stale, 2U);
    EXPECT_EQ(rig.bmc->stats().responses, 3U);
}

TEST(BtSim, EndlessWrongSequenceIsAnError) {
    Rig rig(faults([](auto& f) { f.stale_responses = 100; }));
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), bt::Errc::sequence_mismatch);
}

TEST(BtSim, ShortAndLongLengthBytes) {
    Rig rig(faults([](auto& f) { f.length_byte = 3; }));
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), bt::Errc::response_too_short);
    // 255 is the longest a length byte says: read whole, the extra bytes are the buffer's zeros.
    Rig longer(faults([](auto& f) { f.length_byte = 255; }));
    auto big = longer.transport.execute(get_device_id);
    ASSERT_TRUE(big) << big.error().message();
    EXPECT_EQ(big->data.size(), 251U);
}

TEST(BtSim, RecoversAfterFaultedRequests) {
    Rig rig;
    rig.bmc->set_faults(faults([](auto& f) {
        f.never_respond = true;
        f.only_next_requests = 1;
    }));
    EXPECT_FALSE(rig.transport.execute(get_device_id));
    // The late answer to the abandoned request never came; the next one works.
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rsp->data[0], rig.bmc->model().state().device_id);
}

TEST(BtSim, RequestTooLong) {
    Rig rig;
    auto rsp = rig.transport.execute({ipmi::netfn::app, 0, 0x01, std::vector<std::uint8_t>(253, 0)});
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), bt::Errc::request_too_long);
}

TEST(BtErrc, EveryCodeHasItsOwnMessage) {
    std::set<std::string> seen;
    for (int e = 1; e <= static_cast<int>(bt::Errc::bad_port_spec); ++e) {
        const auto msg = make_error_code(static_cast<bt::Errc>(e)).message();
        EXPECT_NE(msg, "unknown bt error");
        EXPECT_TRUE(seen.insert(msg).second) << msg;
    }
}

} // namespace
