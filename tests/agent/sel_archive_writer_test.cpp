// The agent's SEL archive over the simulated BMC: every SEL read is archived before the
// snapshot is published, served as a second CIM_RecordLog with its records and associations;
// ClearLog on the BMC's log archives what the BMC logged since the last read first and loses
// nothing; the archive's own log cannot be cleared; a failing archive is counted and the
// model still refreshes.
#include "agent/sel_archive_writer.hpp"
#include "cim_mapping/model_mapping.hpp"
#include "cim_mapping/model_provider.hpp"
#include "tests/sim/sim_bmc.hpp"

#include "ipmi/transport.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace {

using namespace cim;
namespace fs = std::filesystem;

constexpr std::array<std::uint8_t, 13> event{0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x04, 0x01, 0x03, 0x01, 0x57, 40, 38};

struct ArchivedSim : ::testing::Test {
    test::SimBmc sim;
    fs::path dir;
    std::unique_ptr<sel_archive::Archive> archive;
    std::unique_ptr<agent::SelArchiveWriter> writer;
    std::unique_ptr<DirectBmc> access;
    std::unique_ptr<ModelProvider> provider;
    const Caller reader{"ann", Role::reader};
    const Caller operator_{"olav", Role::operator_role};

    void SetUp() override {
        std::string templ = ::testing::TempDir() + "selwriterXXXXXX";
        ASSERT_NE(::mkdtemp(templ.data()), nullptr);
        dir = templ;
    }
    void TearDown() override {
        provider.reset();
        access.reset();
        writer.reset();
        archive.reset();
        fs::remove_all(dir);
    }
    void start(sel_archive::Options options = {}, ipmi::Client* client = nullptr) {
        auto opened = sel_archive::Archive::open(dir / "sel-archive", options);
        ASSERT_TRUE(opened) << opened.error().message();
        archive = std::move(*opened);
        writer = std::make_unique<agent::SelArchiveWriter>(*archive, options.max_bytes, nullptr);
        Snapshot initial;
        initial.system = {"CIM_ComputerSystem", "sim"};
        initial.sensors = sim.sensors();
        access = std::make_unique<DirectBmc>(client != nullptr ? *client : *sim.client, std::move(initial),
                                             [w = writer.get()](Snapshot& s, std::optional<ipmi::SelChange> c) {
                                                 w->archive(s, c);
                                             });
        provider = std::make_unique<ModelProvider>(*access);
    }
    std::vector<Instance> archived(std::string_view cls = "CIM_LogRecord") {
        auto all = provider->enumerate(reader, cls);
        EXPECT_TRUE(all);
        std::vector<Instance> out;
        for (auto& i : *all) {
            if (const Value* v = i.find("LogName"); v != nullptr && lexical(v->scalar()) == archive_log_name) {
                out.push_back(std::move(i));
            }
        }
        return out;
    }
    static std::string text(const Instance& i, std::string_view name) {
        const Value* v = i.find(name);
        return v == nullptr || v->is_null() ? "<null>" : lexical(v->scalar());
    }
};

TEST_F(ArchivedSim, TheFirstReadIsArchivedBeforeItIsServed) {
    start();
    const auto snap = access->snapshot();
    ASSERT_TRUE(snap->sel_archive);
    EXPECT_EQ(snap->sel.size(), 12U);
    EXPECT_EQ(archive->last(), 12U); // archived by the constructor's read, before any publish
    EXPECT_EQ(snap->sel_archive->records.size(), 12U);
    const auto logs = provider->enumerate(reader, "CIM_RecordLog");
    ASSERT_TRUE(logs);
    ASSERT_EQ(logs->size(), 2U);
    const auto& log = (*logs)[1];
    EXPECT_EQ(text(log, "InstanceID"), "bmcwsman:SELArchive");
    EXPECT_EQ(text(log, "CurrentNumberOfRecords"), "12");
    const auto records = archived();
    ASSERT_EQ(records.size(), 12U);
    EXPECT_EQ(text(records[0], "RecordID"), archive->id() + ":1");
    // The same event text and data as the BMC's own record.
    auto bmc_records = provider->enumerate(reader, "CIM_LogRecord");
    ASSERT_TRUE(bmc_records);
    EXPECT_EQ(text((*bmc_records)[0], "LogName"), "IPMI SEL");
    EXPECT_EQ(text((*bmc_records)[0], "RecordData"), text(records[0], "RecordData"));
    EXPECT_EQ(text((*bmc_records)[0], "Description"), text(records[0], "Description"));
    EXPECT_EQ(archived("CIM_LogEntry").size(), 12U);
}

