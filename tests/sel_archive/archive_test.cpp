// The archive on a real directory: what is new (restart, SEL clear with reused record IDs,
// overflow), rotation with and without a floor and the hard bound, each kind of on-disk
// damage (torn tail, flipped bit, zero-filled tail, garbage, a foreign or unreadable file,
// a lost archive-id), read-only opening, the writer's lock, listeners.
#include "sel_archive/archive.hpp"
#include "sel_archive/errc.hpp"
#include "sel_archive/frame.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <sys/resource.h>
#include <fstream>
#include <functional>

namespace {

using namespace sel_archive;
namespace fs = std::filesystem;

// A system event entry (IPMI 2.0 Table 32-1): record ID, timestamp and event data vary.
ipmi::RawSel entry(std::uint16_t id, std::uint32_t stamp, std::uint8_t data = 0x01) {
    return {static_cast<std::uint8_t>(id), static_cast<std::uint8_t>(id >> 8U), 0x02,
            static_cast<std::uint8_t>(stamp), static_cast<std::uint8_t>(stamp >> 8U),
            static_cast<std::uint8_t>(stamp >> 16U), static_cast<std::uint8_t>(stamp >> 24U),
            0x20, 0x00, 0x04, 0x01, 0x30, 0x01, 0x52, data, 0xff};
}

struct SelArchiveTest : ::testing::Test {
    fs::path dir;
    void SetUp() override {
        std::string templ = ::testing::TempDir() + "selarchiveXXXXXX";
        ASSERT_NE(::mkdtemp(templ.data()), nullptr);
        dir = fs::path(templ) / "archive";
    }
    void TearDown() override { fs::remove_all(dir.parent_path()); }

    std::unique_ptr<Archive> open(Options o = {}, OpenReport* report = nullptr) {
        auto a = Archive::open(dir, o, report);
        EXPECT_TRUE(a) << (a ? "" : a.error().message());
        return a ? std::move(*a) : nullptr;
    }
    std::vector<fs::path> segments() const {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(dir)) {
            if (e.path().extension() == ".sel") {
                out.push_back(e.path());
            }
        }
        std::ranges::sort(out);
        return out;
    }
    // Closes and opens the archive again: it must be whole, `records` kept, nothing damaged.
    std::unique_ptr<Archive> reopen_whole(std::unique_ptr<Archive> a, std::uint64_t records) {
        a.reset();
        OpenReport report;
        a = open({}, &report);
        EXPECT_EQ(report.records, records);
        EXPECT_EQ(report.truncated_bytes, 0U);
        EXPECT_TRUE(report.warnings.empty());
        return a;
    }
    static std::vector<ipmi::RawSel> bytes_of(const std::vector<Record>& records) {
        std::vector<ipmi::RawSel> out;
        for (const auto& r : records) {
            out.push_back(r.bytes);
        }
        return out;
    }
};

constexpr ipmi::SelChange reloaded{0, true};

std::vector<std::uint8_t> read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
ipmi::SelChange added(std::size_t n) { return {n, false}; }

TEST_F(SelArchiveTest, AppendsWhatIsNewAndReadsItBack) {
    auto a = open();
    ASSERT_TRUE(a);
    EXPECT_EQ(a->first(), 0U);
    EXPECT_EQ(a->last(), 0U);
    EXPECT_TRUE(parse_identity(to_text({a->id(), 1})));
    std::vector<ipmi::RawSel> bmc{entry(1, 100), entry(2, 101), entry(3, 102)};
    auto got = a->append_new(bmc, {3, true});
    ASSERT_TRUE(got) << got.error().message();
    ASSERT_EQ(got->size(), 3U);
    EXPECT_EQ((*got)[0].sequence, 1U);
    EXPECT_EQ((*got)[2].sequence, 3U);
    EXPECT_EQ(bytes_of(*got), bmc);
    EXPECT_EQ(a->first(), 1U);
    EXPECT_EQ(a->last(), 3U);
    EXPECT_EQ(bytes_of(a->read_after(0, 100)), bmc);
    ASSERT_EQ(a->read_after(2, 100).size(), 1U);
    EXPECT_EQ(a->read_after(2, 100)[0].bytes, bmc[2]);
    EXPECT_EQ(a->read_after(0, 2).size(), 2U);
    EXPECT_TRUE(a->read_after(3, 100).empty());
    // One more on the BMC: only it is appended.
    bmc.push_back(entry(4, 103));
    got = a->append_new(bmc, added(1));
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), 1U);
    EXPECT_EQ((*got)[0].sequence, 4U);
    EXPECT_EQ((*got)[0].bytes, bmc[3]);
}

