// Decoders of the inventory types 0, 1, 2, 3, 4 and 17 (DSP0134 7.1-7.5, 7.18).
#include "smbios/inventory.hpp"

#include "smbios/errc.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace smbios {
namespace {

// Reads fields of a formatted area at their DSP0134 offsets; fields beyond the
// structure's length are absent. The first bad string number is remembered.
class Fields {
public:
    explicit Fields(const Structure& s) : s_(s) {}

    [[nodiscard]] bool has(std::size_t offset, std::size_t size) const {
        return offset + size <= s_.formatted.size();
    }

    std::optional<std::uint8_t> u8(std::size_t o) const {
        return has(o, 1) ? std::optional<std::uint8_t>(s_.formatted[o]) : std::nullopt;
    }
    std::optional<std::uint16_t> u16(std::size_t o) const {
        if (!has(o, 2)) {
            return std::nullopt;
        }
        return static_cast<std::uint16_t>(s_.formatted[o] | (s_.formatted[o + 1] << 8));
    }
    std::optional<std::uint32_t> u32(std::size_t o) const {
        if (!has(o, 4)) {
            return std::nullopt;
        }
        return static_cast<std::uint32_t>(*u16(o)) |
               (static_cast<std::uint32_t>(*u16(o + 2)) << 16);
    }
    std::optional<std::uint64_t> u64(std::size_t o) const {
        if (!has(o, 8)) {
            return std::nullopt;
        }
        return static_cast<std::uint64_t>(*u32(o)) |
               (static_cast<std::uint64_t>(*u32(o + 4)) << 32);
    }
    OptString str(std::size_t o) {
        const auto index = u8(o);
        if (!index) {
            return std::nullopt;
        }
        auto text = s_.string(*index);
        if (!text) {
            error_ = text.error();
            return std::nullopt;
        }
        return std::string(*text);
    }
    std::string required_str(std::size_t o) { return str(o).value_or(""); }

    [[nodiscard]] std::error_code error() const { return error_; }

private:
    const Structure& s_;
    std::error_code error_;
};

template <typename T> std::expected<T, std::error_code> done(const Fields& f, T value) {
    if (f.error()) {
        return std::unexpected(f.error());
    }
    return value;
}

std::error_code check(const Structure& s, std::uint8_t type, std::uint8_t min_length) {
    if (s.type != type) {
        return Errc::wrong_structure_type;
    }
    if (s.length < min_length) {
        return Errc::structure_too_short;
    }
    return {};
}

// FFh/FFFFh mean "unknown" or "see the extended field" in many places.
template <typename T> std::optional<T> unless(std::optional<T> v, T sentinel) {
    if (v && *v == sentinel) {
        return std::nullopt;
    }
    return v;
}

} // namespace

std::optional<std::string> format_uuid(std::span<const std::uint8_t> b, bool le) {
    // DSP0134 7.2.1: all FFh = not present but settable, all 00h = not present.
    if (b.size() != 16 || std::ranges::all_of(b, [](std::uint8_t v) { return v == 0xff; }) ||
        std::ranges::all_of(b, [](std::uint8_t v) { return v == 0x00; })) {
        return std::nullopt;
    }
    char out[37];
    if (le) {
        std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-", b[3], b[2], b[1],
                      b[0], b[5], b[4], b[7], b[6]);
    } else {
        std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-", b[0], b[1], b[2],
                      b[3], b[4], b[5], b[6], b[7]);
    }
    std::snprintf(out + 19, sizeof out - 19, "%02x%02x-%02x%02x%02x%02x%02x%02x", b[8], b[9], b[10],
                  b[11], b[12], b[13], b[14], b[15]);
    return std::string(out);
}

// DSP0134 7.1, Table 6.
std::expected<BiosInfo, std::error_code> decode_bios(const Structure& s) {
    if (auto ec = check(s, 0, 0x12)) {
        return std::unexpected(ec);
    }
    Fields f(s);
    BiosInfo b;
    b.vendor = f.required_str(0x04);
    b.version = f.required_str(0x05);
    b.starting_segment = *f.u16(0x06);
    b.release_date = f.required_str(0x08);
    b.rom_size_bytes = (std::uint64_t{*f.u8(0x09)} + 1) * 64 * 1024;
    b.characteristics = *f.u64(0x0a);
    // 12h: extension bytes, one in 2.1-2.3 records (length 13h), two from 2.4.
    b.characteristics_ext = f.u16(0x12);
    if (!b.characteristics_ext) {
        b.characteristics_ext = f.u8(0x12);
    }
    b.bios_major = f.u8(0x14);
    b.bios_minor = f.u8(0x15);
    b.ec_major = f.u8(0x16);
    b.ec_minor = f.u8(0x17);
    // 3.1: ROM size FFh means the extended size at 18h: bits 15:14 unit (MiB, GiB).
    if (*f.u8(0x09) == 0xff) {
        if (auto ext = f.u16(0x18)) {
            const std::uint64_t amount = *ext & 0x3fffU;
            b.rom_size_bytes = amount << ((*ext >> 14) == 1 ? 30 : 20);
        }
    }
    return done(f, b);
}

