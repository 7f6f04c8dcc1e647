// SdrReader against a scripted SDR repository: whole-record reads, the
// response-size cap with remembered shrinking, reservations lost mid-walk,
// and hostile next-record chains.
#include "ipmi/errc.hpp"
#include "ipmi/sdr_reader.hpp"
#include "tests/ipmi/fake_sdr_repository.hpp"

#include <gtest/gtest.h>

namespace {

using test::Bytes;
using test::FakeRepository;

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

TEST_F(SdrReaderTest, LengthByteThatLiesKeepsWhatWasReadAndTheWalkGoesOn) {
    bmc.records[1][4] = 200; // claims 200 body bytes, has 43: the rest answers C9h
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(4);
    ASSERT_TRUE(records) << records.error().message();
    ASSERT_EQ(records->size(), 4U);
    EXPECT_EQ((*records)[0], bmc.records[0]);
    EXPECT_EQ((*records)[1], bmc.records[1]); // 48 bytes: parse_sdr rejects it by its ID
    EXPECT_EQ((*records)[2], bmc.records[2]);
    EXPECT_EQ((*records)[3], bmc.records[3]);
}

// ipmi_sim answers a whole-record read with the record and 6 bytes more (IPMI 2.0 section
// 43: the header's length is the truth): the padding is dropped, whole reads go on.
TEST_F(SdrReaderTest, PaddingAfterAWholeRecordIsDropped) {
    bmc.whole_record_padding = 6;
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(4);
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_EQ(*records, bmc.records);
    EXPECT_EQ(reader.stats().get_sdr, 4U);
    EXPECT_EQ(limits.max_read, ipmi::SdrReadLimits::whole_record);
}

// The repository: a 19-byte MC device locator first, padded to 25 bytes, under
// ipmi_sim's response cap: the first record whole, then partial reads for the large ones.
TEST_F(SdrReaderTest, ShortLocatorFirstUnderIpmiSimsCapAndPadding) {
    bmc.records = {FakeRepository::record(1, 0x12, 14), FakeRepository::record(2, 0x01, 59),
                   FakeRepository::record(3, 0x11, 20), FakeRepository::record(4, 0x02, 43)};
    bmc.whole_record_padding = 6;
    bmc.max_response_data = 34;
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(4);
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_EQ(*records, bmc.records);
    EXPECT_EQ(limits.max_read, 32);
}

TEST_F(SdrReaderTest, AShortWholeRecordAnswerIsFinishedWithPartialReads) {
    bmc.whole_record_short = 10; // header and 5 body bytes only
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(4);
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_EQ(*records, bmc.records);
    EXPECT_EQ(limits.max_read, 32);
    EXPECT_EQ(reader.stats().shrinks, 1U);
}

TEST_F(SdrReaderTest, AWholeRecordAnswerWithoutAWholeHeaderRereadsTheHeader) {
    bmc.whole_record_short = 3;
    ipmi::SdrReader reader(client, limits);
    auto records = reader.read_all(4);
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_EQ(*records, bmc.records);
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
