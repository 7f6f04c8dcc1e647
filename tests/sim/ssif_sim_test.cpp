// Component tests: the real SsifTransport (Session) against the simulated SSIF BMC, every fault.
#include "sim/ssif_bmc.hpp"
#include "ssif_driver/errc.hpp"
#include "ssif_driver/ssif_transport.hpp"
#include "tests/sim/device_id_check.hpp"

#include <gtest/gtest.h>
#include <numeric>

namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

const ipmi::Request get_device_id{ipmi::netfn::app, 0, 0x01, {}};

ipmi::Request read_fru(std::uint8_t count) {
    return {ipmi::netfn::storage, 0, 0x11, {0x00, 0x00, 0x00, count}};
}

Bytes counting(std::size_t n) {
    Bytes b(n);
    std::iota(b.begin(), b.end(), std::uint8_t{0});
    return b;
}

// A value with some fields set (designated initializers would have to name every field).
template <class T, class F> T with(F set) {
    T value;
    set(value);
    return value;
}
sim::SsifFaults faults(auto set) { return with<sim::SsifFaults>(set); }
sim::SsifConfig config(auto set) { return with<sim::SsifConfig>(set); }

// Fewer retries than Linux so the failure cases stay small; waits are only recorded.
ssif::TransportOptions quick() {
    ssif::TransportOptions o;
    o.timing.read_retries = 8;
    o.timing.write_retries = 3;
    o.timing.stale_rereads = 4;
    return o;
}

struct Rig {
    sim::SsifBmc* bmc; // owned by the transport
    ssif::SsifTransport transport;

    explicit Rig(sim::SsifFaults faults = {}, sim::SsifConfig config = {},
                 ssif::TransportOptions opts = quick())
        : Rig(std::make_unique<sim::SsifBmc>(faults, config), opts) {}
    Rig(std::unique_ptr<sim::SsifBmc> owned, ssif::TransportOptions opts)
        : bmc(owned.get()), transport(std::move(owned), opts, "sim ssif") {
        bmc->model().state().fru[0] = counting(200);
    }
};

TEST(SsifSim, GetDeviceIdSinglePartAfterCapabilities) {
    Rig rig;
    test::expect_device_id(rig.transport.execute(get_device_id), rig.bmc->model());
    // Capabilities first (57h), then the request: two requests, QEMU's 255/255.
    EXPECT_EQ(rig.bmc->stats().requests, 2U);
    ASSERT_TRUE(rig.transport.capabilities());
    EXPECT_EQ(rig.transport.capabilities()->max_request, 255U);
    EXPECT_EQ(rig.transport.capabilities()->transactions,
              ssif::Capabilities::Transactions::start_middle_end);
    EXPECT_FALSE(rig.transport.capabilities()->pec);
    // The wait before the first read, one per request; nothing else.
    EXPECT_EQ(rig.bmc->stats().waited, 2 * ssif::Timing{}.first_read_wait);
}

TEST(SsifSim, MultiPartReadOf104Bytes) {
    Rig rig;
    auto rsp = rig.transport.execute(read_fru(100));
    ASSERT_TRUE(rsp) << rsp.error().message();
    ASSERT_EQ(rsp->data.size(), 101U); // count byte + 100
    EXPECT_EQ(rsp->data[0], 100);
    EXPECT_EQ(Bytes(rsp->data.begin() + 1, rsp->data.end()), counting(100));
}

TEST(SsifSim, ThirtyThreeBytesIsStartPlusEnd) {
    Rig rig;
    auto rsp = rig.transport.execute(read_fru(29)); // 3 + 1 + 29 = 33 message bytes
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rsp->data.size(), 30U);
    auto exact = rig.transport.execute(read_fru(28)); // 32: single-part
    ASSERT_TRUE(exact);
    EXPECT_EQ(exact->data.size(), 29U);
}

