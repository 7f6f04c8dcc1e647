// The seam every IPMI transport implements: KCS, /dev/ipmi0, SSIF, LAN.
#pragma once

#include "ipmi/message.hpp"

#include <expected>
#include <string_view>
#include <system_error>

namespace ipmi {

// execute() sends one request and returns its response. A failure to carry the
// message (timeout, interface error) is an error; a non-zero completion code is
// data in the Response (design.md "Seams").
class Transport {
public:
    Transport() = default;
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;
    virtual ~Transport() = default;

    [[nodiscard]] virtual std::expected<Response, std::error_code>
    execute(const Request& request) = 0;

    // A short human name, such as "kcs io:0xca2".
    [[nodiscard]] virtual std::string_view name() const noexcept = 0;
};

} // namespace ipmi
