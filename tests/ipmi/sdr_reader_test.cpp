// SdrReader against a scripted SDR repository: whole-record reads, the
// response-size cap with remembered shrinking, reservations lost mid-walk,
// and hostile next-record chains.
#include "ipmi/errc.hpp"
#include "ipmi/sdr_reader.hpp"

#include <gtest/gtest.h>

namespace {

using Bytes = std::vector<std::uint8_t>;

// Answers Reserve SDR Repository and Get SDR like a BMC (IPMI 2.0 33.11, 33.12).
class FakeRepository final : public ipmi::Transport {
public:
    std::vector<Bytes> records;
    std::size_t max_response_data = 255; // completion code not counted
    int cancel_at_get = -1;              // invalidate the reservation before this Get SDR
    std::vector<std::uint16_t> next_ids; // overrides of the next-record chain
    unsigned gets = 0;

    static Bytes record(std::uint16_t id, std::uint8_t type, std::size_t body) {
        Bytes r{static_cast<std::uint8_t>(id & 0xff), static_cast<std::uint8_t>(id >> 8), 0x51,
                type, static_cast<std::uint8_t>(body)};
        for (std::size_t i = 0; i < body; ++i) {
            r.push_back(static_cast<std::uint8_t>(id * 7 + i));
        }
        return r;
    }

    std::expected<ipmi::Response, std::error_code> execute(const ipmi::Request& req) override {
        ipmi::Response rsp{static_cast<std::uint8_t>(req.netfn + 1),
                           req.lun,
                           req.cmd,
                           ipmi::CompletionCode::ok,
                           {}};
        if (req.cmd == 0x22) {
            ++reservation_;
            valid_ = true;
            rsp.data = {static_cast<std::uint8_t>(reservation_ & 0xff),
                        static_cast<std::uint8_t>(reservation_ >> 8)};
            return rsp;
        }
        const auto reservation = static_cast<std::uint16_t>(req.data[0] | req.data[1] << 8);
        const auto id = static_cast<std::uint16_t>(req.data[2] | req.data[3] << 8);
        const std::uint8_t offset = req.data[4];
        const std::uint8_t count = req.data[5];
        if (static_cast<int>(gets++) == cancel_at_get) {
            valid_ = false; // another client reserved
        }
        if (offset != 0 && (!valid_ || reservation != reservation_)) {
            rsp.cc = ipmi::CompletionCode::reservation_cancelled;
            return rsp;
        }
        std::size_t index = 0;
        if (id != 0) {
            while (index < records.size() && (records[index][0] | records[index][1] << 8) != id) {
                ++index;
            }
        }
        if (index >= records.size()) {
            rsp.cc = ipmi::CompletionCode::not_present;
            return rsp;
        }
        const Bytes& r = records[index];
        const std::size_t n = count == 0xff ? r.size() - offset : count;
        if (2 + n > max_response_data) {
            rsp.cc = ipmi::CompletionCode::cannot_return_requested_bytes;
            return rsp;
        }
        std::uint16_t next =
            index + 1 < records.size()
                ? static_cast<std::uint16_t>(records[index + 1][0] | records[index + 1][1] << 8)
                : 0xffff;
        if (index < next_ids.size()) {
            next = next_ids[index];
        }
        rsp.data = {static_cast<std::uint8_t>(next & 0xff), static_cast<std::uint8_t>(next >> 8)};
        rsp.data.insert(rsp.data.end(), r.begin() + offset,
                        r.begin() + static_cast<long>(offset + n));
        return rsp;
    }
    std::string_view name() const noexcept override { return "fake repository"; }

private:
    std::uint16_t reservation_ = 0;
    bool valid_ = false;
};

struct SdrReaderTest : ::testing::Test {
    FakeRepository bmc;
    ipmi::Client client{bmc};
    ipmi::SdrReadLimits limits;

