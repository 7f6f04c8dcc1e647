// ipmi::Transport over SSIF: capabilities learned once, then one Session exchange per request.
#pragma once

#include "ipmi/transport.hpp"
#include "ssif_driver/protocol.hpp"
#include "ssif_driver/session.hpp"
#include "ssif_driver/smbus_io.hpp"

#include <memory>
#include <optional>
#include <string>

namespace ssif {

struct TransportOptions {
    Timing timing;
    bool use_pec = true; // when the BMC announces PEC support (the adapter computes it)
};

class SsifTransport final : public ipmi::Transport {
public:
    explicit SsifTransport(std::unique_ptr<SmbusIo> io, TransportOptions opts = {},
                           std::string name = "ssif");

    // The first call asks Get System Interface Capabilities (IPMI 2.0 22.9) for sizes and
    // PEC; without an answer (non-zero completion code) single-part 32/32 and no PEC, as
    // Linux. Then the request is framed and exchanged (session.hpp).
    [[nodiscard]] std::expected<ipmi::Response, std::error_code>
    execute(const ipmi::Request& request) override;
    [[nodiscard]] std::string_view name() const noexcept override { return name_; }

    [[nodiscard]] const std::optional<Capabilities>& capabilities() const noexcept { return caps_; }
    [[nodiscard]] const Session::Stats& stats() const noexcept { return session_.stats(); }

private:
    [[nodiscard]] std::error_code probe();

    std::unique_ptr<SmbusIo> io_;
    TransportOptions opts_;
    std::string name_;
    Session session_;
    std::optional<Capabilities> caps_;
};

} // namespace ssif
