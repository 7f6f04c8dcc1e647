// Seed inputs for tests/fuzz/smbios_fuzz (first byte = entry point length, then
// the entry point, then the table): checked here to parse and decode, and written
// to $SMBIOS_FUZZ_CORPUS_DIR when that is set (tests/fuzz/corpus/smbios/).
#include "smbios/inventory.hpp"
#include "smbios/ipmi_device.hpp"
#include "smbios/table.hpp"
#include "tests/smbios/smbios_builder.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>

namespace {

using test::Bytes;

Bytes zeros_with(std::size_t n, std::vector<std::pair<std::size_t, std::uint8_t>> at) {
    Bytes b(n, 0);
    for (auto [i, v] : at) {
        b[i] = v;
    }
    return b;
}

// One structure of every decoded type, bodies sized as SMBIOS 3.x writes them
// (the byte offsets in the comments are DSP0134's, header included).
Bytes inventory_table() {
    return test::concat({
        // 7.1 type 0: 18h bytes; vendor 1, version 2, date 3, ROM 0Fh.
        test::structure(0, 0x0000, zeros_with(0x14, {{0, 1}, {1, 2}, {4, 3}, {5, 0x0f}}),
                        {"Seed BIOS", "1.0", "01/01/2026"}),
        // 7.2 type 1: 1Bh bytes; strings 1-4, UUID, wake-up 06h, SKU 5, family 6.
        test::structure(1, 0x0001,
                        zeros_with(0x17, {{0, 1},
                                          {1, 2},
                                          {2, 3},
                                          {3, 4},
                                          {4, 0x12},
                                          {19, 0x34},
                                          {20, 0x06},
                                          {21, 5},
                                          {22, 6}}),
                        {"Maker", "Model", "v1", "SN", "SKU", "Family"}),
        // 7.3 type 2: 0Fh bytes.
        test::structure(2, 0x0002, zeros_with(0x0b, {{0, 1}, {1, 2}, {4, 3}, {5, 1}, {9, 0x0a}}),
                        {"Board", "MB", "ATAG"}),
        // 7.4 type 3: 16h bytes, no contained elements, SKU 2.
        test::structure(3, 0x0003, zeros_with(0x12, {{0, 1}, {1, 0x17}, {13, 2}, {17, 2}}),
                        {"Case", "CSKU"}),
        // 7.5 type 4: 32h bytes, counts through the 2Ah/2Eh words.
        test::structure(4, 0x0004,
                        zeros_with(0x2e, {{0, 1},
                                          {1, 3},
                                          {2, 0xfe},
                                          {3, 2},
                                          {0x18 - 4, 0x41},
                                          {0x23 - 4, 0xff},
                                          {0x25 - 4, 0xff},
                                          {0x28 - 4, 0x19},
                                          {0x29 - 4, 0x01},
                                          {0x2a - 4, 0x40},
                                          {0x2e - 4, 0x80}}),
                        {"CPU0", "Vendor"}),
        // 7.18 type 17: 5Ch bytes, extended size and speed.
        test::structure(17, 0x0011,
                        zeros_with(0x58, {{0x0c - 4, 0xff},
                                          {0x0d - 4, 0x7f},
                                          {0x10 - 4, 1},
                                          {0x15 - 4, 0xff},
                                          {0x16 - 4, 0xff},
                                          {0x1c - 4, 0x00},
                                          {0x1d - 4, 0x01},
                                          {0x54 - 4, 0x70},
                                          {0x55 - 4, 0x11}}),
                        {"DIMM0"}),
        test::qemu_type38(),
        test::end_of_table(),
    });
}

Bytes seed(const Bytes& entry_point, const Bytes& dmi) {
    Bytes out{static_cast<std::uint8_t>(entry_point.size())};
    out.insert(out.end(), entry_point.begin(), entry_point.end());
    out.insert(out.end(), dmi.begin(), dmi.end());
    return out;
}

std::vector<std::pair<std::string, Bytes>> seeds() {
    const auto dmi = inventory_table();
    const auto length = static_cast<std::uint16_t>(dmi.size());
    return {
        {"v2_inventory", seed(test::entry_point_2x(length, 8, 2, 8), dmi)},
        {"v3_inventory", seed(test::entry_point_3x(0x10000, 3, 6), dmi)},
        {"legacy_inventory", seed(test::entry_point_legacy(length, 8), dmi)},
    };
}

TEST(FuzzSeeds, ParseAndDecode) {
    for (const auto& [name, bytes] : seeds()) {
        SCOPED_TRACE(name);
        const std::span<const std::uint8_t> all(bytes);
        auto t = smbios::parse_table(all.subspan(1, bytes[0]), all.subspan(1U + bytes[0]));
        ASSERT_TRUE(t) << t.error().message();
        EXPECT_EQ(t->structures().size(), 8U);
        EXPECT_TRUE(smbios::decode_bios(*t->find_first(0)));
        auto sys = smbios::decode_system(*t->find_first(1), t->entry_point());
        ASSERT_TRUE(sys);
        EXPECT_TRUE(sys->uuid);
        EXPECT_EQ(sys->family, "Family");
        EXPECT_TRUE(smbios::decode_baseboard(*t->find_first(2)));
        EXPECT_EQ(smbios::decode_chassis(*t->find_first(3))->sku, "CSKU");
        auto cpu = smbios::decode_processor(*t->find_first(4));
        ASSERT_TRUE(cpu);
        EXPECT_EQ(cpu->family, 0x0119);
        EXPECT_EQ(cpu->core_count, 0x40);
        EXPECT_EQ(cpu->thread_count, 0x80);
        auto dimm = smbios::decode_memory_device(*t->find_first(17));
        ASSERT_TRUE(dimm);
        EXPECT_EQ(dimm->size_bytes, 256ULL << 20);
        EXPECT_EQ(dimm->speed_mts, 0x1170U);
        EXPECT_EQ(smbios::locate_bmc(*t)->base_address, 0xca2U);
    }
}

TEST(FuzzSeeds, WriteWhenAsked) {
    const char* dir = std::getenv("SMBIOS_FUZZ_CORPUS_DIR");
    if (dir == nullptr) {
        GTEST_SKIP() << "set SMBIOS_FUZZ_CORPUS_DIR to write the seeds";
    }
    for (const auto& [name, bytes] : seeds()) {
        std::ofstream out(std::filesystem::path(dir) / name, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()),
                  static_cast<std::streamsize>(bytes.size()));
        ASSERT_TRUE(out) << name;
    }
}

} // namespace
