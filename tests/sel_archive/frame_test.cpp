// The file format on bytes: frames and headers round trip; every kind of damage (a frame
// cut at every byte, a flipped bit, a zero-filled tail, garbage, impossible lengths, an
// unknown kind with a good checksum) ends the good prefix where it starts; identities as text.
#include "sel_archive/frame.hpp"

#include <gtest/gtest.h>
#include <limits>

#include <zlib.h>

namespace {

using namespace sel_archive;
using format::FrameKind;
using format::Problem;

ipmi::RawSel entry(std::uint8_t id, std::uint8_t stamp = 0x10) {
    return {id, 0x00, 0x02, stamp, 0x20, 0x30, 0x40, 0x20, 0x00, 0x04, 0x01, 0x30, 0x01, 0x52, 0x0f, 0xff};
}

Record record(Sequence s, std::uint8_t id) {
    return Record{s, std::chrono::system_clock::time_point(std::chrono::microseconds(1700000000123456LL)), entry(id)};
}

std::vector<std::uint8_t> segment_with(std::initializer_list<Record> records) {
    const format::Uuid id{1, 2, 3, 4, 5, 6, 0x47, 8, 0x89, 10, 11, 12, 13, 14, 15, 16};
    const auto h = format::encode_header(id);
    std::vector<std::uint8_t> out(h.begin(), h.end());
    const std::vector<ipmi::RawSel> none;
    EXPECT_TRUE(format::append_set(out, FrameKind::view, none));
    for (const auto& r : records) {
        format::append_entry(out, r);
    }
    return out;
}

std::vector<Record> entries_of(std::span<const std::uint8_t> bytes, format::Scan* scan = nullptr) {
    std::vector<Record> out;
    const auto s = format::scan_segment(bytes, [&](const format::Frame& f) {
        if (f.kind == FrameKind::entry) {
            out.push_back(f.record);
        }
        return true;
    });
    if (scan != nullptr) {
        *scan = s;
    }
    return out;
}

TEST(SelArchiveFrame, EntryRoundTrips) {
    std::vector<std::uint8_t> bytes;
    format::append_entry(bytes, record(42, 7));
    ASSERT_EQ(bytes.size(), format::entry_frame_bytes);
    auto f = format::decode_frame(bytes);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->kind, FrameKind::entry);
    EXPECT_EQ(f->size, bytes.size());
    EXPECT_EQ(f->record.sequence, 42U);
    EXPECT_EQ(f->record.bytes, entry(7));
    EXPECT_EQ(f->record.archived_at, record(42, 7).archived_at);
}

TEST(SelArchiveFrame, SetsRoundTrip) {
    const std::vector<ipmi::RawSel> set{entry(1), entry(2), entry(2)};
    for (auto kind : {FrameKind::view, FrameKind::forget}) {
        std::vector<std::uint8_t> bytes;
        ASSERT_TRUE(format::append_set(bytes, kind, set));
        auto f = format::decode_frame(bytes);
        ASSERT_TRUE(f);
        EXPECT_EQ(f->kind, kind);
        EXPECT_EQ(f->set, set);
    }
}

TEST(SelArchiveFrame, HeaderRoundTripsAndRefusesOtherFiles) {
    const format::Uuid id{9, 8, 7, 6, 5, 4, 0x43, 2, 0x81, 0, 1, 2, 3, 4, 5, 6};
    const auto h = format::encode_header(id);
    EXPECT_EQ(format::decode_header(h), id);
    for (std::size_t n = 0; n < h.size(); ++n) {
        auto bad = h;
        bad[n] ^= 0x01;
        EXPECT_FALSE(format::decode_header(bad)) << "byte " << n;
    }
    EXPECT_FALSE(format::decode_header(std::span(h).first(31)));
}

TEST(SelArchiveFrame, ScanKeepsEveryRecordOfAGoodSegment) {
    const auto bytes = segment_with({record(1, 1), record(2, 2), record(3, 3)});
    format::Scan scan;
    const auto got = entries_of(bytes, &scan);
    ASSERT_EQ(got.size(), 3U);
    EXPECT_EQ(got[2].sequence, 3U);
    EXPECT_EQ(scan.good_bytes, bytes.size());
    EXPECT_EQ(scan.problem, Problem::none);
}

TEST(SelArchiveFrame, AFrameCutAtAnyByteIsTornAndThePrefixKept) {
    const auto whole = segment_with({record(1, 1), record(2, 2)});
    const auto prefix = whole.size() - format::entry_frame_bytes;
    for (std::size_t cut = prefix + 1; cut < whole.size(); ++cut) {
        format::Scan scan;
        const auto got = entries_of(std::span(whole).first(cut), &scan);
        ASSERT_EQ(got.size(), 1U) << "cut at " << cut;
        EXPECT_EQ(scan.good_bytes, prefix);
        EXPECT_EQ(scan.problem, Problem::torn) << "cut at " << cut;
    }
}

TEST(SelArchiveFrame, AFlippedBitFailsTheChecksum) {
    const auto whole = segment_with({record(1, 1), record(2, 2), record(3, 3)});
    const auto second = whole.size() - 2 * format::entry_frame_bytes;
    // Every payload byte of record 2 (the length's bytes change what is read; see below).
    for (std::size_t at = second + 4; at < second + format::entry_frame_bytes; ++at) {
        auto bad = whole;
        bad[at] ^= 0x10;
        format::Scan scan;
        const auto got = entries_of(bad, &scan);
        ASSERT_EQ(got.size(), 1U) << "byte " << at;
        EXPECT_EQ(scan.problem, Problem::bad_checksum) << "byte " << at;
        EXPECT_EQ(scan.good_bytes, second);
    }
}