    void SetUp() override {
        bmc.records = {FakeRepository::record(1, 0x01, 59), FakeRepository::record(2, 0x02, 43),
                       FakeRepository::record(5, 0x12, 11), FakeRepository::record(9, 0x11, 20)};
    }
};

TEST_F(SdrReaderTest, WholeRecordsCostOneGetSdrEachAndNoReservation) {
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(4);
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_EQ(*records, bmc.records);
    EXPECT_EQ(reader.stats().get_sdr, 4U);
    EXPECT_EQ(reader.stats().reservations, 0U);
    EXPECT_EQ(limits.max_read, ipmi::SdrReadLimits::whole_record);
}

TEST_F(SdrReaderTest, ResponseCapShrinksOnceAndIsRemembered) {
    bmc.max_response_data = 34; // ipmi_sim-like: CAh above ~33 bytes
    ipmi::SdrReader first(client, limits);
    auto records = first.read_all(4);
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_EQ(*records, bmc.records);
    EXPECT_EQ(limits.max_read, 32);
    EXPECT_EQ(first.stats().shrinks, 1U);
    EXPECT_EQ(first.stats().reservations, 1U);

    // A second walk starts at the learned size: header + ceil(body/32) per record.
    ipmi::SdrReader second(client, limits);
    auto again = second.read_all(4);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, bmc.records);
    EXPECT_EQ(second.stats().shrinks, 0U);
    EXPECT_EQ(second.stats().get_sdr, (1U + 2U) + (1U + 2U) + (1U + 1U) + (1U + 1U));
}

TEST_F(SdrReaderTest, SmallBuffersShrinkFurther) {
    bmc.max_response_data = 14;
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(4);
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_EQ(*records, bmc.records);
    EXPECT_EQ(limits.max_read, 8); // 32 -> 16 -> 8
}

TEST_F(SdrReaderTest, ReservationLostMidWalkIsRenewedAndTheRecordsAreTheSame) {
    bmc.max_response_data = 34;
    bmc.cancel_at_get = 6;
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(4);
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_EQ(*records, bmc.records);
    EXPECT_EQ(reader.stats().cancelled, 1U);
    EXPECT_EQ(reader.stats().reservations, 2U);
}

TEST_F(SdrReaderTest, ChainLoopIsAnError) {
    bmc.next_ids = {2, 1}; // record 2 points back to record 1
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(4);
    ASSERT_FALSE(records);
    EXPECT_EQ(records.error(), ipmi::Errc::sdr_chain_loop);
}

TEST_F(SdrReaderTest, MoreRecordsThanAnnouncedIsBounded) {
    bmc.records.clear();
    for (std::uint16_t id = 1; id <= 40; ++id) {
        bmc.records.push_back(FakeRepository::record(id, 0x01, 3));
    }
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(2); // announced 2: at most 2*2+16 read
    ASSERT_FALSE(records);
    EXPECT_EQ(records.error(), ipmi::Errc::sdr_too_many_records);
    EXPECT_LE(reader.stats().get_sdr, 21U);
}

TEST_F(SdrReaderTest, LengthByteThatLiesIsMalformed) {
    bmc.records[1][4] = 200; // claims 200 body bytes, has 43
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(4);
    ASSERT_FALSE(records);
    EXPECT_EQ(records.error(), ipmi::Errc::sdr_record_malformed);
}

TEST_F(SdrReaderTest, ABmcThatCannotReturnAnythingEndsTheWalk) {
    bmc.max_response_data = 5;
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(4);
    ASSERT_FALSE(records);
    EXPECT_EQ(records.error(), ipmi::Errc::sdr_read_size_exhausted);
}

TEST_F(SdrReaderTest, OtherCompletionCodesPassThrough) {
    bmc.records.clear(); // first record absent: CBh
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(0);
    ASSERT_FALSE(records);
    EXPECT_EQ(records.error(), ipmi::CompletionCode::not_present);
}

} // namespace
