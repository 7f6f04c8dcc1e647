// Storage NetFn (0Ah) commands of the simulated BMC: FRU inventory (IPMI 2.0
// section 34), SDR repository (33) and SEL (31), with an optional response cap
// and reservations that another client can cancel.
#include "sim/bmc_model.hpp"

#include <algorithm>

namespace sim {
namespace {

constexpr std::uint8_t cc_reservation = 0xc5;
constexpr std::uint8_t cc_field_length = 0xc8;
constexpr std::uint8_t cc_cannot_return = 0xca;
constexpr std::uint8_t cc_not_present = 0xcb;
constexpr std::uint8_t cc_invalid_data = 0xcc;

void put16(std::vector<std::uint8_t>& out, unsigned v) {
    out.push_back(static_cast<std::uint8_t>(v & 0xff));
    out.push_back(static_cast<std::uint8_t>((v >> 8) & 0xff));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    put16(out, v & 0xffff);
    put16(out, v >> 16);
}

unsigned u16(std::span<const std::uint8_t> d, std::size_t at) {
    return static_cast<unsigned>(d[at]) | (static_cast<unsigned>(d[at + 1]) << 8U);
}

bool over_cap(const BmcModel::State& s, std::size_t data_bytes) {
    return s.response_cap != 0 && data_bytes > s.response_cap;
}

// 34.1 Get FRU Inventory Area Info (10h).
Reply get_fru_area_info(BmcModel& bmc, std::span<const std::uint8_t> data) {
    const auto it = bmc.state().fru.find(data[0]);
    if (it == bmc.state().fru.end()) {
        return {cc_not_present, {}};
    }
    Reply r{0x00, {}};
    put16(r.data, static_cast<unsigned>(it->second.size()));
    r.data.push_back(0x00); // byte access
    return r;
}

// 34.2 Read FRU Data (11h): count returned, then the bytes.
Reply read_fru_data(BmcModel& bmc, std::span<const std::uint8_t> data) {
    const auto it = bmc.state().fru.find(data[0]);
    if (it == bmc.state().fru.end()) {
        return {cc_not_present, {}};
    }
    const unsigned offset = u16(data, 1);
    const unsigned count = data[3];
    if (over_cap(bmc.state(), 1 + std::size_t{count})) {
        return {cc_field_length, {}};
    }
    const auto& image = it->second;
    if (offset >= image.size()) {
        return {cc_invalid_data, {}};
    }
    const auto n = std::min<std::size_t>(count, image.size() - offset);
    Reply r{0x00, {static_cast<std::uint8_t>(n)}};
    r.data.insert(r.data.end(), image.begin() + offset,
                  image.begin() + static_cast<long>(offset + n));
    return r;
}

// 33.9 Get SDR Repository Info (20h).
Reply get_sdr_repository_info(BmcModel& bmc, std::span<const std::uint8_t> /*data*/) {
    const auto& s = bmc.state();
    Reply r{0x00, {0x51}};
    put16(r.data, static_cast<unsigned>(s.sdr.size()));
    put16(r.data, 0x8000); // free space
    put32(r.data, s.sdr_addition);
    put32(r.data, s.sdr_erase);
    r.data.push_back(0x22); // non-modal update, Reserve SDR Repository supported
    return r;
}

// 33.11 Reserve SDR Repository (22h).
Reply reserve_sdr(BmcModel& bmc, std::span<const std::uint8_t> /*data*/) {
    auto& s = bmc.state();
    s.sdr_reservation =
        static_cast<std::uint16_t>(s.sdr_reservation + 1 == 0 ? 1 : s.sdr_reservation + 1);
    s.sdr_reserved = true;
    Reply r{0x00, {}};
    put16(r.data, s.sdr_reservation);
    return r;
}

// 33.12 Get SDR (23h): a reservation is checked only for partial reads.
Reply get_sdr(BmcModel& bmc, std::span<const std::uint8_t> data) {
    const auto& s = bmc.state();
    const unsigned reservation = u16(data, 0);
    const unsigned id = u16(data, 2);
    const unsigned offset = data[4];
    const unsigned count = data[5];
    if (offset != 0 && (!s.sdr_reserved || reservation != s.sdr_reservation)) {
        return {cc_reservation, {}};
    }
    std::size_t index = 0;
    if (id != 0) {
        while (index < s.sdr.size() && u16(s.sdr[index], 0) != id) {
            ++index;
        }
    }
    if (index >= s.sdr.size()) {
        return {cc_not_present, {}};
    }
    const auto& record = s.sdr[index];
    if (offset > record.size()) {
        return {cc_invalid_data, {}};
    }
    const std::size_t n = count == 0xff ? record.size() - offset : count;
    if (offset + n > record.size() || over_cap(s, 2 + n)) {
        return {cc_cannot_return, {}};
    }
    Reply r{0x00, {}};
    put16(r.data, index + 1 < s.sdr.size() ? u16(s.sdr[index + 1], 0) : 0xffff);
    r.data.insert(r.data.end(), record.begin() + offset,
                  record.begin() + static_cast<long>(offset + n));
    return r;
}

// 31.2 Get SEL Info (40h).
Reply get_sel_info(BmcModel& bmc, std::span<const std::uint8_t> /*data*/) {
    const auto& s = bmc.state();
    Reply r{0x00, {0x51}};
    put16(r.data, static_cast<unsigned>(s.sel.size()));
    put16(r.data, static_cast<unsigned>((s.sel_capacity - s.sel.size()) * 16));
    put32(r.data, s.sel_addition);
    put32(r.data, s.sel_erase);
    // Bit 7 overflow (entries were dropped), bit 1 Reserve SEL supported.
    r.data.push_back(
        static_cast<std::uint8_t>((s.sel.size() >= s.sel_capacity ? 0x80 : 0x00) | 0x02));
    return r;
}

// 31.4 Reserve SEL (42h).
Reply reserve_sel(BmcModel& bmc, std::span<const std::uint8_t> /*data*/) {
    auto& s = bmc.state();
    s.sel_reservation =
        static_cast<std::uint16_t>(s.sel_reservation + 1 == 0 ? 1 : s.sel_reservation + 1);
    s.sel_reserved = true;
    Reply r{0x00, {}};
    put16(r.data, s.sel_reservation);
    return r;
}

// 31.5 Get SEL Entry (43h).
Reply get_sel_entry(BmcModel& bmc, std::span<const std::uint8_t> data) {
    const auto& s = bmc.state();
    const unsigned id = u16(data, 2);
    const unsigned offset = data[4];
    const unsigned count = data[5];
    if (offset != 0 && (!s.sel_reserved || u16(data, 0) != s.sel_reservation)) {
        return {cc_reservation, {}};
    }
    std::size_t index = 0;
    if (id == 0xffff && !s.sel.empty()) {
        index = s.sel.size() - 1;
    } else if (id != 0) {
        while (index < s.sel.size() && u16(s.sel[index], 0) != id) {
            ++index;
        }
    }
    if (index >= s.sel.size() || offset > 16) {
        return {cc_not_present, {}};
    }
    const std::size_t n = count == 0xff ? 16 - offset : count;
    if (offset + n > 16 || over_cap(s, 2 + n)) {
        return {cc_cannot_return, {}};
    }
    Reply r{0x00, {}};
    put16(r.data, index + 1 < s.sel.size() ? u16(s.sel[index + 1], 0) : 0xffff);
    r.data.insert(r.data.end(), s.sel[index].begin() + offset,
                  s.sel[index].begin() + static_cast<long>(offset + n));
    return r;
}

// 31.9 Clear SEL (47h): reservation, 'C' 'L' 'R', AAh initiate or 00h status.
Reply clear_sel(BmcModel& bmc, std::span<const std::uint8_t> data) {
    auto& s = bmc.state();
    if (!s.sel_reserved || u16(data, 0) != s.sel_reservation) {
        return {cc_reservation, {}};
    }
    if (data[2] != 'C' || data[3] != 'L' || data[4] != 'R' ||
        (data[5] != 0xaa && data[5] != 0x00)) {
        return {cc_invalid_data, {}};
    }
    if (data[5] == 0xaa) {
        s.sel.clear();
        s.sel_erase = BmcModel::now_seconds();
    }
    return {0x00, {0x01}}; // erasure completed
}

// 31.10 Get SEL Time (48h).
Reply get_sel_time(BmcModel& /*bmc*/, std::span<const std::uint8_t> /*data*/) {
    Reply r{0x00, {}};
    put32(r.data, BmcModel::now_seconds());
    return r;
}

constexpr Command commands[] = {
    {0x10, 1, get_fru_area_info}, {0x11, 4, read_fru_data}, {0x20, 0, get_sdr_repository_info},
    {0x22, 0, reserve_sdr},       {0x23, 6, get_sdr},       {0x40, 0, get_sel_info},
    {0x42, 0, reserve_sel},       {0x43, 6, get_sel_entry}, {0x47, 6, clear_sel},
    {0x48, 0, get_sel_time},
};

} // namespace

std::span<const Command> storage_commands() noexcept {
    return commands;
}

} // namespace sim