TEST_F(SelArchiveTest, ARestartAppendsNothingTwice) {
    const std::vector<ipmi::RawSel> bmc{entry(1, 100), entry(2, 101)};
    std::string id;
    {
        auto a = open();
        ASSERT_TRUE(a->append_new(bmc, reloaded));
        id = a->id();
    }
    auto a = open();
    EXPECT_EQ(a->id(), id);
    EXPECT_EQ(a->last(), 2U);
    // The agent's first read after a restart is a reload of the whole SEL.
    auto got = a->append_new(bmc, {2, true});
    ASSERT_TRUE(got);
    EXPECT_TRUE(got->empty());
    // One logged while the agent was down, one after: each once, sequences go on.
    auto more = bmc;
    more.push_back(entry(3, 102));
    got = a->append_new(more, {3, true});
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), 1U);
    EXPECT_EQ((*got)[0].sequence, 3U);
    EXPECT_EQ(a->read_after(0, 100).size(), 3U);
}

TEST_F(SelArchiveTest, AClearThenReusedRecordIdsAreNewRecords) {
    auto a = open();
    const std::vector<ipmi::RawSel> before{entry(1, 100), entry(2, 101)};
    ASSERT_TRUE(a->append_new(before, reloaded));
    // Cleared: nothing on the BMC, nothing appended, nothing lost.
    auto got = a->append_new({}, reloaded);
    ASSERT_TRUE(got);
    EXPECT_TRUE(got->empty());
    EXPECT_EQ(a->read_after(0, 100).size(), 2U);
    // The BMC numbers from 1 again: same record IDs, other bytes.
    const std::vector<ipmi::RawSel> after{entry(1, 200), entry(2, 201)};
    got = a->append_new(after, {2, true});
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), 2U);
    EXPECT_EQ((*got)[0].sequence, 3U);
    EXPECT_EQ(bytes_of(*got), after);
    // Even an entry with the very bytes of one cleared earlier is new once the agent saw the
    // SEL without it.
    ASSERT_TRUE(a->append_new({}, reloaded));
    got = a->append_new(before, reloaded);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->size(), 2U);
    EXPECT_EQ(a->read_after(0, 100).size(), 6U);
}

TEST_F(SelArchiveTest, AClearWhileTheAgentIsDownAndARestart) {
    {
        auto a = open();
        ASSERT_TRUE(a->append_new(std::vector{entry(1, 100), entry(2, 101)}, reloaded));
    }
    auto a = open();
    const std::vector<ipmi::RawSel> after{entry(1, 300)};
    auto got = a->append_new(after, reloaded);
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), 1U);
    EXPECT_EQ((*got)[0].sequence, 3U);
    a.reset();
    a = open();
    got = a->append_new(after, reloaded);
    ASSERT_TRUE(got);
    EXPECT_TRUE(got->empty());
}

TEST_F(SelArchiveTest, AnOverflowedSelAddsNothing) {
    auto a = open();
    std::vector<ipmi::RawSel> full;
    for (std::uint16_t n = 1; n <= 50; ++n) {
        full.push_back(entry(n, 100U + n));
    }
    ASSERT_EQ(a->append_new(full, reloaded)->size(), 50U);
    // The full BMC stops logging: polls see no change, or a reload of the same entries.
    EXPECT_TRUE(a->append_new(full, {})->empty());
    EXPECT_TRUE(a->append_new(full, reloaded)->empty());
    EXPECT_EQ(a->last(), 50U);
}

TEST_F(SelArchiveTest, AWrappingSelAppendsOnlyTheNewestEntry) {
    auto a = open();
    std::vector<ipmi::RawSel> bmc{entry(1, 1), entry(2, 2), entry(3, 3)};
    ASSERT_TRUE(a->append_new(bmc, reloaded));
    bmc.erase(bmc.begin());
    bmc.push_back(entry(4, 4));
    auto got = a->append_new(bmc, reloaded);
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), 1U);
    EXPECT_EQ((*got)[0].bytes, entry(4, 4));
    a.reset();
    a = open(); // the forgotten entry stays forgotten across a restart
    EXPECT_TRUE(a->append_new(bmc, reloaded)->empty());
}