TEST(SsifSim, MultiPartWritesArriveWhole) {
    for (std::size_t len : {31U, 32U, 63U, 64U, 65U, 97U, 200U}) {
        Rig rig;
        ipmi::Request req{ipmi::netfn::app, 0, 0x01, counting(len - 2)};
        auto rsp = rig.transport.execute(req);
        ASSERT_TRUE(rsp) << len << ": " << rsp.error().message();
        Bytes expect{0x18, 0x01};
        expect.insert(expect.end(), req.data.begin(), req.data.end());
        EXPECT_EQ(rig.bmc->last_request(), expect) << len;
    }
}

TEST(SsifSim, RequestLongerThanInputSizeIsRefused) {
    Rig rig({}, config([](auto& c) { c.capability_flags = 0x40; c.input_size = 0xff; c.output_size = 0xff; }));
    // START+END only: Linux's clamp to 63 bytes applies.
    auto ok = rig.transport.execute({ipmi::netfn::app, 0, 0x01, counting(61)});
    ASSERT_TRUE(ok) << ok.error().message();
    auto rsp = rig.transport.execute({ipmi::netfn::app, 0, 0x01, counting(62)});
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), ssif::Errc::request_too_long);
}

TEST(SsifSim, NoCapabilitiesMeansSinglePart32) {
    Rig rig({}, config([](auto& c) { c.answer_capabilities = false; }));
    auto id = rig.transport.execute(get_device_id);
    ASSERT_TRUE(id) << id.error().message();
    ASSERT_TRUE(rig.transport.capabilities());
    EXPECT_EQ(rig.transport.capabilities()->max_response, 32U);
    auto long_rsp = rig.transport.execute(read_fru(100));
    ASSERT_FALSE(long_rsp);
    EXPECT_EQ(long_rsp.error(), ssif::Errc::response_too_long);
    auto long_req = rig.transport.execute({ipmi::netfn::app, 0, 0x01, counting(31)});
    ASSERT_FALSE(long_req);
    EXPECT_EQ(long_req.error(), ssif::Errc::request_too_long);
}

TEST(SsifSim, PecTurnedOnWhenAnnounced) {
    Rig rig({}, config([](auto& c) { c.capability_flags = 0x88; }));
    ASSERT_TRUE(rig.transport.execute(get_device_id));
    EXPECT_TRUE(rig.transport.capabilities()->pec);
    EXPECT_EQ(rig.bmc->stats().pec_sets, 1U);
    auto opts = quick();
    opts.use_pec = false;
    Rig off({}, config([](auto& c) { c.capability_flags = 0x88; }), opts);
    ASSERT_TRUE(off.transport.execute(get_device_id));
    EXPECT_FALSE(off.transport.capabilities()->pec);
    EXPECT_EQ(off.bmc->stats().pec_sets, 0U);
}

TEST(SsifSim, NakedReadsAreRetriedWithLinuxWaits) {
    Rig rig(faults([](auto& f) { f.nak_reads = 5; }));
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rig.transport.stats().read_naks, 10U); // 5 for 57h, 5 for the request
    const ssif::Timing t;
    EXPECT_EQ(rig.bmc->stats().waited, 2 * t.first_read_wait + 10 * t.read_retry_wait);
}

TEST(SsifSim, NakTimeoutAfterBoundedReads) {
    Rig rig(faults([](auto& f) { f.nak_reads = 100; }));
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), ssif::Errc::nak_timeout);
    EXPECT_EQ(rig.bmc->stats().reads, quick().timing.read_retries);
}

TEST(SsifSim, BudgetEndsRetriesEarly) {
    auto opts = quick();
    opts.timing.read_retries = 250;
    opts.timing.budget = 200ms;
    Rig rig(faults([](auto& f) { f.nak_reads = 100; }), {}, opts);
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), ssif::Errc::nak_timeout);
    EXPECT_LE(rig.bmc->stats().waited, 200ms);
    EXPECT_LT(rig.bmc->stats().reads, 10U);
}