// DSP0134 7.2, Table 10.
std::expected<SystemInfo, std::error_code> decode_system(const Structure& s,
                                                         const EntryPoint& version) {
    if (auto ec = check(s, 1, 0x08)) {
        return std::unexpected(ec);
    }
    Fields f(s);
    SystemInfo sys;
    sys.manufacturer = f.required_str(0x04);
    sys.product = f.required_str(0x05);
    sys.version = f.required_str(0x06);
    sys.serial = f.required_str(0x07);
    if (f.has(0x08, 16)) {
        const bool le = version.major > 2 || (version.major == 2 && version.minor >= 6);
        sys.uuid = format_uuid(s.formatted.subspan(0x08, 16), le);
    }
    sys.wake_up_type = f.u8(0x18);
    sys.sku = f.str(0x19);
    sys.family = f.str(0x1a);
    return done(f, sys);
}

// DSP0134 7.3, Table 13.
std::expected<BaseboardInfo, std::error_code> decode_baseboard(const Structure& s) {
    if (auto ec = check(s, 2, 0x08)) {
        return std::unexpected(ec);
    }
    Fields f(s);
    BaseboardInfo b;
    b.manufacturer = f.required_str(0x04);
    b.product = f.required_str(0x05);
    b.version = f.required_str(0x06);
    b.serial = f.required_str(0x07);
    b.asset_tag = f.str(0x08);
    b.feature_flags = f.u8(0x09);
    b.location_in_chassis = f.str(0x0a);
    b.chassis_handle = f.u16(0x0b);
    b.board_type = f.u8(0x0d);
    return done(f, b);
}

// DSP0134 7.4, Table 16.
std::expected<ChassisInfo, std::error_code> decode_chassis(const Structure& s) {
    if (auto ec = check(s, 3, 0x09)) {
        return std::unexpected(ec);
    }
    Fields f(s);
    ChassisInfo c;
    c.manufacturer = f.required_str(0x04);
    c.type = *f.u8(0x05) & 0x7fU;
    c.lock_present = (*f.u8(0x05) & 0x80U) != 0;
    c.version = f.required_str(0x06);
    c.serial = f.required_str(0x07);
    c.asset_tag = f.required_str(0x08);
    c.boot_up_state = f.u8(0x09);
    c.power_supply_state = f.u8(0x0a);
    c.thermal_state = f.u8(0x0b);
    c.security_status = f.u8(0x0c);
    c.oem_defined = f.u32(0x0d);
    c.height_u = f.u8(0x11);
    c.power_cords = f.u8(0x12);
    // 2.7: the SKU string follows the n contained elements of m bytes each.
    const auto n = f.u8(0x13);
    const auto m = f.u8(0x14);
    if (n && m) {
        c.sku = f.str(0x15 + std::size_t{*n} * *m);
    }
    return done(f, c);
}

// DSP0134 7.5, Table 21.
std::expected<ProcessorInfo, std::error_code> decode_processor(const Structure& s) {
    if (auto ec = check(s, 4, 0x1a)) {
        return std::unexpected(ec);
    }
    Fields f(s);
    ProcessorInfo p;
    p.socket = f.required_str(0x04);
    p.processor_type = *f.u8(0x05);
    p.family = *f.u8(0x06);
    if (p.family == 0xfe) { // "see Processor Family 2"
        p.family = f.u16(0x28).value_or(0xfe);
    }
    p.manufacturer = f.required_str(0x07);
    p.id = *f.u64(0x08);
    p.version = f.required_str(0x10);
    p.voltage = *f.u8(0x11);
    p.external_clock_mhz = *f.u16(0x12);
    p.max_speed_mhz = *f.u16(0x14);
    p.current_speed_mhz = *f.u16(0x16);
    p.status = *f.u8(0x18);
    p.populated = (p.status & 0x40U) != 0;
    p.upgrade = *f.u8(0x19);
    p.serial = f.str(0x20);
    p.asset_tag = f.str(0x21);
    p.part_number = f.str(0x22);
    // Counts: 23h/24h/25h, or 2Ah/2Ch/2Eh (3.0) when the byte says FFh.
    const auto count = [&f](std::size_t byte_at,
                            std::size_t word_at) -> std::optional<std::uint16_t> {
        const auto b = f.u8(byte_at);
        if (!b) {
            return std::nullopt;
        }
        if (*b == 0xff) {
            return f.u16(word_at);
        }
        return *b == 0 ? std::nullopt : std::optional<std::uint16_t>(*b);
    };
    p.core_count = count(0x23, 0x2a);
    p.cores_enabled = count(0x24, 0x2c);
    p.thread_count = count(0x25, 0x2e);
    p.characteristics = f.u16(0x26);
    p.threads_enabled = f.u16(0x30);
    return done(f, p);
}

