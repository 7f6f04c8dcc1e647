// Entry point parsing and the bounded walk of the SMBIOS structure table (DSP0134 5.2, 6.1).
#include "smbios/table.hpp"

#include "smbios/errc.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>

namespace smbios {
namespace {

constexpr std::uintmax_t max_file_size = 1U << 20;
constexpr std::uint8_t end_of_table = 127; // DSP0134 7.46

std::uint16_t le16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}

std::uint32_t le32(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint32_t>(le16(b, at)) |
           (static_cast<std::uint32_t>(le16(b, at + 2)) << 16);
}

std::uint64_t le64(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint64_t>(le32(b, at)) |
           (static_cast<std::uint64_t>(le32(b, at + 4)) << 32);
}

bool sums_to_zero(std::span<const std::uint8_t> b) {
    unsigned sum = 0;
    for (auto v : b) {
        sum += v;
    }
    return (sum & 0xffU) == 0;
}

bool starts_with(std::span<const std::uint8_t> b, std::string_view anchor) {
    return b.size() >= anchor.size() && std::memcmp(b.data(), anchor.data(), anchor.size()) == 0;
}

std::expected<EntryPoint, std::error_code> fail(Errc e) {
    return std::unexpected(make_error_code(e));
}

// DSP0134 5.2.2, Table 2: the 24-byte 64-bit entry point.
std::expected<EntryPoint, std::error_code> parse_64(std::span<const std::uint8_t> b) {
    if (b.size() < 0x18) {
        return fail(Errc::entry_point_too_short);
    }
    const std::uint8_t length = b[0x06];
    if (length < 0x18 || length > b.size()) {
        return fail(Errc::bad_entry_point_length);
    }
    if (!sums_to_zero(b.first(length))) {
        return fail(Errc::bad_entry_point_checksum);
    }
    if (b[0x0a] != 0x01) {
        return fail(Errc::unsupported_revision);
    }
    EntryPoint ep;
    ep.major = b[0x07];
    ep.minor = b[0x08];
    ep.docrev = b[0x09];
    ep.is_64bit = true;
    ep.table_length = le32(b, 0x0c);
    ep.table_address = le64(b, 0x10);
    return ep;
}

// DSP0134 5.2.1, Table 1: the 31-byte 32-bit entry point with its "_DMI_" part.
std::expected<EntryPoint, std::error_code> parse_32(std::span<const std::uint8_t> b) {
    // The structure is 31 bytes even where its length field says 1Eh (an SMBIOS
    // 2.1 firmware bug Linux accepts): the "_DMI_" part spans 10h-1Eh either way.
    if (b.size() < 0x1f) {
        return fail(Errc::entry_point_too_short);
    }
    const std::uint8_t length = b[0x05];
    if ((length != 0x1f && length != 0x1e) || length > b.size()) {
        return fail(Errc::bad_entry_point_length);
    }
    if (!sums_to_zero(b.first(length))) {
        return fail(Errc::bad_entry_point_checksum);
    }
    const auto inter = b.subspan(0x10, 0x0f);
    if (!starts_with(inter, "_DMI_")) {
        return fail(Errc::bad_intermediate_anchor);
    }
    if (!sums_to_zero(inter)) {
        return fail(Errc::bad_intermediate_checksum);
    }
    EntryPoint ep;
    ep.major = b[0x06];
    ep.minor = b[0x07];
    ep.table_length = le16(b, 0x16);
    ep.table_address = le32(b, 0x18);
    ep.structure_count = le16(b, 0x1c);
    return ep;
}

// The legacy 15-byte "_DMI_" entry point (DMI 2.0, before "_SM_" existed).
std::expected<EntryPoint, std::error_code> parse_legacy(std::span<const std::uint8_t> b) {
    if (b.size() < 0x0f) {
        return fail(Errc::entry_point_too_short);
    }
    if (!sums_to_zero(b.first(0x0f))) {
        return fail(Errc::bad_entry_point_checksum);
    }
    EntryPoint ep;
    ep.major = static_cast<std::uint8_t>(b[0x0e] >> 4);
    ep.minor = b[0x0e] & 0x0fU;
    ep.table_length = le16(b, 0x06);
    ep.table_address = le32(b, 0x08);
    ep.structure_count = le16(b, 0x0c);
    return ep;
}

} // namespace

std::expected<EntryPoint, std::error_code> parse_entry_point(std::span<const std::uint8_t> bytes) {
    if (starts_with(bytes, "_SM3_")) {
        return parse_64(bytes);
    }
    if (starts_with(bytes, "_SM_")) {
        return parse_32(bytes);
    }
    if (starts_with(bytes, "_DMI_")) {
        return parse_legacy(bytes);
    }
    if (bytes.size() < 4) {
        return fail(Errc::entry_point_too_short);
    }
    return fail(Errc::bad_anchor);
}

std::expected<std::string_view, std::error_code> Structure::string(std::uint8_t index) const {
    if (index == 0) {
        return std::string_view{};
    }
    if (index > strings.size()) {
        return std::unexpected(make_error_code(Errc::string_index_out_of_range));
    }
    return strings[index - 1U];
}

