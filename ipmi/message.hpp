// IPMI request and response messages as plain values (IPMI 2.0 section 5).
#pragma once

#include "ipmi/completion_code.hpp"

#include <cstdint>
#include <vector>

namespace ipmi {

// IPMI 2.0 Table 5-1: network function codes. Requests use the even value; the
// response carries netfn + 1.
namespace netfn {
inline constexpr std::uint8_t chassis = 0x00;
inline constexpr std::uint8_t bridge = 0x02;
inline constexpr std::uint8_t sensor_event = 0x04;
inline constexpr std::uint8_t app = 0x06;
inline constexpr std::uint8_t firmware = 0x08;
inline constexpr std::uint8_t storage = 0x0a;
inline constexpr std::uint8_t transport = 0x0c;
} // namespace netfn

struct Request {
    std::uint8_t netfn = 0;
    std::uint8_t lun = 0;
    std::uint8_t cmd = 0;
    std::vector<std::uint8_t> data;
};

// A response: the completion code is data, never an error (design.md seams).
struct Response {
    std::uint8_t netfn = 0; // response netfn (request netfn + 1)
    std::uint8_t lun = 0;
    std::uint8_t cmd = 0;
    CompletionCode cc = CompletionCode::ok;
    std::vector<std::uint8_t> data; // bytes after the completion code

    [[nodiscard]] bool ok() const { return cc == CompletionCode::ok; }
};

} // namespace ipmi