// DSP0134 7.18, Table 75.
std::expected<MemoryDevice, std::error_code> decode_memory_device(const Structure& s) {
    if (auto ec = check(s, 17, 0x15)) {
        return std::unexpected(ec);
    }
    Fields f(s);
    MemoryDevice m;
    m.array_handle = *f.u16(0x04);
    m.total_width_bits = unless<std::uint16_t>(f.u16(0x08), 0xffff);
    m.data_width_bits = unless<std::uint16_t>(f.u16(0x0a), 0xffff);
    const std::uint16_t size = *f.u16(0x0c);
    if (size == 0x7fff && f.has(0x1c, 4)) {
        m.size_bytes = std::uint64_t{*f.u32(0x1c) & 0x7fffffffU} << 20; // extended size in MiB
    } else if (size == 0xffff) {
        m.size_bytes = std::nullopt;
    } else if ((size & 0x8000U) != 0) {
        m.size_bytes = std::uint64_t{size & 0x7fffU} << 10; // KiB granularity
    } else {
        m.size_bytes = std::uint64_t{size} << 20; // MiB
    }
    m.form_factor = *f.u8(0x0e);
    m.device_set = *f.u8(0x0f);
    m.device_locator = f.required_str(0x10);
    m.bank_locator = f.required_str(0x11);
    m.memory_type = *f.u8(0x12);
    m.type_detail = *f.u16(0x13);
    const auto speed = [&f](std::size_t at,
                            std::size_t extended_at) -> std::optional<std::uint32_t> {
        const auto v = f.u16(at);
        if (!v || *v == 0) {
            return std::nullopt;
        }
        if (*v == 0xffff) { // 3.3: see the extended speed
            const auto ext = f.u32(extended_at);
            return ext ? std::optional<std::uint32_t>(*ext & 0x7fffffffU) : std::nullopt;
        }
        return *v;
    };
    m.speed_mts = speed(0x15, 0x54);
    m.manufacturer = f.str(0x17);
    m.serial = f.str(0x18);
    m.asset_tag = f.str(0x19);
    m.part_number = f.str(0x1a);
    if (const auto attributes = f.u8(0x1b)) {
        if ((*attributes & 0x0fU) != 0) {
            m.rank = *attributes & 0x0fU;
        }
    }
    m.configured_speed_mts = speed(0x20, 0x58);
    m.min_voltage_mv = unless<std::uint16_t>(f.u16(0x22), 0);
    m.max_voltage_mv = unless<std::uint16_t>(f.u16(0x24), 0);
    m.configured_voltage_mv = unless<std::uint16_t>(f.u16(0x26), 0);
    return done(f, m);
}

namespace {

template <typename T, typename Decode>
std::vector<T> decode_all(const Table& table, std::uint8_t type, Decode decode) {
    std::vector<T> out;
    for (const Structure* s : table.find_all(type)) {
        if (auto v = decode(*s)) {
            out.push_back(std::move(*v));
        }
    }
    return out;
}

} // namespace

std::vector<ProcessorInfo> decode_all_processors(const Table& table) {
    return decode_all<ProcessorInfo>(table, 4, decode_processor);
}

std::vector<MemoryDevice> decode_all_memory(const Table& table) {
    return decode_all<MemoryDevice>(table, 17, decode_memory_device);
}

namespace {

template <typename T, typename Decode>
std::optional<T> first_decoded(const Table& table, std::uint8_t type, Decode decode) {
    for (const Structure* s : table.find_all(type)) {
        if (auto v = decode(*s)) {
            return std::move(*v);
        }
    }
    return std::nullopt;
}

} // namespace

Inventory decode_inventory(const Table& table) {
    Inventory inv;
    inv.bios = first_decoded<BiosInfo>(table, 0, decode_bios);
    inv.system = first_decoded<SystemInfo>(
        table, 1, [&table](const Structure& s) { return decode_system(s, table.entry_point()); });
    inv.baseboard = first_decoded<BaseboardInfo>(table, 2, decode_baseboard);
    inv.chassis = first_decoded<ChassisInfo>(table, 3, decode_chassis);
    inv.processors = decode_all_processors(table);
    inv.memory = decode_all_memory(table);
    return inv;
}

} // namespace smbios