// A write the file system refuses (here: past RLIMIT_FSIZE, as a full disk would) fails the
// append, leaves the file at its last whole frame, and the same entries are appended at the
// next call once there is room again, even when the BMC's SEL did not change meanwhile.
TEST_F(SelArchiveTest, AFailedWriteIsCutBackAndRetried) {
    auto a = open();
    const std::vector<ipmi::RawSel> first{entry(1, 1), entry(2, 2)};
    ASSERT_TRUE(a->append_new(first, reloaded));
    const auto seg = segments().back();
    const auto size = fs::file_size(seg);
    auto more = first;
    more.insert(more.end(), {entry(3, 3), entry(4, 4), entry(5, 5)});

    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit old_limit{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
    rlimit tight = old_limit;
    tight.rlim_cur = size + 50; // room for one entry frame and part of the next
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &tight), 0);
    auto failed = a->append_new(more, added(3));
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &old_limit), 0);
    std::signal(SIGXFSZ, old_handler);

    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error(), std::errc::file_too_large);
    EXPECT_EQ(fs::file_size(seg), size); // cut back: no torn frame left behind
    EXPECT_EQ(a->last(), 2U);
    auto retried = a->append_new(more, {}); // the SEL is unchanged since the failed poll
    ASSERT_TRUE(retried) << retried.error().message();
    ASSERT_EQ(retried->size(), 3U);
    EXPECT_EQ((*retried)[0].sequence, 3U);
    a = reopen_whole(std::move(a), 5);
    EXPECT_EQ(bytes_of(a->read_after(0, 10)), more);
}

TEST_F(SelArchiveTest, ListenersHearTheLastSequence) {
    auto a = open();
    std::vector<Sequence> heard;
    a->on_append([&](Sequence s) { heard.push_back(s); });
    ASSERT_TRUE(a->append_new(std::vector{entry(1, 1), entry(2, 2)}, reloaded));
    ASSERT_TRUE(a->append_new(std::vector{entry(1, 1), entry(2, 2)}, reloaded)); // nothing new
    ASSERT_TRUE(a->append_new(std::vector{entry(1, 1), entry(2, 2), entry(3, 3)}, added(1)));
    EXPECT_EQ(heard, (std::vector<Sequence>{2, 3}));
}

TEST_F(SelArchiveTest, RotationKeepsTheBoundAndTheNewestRecords) {
    Options o;
    o.max_bytes = 6000;
    o.segment_bytes = 1500;
    auto a = open(o);
    std::vector<ipmi::RawSel> bmc;
    for (std::uint16_t n = 1; n <= 200; ++n) {
        bmc.push_back(entry(n, n));
        if (bmc.size() > 20) {
            bmc.erase(bmc.begin()); // a circular SEL of 20 entries
        }
        ASSERT_TRUE(a->append_new(bmc, reloaded));
        EXPECT_LE(a->stats().bytes, o.max_bytes) << "after " << n;
    }
    EXPECT_EQ(a->last(), 200U);
    EXPECT_GT(a->first(), 1U);
    const auto kept = a->read_after(0, 1000);
    ASSERT_FALSE(kept.empty());
    EXPECT_EQ(kept.front().sequence, a->first());
    EXPECT_EQ(kept.back().sequence, 200U);
    for (std::size_t n = 1; n < kept.size(); ++n) {
        EXPECT_EQ(kept[n].sequence, kept[n - 1].sequence + 1);
    }
    EXPECT_EQ(kept.back().bytes, entry(200, 200));
    EXPECT_GT(segments().size(), 1U);
    // A restart after rotation: the entries on the BMC are known from the newest segment.
    a.reset();
    a = open(o);
    EXPECT_TRUE(a->append_new(bmc, reloaded)->empty());
    EXPECT_EQ(a->read_after(0, 1000).size(), kept.size());
}

