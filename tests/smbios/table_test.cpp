// Entry points (2.x, 3.x, legacy), the structure walk and its strings, and every
// corrupt input: each gives its own error, never a crash or over-read.
#include "smbios/errc.hpp"
#include "smbios/table.hpp"
#include "tests/smbios/smbios_builder.hpp"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <string>

namespace {

using smbios::Errc;
using test::Bytes;

Bytes sample_table() {
    return test::concat(
        {test::structure(0, 0x0000, Bytes(0x0e, 0), {"Vendor", "1.2", "01/02/2026"}),
         test::structure(38, 0x0030, Bytes(0x0e, 1)), test::qemu_type38(), test::end_of_table()});
}

TEST(EntryPoint, Version2x) {
    auto ep = smbios::parse_entry_point(test::entry_point_2x(0x123, 7, 2, 8));
    ASSERT_TRUE(ep) << ep.error().message();
    EXPECT_EQ(ep->major, 2);
    EXPECT_EQ(ep->minor, 8);
    EXPECT_FALSE(ep->is_64bit);
    EXPECT_EQ(ep->table_length, 0x123U);
    EXPECT_EQ(ep->table_address, 0x000f0000U);
    EXPECT_EQ(ep->structure_count, 7);
}

TEST(EntryPoint, Version3x) {
    auto ep = smbios::parse_entry_point(test::entry_point_3x(0x2000, 3, 4));
    ASSERT_TRUE(ep) << ep.error().message();
    EXPECT_EQ(ep->major, 3);
    EXPECT_EQ(ep->minor, 4);
    EXPECT_EQ(ep->docrev, 1);
    EXPECT_TRUE(ep->is_64bit);
    EXPECT_EQ(ep->table_length, 0x2000U);
    EXPECT_EQ(ep->table_address, 0x7fb00000U);
    EXPECT_EQ(ep->structure_count, 0);
}

TEST(EntryPoint, TheSmbios21LengthBugIsAccepted) {
    // Some 2.1 firmware writes 1Eh in the length field of the 31-byte structure.
    auto ep = test::entry_point_2x(0x80, 2, 2, 1);
    ep[0x05] = 0x1e;
    ep[0x04] = 0;
    ep[0x04] = test::zero_checksum(ep, 0, 0x1e);
    auto parsed = smbios::parse_entry_point(ep);
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(parsed->minor, 1);
    EXPECT_EQ(parsed->table_length, 0x80U);
}

TEST(EntryPoint, Legacy) {
    auto ep = smbios::parse_entry_point(test::entry_point_legacy(0x80, 3));
    ASSERT_TRUE(ep) << ep.error().message();
    EXPECT_EQ(ep->major, 2);
    EXPECT_EQ(ep->minor, 0);
    EXPECT_EQ(ep->table_length, 0x80U);
    EXPECT_EQ(ep->structure_count, 3);
}

TEST(EntryPoint, CorruptInputs) {
    auto err = [](const Bytes& b) { return smbios::parse_entry_point(b).error(); };
    EXPECT_EQ(err({}), Errc::entry_point_too_short);
    EXPECT_EQ(err({'_', 'X', 'Y', '_', 0, 0}), Errc::bad_anchor);
    auto two = test::entry_point_2x(0x100, 1);
    EXPECT_EQ(err(Bytes(two.begin(), two.begin() + 20)), Errc::entry_point_too_short);
    auto bad_sum = two;
    bad_sum[0x04] ^= 1;
    EXPECT_EQ(err(bad_sum), Errc::bad_entry_point_checksum);
    auto bad_len = two;
    bad_len[0x05] = 0x40;
    EXPECT_EQ(err(bad_len), Errc::bad_entry_point_length);
    auto bad_inter = two;
    bad_inter[0x11] = 'X';
    bad_inter[0x04] = static_cast<std::uint8_t>(bad_inter[0x04] + 'D' - 'X'); // keep the outer sum
    EXPECT_EQ(err(bad_inter), Errc::bad_intermediate_anchor);
    auto bad_inter_sum = two;
    bad_inter_sum[0x15] = static_cast<std::uint8_t>(bad_inter_sum[0x15] + 1);
    bad_inter_sum[0x04] = static_cast<std::uint8_t>(bad_inter_sum[0x04] - 1);
    EXPECT_EQ(err(bad_inter_sum), Errc::bad_intermediate_checksum);
    // Found by smbios_fuzz: a length field of 1Eh on a 30-byte buffer must not
    // read the "_DMI_" part past the end.
    auto short_buggy = two;
    short_buggy[0x05] = 0x1e;
    short_buggy.resize(0x1e);
    EXPECT_EQ(err(short_buggy), Errc::entry_point_too_short);
    auto three = test::entry_point_3x(0x100);
    EXPECT_EQ(err(Bytes(three.begin(), three.begin() + 0x17)), Errc::entry_point_too_short);
    auto three_sum = three;
    three_sum[0x10] ^= 0x40;
    EXPECT_EQ(err(three_sum), Errc::bad_entry_point_checksum);
    auto three_rev = three;
    three_rev[0x0a] = 2;
    three_rev[0x05] = static_cast<std::uint8_t>(three_rev[0x05] - 1);
    EXPECT_EQ(err(three_rev), Errc::unsupported_revision);
    auto three_len = three;
    three_len[0x06] = 0x10;
    EXPECT_EQ(err(three_len), Errc::bad_entry_point_length);
    auto legacy = test::entry_point_legacy(0x80, 3);
    legacy[0x06] ^= 1;
    EXPECT_EQ(err(legacy), Errc::bad_entry_point_checksum);
}

TEST(Table, WalksStructuresAndStrings) {
    const auto dmi = sample_table();
    auto t =
        smbios::parse_table(test::entry_point_2x(static_cast<std::uint16_t>(dmi.size()), 4), dmi);
    ASSERT_TRUE(t) << t.error().message();
    ASSERT_EQ(t->structures().size(), 4U);
    const auto& bios = t->structures()[0];
    EXPECT_EQ(bios.type, 0);
    EXPECT_EQ(bios.length, 0x12);
    EXPECT_EQ(bios.handle, 0x0000);
    ASSERT_EQ(bios.strings.size(), 3U);
    EXPECT_EQ(bios.string(1).value(), "Vendor");
    EXPECT_EQ(bios.string(3).value(), "01/02/2026");
    EXPECT_EQ(bios.string(0).value(), "");
    EXPECT_EQ(bios.string(4).error(), Errc::string_index_out_of_range);
    EXPECT_TRUE(t->structures()[1].strings.empty());
    EXPECT_EQ(t->find_first(38)->handle, 0x0030);
    EXPECT_EQ(t->find_all(38).size(), 2U);
    EXPECT_EQ(t->find_first(17), nullptr);
    EXPECT_EQ(t->structures().back().type, 127);
}

TEST(Table, Version3StopsAtEndOfTableAndMayBeShorterThanItsMaximum) {
    auto dmi = sample_table();
    const auto real = dmi.size();
    dmi.resize(real + 32, 0xee); // bytes after type 127 are not structures
    auto t = smbios::parse_table(test::entry_point_3x(0x10000), dmi);
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->structures().size(), 4U);
}

