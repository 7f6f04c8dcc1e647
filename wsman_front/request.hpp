// A WS-Management request read from its envelope: addressing and wsman headers checked
// (DSP0226 sections 5 and 6, protocol-facts), the body kept for the operation.
#pragma once

#include "cim_mapping/provider.hpp"
#include "wsman_front/fault.hpp"
#include "wsman_front/xml_node.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>

namespace wsman {

inline constexpr std::chrono::milliseconds max_operation_timeout{60000};
inline constexpr std::uint32_t min_envelope_size = 8192; // DSP0226 R6.2-4

struct Request {
    bool identify = false;
    std::string action;
    std::string message_id;
    std::string resource_uri;
    cim::Selectors selectors;       // without __cimnamespace
    std::string namespace_selector; // __cimnamespace, when given
    std::uint32_t max_envelope_size = 0; // 0: not given
    std::chrono::milliseconds operation_timeout = max_operation_timeout;
    XmlNode body; // the s:Body element
};

// Errors are the faults to answer (the message ID, when it was readable, goes in
// `message_id_for_fault`).
[[nodiscard]] std::expected<Request, Fault> parse_request(const XmlNode& envelope,
                                                          std::string* message_id_for_fault);

// xs:duration as WS-Man uses it ("PT60S", "PT0.500S", "P1DT2H"); nullopt when malformed.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

} // namespace wsman
