// Test helper: SMBIOS entry points (2.x, 3.x, legacy) with correct checksums and
// structures from formatted bytes and strings (DSP0134 5.2, 6.1), so each test
// states its bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace test {

using Bytes = std::vector<std::uint8_t>;

inline std::uint8_t zero_checksum(const Bytes& b, std::size_t from, std::size_t n) {
    unsigned sum = 0;
    for (std::size_t i = from; i < from + n; ++i) {
        sum += b[i];
    }
    return static_cast<std::uint8_t>(0x100U - (sum & 0xffU));
}

inline void put16(Bytes& b, std::size_t at, unsigned v) {
    b[at] = static_cast<std::uint8_t>(v & 0xff);
    b[at + 1] = static_cast<std::uint8_t>((v >> 8) & 0xff);
}

inline void put32(Bytes& b, std::size_t at, std::uint32_t v) {
    put16(b, at, v & 0xffff);
    put16(b, at + 2, v >> 16);
}

// A structure: type, handle, the formatted bytes after the 4-byte header, strings.
inline Bytes structure(std::uint8_t type, std::uint16_t handle, const Bytes& body,
                       const std::vector<std::string>& strings = {}) {
    Bytes s{type, static_cast<std::uint8_t>(4 + body.size()), 0, 0};
    put16(s, 2, handle);
    s.insert(s.end(), body.begin(), body.end());
    for (const auto& str : strings) {
        s.insert(s.end(), str.begin(), str.end());
        s.push_back(0);
    }
    if (strings.empty()) {
        s.push_back(0);
    }
    s.push_back(0);
    return s;
}

inline Bytes end_of_table() {
    return structure(127, 0xfeff, {});
}

inline Bytes concat(const std::vector<Bytes>& parts) {
    Bytes out;
    for (const auto& p : parts) {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

// DSP0134 5.2.1: 31 bytes "_SM_" ... "_DMI_".
inline Bytes entry_point_2x(std::uint16_t table_length, std::uint16_t count, std::uint8_t major = 2,
                            std::uint8_t minor = 8) {
    Bytes ep(0x1f, 0);
    const std::string sm = "_SM_";
    std::copy(sm.begin(), sm.end(), ep.begin());
    ep[0x05] = 0x1f;
    ep[0x06] = major;
    ep[0x07] = minor;
    put16(ep, 0x08, 0x100);
    const std::string dmi = "_DMI_";
    std::copy(dmi.begin(), dmi.end(), ep.begin() + 0x10);
    put16(ep, 0x16, table_length);
    put32(ep, 0x18, 0x000f0000);
    put16(ep, 0x1c, count);
    ep[0x1e] = static_cast<std::uint8_t>((major << 4) | (minor & 0x0f));
    ep[0x15] = zero_checksum(ep, 0x10, 0x0f);
    ep[0x04] = zero_checksum(ep, 0, 0x1f);
    return ep;
}

// DSP0134 5.2.2: 24 bytes "_SM3_".
inline Bytes entry_point_3x(std::uint32_t max_length, std::uint8_t major = 3,
                            std::uint8_t minor = 0) {
    Bytes ep(0x18, 0);
    const std::string sm = "_SM3_";
    std::copy(sm.begin(), sm.end(), ep.begin());
    ep[0x06] = 0x18;
    ep[0x07] = major;
    ep[0x08] = minor;
    ep[0x09] = 1;
    ep[0x0a] = 0x01;
    put32(ep, 0x0c, max_length);
    put32(ep, 0x10, 0x7fb00000);
    ep[0x05] = zero_checksum(ep, 0, 0x18);
    return ep;
}

// The legacy 15-byte "_DMI_" entry point.
inline Bytes entry_point_legacy(std::uint16_t table_length, std::uint16_t count) {
    Bytes ep(0x0f, 0);
    const std::string dmi = "_DMI_";
    std::copy(dmi.begin(), dmi.end(), ep.begin());
    put16(ep, 0x06, table_length);
    put32(ep, 0x08, 0x000f0000);
    put16(ep, 0x0c, count);
    ep[0x0e] = 0x20;
    ep[0x05] = zero_checksum(ep, 0, 0x0f);
    return ep;
}

// QEMU 7.2's isa-ipmi-kcs record as seen in a guest (harness-facts.md).
inline Bytes qemu_type38() {
    return {0x26, 0x12, 0x00, 0x30, 0x01, 0x20, 0x20, 0x00, 0xa3, 0x0c,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x05, 0x00, 0x00};
}

} // namespace test