TEST(SsifSim, BusyBmcNaksWritesThenAnswers) {
    Rig rig(faults([](auto& f) { f.nak_writes = 2; }));
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rig.transport.stats().write_naks, 4U);
    Rig hopeless(faults([](auto& f) { f.nak_writes = 3; }));
    auto fail = hopeless.transport.execute(get_device_id);
    ASSERT_FALSE(fail);
    EXPECT_EQ(fail.error(), ssif::Errc::write_nak_timeout);
}

TEST(SsifSim, StaleResponseIsReadAgain) {
    Rig rig(faults([](auto& f) { f.stale_reads = 2; }));
    ASSERT_TRUE(rig.transport.execute(get_device_id));
    // The previous response (Device ID) comes back first for a FRU read: re-read.
    auto rsp = rig.transport.execute(read_fru(100));
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rsp->cmd, 0x11);
    EXPECT_EQ(rsp->data.size(), 101U);
    EXPECT_GE(rig.transport.stats().stale, 2U);
}

TEST(SsifSim, StaleAnswerToTheSameCommandIsReadAgain) {
    Rig rig(faults([](auto& f) { f.stale_reads = 1; }));
    ipmi::Request first = read_fru(20);
    ipmi::Request second{ipmi::netfn::storage, 0, 0x11, {0x00, 0x40, 0x00, 20}}; // offset 64
    ASSERT_TRUE(rig.transport.execute(first));
    // The stale answer has the right NetFn and command but the first request's bytes.
    auto rsp = rig.transport.execute(second);
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rsp->data[1], 64);
    EXPECT_EQ(rig.transport.stats().repeats, 1U);
    // A BMC that really answers the same twice costs one more read, not an error.
    Rig same;
    ASSERT_TRUE(same.transport.execute(first));
    auto again = same.transport.execute(first);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->data[1], 0);
    EXPECT_EQ(same.transport.stats().repeats, 1U);
}

TEST(SsifSim, StaleForeverIsAnError) {
    Rig rig;
    ASSERT_TRUE(rig.transport.execute(get_device_id));
    rig.bmc->set_faults(faults([](auto& f) { f.stale_reads = 100; }));
    auto rsp = rig.transport.execute(read_fru(4));
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), ssif::Errc::stale_response);
    EXPECT_EQ(rig.transport.stats().stale, quick().timing.stale_rereads + 1);
}

TEST(SsifSim, WrongBlockNumber) {
    Rig rig(faults([](auto& f) { f.wrong_block_number = true; }));
    auto rsp = rig.transport.execute(read_fru(100));
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), ssif::Errc::bad_block_sequence);
}

TEST(SsifSim, ShortAndEmptyMiddleBlocks) {
    Rig rig(faults([](auto& f) { f.short_middle_block = true; }));
    auto rsp = rig.transport.execute(read_fru(100));
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), ssif::Errc::short_block);
    Rig empty(faults([](auto& f) { f.empty_block = true; }));
    auto none = empty.transport.execute(read_fru(100));
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error(), ssif::Errc::short_block);
}

TEST(SsifSim, OversizedResponse) {
    Rig rig({}, config([](auto& c) { c.output_size = 100; }));
    rig.bmc->set_faults(faults([](auto& f) { f.response_length = 101; }));
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), ssif::Errc::response_too_long);
    rig.bmc->set_faults(faults([](auto& f) { f.response_length = 100; }));
    EXPECT_TRUE(rig.transport.execute(get_device_id));
}

TEST(SsifSim, FaultsLimitedToNextRequestsThenRecover) {
    Rig rig;
    ASSERT_TRUE(rig.transport.execute(get_device_id));
    rig.bmc->set_faults(faults([](auto& f) { f.wrong_block_number = true; f.only_next_requests = 1; }));
    EXPECT_FALSE(rig.transport.execute(read_fru(100)));
    auto rsp = rig.transport.execute(read_fru(100));
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rsp->data.size(), 101U);
}

TEST(SsifSim, CompletionCodesAreData) {
    Rig rig;
    auto rsp = rig.transport.execute({ipmi::netfn::app, 0, 0x7f, {}});
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rsp->cc, ipmi::CompletionCode::invalid_command);
}

} // namespace
