// The LAN transport against OpenIPMI's ipmi_sim serving the simulated server's
// profile (run through sim/ipmi_sim/with_ipmi_sim.py): typed commands, completion
// codes as data, a session that survives the BMC being killed and restarted,
// and clear errors for wrong credentials and a silent BMC.
#include "ipmi/client.hpp"
#include "ipmi/commands/app.hpp"
#include "ipmi/commands/chassis.hpp"
#include "ipmi/fru_reader.hpp"
#include "ipmi/sdr_reader.hpp"
#include "ipmi/sel_reader.hpp"
#include "lan_driver/errc.hpp"
#include "lan_driver/lan_transport.hpp"
#include "tests/lan_driver/ipmi_sim_control.hpp"

#include <chrono>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

lan::Options options_from_env() {
    lan::Options o;
    o.host = test::env("BMCWSMAN_TEST_LAN_HOST").value_or("");
    o.user = test::env("BMCWSMAN_TEST_LAN_USER").value_or("");
    o.password = test::env("BMCWSMAN_TEST_LAN_PASSWORD").value_or("");
    o.workaround_flags =
        static_cast<unsigned>(std::stoul(test::env("BMCWSMAN_TEST_LAN_WORKAROUNDS").value_or("0")));
    o.session_timeout = 2000ms;
    o.retransmission_timeout = 200ms;
    return o;
}

struct LanTransportTest : ::testing::Test {
    void SetUp() override {
        if (!test::env("BMCWSMAN_TEST_LAN_HOST")) {
            GTEST_SKIP() << "run through sim/ipmi_sim/with_ipmi_sim.py";
        }
    }
};

TEST_F(LanTransportTest, GetDeviceIdMatchesTheProfile) {
    lan::LanTransport transport(options_from_env());
    ipmi::Client client(transport);
    auto id = client.call(ipmi::cmd::GetDeviceId{});
    ASSERT_TRUE(id) << id.error().message();
    EXPECT_EQ(id->device_id, 0x20);
    EXPECT_EQ(id->manufacturer_id, 0x0002a2U);
    EXPECT_EQ(id->product_id, 0x4410);
    EXPECT_EQ(id->ipmi_major, 2);
    EXPECT_EQ(transport.stats().sessions_opened, 1U);
}

TEST_F(LanTransportTest, ACompletionCodeIsDataNotAnError) {
    lan::LanTransport transport(options_from_env());
    auto r = transport.execute(ipmi::Request{ipmi::netfn::app, 0, 0x7f, {}});
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->cc, ipmi::CompletionCode::invalid_command);
    EXPECT_EQ(r->netfn, 0x07);
    EXPECT_EQ(r->cmd, 0x7f);
}

TEST_F(LanTransportTest, TheWholeSdrRepositoryIsReadThroughTheResponseCap) {
    lan::LanTransport transport(options_from_env());
    ipmi::Client client(transport);
    ipmi::SdrReadLimits limits;
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(45);
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_EQ(records->size(), 45U);
    EXPECT_LT(limits.max_read,
              ipmi::SdrReadLimits::whole_record); // ipmi_sim answers CAh to whole reads
    for (const auto& r : *records) {
        EXPECT_EQ(r.size(), 5U + r[4]);
    }
}

TEST_F(LanTransportTest, SurvivesTheBmcBeingKilledAndRestarted) {
    lan::LanTransport transport(options_from_env());
    ipmi::Client client(transport);
    ASSERT_TRUE(client.call(ipmi::cmd::GetChassisStatus{}));
    ASSERT_EQ(test::ipmi_sim_control("restart"), "ok");
    auto after = client.call(ipmi::cmd::GetChassisStatus{});
    ASSERT_TRUE(after) << after.error().message();
    EXPECT_EQ(transport.stats().sessions_opened, 2U);
}

