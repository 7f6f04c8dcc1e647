// SelReader against a scripted SEL: a full read once, then only what is new;
// one Get SEL Info when nothing changed; reload after an erase; bounded walks;
// Clear SEL with reservation and progress polling.
#include "ipmi/errc.hpp"
#include "ipmi/sel_reader.hpp"

#include <gtest/gtest.h>

namespace {

using Bytes = std::vector<std::uint8_t>;

class FakeSel final : public ipmi::Transport {
public:
    std::vector<ipmi::RawSel> entries;
    std::uint32_t addition = 100;
    std::uint32_t erase = 50;
    unsigned clear_polls_needed = 2;
    std::vector<std::uint16_t> next_override; // by index
    bool short_entry = false;
    int short_at = -1;       // only this entry (index) answers one byte short
    std::size_t padding = 0; // bytes after each entry (a BMC padding its answers)
    unsigned requests = 0;

    void add(std::uint8_t type = 0x02) {
        ipmi::RawSel e{};
        const auto id = next_id_;
        next_id_ = static_cast<std::uint16_t>(next_id_ + 3); // IDs are never reused
        e[0] = static_cast<std::uint8_t>(id & 0xff);
        e[1] = static_cast<std::uint8_t>(id >> 8);
        e[2] = type;
        e[15] = static_cast<std::uint8_t>(id * 5);
        entries.push_back(e);
        ++addition;
    }

    std::expected<ipmi::Response, std::error_code> execute(const ipmi::Request& req) override {
        ++requests;
        ipmi::Response rsp{
            static_cast<std::uint8_t>(req.netfn + 1), 0, req.cmd, ipmi::CompletionCode::ok, {}};
        auto put32 = [&](std::uint32_t v) {
            for (int s = 0; s < 32; s += 8) {
                rsp.data.push_back(static_cast<std::uint8_t>(v >> s));
            }
        };
        switch (req.cmd) {
        case 0x40: { // Get SEL Info
            const auto n = static_cast<std::uint16_t>(entries.size());
            rsp.data = {0x51, static_cast<std::uint8_t>(n & 0xff),
                        static_cast<std::uint8_t>(n >> 8), 0x00, 0x10};
            put32(addition);
            put32(erase);
            rsp.data.push_back(0x0a);
            return rsp;
        }
        case 0x42:
            rsp.data = {0x21, 0x00};
            return rsp;
        case 0x47: // Clear SEL
            if (req.data[5] == 0xaa) {
                polls_ = 0;
            } else {
                ++polls_;
            }
            rsp.data = {static_cast<std::uint8_t>(polls_ >= clear_polls_needed ? 0x01 : 0x00)};
            if (polls_ >= clear_polls_needed) {
                entries.clear();
                ++erase;
            }
            return rsp;
        case 0x43: { // Get SEL Entry
            const auto id = static_cast<std::uint16_t>(req.data[2] | req.data[3] << 8);
            std::size_t i = 0;
            if (id != 0) {
                while (i < entries.size() && (entries[i][0] | entries[i][1] << 8) != id) {
                    ++i;
                }
            }
            if (i >= entries.size()) {
                rsp.cc = ipmi::CompletionCode::not_present;
                return rsp;
            }
            std::uint16_t next =
                i + 1 < entries.size()
                    ? static_cast<std::uint16_t>(entries[i + 1][0] | entries[i + 1][1] << 8)
                    : 0xffff;
            if (i < next_override.size()) {
                next = next_override[i];
            }
            rsp.data = {static_cast<std::uint8_t>(next & 0xff),
                        static_cast<std::uint8_t>(next >> 8)};
            const bool cut = short_entry || static_cast<int>(i) == short_at;
            rsp.data.insert(rsp.data.end(), entries[i].begin(), entries[i].end() - (cut ? 1 : 0));
            rsp.data.insert(rsp.data.end(), padding, std::uint8_t{0xee});
            return rsp;
        }
        default:
            rsp.cc = ipmi::CompletionCode::invalid_command;
            return rsp;
        }
    }
    std::string_view name() const noexcept override { return "fake sel"; }

private:
    unsigned polls_ = 0;
    std::uint16_t next_id_ = 1;
};

struct SelReaderTest : ::testing::Test {
    FakeSel bmc;
    ipmi::Client client{bmc};
    ipmi::SelReader reader{client};
};

TEST_F(SelReaderTest, AThousandEntriesAreReadOnceThenOnlyTheNewOnes) {
    for (int i = 0; i < 1000; ++i) {
        bmc.add();
    }
    auto first = reader.refresh();
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_TRUE(first->reloaded);
    EXPECT_EQ(first->added, 1000U);
    EXPECT_EQ(reader.entries(), bmc.entries);
    EXPECT_EQ(bmc.requests, 1001U);

    bmc.requests = 0;
    auto same = reader.refresh();
    ASSERT_TRUE(same);
    EXPECT_EQ(same->added, 0U);
    EXPECT_EQ(bmc.requests, 1U); // Get SEL Info only

    bmc.add();
    bmc.add(0xc1);
    bmc.requests = 0;
    auto more = reader.refresh();
    ASSERT_TRUE(more) << more.error().message();
    EXPECT_FALSE(more->reloaded);
    EXPECT_EQ(more->added, 2U);
    EXPECT_EQ(bmc.requests, 1U + 1U + 2U); // info, the last known entry again, the two new
    EXPECT_EQ(reader.entries(), bmc.entries);
}

TEST_F(SelReaderTest, AnEmptySelCostsOneRequest) {
    auto r = reader.refresh();
    ASSERT_TRUE(r);
    EXPECT_TRUE(reader.entries().empty());
    EXPECT_EQ(bmc.requests, 1U);
    bmc.add();
    auto after = reader.refresh();
    ASSERT_TRUE(after);
    EXPECT_EQ(after->added, 1U);
    EXPECT_EQ(reader.entries(), bmc.entries);
}

TEST_F(SelReaderTest, AnEraseByAnotherClientReloads) {
    bmc.add();
    bmc.add();
    ASSERT_TRUE(reader.refresh());
    bmc.entries.clear();
    ++bmc.erase;
    bmc.add();
    auto r = reader.refresh();
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->reloaded);
    EXPECT_EQ(reader.entries(), bmc.entries);
    EXPECT_EQ(reader.stats().reloads, 2U);
}