TEST_F(SelArchiveTest, AFloorHoldsRecordsUpToTheHardBound) {
    Options o;
    o.max_bytes = 2000;
    o.segment_bytes = 400;
    o.hard_max_bytes = 4000;
    auto a = open(o);
    a->retain_after(0); // a subscriber that has seen nothing
    std::vector<ipmi::RawSel> bmc;
    Sequence n = 0;
    // Past max_bytes the floor keeps every record.
    while (a->stats().bytes <= o.max_bytes + 400) {
        ++n;
        bmc = {entry(static_cast<std::uint16_t>(n), static_cast<std::uint32_t>(n))};
        ASSERT_TRUE(a->append_new(bmc, reloaded));
    }
    EXPECT_EQ(a->first(), 1U);
    EXPECT_EQ(a->stats().pinned_dropped, 0U);
    // The subscriber moves on: the records it has seen may go.
    a->retain_after(n - 5);
    EXPECT_LE(a->stats().bytes, o.max_bytes);
    EXPECT_GT(a->first(), 1U);
    EXPECT_LE(a->first(), n - 4);
    // Pinned again; past the hard bound the oldest go anyway, and are counted.
    a->retain_after(a->first());
    for (int k = 0; k < 300; ++k) {
        ++n;
        bmc = {entry(static_cast<std::uint16_t>(n), static_cast<std::uint32_t>(n))};
        ASSERT_TRUE(a->append_new(bmc, reloaded));
        EXPECT_LE(a->stats().bytes, o.hard_max_bytes);
    }
    EXPECT_GT(a->stats().pinned_dropped, 0U);
    EXPECT_EQ(a->last(), n);
}

TEST_F(SelArchiveTest, ATornTailIsCutAndAppendsGoOn) {
    {
        auto a = open();
        ASSERT_TRUE(a->append_new(std::vector{entry(1, 1), entry(2, 2), entry(3, 3)}, reloaded));
    }
    const auto seg = segments().back();
    fs::resize_file(seg, fs::file_size(seg) - 5); // power lost inside record 3
    OpenReport report;
    auto a = open({}, &report);
    EXPECT_EQ(report.records, 2U);
    EXPECT_EQ(report.truncated_bytes, format::entry_frame_bytes - 5);
    ASSERT_EQ(report.warnings.size(), 1U);
    EXPECT_NE(report.warnings[0].find("cut short"), std::string::npos) << report.warnings[0];
    EXPECT_EQ(a->last(), 2U);
    // Entry 3 is still on the BMC: archived again, as sequence 3.
    auto got = a->append_new(std::vector{entry(1, 1), entry(2, 2), entry(3, 3)}, reloaded);
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), 1U);
    EXPECT_EQ((*got)[0].sequence, 3U);
    a = reopen_whole(std::move(a), 3);
}

TEST_F(SelArchiveTest, EachKindOfDamageKeepsTheGoodPrefix) {
    struct Damage {
        const char* name;
        std::function<void(std::vector<std::uint8_t>&)> apply;
        std::uint64_t kept;
        const char* says;
    };
    const auto second = [](const std::vector<std::uint8_t>& b) {
        return b.size() - 2 * format::entry_frame_bytes;
    };
    const std::vector<Damage> damages{
        {"flipped bit", [&](auto& b) { b[second(b) + 20] ^= 0x04; }, 1, "checksum"},
        {"zero-filled tail", [](auto& b) { b.resize(b.size() + 8192, 0); }, 3, "zero-filled"},
        {"garbage tail", [](auto& b) { b.insert(b.end(), {0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03}); }, 3,
         ""},
        {"length beyond the file", [&](auto& b) { b[second(b) + 2] = 0x7f; }, 1, ""},
    };
    for (const auto& d : damages) {
        SCOPED_TRACE(d.name);
        fs::remove_all(dir);
        {
            auto a = open();
            ASSERT_TRUE(a->append_new(std::vector{entry(1, 1), entry(2, 2), entry(3, 3)}, reloaded));
        }
        const auto seg = segments().back();
        auto bytes = read_file(seg);
        d.apply(bytes);
        std::ofstream(seg, std::ios::binary | std::ios::trunc)
            .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        OpenReport report;
        auto a = open({}, &report);
        ASSERT_TRUE(a);
        EXPECT_EQ(report.records, d.kept);
        EXPECT_GT(report.truncated_bytes, 0U);
        ASSERT_FALSE(report.warnings.empty());
        EXPECT_NE(report.warnings[0].find(d.says), std::string::npos) << report.warnings[0];
        EXPECT_EQ(a->read_after(0, 100).size(), d.kept);
        // The agent goes on: new entries are appended after the good prefix and read back.
        ASSERT_TRUE(a->append_new(std::vector{entry(1, 1), entry(2, 2), entry(3, 3), entry(4, 4)}, reloaded));
        EXPECT_EQ(a->read_after(0, 100).back().bytes, entry(4, 4));
        a.reset();
        OpenReport again;
        a = open({}, &again);
        EXPECT_EQ(again.truncated_bytes, 0U);
        EXPECT_EQ(a->read_after(0, 100).back().bytes, entry(4, 4));
    }
}

