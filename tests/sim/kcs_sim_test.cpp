// Component tests: the real KcsTransport against the simulated BMC, with every fault.
#include "ipmi/errc.hpp"
#include "kcs_driver/errc.hpp"
#include "kcs_driver/kcs_transport.hpp"
#include "sim/kcs_bmc.hpp"

#include <chrono>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;
using clock_type = std::chrono::steady_clock;

const ipmi::Request get_device_id{ipmi::netfn::app, 0, 0x01, {}};
const ipmi::Request get_self_test{ipmi::netfn::app, 0, 0x04, {}};
const ipmi::Request get_system_guid{ipmi::netfn::app, 0, 0x37, {}};
const ipmi::Request get_chassis_status{ipmi::netfn::chassis, 0, 0x01, {}};

const Bytes device_id_data{0x20, 0x01, 0x01, 0x02, 0x02, 0xbf, 0xa2, 0x02,
                           0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00};

// Scheduling slack on a loaded 2-core machine: a bound, not a benchmark.
constexpr auto slack = 150ms;

// Short timeouts so every fault ends quickly.
kcs::TransportOptions fast_fail() {
    kcs::TransportOptions o;
    o.ibf_timeout = 50ms;
    o.obf_timeout = 50ms;
    o.command_deadline = 200ms;
    return o;
}

struct Rig {
    sim::KcsBmc* bmc; // owned by the transport
    kcs::KcsTransport transport;

    explicit Rig(sim::Faults faults = {}, kcs::TransportOptions opts = fast_fail())
        : Rig(std::make_unique<sim::KcsBmc>(faults), opts) {}
    Rig(std::unique_ptr<sim::KcsBmc> owned, kcs::TransportOptions opts)
        : bmc(owned.get()), transport(std::move(owned), opts, "sim kcs") {}

    // Runs a request that must fail; returns the error and checks the time it took.
    std::error_code fails(const ipmi::Request& req, std::chrono::milliseconds bound) {
        const auto begin = clock_type::now();
        auto rsp = transport.execute(req);
        const auto took = clock_type::now() - begin;
        EXPECT_LE(took, bound + slack)
            << "took " << std::chrono::duration<double, std::milli>(took).count() << " ms";
        EXPECT_FALSE(rsp) << "unexpected success";
        return rsp ? std::error_code{} : rsp.error();
    }
    void succeeds(const ipmi::Request& req = get_device_id) {
        auto rsp = transport.execute(req);
        ASSERT_TRUE(rsp) << rsp.error().message() << ": " << transport.last_failure();
        EXPECT_TRUE(rsp->ok());
        EXPECT_EQ(rsp->cmd, req.cmd);
    }
};

TEST(KcsSim, GetDeviceIdDecodes) {
    Rig rig;
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rsp->netfn, 0x07);
    EXPECT_EQ(rsp->cmd, 0x01);
    EXPECT_EQ(rsp->cc, ipmi::CompletionCode::ok);
    EXPECT_EQ(rsp->data, device_id_data);
    EXPECT_EQ(rig.bmc->last_request(), (Bytes{0x18, 0x01}));
    EXPECT_EQ(rig.transport.stats().transactions, 1U);
    EXPECT_EQ(rig.transport.stats().sleeps, 0U); // the in-process BMC answers while spinning
    EXPECT_EQ(rig.transport.stats().retries, 0U);
}

TEST(KcsSim, SelfTestGuidAndChassisStatusDecode) {
    Rig rig;
    auto self_test = rig.transport.execute(get_self_test);
    ASSERT_TRUE(self_test);
    EXPECT_EQ(self_test->data, (Bytes{0x55, 0x00}));
    auto guid = rig.transport.execute(get_system_guid);
    ASSERT_TRUE(guid);
    EXPECT_EQ(guid->data, (Bytes{0x5b, 0xc2, 0x7d, 0x3e, 0x11, 0x8f, 0x4a, 0x6c, 0x9d, 0x02, 0x47,
                                 0xe5, 0x61, 0xb8, 0x30, 0xa9}));
    auto chassis = rig.transport.execute(get_chassis_status);
    ASSERT_TRUE(chassis);
    EXPECT_EQ(chassis->netfn, 0x01);
    EXPECT_EQ(chassis->data, (Bytes{0x21, 0x00, 0x40, 0x00}));
    rig.bmc->model().state().power_on = false;
    chassis = rig.transport.execute(get_chassis_status);
    ASSERT_TRUE(chassis);
    EXPECT_EQ(chassis->data[0], 0x20);
}