TEST(Table, Version2StopsAtItsStructureCount) {
    const auto dmi = sample_table();
    auto t =
        smbios::parse_table(test::entry_point_2x(static_cast<std::uint16_t>(dmi.size()), 2), dmi);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->structures().size(), 2U);
}

TEST(Table, Version2CountAboveTheRealNumberStopsAtTheTableLength) {
    // No type 127, a count of 50 and zero padding to the announced length.
    auto dmi = test::concat(
        {test::structure(1, 1, Bytes(4, 0), {"a"}), test::structure(2, 2, Bytes(4, 0))});
    const auto real = dmi.size();
    dmi.resize(real + 16, 0);
    auto t =
        smbios::parse_table(test::entry_point_2x(static_cast<std::uint16_t>(dmi.size()), 50), dmi);
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->structures().size(), 2U);
    // A count of 50 with garbage instead of padding is still an error.
    dmi.resize(real);
    dmi.insert(dmi.end(), {0x01, 0x02, 0x00, 0x00, 0x00, 0x00});
    EXPECT_EQ(
        smbios::parse_table(test::entry_point_2x(static_cast<std::uint16_t>(dmi.size()), 50), dmi)
            .error(),
        Errc::structure_too_short);
}

TEST(Table, Version2IgnoresBytesPastItsLength) {
    const auto dmi = sample_table();
    auto longer = dmi;
    longer.insert(longer.end(), {0xde, 0xad, 0xbe, 0xef});
    auto t = smbios::parse_table(test::entry_point_2x(static_cast<std::uint16_t>(dmi.size()), 0),
                                 longer);
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->structures().size(), 4U);
}