TEST_F(SelArchiveTest, AGarbageSegmentAndALostIdAreReportedNotFatal) {
    std::string id;
    {
        auto a = open();
        ASSERT_TRUE(a->append_new(std::vector{entry(1, 1)}, reloaded));
        id = a->id();
    }
    std::ofstream(dir / "segment-00000000000000000000.sel") << "this is not a segment";
    std::ofstream(dir / "archive-id", std::ios::trunc) << "garbage\n";
    OpenReport report;
    auto a = open({}, &report);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->id(), id); // taken from the good segment's header
    EXPECT_EQ(report.records, 1U);
    EXPECT_GE(report.warnings.size(), 2U);
    EXPECT_TRUE(a->append_new(std::vector{entry(1, 1)}, reloaded)->empty());
}

TEST_F(SelArchiveTest, ASegmentOfAnotherArchiveIsLeftOut) {
    {
        auto a = open();
        ASSERT_TRUE(a->append_new(std::vector{entry(1, 1)}, reloaded));
    }
    const auto seg = segments().back();
    auto bytes = read_file(seg);
    const auto other = format::encode_header(format::Uuid{0xaa, 1, 2, 3, 4, 5, 0x46, 7, 0x88, 9, 10, 11, 12, 13, 14, 15});
    std::ranges::copy(other, bytes.begin());
    std::ofstream(dir / "segment-00000000000000000000.sel", std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    OpenReport report;
    auto a = open({}, &report);
    EXPECT_EQ(report.records, 1U);
    ASSERT_EQ(report.warnings.size(), 1U);
    EXPECT_NE(report.warnings[0].find("another archive"), std::string::npos);
}

TEST_F(SelArchiveTest, ReadOnlyChangesNothing) {
    auto missing = Archive::open(dir, Options{.read_only = true});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error(), Errc::not_found);
    EXPECT_FALSE(fs::exists(dir));
    auto writer = open();
    ASSERT_TRUE(writer->append_new(std::vector{entry(1, 1), entry(2, 2)}, reloaded));
    // A reader beside the running writer (the CLI beside the agent).
    const auto seg = segments().back();
    {
        std::ofstream(seg, std::ios::binary | std::ios::app) << "torn";
    }
    const auto size = fs::file_size(seg);
    OpenReport report;
    auto r = Archive::open(dir, Options{.read_only = true}, &report);
    ASSERT_TRUE(r);
    EXPECT_EQ((*r)->id(), writer->id());
    EXPECT_EQ((*r)->read_after(0, 10).size(), 2U);
    EXPECT_EQ(report.truncated_bytes, 4U);
    EXPECT_EQ(fs::file_size(seg), size);
    auto refused = (*r)->append_new(std::vector{entry(3, 3)}, reloaded);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error(), Errc::read_only);
}

TEST_F(SelArchiveTest, OneWriterAtATime) {
    auto a = open();
    auto b = Archive::open(dir, {});
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error(), Errc::locked);
    a.reset();
    EXPECT_TRUE(Archive::open(dir, {}));
}

TEST_F(SelArchiveTest, APathThatIsAFileIsRefused) {
    fs::create_directories(dir.parent_path());
    std::ofstream(dir) << "x";
    auto a = Archive::open(dir, {});
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error(), Errc::not_a_directory);
}

TEST_F(SelArchiveTest, SequencesContinueAfterRotationAndARestart) {
    Options o;
    o.max_bytes = 300;
    o.segment_bytes = 100;
    {
        auto a = open(o);
        for (std::uint16_t n = 1; n <= 30; ++n) {
            ASSERT_TRUE(a->append_new(std::vector{entry(n, n)}, reloaded));
        }
        EXPECT_EQ(a->last(), 30U);
    }
    auto a = open(o);
    EXPECT_EQ(a->last(), 30U);
    auto got = a->append_new(std::vector{entry(31, 31)}, reloaded);
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), 1U);
    EXPECT_EQ((*got)[0].sequence, 31U);
}

} // namespace