TEST_F(SelReaderTest, TheLastKnownEntryDeletedReloads) {
    bmc.add();
    bmc.add();
    ASSERT_TRUE(reader.refresh());
    bmc.entries.pop_back();
    bmc.add();
    bmc.add();
    auto r = reader.refresh();
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_TRUE(r->reloaded);
    EXPECT_EQ(reader.entries(), bmc.entries);
}

TEST_F(SelReaderTest, ALoopingChainIsAnErrorAndNothingHalfReadIsKept) {
    for (int i = 0; i < 4; ++i) {
        bmc.add();
    }
    bmc.next_override = {4, 7, 4}; // the third entry (ID 7) points back to the second (ID 4)
    auto r = reader.refresh();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), ipmi::Errc::sel_chain_loop);
    EXPECT_TRUE(reader.entries().empty());
    bmc.next_override.clear();
    auto again = reader.refresh();
    ASSERT_TRUE(again);
    EXPECT_EQ(reader.entries(), bmc.entries);
}

TEST_F(SelReaderTest, AShortEntryIsSkippedAndTheOthersAreRead) {
    for (int i = 0; i < 3; ++i) {
        bmc.add();
    }
    bmc.short_at = 1;
    auto r = reader.refresh();
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(reader.entries().size(), 2U);
    EXPECT_EQ(reader.entries()[0], bmc.entries[0]);
    EXPECT_EQ(reader.entries()[1], bmc.entries[2]);
    EXPECT_EQ(reader.stats().skipped, 1U);
}

// IPMI 2.0 section 31.5: a SEL record is 16 bytes; what a BMC sends after them is dropped.
TEST_F(SelReaderTest, PaddingAfterAnEntryIsDropped) {
    bmc.add();
    bmc.add();
    bmc.padding = 6;
    auto r = reader.refresh();
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(reader.entries(), bmc.entries);
}

TEST_F(SelReaderTest, ClearReservesInitiatesAndPolls) {
    bmc.add();
    ASSERT_TRUE(reader.refresh());
    ASSERT_FALSE(reader.clear(std::chrono::milliseconds(1000)));
    EXPECT_TRUE(bmc.entries.empty());
    EXPECT_TRUE(reader.entries().empty());
    auto r = reader.refresh();
    ASSERT_TRUE(r);
    EXPECT_TRUE(reader.entries().empty());
}

TEST_F(SelReaderTest, ClearThatNeverCompletesTimesOut) {
    bmc.clear_polls_needed = 1000000;
    EXPECT_EQ(reader.clear(std::chrono::milliseconds(50)), ipmi::Errc::sel_clear_timeout);
}

TEST(SelCommands, Encodings) {
    EXPECT_EQ((ipmi::cmd::ClearSel{0x1234, ipmi::cmd::ClearSel::initiate}.encode()),
              (Bytes{0x34, 0x12, 'C', 'L', 'R', 0xaa}));
    EXPECT_EQ((ipmi::cmd::GetSelEntry{0, 0x0102, 0, 0xff}.encode()),
              (Bytes{0, 0, 0x02, 0x01, 0, 0xff}));
    auto info = ipmi::cmd::GetSelInfo::decode(
        Bytes{0x51, 0xe8, 0x03, 0x00, 0x10, 1, 0, 0, 0, 2, 0, 0, 0, 0x8a});
    ASSERT_TRUE(info);
    EXPECT_EQ(info->entries, 1000);
    EXPECT_EQ(info->free_space, 0x1000);
    EXPECT_TRUE(info->overflow());
    EXPECT_TRUE(info->delete_supported());
    EXPECT_TRUE(info->reserve_supported());
    EXPECT_EQ(ipmi::cmd::GetSelInfo::decode(Bytes{0x51}).error(),
              ipmi::Errc::response_data_too_short);
    auto t = ipmi::cmd::GetSelTime::decode(Bytes{0x78, 0x56, 0x34, 0x12});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->time, 0x12345678U);
    auto c = ipmi::cmd::ClearSel::decode(Bytes{0x01});
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->completed());
}

} // namespace