// The simulated BMC's transport, which logs `entries` new events just before the first
// Clear SEL (initiate) reaches the BMC: what a BMC does when a sensor event comes between
// ClearLog's archiving read and its erase.
struct LogsBeforeClear : ipmi::Transport {
    test::SimBmc& sim;
    int entries;
    int clears = 0;
    LogsBeforeClear(test::SimBmc& s, int n) : sim(s), entries(n) {}
    std::expected<ipmi::Response, std::error_code> execute(const ipmi::Request& r) override {
        if (r.netfn == 0x0a && r.cmd == 0x47 && r.data.size() == 6 && r.data[5] == 0xaa && clears++ == 0) {
            for (int n = 0; n < entries; ++n) {
                sim.bmc->model().add_sel_entry(0x02, event);
            }
        }
        return sim.transport->execute(r);
    }
    std::string_view name() const noexcept override { return "logs before clear"; }
};

// IPMI has no read-and-clear: ClearLog reserves the SEL before its archiving read, an entry
// the BMC adds after the read cancels the reservation (IPMI 2.0 31.4), the Clear SEL fails
// with C5h, and ClearLog reads again (archiving the newcomer) before it erases.
TEST_F(ArchivedSim, AnEntryLoggedBetweenClearLogsReadAndTheEraseIsArchivedFirst) {
    LogsBeforeClear transport(sim, 2);
    ipmi::Client client(transport);
    start({}, &client);
    ASSERT_EQ(archive->last(), 12U);
    const Selectors bmc_log{{"InstanceID", "IPMI:SEL"}};
    auto r = provider->invoke(operator_, "CIM_RecordLog", bmc_log, "ClearLog", {});
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->return_value, 0U);
    EXPECT_EQ(transport.clears, 2);   // the first Clear SEL refused (C5h), the second done
    EXPECT_TRUE(sim.state().sel.empty());
    EXPECT_EQ(archive->last(), 14U);  // both newcomers archived before the erase
    EXPECT_EQ(archived().size(), 14U);
}

TEST_F(ArchivedSim, ClearLogLosesNothingAndTheArchiveKeepsGoing) {
    start();
    // Logged after the last read and cleared at once: archived by ClearLog itself.
    sim.bmc->model().add_sel_entry(0x02, event);
    const Selectors bmc_log{{"InstanceID", "IPMI:SEL"}};
    auto r = provider->invoke(operator_, "CIM_RecordLog", bmc_log, "ClearLog", {});
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->return_value, 0U);
    EXPECT_TRUE(sim.state().sel.empty());
    EXPECT_EQ(archive->last(), 13U);
    auto records = archived();
    ASSERT_EQ(records.size(), 13U);
    EXPECT_NE(text(records.back(), "Description").find("Upper Non-critical"), std::string::npos);
    // The archive's own log is not cleared.
    const Selectors archive_log{{"InstanceID", "bmcwsman:SELArchive"}};
    r = provider->invoke(operator_, "CIM_RecordLog", archive_log, "ClearLog", {});
    ASSERT_TRUE(r);
    EXPECT_NE(r->return_value, 0U);
    EXPECT_EQ(archived().size(), 13U);
    // New entries after the clear (record IDs from the start again) are new records.
    sim.bmc->model().add_sel_entry(0x02, event);
    access->refresh(false);
    records = archived();
    ASSERT_EQ(records.size(), 14U);
    EXPECT_EQ(text(records.back(), "RecordID"), archive->id() + ":14");
    // The archive's log manages its records (LogEntry and LogRecord each).
    const auto manages = provider->enumerate(reader, "CIM_LogManagesRecord");
    ASSERT_TRUE(manages);
    std::size_t archive_links = 0;
    for (const auto& link : *manages) {
        archive_links += text(link, "Log").find("bmcwsman:SELArchive") != std::string::npos ? 1U : 0U;
    }
    EXPECT_EQ(archive_links, 28U);
}

TEST_F(ArchivedSim, AFailingArchiveIsCountedAndTheModelStillRefreshes) {
    {
        auto created = sel_archive::Archive::open(dir / "sel-archive", {}); // an empty archive
        ASSERT_TRUE(created);
    }
    sel_archive::Options read_only;
    read_only.read_only = true; // every append fails
    start(read_only);
    EXPECT_EQ(writer->counters().write_failures, 1U);
    EXPECT_EQ(access->snapshot()->sel.size(), 12U);
    sim.bmc->model().add_sel_entry(0x02, event);
    access->refresh(false);
    EXPECT_EQ(access->snapshot()->sel.size(), 13U);
    EXPECT_EQ(writer->counters().write_failures, 2U);
    const auto logs = provider->enumerate(reader, "CIM_RecordLog");
    ASSERT_TRUE(logs);
    ASSERT_EQ(logs->size(), 2U);
    EXPECT_EQ(text((*logs)[1], "HealthState"), "10"); // degraded while writes fail
}

} // namespace