TEST(Table, EndOfTableStopsTheWalkBeforeTheCount) {
    auto dmi = sample_table();
    const auto with_trailer =
        test::concat({dmi, test::structure(0x80, 0x99, Bytes(2, 0)), Bytes(2, 0xff)});
    auto t = smbios::parse_table(
        test::entry_point_2x(static_cast<std::uint16_t>(with_trailer.size()), 9), with_trailer);
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->structures().size(), 4U);
    EXPECT_EQ(t->structures().back().type, 127);
}

TEST(Table, LegacyEntryPoint) {
    const auto dmi = sample_table();
    auto t = smbios::parse_table(
        test::entry_point_legacy(static_cast<std::uint16_t>(dmi.size()), 4), dmi);
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->entry_point().major, 2);
    EXPECT_EQ(t->structures().size(), 4U);
}

TEST(Table, Version3WithoutEndOfTableEndsWithTheBytes) {
    const auto dmi = test::concat({test::structure(1, 1, Bytes(4, 0), {"x"}), Bytes(8, 0)});
    auto t = smbios::parse_table(test::entry_point_3x(0x10000), dmi);
    ASSERT_TRUE(t) << t.error().message();
    ASSERT_EQ(t->structures().size(), 1U);
    EXPECT_EQ(t->structures()[0].string(1).value(), "x");
    EXPECT_EQ(t->structures()[0].string(255).error(), Errc::string_index_out_of_range);
    // The maximum cuts a structure: it overruns the table.
    EXPECT_EQ(smbios::parse_table(test::entry_point_3x(6), dmi).error(),
              Errc::structure_overruns_table);
    // An empty table is a table without structures.
    auto empty = smbios::parse_table(test::entry_point_3x(0x100), Bytes{});
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->structures().empty());
}

TEST(Table, FormattedAreaIncludesTheHeader) {
    const auto dmi = sample_table();
    auto t = smbios::parse_table(test::entry_point_3x(0x1000), dmi);
    ASSERT_TRUE(t);
    const auto& s = t->structures()[2]; // QEMU's type 38
    EXPECT_EQ(s.formatted.size(), 0x12U);
    EXPECT_EQ(s.formatted[0], 38);
    EXPECT_EQ(s.formatted[0x11], 0x05);
    EXPECT_EQ(s.handle, 0x3000);
}

TEST(Table, SurvivesAMove) {
    const auto dmi = sample_table();
    auto t = smbios::parse_table(test::entry_point_3x(0x1000), dmi);
    ASSERT_TRUE(t);
    smbios::Table moved = std::move(*t);
    EXPECT_EQ(moved.structures()[0].string(2).value(), "1.2");
}