TEST_F(LanTransportTest, ASilentBmcTimesOutAndTheNextCommandAfterItResumesSucceeds) {
    auto o = options_from_env();
    o.session_timeout = 1000ms;
    lan::LanTransport transport(o);
    ASSERT_TRUE(transport.execute(ipmi::Request{ipmi::netfn::app, 0, 0x01, {}}));
    ASSERT_EQ(test::ipmi_sim_control("pause"), "ok");
    const auto start = std::chrono::steady_clock::now();
    auto r = transport.execute(ipmi::Request{ipmi::netfn::app, 0, 0x01, {}});
    const auto took = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(test::ipmi_sim_control("resume"), "ok");
    ASSERT_FALSE(r);
    EXPECT_EQ(&r.error().category(), &lan::category());
    EXPECT_LT(took, 10s); // bounded by the session timeout (twice: one reopen)
    auto next = transport.execute(ipmi::Request{ipmi::netfn::app, 0, 0x01, {}});
    ASSERT_TRUE(next) << next.error().message();
}

TEST_F(LanTransportTest, AWrongPasswordIsNamed) {
    auto o = options_from_env();
    o.password = "not-the-password";
    lan::LanTransport transport(o);
    auto r = transport.execute(ipmi::Request{ipmi::netfn::app, 0, 0x01, {}});
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message().find("password"), std::string::npos) << r.error().message();
}

TEST_F(LanTransportTest, SelIsReadOnceThenIncrementallyThenCleared) {
    lan::LanTransport transport(options_from_env());
    ipmi::Client client(transport);
    ipmi::SelReader sel(client);
    auto first = sel.refresh();
    ASSERT_TRUE(first) << first.error().message();
    // The profile's 12 entries (twice if an earlier test restarted ipmi_sim:
    // its state directory keeps the SEL and the emu file adds them again).
    ASSERT_TRUE(sel.info());
    EXPECT_EQ(first->added, sel.info()->entries);
    EXPECT_EQ(first->added % 12, 0U);
    EXPECT_EQ(sel.entries()[2][2], 0x02);

    const auto before = client.stats().transactions;
    ASSERT_TRUE(sel.refresh());
    EXPECT_EQ(client.stats().transactions - before, 1U);

    // An event arrives (ipmi_sim console): info, last known entry, the new one.
    ASSERT_EQ(test::ipmi_sim_control(
                  "console sel_add 0x20 0x02 0 0 0 0 0x20 0 0x04 0x01 0x01 0x01 0x59 0x5c 0x5a")
                  .substr(0, 2),
              "ok");
    const auto mark = client.stats().transactions;
    auto more = sel.refresh();
    ASSERT_TRUE(more) << more.error().message();
    EXPECT_EQ(more->added, 1U);
    EXPECT_EQ(client.stats().transactions - mark, 3U);
    EXPECT_EQ(sel.entries().back()[13], 0x59);

    ASSERT_FALSE(sel.clear(std::chrono::milliseconds(3000)));
    auto after = sel.refresh();
    ASSERT_TRUE(after);
    EXPECT_TRUE(sel.entries().empty());
}

TEST_F(LanTransportTest, FruAreasAreReadThroughIpmiSimsCap) {
    lan::LanTransport transport(options_from_env());
    ipmi::Client client(transport);
    ipmi::FruReadLimits limits;
    ipmi::FruReadStats stats;
    auto board = ipmi::read_fru(client, 0, limits, &stats);
    ASSERT_TRUE(board) << board.error().message();
    EXPECT_GT(board->size(), 200U);
    EXPECT_EQ((*board)[0], 0x01); // common header format version
    EXPECT_GE(stats.shrinks, 1U); // ipmi_sim refuses reads over ~34 bytes (C8h)
    auto psu = ipmi::read_fru(client, 1, limits);
    ASSERT_TRUE(psu) << psu.error().message();
}

TEST(LanPassword, FromFileOrEnvironment) {
    std::string path = ::testing::TempDir() + "bmcwsman-pwXXXXXX";
    const int fd = ::mkstemp(path.data());
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "s3cret\n", 7), 7);
    ::close(fd);
    EXPECT_EQ(lan::read_password(path).value_or(""), "s3cret");
    ::unlink(path.c_str());
    EXPECT_EQ(lan::read_password(path).error(), lan::Errc::password_file_unreadable);
    ::setenv("BMCWSMAN_PASSWORD", "from-env", 1);
    EXPECT_EQ(lan::read_password("").value_or(""), "from-env");
    ::unsetenv("BMCWSMAN_PASSWORD");
    EXPECT_EQ(lan::read_password("").error(), lan::Errc::password_missing);
}

} // namespace