TEST(KcsSim, CompletionCodesAreDataNotErrors) {
    Rig rig;
    auto unknown = rig.transport.execute({ipmi::netfn::app, 0, 0x99, {}});
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->cc, ipmi::CompletionCode::invalid_command);
    EXPECT_TRUE(unknown->data.empty());
    auto bad_length = rig.transport.execute({ipmi::netfn::app, 0, 0x01, {0x00}});
    ASSERT_TRUE(bad_length);
    EXPECT_EQ(bad_length->cc, ipmi::CompletionCode::request_data_length_invalid);
    auto unknown_netfn = rig.transport.execute({ipmi::netfn::firmware, 2, 0x10, {}});
    ASSERT_TRUE(unknown_netfn);
    EXPECT_EQ(unknown_netfn->cc, ipmi::CompletionCode::invalid_command);
    EXPECT_EQ(unknown_netfn->lun, 2);
}

TEST(KcsSim, LargestRequestGoesThroughAndLargerIsRefused) {
    Rig rig;
    ipmi::Request big{ipmi::netfn::app, 0, 0x01, Bytes(kcs::max_message - 2, 0xaa)};
    auto rsp = rig.transport.execute(big);
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rsp->cc, ipmi::CompletionCode::request_data_length_invalid);
    big.data.push_back(0);
    auto refused = rig.transport.execute(big);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error(), ipmi::Errc::request_too_long);
    rig.succeeds();
}

TEST(KcsSim, QemuDummyByteAfterWriteStartSucceeds) {
    sim::Faults f;
    f.dummy_byte_after_write_start = true;
    Rig rig(f);
    for (const auto* req :
         {&get_device_id, &get_self_test, &get_system_guid, &get_chassis_status}) {
        rig.succeeds(*req);
    }
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_TRUE(rsp);
    EXPECT_EQ(rsp->data, device_id_data);
    EXPECT_EQ(rig.transport.stats().retries, 0U);
}

TEST(KcsSim, IbfNeverClearingIsAnIbfTimeoutThenRecovers) {
    sim::Faults f;
    f.ibf_stuck = true;
    Rig rig(f);
    EXPECT_EQ(rig.fails(get_device_id, 50ms), kcs::Errc::ibf_timeout);
    rig.bmc->set_faults({});
    rig.succeeds();
    EXPECT_GE(rig.bmc->stats().aborts, 1U); // the next command resynchronised first
    rig.succeeds();
}

TEST(KcsSim, CommandDeadlineBoundsALongIbfWait) {
    sim::Faults f;
    f.ibf_stuck = true;
    kcs::TransportOptions o; // Linux's 5 s IBF timeout
    o.command_deadline = 100ms;
    Rig rig(f, o);
    EXPECT_EQ(rig.fails(get_device_id, 100ms), kcs::Errc::ibf_timeout);
    rig.bmc->set_faults({});
    rig.succeeds();
}

TEST(KcsSim, ObfNeverSettingIsAnObfTimeoutThenRecovers) {
    sim::Faults f;
    f.obf_never_sets = true;
    f.only_next_transactions = 1;
    Rig rig(f);
    EXPECT_EQ(rig.fails(get_device_id, 50ms), kcs::Errc::obf_timeout);
    EXPECT_NE(rig.transport.last_failure().find("READ"), std::string::npos)
        << rig.transport.last_failure();
    rig.succeeds();
    rig.succeeds(get_chassis_status);
}

TEST(KcsSim, ErrorStateOnceIsRetriedWithinTheCommand) {
    sim::Faults f;
    f.error_after_bytes = 1;
    f.only_next_transactions = 1;
    Rig rig(f);
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rsp->data, device_id_data);
    EXPECT_EQ(rig.transport.stats().retries, 1U);
    EXPECT_EQ(rig.bmc->stats().aborts, 1U);
    EXPECT_EQ(rig.bmc->stats().errors, 1U);
}

TEST(KcsSim, PersistentErrorStateEndsHosedThenRecovers) {
    sim::Faults f;
    f.error_after_bytes = 1;
    Rig rig(f);
    EXPECT_EQ(rig.fails(get_device_id, 200ms), kcs::Errc::hosed);
    const auto why = rig.transport.last_failure();
    EXPECT_NE(why.find("state ERROR"), std::string::npos) << why;
    EXPECT_NE(why.find("unspecified error"), std::string::npos) << why; // GET_STATUS code
    EXPECT_EQ(rig.transport.stats().retries, 11U); // Linux: 10 retries, then hosed
    rig.bmc->set_faults({});
    rig.succeeds();
    rig.succeeds();
}

TEST(KcsSim, ErrorStateInTheReadPhaseWithoutRetriesIsUnexpectedState) {
    sim::Faults f;
    f.error_after_bytes = 5; // 2 request bytes, then 3 response bytes
    auto o = fast_fail();
    o.max_retries = 0;
    Rig rig(f, o);
    EXPECT_EQ(rig.fails(get_device_id, 200ms), kcs::Errc::unexpected_state);
    EXPECT_NE(rig.transport.last_failure().find("wait_read"), std::string::npos)
        << rig.transport.last_failure();
    rig.bmc->set_faults({});
    rig.succeeds();
}

