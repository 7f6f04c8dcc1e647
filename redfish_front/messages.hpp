// Error and success bodies with messages from DMTF's Base message registry (Base.1.22,
// Redfish-Publications registries/Base.1.22.1.json): DSP0266 9.6 "Error responses", an
// "error" object whose "@Message.ExtendedInfo" holds Message objects (Message.v1_3_0).
#pragma once

#include "redfish_front/errc.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace redfish {

using Json = nlohmann::ordered_json;

inline constexpr std::string_view base_registry = "Base.1.22";

// One Message object: MessageId "Base.1.22.<id>", the registry's text with %1.. filled in,
// its severity and resolution. An id the table does not hold gives GeneralError.
[[nodiscard]] Json base_message(std::string_view id, const std::vector<std::string>& args = {});

// {"error": {"code", "message", "@Message.ExtendedInfo": [message]}} for one message.
[[nodiscard]] Json error_body(std::string_view id, const std::vector<std::string>& args = {});

// Why a body or write was refused (Errc), with what the message names.
struct Refusal {
    std::error_code code;
    std::string property; // or the action parameter
    std::string value;    // as the client sent it (JSON text, bounded)
    std::string action;   // "ComputerSystem.Reset" for an action's parameter
};

// The HTTP status and Base message of a refusal.
struct RefusalAnswer {
    int status = 400;
    Json body;
};
[[nodiscard]] RefusalAnswer refusal_answer(const Refusal& r);

} // namespace redfish