TEST(Table, CorruptInputs) {
    const auto ep3 = test::entry_point_3x(0x10000);
    auto err = [&](const Bytes& dmi) { return smbios::parse_table(ep3, dmi).error(); };

    // A 2.x table shorter than announced.
    const auto dmi = sample_table();
    EXPECT_EQ(smbios::parse_table(
                  test::entry_point_2x(static_cast<std::uint16_t>(dmi.size() + 10), 4), dmi)
                  .error(),
              Errc::table_truncated);
    // Structure length under 4.
    auto short_len = test::structure(1, 1, {});
    short_len[1] = 3;
    EXPECT_EQ(err(short_len), Errc::structure_too_short);
    // Formatted area past the end.
    auto overrun = test::structure(1, 1, Bytes(10, 0));
    overrun[1] = 200;
    EXPECT_EQ(err(overrun), Errc::structure_overruns_table);
    // No double NUL.
    Bytes unterminated = {1, 4, 0, 0, 'a', 'b', 0, 'c'};
    EXPECT_EQ(err(unterminated), Errc::missing_terminator);
    Bytes no_strings_single_nul = {1, 4, 0, 0, 0};
    EXPECT_EQ(err(no_strings_single_nul), Errc::missing_terminator);
    // A string set that never ends: a megabyte of text.
    Bytes endless = {1, 4, 0, 0};
    endless.resize(1 << 20, 'x');
    EXPECT_EQ(err(endless), Errc::missing_terminator);
    // A header cut short after the last complete structure.
    auto cut = test::structure(1, 1, {});
    cut.insert(cut.end(), {0x02, 0x08});
    EXPECT_EQ(err(cut), Errc::structure_overruns_table);
}

TEST(Table, ManyMinimalStructuresAreBounded) {
    Bytes dmi;
    for (int i = 0; i < 10000; ++i) {
        const auto s = test::structure(0x80, static_cast<std::uint16_t>(i), {});
        dmi.insert(dmi.end(), s.begin(), s.end());
    }
    auto t = smbios::parse_table(test::entry_point_3x(static_cast<std::uint32_t>(dmi.size())), dmi);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->structures().size(), 10000U);
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string templ = ::testing::TempDir() + "smbiosXXXXXX";
        path = ::mkdtemp(templ.data());
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const Bytes& b) const {
        std::ofstream(path / name, std::ios::binary)
            .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    }
};

TEST(ReadTable, FromADirectory) {
    TempDir dir;
    const auto dmi = sample_table();
    dir.write("smbios_entry_point",
              test::entry_point_2x(static_cast<std::uint16_t>(dmi.size()), 4));
    dir.write("DMI", dmi);
    auto t = smbios::read_table(dir.path);
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->structures().size(), 4U);
}

TEST(ReadTable, MissingAndOversizedFiles) {
    TempDir dir;
    EXPECT_EQ(smbios::read_table(dir.path).error(), Errc::cannot_read);
    dir.write("smbios_entry_point", test::entry_point_3x(0x100));
    EXPECT_EQ(smbios::read_table(dir.path).error(), Errc::cannot_read);
    dir.write("DMI", Bytes((1 << 20) + 1, 0));
    EXPECT_EQ(smbios::read_table(dir.path).error(), Errc::file_too_large);
    std::filesystem::remove(dir.path / "DMI");
    std::filesystem::create_directory(dir.path / "DMI");
    EXPECT_EQ(smbios::read_table(dir.path).error(), Errc::cannot_read);
}

TEST(ReadTable, CorruptFilesGiveTheParserError) {
    TempDir dir;
    auto ep = test::entry_point_3x(0x100);
    ep[0x05] ^= 1;
    dir.write("smbios_entry_point", ep);
    dir.write("DMI", sample_table());
    EXPECT_EQ(smbios::read_table(dir.path).error(), Errc::bad_entry_point_checksum);
}

TEST(Errors, HaveTheirOwnCategoryAndMessages) {
    std::error_code ec = Errc::bad_entry_point_checksum;
    EXPECT_STREQ(ec.category().name(), "smbios");
    EXPECT_EQ(&ec.category(), &smbios::category());
    EXPECT_EQ(smbios::make_error_code(Errc::bad_anchor), Errc::bad_anchor);
    EXPECT_NE(ec.message().find("checksum"), std::string::npos);
    EXPECT_NE(std::error_code(Errc::no_ipmi_device).message().find("type 38"), std::string::npos);
    // Every value has its own message.
    std::set<std::string> messages;
    const int last = static_cast<int>(Errc::wrong_structure_type);
    for (int v = static_cast<int>(Errc::cannot_read); v <= last; ++v) {
        const auto m = std::error_code(static_cast<Errc>(v)).message();
        EXPECT_EQ(m.find("unknown smbios error"), std::string::npos) << v;
        messages.insert(m);
    }
    EXPECT_EQ(messages.size(), static_cast<std::size_t>(last));
}

} // namespace