TEST(SelArchiveFrame, AZeroFilledTailIsNamed) {
    auto bytes = segment_with({record(1, 1)});
    const auto good = bytes.size();
    bytes.resize(good + 4096, 0);
    format::Scan scan;
    EXPECT_EQ(entries_of(bytes, &scan).size(), 1U);
    EXPECT_EQ(scan.problem, Problem::zero_fill);
    EXPECT_EQ(scan.good_bytes, good);
}

TEST(SelArchiveFrame, GarbageAndImpossibleLengthsEndThePrefix) {
    auto bytes = segment_with({record(1, 1)});
    const auto good = bytes.size();
    // A length past the largest frame.
    auto huge = bytes;
    huge.insert(huge.end(), {0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4, 5});
    format::Scan scan;
    EXPECT_EQ(entries_of(huge, &scan).size(), 1U);
    EXPECT_EQ(scan.problem, Problem::bad_length);
    // Pseudo-random garbage.
    std::uint32_t x = 12345;
    for (int n = 0; n < 1000; ++n) {
        x = x * 1103515245U + 12345U;
        bytes.push_back(static_cast<std::uint8_t>(x >> 24U));
    }
    EXPECT_EQ(entries_of(bytes, &scan).size(), 1U);
    EXPECT_NE(scan.problem, Problem::none);
    EXPECT_EQ(scan.good_bytes, good);
}

TEST(SelArchiveFrame, AnUnknownKindWithAGoodChecksumIsRefused) {
    std::vector<std::uint8_t> payload{0x09, 1, 2, 3};
    std::vector<std::uint8_t> frame{4, 0, 0, 0};
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, frame.data(), 4);
    crc = crc32(crc, payload.data(), static_cast<uInt>(payload.size()));
    for (int n = 0; n < 4; ++n) {
        frame.push_back(static_cast<std::uint8_t>(crc >> (8 * n)));
    }
    frame.insert(frame.end(), payload.begin(), payload.end());
    auto f = format::decode_frame(frame);
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error(), Problem::bad_payload);
}

TEST(SelArchiveFrame, ANonSegmentFileHasNoHeader) {
    const std::string text = "not an archive at all, just some text that is long enough";
    const std::vector<std::uint8_t> bytes(text.begin(), text.end());
    format::Scan scan;
    EXPECT_TRUE(entries_of(bytes, &scan).empty());
    EXPECT_FALSE(scan.archive);
    EXPECT_EQ(scan.good_bytes, 0U);
}

TEST(SelArchiveIdentity, RoundTripsAndRefusesWhatIsNotOne) {
    const Identity i{"0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", 1234567};
    const auto text = to_text(i);
    EXPECT_EQ(text, "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9:1234567");
    const auto back = parse_identity(text);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->archive_id, i.archive_id);
    EXPECT_EQ(back->sequence, i.sequence);
    // Upper-case hex digits are the same archive, written back in lower case.
    const auto upper = parse_identity("0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9:7");
    ASSERT_TRUE(upper);
    EXPECT_EQ(upper->archive_id, i.archive_id);
    EXPECT_EQ(parse_identity("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9:18446744073709551615")->sequence,
              18446744073709551615ULL);
    for (const char* bad : {"", ":", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9:",
                            "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9:-1", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9:+1",
                            "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9:12x", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9:18446744073709551616",
                            "0f1e2d3c4b5a-4978-8695-a4b3c2d1e0f9a:1", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0fg:1",
                            "uuid:0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9:1x"}) {
        EXPECT_FALSE(parse_identity(bad)) << bad;
    }
}

} // namespace

// sel_archive_fuzz's finding: an entry frame with a good checksum whose archived-at count
// (microseconds) is beyond what system_clock's nanoseconds hold overflowed the conversion
// (UBSan); it is a bad payload now, and the prefix before it is kept.
TEST(SelArchiveFrame, AnArchivedAtBeyondTheClocksRangeIsABadPayload) {
    for (const std::int64_t micros : {std::int64_t{288265560523826178}, std::numeric_limits<std::int64_t>::min()}) {
        auto bytes = segment_with({record(1, 0x01), record(2, 0x02)});
        std::vector<std::uint8_t> second;
        format::append_entry(second, record(2, 0x02));
        const std::size_t at = bytes.size() - second.size(); // the second entry's frame
        for (std::size_t n = 0; n < 8; ++n) {
            bytes[at + format::frame_head_bytes + 9 + n] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(micros) >> (8U * n));
        }
        uLong crc = crc32(0L, Z_NULL, 0);
        crc = crc32(crc, bytes.data() + at, 4);
        crc = crc32(crc, bytes.data() + at + format::frame_head_bytes,
                    static_cast<uInt>(second.size() - format::frame_head_bytes));
        for (std::size_t n = 0; n < 4; ++n) {
            bytes[at + 4 + n] = static_cast<std::uint8_t>(crc >> (8U * n));
        }
        format::Scan scan;
        const auto got = entries_of(bytes, &scan);
        ASSERT_EQ(got.size(), 1U);
        EXPECT_EQ(got[0].sequence, 1U);
        EXPECT_EQ(scan.problem, Problem::bad_payload);
        EXPECT_EQ(scan.good_bytes, at);
    }
}
