// Inventory structures (types 0, 1, 2, 3, 4, 17): every field from byte
// fixtures, fields absent in shorter (older) records, and bad string numbers.
#include "smbios/errc.hpp"
#include "smbios/inventory.hpp"
#include "tests/smbios/smbios_builder.hpp"

#include <gtest/gtest.h>

namespace {

using smbios::Errc;
using test::Bytes;

struct Parsed {
    smbios::Table table;
    const smbios::Structure& first() const { return table.structures()[0]; }
};

Parsed parse(const Bytes& structure, std::uint8_t major = 3, std::uint8_t minor = 4) {
    const auto dmi = test::concat({structure, test::end_of_table()});
    return {std::move(
        smbios::parse_table(
            test::entry_point_3x(static_cast<std::uint32_t>(dmi.size()), major, minor), dmi)
            .value())};
}

Bytes le(std::uint64_t v, int n) {
    Bytes out;
    for (int i = 0; i < n; ++i) {
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    return out;
}

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

TEST(Bios, EveryField) {
    // 04 vendor, 05 version, 06 segment, 08 date, 09 ROM size, 0A characteristics,
    // 12 ext, 14-17 BIOS/EC release.
    const Bytes body = cat({{1, 2},
                            le(0xe800, 2),
                            {3, 0x0f},
                            le(0x0123456789abcdefULL, 8),
                            le(0x0c03, 2),
                            {5, 17, 0xff, 0xff}});
    auto p = parse(test::structure(0, 0, body, {"Acme BIOS", "2.17.0", "06/30/2026"}));
    auto b = smbios::decode_bios(p.first());
    ASSERT_TRUE(b) << b.error().message();
    EXPECT_EQ(b->vendor, "Acme BIOS");
    EXPECT_EQ(b->version, "2.17.0");
    EXPECT_EQ(b->starting_segment, 0xe800);
    EXPECT_EQ(b->release_date, "06/30/2026");
    EXPECT_EQ(b->rom_size_bytes, 16U * 64 * 1024);
    EXPECT_EQ(b->characteristics, 0x0123456789abcdefULL);
    EXPECT_EQ(b->characteristics_ext, 0x0c03);
    EXPECT_EQ(b->bios_major, 5);
    EXPECT_EQ(b->bios_minor, 17);
    EXPECT_EQ(b->ec_major, 0xff);
    EXPECT_EQ(b->ec_minor, 0xff);
}

TEST(Bios, OneExtensionByteInA21Record) {
    // 2.1-2.3: length 13h, one characteristics extension byte.
    const Bytes body = cat({{1, 2}, le(0xe000, 2), {3, 0x03}, le(0x90, 8), {0x21}});
    auto p = parse(test::structure(0, 0, body, {"v", "1", "d"}), 2, 3);
    auto b = smbios::decode_bios(p.first());
    ASSERT_TRUE(b) << b.error().message();
    EXPECT_EQ(b->characteristics_ext, 0x21);
    EXPECT_FALSE(b->bios_major);
    EXPECT_FALSE(b->ec_minor);
}

TEST(Bios, ExtendedRomSizeAndOldRecords) {
    const Bytes body = cat(
        {{1, 2}, le(0xe800, 2), {3, 0xff}, le(0, 8), le(0, 2), {1, 0, 0xff, 0xff}, le(0x4002, 2)});
    auto p = parse(test::structure(0, 0, body, {"v", "1", "d"}));
    auto b = smbios::decode_bios(p.first());
    ASSERT_TRUE(b);
    EXPECT_EQ(b->rom_size_bytes, 2ULL << 30); // 2 GiB (unit bits 15:14 = 01b)
    // A 2.0 record (length 12h) has no extension or release bytes.
    const Bytes old = cat({{1, 2}, le(0xf000, 2), {3, 0x07}, le(0x80, 8)});
    auto p2 = parse(test::structure(0, 0, old, {"v", "1", "d"}));
    auto b2 = smbios::decode_bios(p2.first());
    ASSERT_TRUE(b2);
    EXPECT_EQ(b2->rom_size_bytes, 8U * 64 * 1024);
    EXPECT_FALSE(b2->characteristics_ext);
    EXPECT_FALSE(b2->bios_major);
}

const Bytes uuid_bytes{0x44, 0x45, 0x4c, 0x4c, 0x42, 0x00, 0x10, 0x35,
                       0x80, 0x52, 0xb2, 0xc0, 0x4f, 0x4e, 0x33, 0x32};

TEST(System, EveryFieldAndUuidByteOrder) {
    const Bytes body = cat({{1, 2, 3, 4}, uuid_bytes, {0x06, 5, 6}});
    auto p = parse(
        test::structure(1, 1, body, {"Maker", "Model X", "v1", "SN123", "SKU-9", "Family F"}));
    auto s = smbios::decode_system(p.first(), p.table.entry_point());
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(s->manufacturer, "Maker");
    EXPECT_EQ(s->product, "Model X");
    EXPECT_EQ(s->version, "v1");
    EXPECT_EQ(s->serial, "SN123");
    EXPECT_EQ(s->uuid, "4c4c4544-0042-3510-8052-b2c04f4e3332"); // 2.6+: first fields little-endian
    EXPECT_EQ(s->wake_up_type, 0x06);
    EXPECT_EQ(s->sku, "SKU-9");
    EXPECT_EQ(s->family, "Family F");
    // Before 2.6 the bytes are taken in order.
    auto old = parse(test::structure(1, 1, body, {"a", "b", "c", "d", "e", "f"}), 2, 5);
    EXPECT_EQ(smbios::decode_system(old.first(), old.table.entry_point())->uuid,
              "44454c4c-4200-1035-8052-b2c04f4e3332");
}

TEST(System, AbsentUuidAndShortRecord) {
    const Bytes body = cat({{1, 2, 3, 4}, Bytes(16, 0xff), {0x06, 0, 0}});
    auto p = parse(test::structure(1, 1, body, {"a", "b", "c", "d"}));
    EXPECT_FALSE(smbios::decode_system(p.first(), p.table.entry_point())->uuid);
    const Bytes zero_uuid = cat({{1, 2, 3, 4}, Bytes(16, 0x00), {0x06, 0, 0}});
    auto pz = parse(test::structure(1, 1, zero_uuid, {"a", "b", "c", "d"}));
    EXPECT_FALSE(smbios::decode_system(pz.first(), pz.table.entry_point())->uuid);
    auto v20 = parse(test::structure(1, 1, {1, 2, 3, 4}, {"a", "b", "c", "d"}));
    auto s = smbios::decode_system(v20.first(), v20.table.entry_point());
    ASSERT_TRUE(s);
    EXPECT_FALSE(s->uuid);
    EXPECT_FALSE(s->sku);
}

TEST(Baseboard, EveryField) {
    const Bytes body = cat({{1, 2, 3, 4, 5, 0x09, 6}, le(0x0003, 2), {0x0a, 0}});
    auto p =
        parse(test::structure(2, 2, body, {"Board Co", "MB-1", "rev 3", "BSN", "ATAG", "Slot 0"}));
    auto b = smbios::decode_baseboard(p.first());
    ASSERT_TRUE(b) << b.error().message();
    EXPECT_EQ(b->manufacturer, "Board Co");
    EXPECT_EQ(b->product, "MB-1");
    EXPECT_EQ(b->version, "rev 3");
    EXPECT_EQ(b->serial, "BSN");
    EXPECT_EQ(b->asset_tag, "ATAG");
    EXPECT_EQ(b->feature_flags, 0x09);
    EXPECT_EQ(b->location_in_chassis, "Slot 0");
    EXPECT_EQ(b->chassis_handle, 0x0003);
    EXPECT_EQ(b->board_type, 0x0a);
}

TEST(Chassis, EveryFieldWithContainedElementsBeforeSku) {
    // n = 2 contained elements of m = 3 bytes, then the SKU string number.
    const Bytes body = cat({{1, 0x97, 2, 3, 4, 0x03, 0x03, 0x03, 0x03},
                            le(0xdeadbeef, 4),
                            {2, 2, 2, 3},
                            Bytes(6, 0),
                            {5}});
    auto p = parse(test::structure(3, 3, body, {"Case Co", "v2", "CSN", "CTAG", "CSKU"}));
    auto c = smbios::decode_chassis(p.first());
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_EQ(c->manufacturer, "Case Co");
    EXPECT_EQ(c->type, 0x17);
    EXPECT_TRUE(c->lock_present);
    EXPECT_EQ(c->version, "v2");
    EXPECT_EQ(c->serial, "CSN");
    EXPECT_EQ(c->asset_tag, "CTAG");
    EXPECT_EQ(c->boot_up_state, 3);
    EXPECT_EQ(c->power_supply_state, 3);
    EXPECT_EQ(c->thermal_state, 3);
    EXPECT_EQ(c->security_status, 3);
    EXPECT_EQ(c->oem_defined, 0xdeadbeefU);
    EXPECT_EQ(c->height_u, 2);
    EXPECT_EQ(c->power_cords, 2);
    EXPECT_EQ(c->sku, "CSKU");
}

TEST(Processor, EveryFieldIncludingExtendedCounts) {
    Bytes body = cat({{1, 0x03, 0xfe, 2},
                      le(0x000806f8bfebfbffULL, 8),
                      {3, 0x8a},
                      le(100, 2),
                      le(4000, 2),
                      le(2100, 2),
                      {0x41, 0x3f},
                      le(0x10, 2),
                      le(0x11, 2),
                      le(0x12, 2),
                      {4, 5, 6},
                      {0xff, 0xff, 0xff},
                      le(0x00fc, 2),
                      le(0x0119, 2),
                      le(300, 2),
                      le(290, 2),
                      le(600, 2),
                      le(580, 2)});
    auto p = parse(test::structure(4, 4, body,
                                   {"CPU0", "Intel(R) Corporation", "Xeon", "PSN", "PTAG", "PPN"}));
    auto c = smbios::decode_processor(p.first());
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_EQ(c->socket, "CPU0");
    EXPECT_EQ(c->processor_type, 0x03);
    EXPECT_EQ(c->family, 0x0119); // FEh: see family 2 at 28h
    EXPECT_EQ(c->manufacturer, "Intel(R) Corporation");
    EXPECT_EQ(c->id, 0x000806f8bfebfbffULL);
    EXPECT_EQ(c->version, "Xeon");
    EXPECT_EQ(c->voltage, 0x8a);
    EXPECT_EQ(c->external_clock_mhz, 100);
    EXPECT_EQ(c->max_speed_mhz, 4000);
    EXPECT_EQ(c->current_speed_mhz, 2100);
    EXPECT_EQ(c->status, 0x41);
    EXPECT_TRUE(c->populated);
    EXPECT_EQ(c->upgrade, 0x3f);
    EXPECT_EQ(c->serial, "PSN");
    EXPECT_EQ(c->asset_tag, "PTAG");
    EXPECT_EQ(c->part_number, "PPN");
    EXPECT_EQ(c->core_count, 300);
    EXPECT_EQ(c->cores_enabled, 290);
    EXPECT_EQ(c->thread_count, 600);
    EXPECT_EQ(c->characteristics, 0x00fc);
    EXPECT_EQ(c->threads_enabled, 580);
}

TEST(Processor, OldRecordHasNoCounts) {
    const Bytes body = cat(
        {{1, 0x03, 0xb3, 2}, le(1, 8), {3, 0x8a}, le(100, 2), le(4000, 2), le(2100, 2), {0x41, 1}});
    auto p = parse(test::structure(4, 4, body, {"CPU0", "M", "V"}));
    auto c = smbios::decode_processor(p.first());
    ASSERT_TRUE(c);
    EXPECT_EQ(c->family, 0xb3);
    EXPECT_FALSE(c->core_count);
    EXPECT_FALSE(c->serial);
}

Bytes memory_body(std::uint16_t size, std::uint32_t extended, std::uint16_t speed,
                  std::uint32_t ext_speed) {
    Bytes body = cat({le(0x1000, 2),
                      le(0xfffe, 2),
                      le(72, 2),
                      le(64, 2),
                      le(size, 2),
                      {0x09, 0, 1, 2, 0x1a},
                      le(0x0080, 2),
                      le(speed, 2),
                      {3, 4, 5, 6, 0x02},
                      le(extended, 4),
                      le(speed, 2),
                      le(1200, 2),
                      le(1350, 2),
                      le(1200, 2)});
    body.resize(0x54 - 4, 0);
    const Bytes tail = cat({le(ext_speed, 4), le(ext_speed, 4)});
    body.insert(body.end(), tail.begin(), tail.end());
    return body;
}

TEST(MemoryDevice, EveryField) {
    auto p = parse(test::structure(17, 0x11, memory_body(16384, 0, 3200, 0),
                                   {"DIMM A1", "BANK 0", "Hynix", "MSN", "MTAG", "HMA82GR7"}));
    auto m = smbios::decode_memory_device(p.first());
    ASSERT_TRUE(m) << m.error().message();
    EXPECT_EQ(m->array_handle, 0x1000);
    EXPECT_EQ(m->total_width_bits, 72);
    EXPECT_EQ(m->data_width_bits, 64);
    EXPECT_EQ(m->size_bytes, 16384ULL << 20);
    EXPECT_EQ(m->form_factor, 0x09);
    EXPECT_EQ(m->device_set, 0);
    EXPECT_EQ(m->device_locator, "DIMM A1");
    EXPECT_EQ(m->bank_locator, "BANK 0");
    EXPECT_EQ(m->memory_type, 0x1a);
    EXPECT_EQ(m->type_detail, 0x0080);
    EXPECT_EQ(m->speed_mts, 3200U);
    EXPECT_EQ(m->manufacturer, "Hynix");
    EXPECT_EQ(m->serial, "MSN");
    EXPECT_EQ(m->asset_tag, "MTAG");
    EXPECT_EQ(m->part_number, "HMA82GR7");
    EXPECT_EQ(m->rank, 2);
    EXPECT_EQ(m->configured_speed_mts, 3200U);
    EXPECT_EQ(m->min_voltage_mv, 1200);
    EXPECT_EQ(m->max_voltage_mv, 1350);
    EXPECT_EQ(m->configured_voltage_mv, 1200);
}

TEST(MemoryDevice, SizeEncodings) {
    auto size_of = [](std::uint16_t size, std::uint32_t ext) {
        auto p = parse(
            test::structure(17, 1, memory_body(size, ext, 0, 0), {"a", "b", "c", "d", "e", "f"}));
        return smbios::decode_memory_device(p.first())->size_bytes;
    };
    EXPECT_EQ(size_of(0x7fff, 65536), 65536ULL << 20); // extended size (MiB)
    EXPECT_EQ(size_of(0x8000 | 512, 0), 512ULL << 10); // KiB granularity
    EXPECT_EQ(size_of(0, 0), 0ULL);                    // not installed
    EXPECT_EQ(size_of(0xffff, 0), std::nullopt);       // unknown
}

TEST(MemoryDevice, ExtendedSpeedAndUnknownSpeed) {
    auto p = parse(test::structure(17, 1, memory_body(1024, 0, 0xffff, 70000),
                                   {"a", "b", "c", "d", "e", "f"}));
    auto m = smbios::decode_memory_device(p.first());
    EXPECT_EQ(m->speed_mts, 70000U);
    EXPECT_EQ(m->configured_speed_mts, 70000U);
    auto p2 =
        parse(test::structure(17, 1, memory_body(1024, 0, 0, 0), {"a", "b", "c", "d", "e", "f"}));
    EXPECT_FALSE(smbios::decode_memory_device(p2.first())->speed_mts);
}

TEST(MemoryDevice, OldRecordHasNoLaterFields) {
    // A 2.3 record ends after the part number (1Bh bytes).
    Bytes body = memory_body(2048, 0, 1600, 0);
    body.resize(0x1b - 4);
    auto p = parse(test::structure(17, 1, body, {"DIMM0", "B0", "M", "S", "A", "P"}), 2, 3);
    auto m = smbios::decode_memory_device(p.first());
    ASSERT_TRUE(m) << m.error().message();
    EXPECT_EQ(m->size_bytes, 2048ULL << 20);
    EXPECT_EQ(m->speed_mts, 1600U);
    EXPECT_EQ(m->part_number, "P");
    EXPECT_FALSE(m->rank);
    EXPECT_FALSE(m->configured_speed_mts);
    EXPECT_FALSE(m->min_voltage_mv);
    EXPECT_FALSE(m->configured_voltage_mv);
}

TEST(Inventory, DecodeAllSkipsMalformedRecords) {
    const auto dmi = test::concat({
        test::structure(17, 0x11, memory_body(1024, 0, 0, 0), {"A1", "B", "c", "d", "e", "f"}),
        test::structure(17, 0x12, Bytes(8, 0)), // too short: skipped
        test::structure(17, 0x13, memory_body(2048, 0, 0, 0), {"A2", "B", "c", "d", "e", "f"}),
        test::structure(4, 0x40, Bytes(0x16, 0), {"CPU0"}),
        test::end_of_table(),
    });
    auto t = smbios::parse_table(test::entry_point_3x(0x10000), dmi);
    ASSERT_TRUE(t) << t.error().message();
    const auto memory = smbios::decode_all_memory(*t);
    ASSERT_EQ(memory.size(), 2U);
    EXPECT_EQ(memory[0].device_locator, "A1");
    EXPECT_EQ(memory[1].size_bytes, 2048ULL << 20);
    const auto cpus = smbios::decode_all_processors(*t);
    ASSERT_EQ(cpus.size(), 1U);
    EXPECT_EQ(cpus[0].socket, ""); // string number 0 = no string
}

TEST(Inventory, DecodeInventoryTakesTheFirstGoodStructureOfEachType) {
    const auto dmi = test::concat({
        test::structure(2, 0x20, {1, 2, 3, 9}, {"a", "b", "c"}), // string 9: skipped
        test::structure(2, 0x21, {1, 2, 3, 0}, {"Board Inc", "MB-1", "v2"}),
        test::structure(17, 0x11, memory_body(1024, 0, 0, 0), {"A1", "B", "c", "d", "e", "f"}),
        test::structure(4, 0x40, Bytes(0x16, 0), {"CPU0"}),
        test::end_of_table(),
    });
    auto t = smbios::parse_table(test::entry_point_3x(0x10000), dmi);
    ASSERT_TRUE(t) << t.error().message();
    const auto inv = smbios::decode_inventory(*t);
    ASSERT_TRUE(inv.baseboard);
    EXPECT_EQ(inv.baseboard->manufacturer, "Board Inc");
    EXPECT_EQ(inv.baseboard->product, "MB-1");
    EXPECT_FALSE(inv.bios);
    EXPECT_FALSE(inv.system);
    EXPECT_FALSE(inv.chassis);
    EXPECT_EQ(inv.processors.size(), 1U);
    ASSERT_EQ(inv.memory.size(), 1U);
    EXPECT_EQ(inv.memory[0].device_locator, "A1");
}

TEST(Inventory, BadStringNumbersAndWrongTypes) {
    auto p = parse(test::structure(2, 2, {1, 2, 3, 9}, {"a", "b", "c"}));
    EXPECT_EQ(smbios::decode_baseboard(p.first()).error(), Errc::string_index_out_of_range);
    EXPECT_EQ(smbios::decode_bios(p.first()).error(), Errc::wrong_structure_type);
    auto short_proc = parse(test::structure(4, 4, Bytes(8, 0)));
    EXPECT_EQ(smbios::decode_processor(short_proc.first()).error(), Errc::structure_too_short);
    auto short_mem = parse(test::structure(17, 4, Bytes(8, 0)));
    EXPECT_EQ(smbios::decode_memory_device(short_mem.first()).error(), Errc::structure_too_short);
}

} // namespace