const Structure* Table::find_first(std::uint8_t type) const {
    const auto it = std::ranges::find(structures_, type, &Structure::type);
    return it == structures_.end() ? nullptr : &*it;
}

std::vector<const Structure*> Table::find_all(std::uint8_t type) const {
    std::vector<const Structure*> out;
    for (const auto& s : structures_) {
        if (s.type == type) {
            out.push_back(&s);
        }
    }
    return out;
}

std::expected<Table, std::error_code> parse_table(std::span<const std::uint8_t> entry_point,
                                                  std::span<const std::uint8_t> dmi) {
    auto ep = parse_entry_point(entry_point);
    if (!ep) {
        return std::unexpected(ep.error());
    }
    std::size_t size = dmi.size();
    if (!ep->is_64bit) {
        // 2.x: the length is exact; the table must hold all of it.
        if (dmi.size() < ep->table_length) {
            return std::unexpected(make_error_code(Errc::table_truncated));
        }
        size = ep->table_length;
    } else {
        // 3.x: the length is a maximum; stop at type 127 or the end of the bytes.
        size = std::min<std::size_t>(size, ep->table_length);
    }

    Table table;
    table.entry_point_ = *ep;
    table.bytes_.assign(dmi.begin(), dmi.begin() + static_cast<std::ptrdiff_t>(size));
    const std::span<const std::uint8_t> bytes(table.bytes_);

    // Each structure takes at least 6 bytes (4 header + 2 NULs): the walk is bounded.
    const std::size_t cap = bytes.size() / 6 + 1;
    std::size_t at = 0;
    while (at < bytes.size()) {
        if (!ep->is_64bit && ep->structure_count != 0 &&
            table.structures_.size() == ep->structure_count) {
            break;
        }
        if (table.structures_.size() >= cap) {
            return std::unexpected(make_error_code(Errc::too_many_structures));
        }
        // Zero padding after the last structure (a table without type 127 whose
        // 2.x count is too high or whose length is rounded up) ends the walk.
        if (std::all_of(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.end(),
                        [](std::uint8_t b) { return b == 0; })) {
            break;
        }
        if (bytes.size() - at < 4) {
            return std::unexpected(make_error_code(Errc::structure_overruns_table));
        }
        Structure s;
        s.type = bytes[at];
        s.length = bytes[at + 1];
        s.handle = le16(bytes, at + 2);
        if (s.length < 4) {
            return std::unexpected(make_error_code(Errc::structure_too_short));
        }
        if (bytes.size() - at < s.length) {
            return std::unexpected(make_error_code(Errc::structure_overruns_table));
        }
        s.formatted = bytes.subspan(at, s.length);

        // DSP0134 6.1.3: the string set ends with two NULs (two NULs alone when
        // there are no strings). The strings occupy [set_begin, terminator).
        const std::size_t set_begin = at + s.length;
        std::size_t terminator = set_begin;
        while (terminator + 1 < bytes.size() &&
               !(bytes[terminator] == 0 && bytes[terminator + 1] == 0)) {
            ++terminator;
        }
        if (terminator + 1 >= bytes.size()) {
            return std::unexpected(make_error_code(Errc::missing_terminator));
        }
        for (std::size_t q = set_begin; q < terminator;) {
            // bytes[terminator] is NUL, so strlen stops inside the set.
            const auto* text = reinterpret_cast<const char*>(bytes.data() + q);
            const std::size_t n = std::strlen(text);
            s.strings.emplace_back(text, n);
            q += n + 1;
        }
        const std::size_t end = terminator + 2;
        table.structures_.push_back(std::move(s));
        at = end;
        if (table.structures_.back().type == end_of_table) {
            break;
        }
    }
    return table;
}

namespace {

std::expected<std::vector<std::uint8_t>, std::error_code>
read_file(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        // sysfs files may not report a size; read with a bound instead.
        if (!std::filesystem::exists(path, ec)) {
            return std::unexpected(make_error_code(Errc::cannot_read));
        }
    } else if (size > max_file_size) {
        return std::unexpected(make_error_code(Errc::file_too_large));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::unexpected(make_error_code(Errc::cannot_read));
    }
    std::vector<std::uint8_t> out;
    char buffer[4096];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        out.insert(out.end(), buffer, buffer + in.gcount());
        if (out.size() > max_file_size) {
            return std::unexpected(make_error_code(Errc::file_too_large));
        }
    }
    if (in.bad()) {
        return std::unexpected(make_error_code(Errc::cannot_read));
    }
    return out;
}

} // namespace

std::expected<Table, std::error_code> read_table(const std::filesystem::path& dir) {
    auto entry = read_file(dir / "smbios_entry_point");
    if (!entry) {
        return std::unexpected(entry.error());
    }
    auto dmi = read_file(dir / "DMI");
    if (!dmi) {
        return std::unexpected(dmi.error());
    }
    return parse_table(*entry, *dmi);
}

} // namespace smbios