TEST(KcsSim, TruncatedResponseIsTooShortThenRecovers) {
    sim::Faults f;
    f.truncate_response = 2;
    f.only_next_transactions = 1;
    Rig rig(f);
    EXPECT_EQ(rig.fails(get_device_id, 200ms), kcs::Errc::response_too_short);
    rig.succeeds();
}

TEST(KcsSim, ResponseTruncatedInsideItsDataReachesTheDecoder) {
    // KCS cannot tell: netfn, cmd and completion code arrived; the typed command's
    // decoder reports the short data (ipmi::Errc::response_data_too_short).
    sim::Faults f;
    f.truncate_response = 5;
    Rig rig(f);
    auto rsp = rig.transport.execute(get_device_id);
    ASSERT_TRUE(rsp);
    EXPECT_EQ(rsp->data, (Bytes{0x20, 0x01}));
}

TEST(KcsSim, ResponseLongerThanTheBufferIsTooLongThenRecovers) {
    sim::Faults f;
    f.response_length = 300;
    f.only_next_transactions = 1;
    Rig rig(f);
    EXPECT_EQ(rig.fails(get_device_id, 200ms), kcs::Errc::response_too_long);
    EXPECT_EQ(rig.bmc->stats().aborts, 0U); // drained to IDLE: no resync needed
    rig.succeeds();
}

TEST(KcsSim, SlowBmcSucceedsAndPollingBacksOff) {
    sim::Faults f;
    f.transition_delay = 200us;
    kcs::TransportOptions o;
    o.command_deadline = 2000ms;
    Rig rig(f, o);
    const auto begin = clock_type::now();
    auto rsp = rig.transport.execute(get_device_id);
    const auto took = clock_type::now() - begin;
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rsp->data, device_id_data);
    // 4 write steps, the processing step and 19 read steps, each at least 200 us.
    EXPECT_GE(took, 24 * 200us);
    const auto& stats = rig.transport.stats();
    EXPECT_GT(stats.sleeps, 0U);
    // Backing off: a few spins and sleeps per transition, not a busy loop.
    EXPECT_LT(stats.polls, 24U * (o.spin_polls + 12));
}

TEST(KcsSim, BmcSlowerThanTheDeadlineTimesOutThenRecovers) {
    sim::Faults f;
    f.transition_delay = 30ms;
    auto o = fast_fail();
    o.command_deadline = 80ms;
    Rig rig(f, o);
    const auto e = rig.fails(get_device_id, 80ms);
    EXPECT_TRUE(e == kcs::Errc::ibf_timeout || e == kcs::Errc::obf_timeout) << e.message();
    f.transition_delay = 0us;
    rig.bmc->set_faults(f);
    rig.succeeds();
}

TEST(KcsSim, OnlyTheNextTransactionsFail) {
    sim::Faults f;
    f.truncate_response = 1;
    f.only_next_transactions = 2;
    Rig rig(f);
    EXPECT_EQ(rig.fails(get_device_id, 200ms), kcs::Errc::response_too_short);
    EXPECT_EQ(rig.fails(get_device_id, 200ms), kcs::Errc::response_too_short);
    rig.succeeds();
    rig.succeeds();
}

TEST(KcsSim, AttentionBitDoesNotDisturbTransactions) {
    Rig rig;
    rig.bmc->set_attention(true);
    rig.succeeds();
    EXPECT_NE(rig.bmc->read_status() & 0x04, 0);
}

// A PortIo in front of the simulator that corrupts one byte read from the data register.
class CorruptingIo final : public kcs::PortIo {
public:
    CorruptingIo(std::unique_ptr<kcs::PortIo> inner, int corrupt_read)
        : inner_(std::move(inner)), corrupt_read_(corrupt_read) {}
    std::uint8_t read_data() override {
        const auto v = inner_->read_data();
        return reads_++ == corrupt_read_ ? static_cast<std::uint8_t>(v ^ 0x04) : v;
    }
    void write_data(std::uint8_t v) override { inner_->write_data(v); }
    std::uint8_t read_status() override { return inner_->read_status(); }
    void write_command(std::uint8_t v) override { inner_->write_command(v); }

private:
    std::unique_ptr<kcs::PortIo> inner_;
    int corrupt_read_;
    int reads_ = 0;
};

TEST(KcsSim, MismatchedResponseIsReportedAndTheNextCommandSucceeds) {
    kcs::KcsTransport transport(std::make_unique<CorruptingIo>(std::make_unique<sim::KcsBmc>(), 0),
                                fast_fail());
    auto rsp = transport.execute(get_device_id); // netfn 07h read as 06h
    ASSERT_FALSE(rsp);
    EXPECT_EQ(rsp.error(), ipmi::Errc::response_mismatch);
    auto next = transport.execute(get_device_id);
    ASSERT_TRUE(next) << next.error().message();
    EXPECT_EQ(next->data, device_id_data);
}

} // namespace
