// IPMI over LAN (RMCP+, IPMI 2.0 section 13) through libfreeipmi: a session
// opened on first use and opened again after it is lost (BMC restarted).
#pragma once

#include "ipmi/transport.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <system_error>

struct ipmi_ctx;

namespace lan {

// IPMI 2.0 Table 22-30 privilege levels.
enum class Privilege : std::uint8_t { user = 2, operator_ = 3, admin = 4 };

struct Options {
    std::string host; // "HOST" or "HOST:PORT" (default port 623)
    std::string user;
    std::string password; // never taken from the command line
    Privilege privilege = Privilege::admin;
    std::uint8_t cipher_suite = 3; // HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128
    std::chrono::milliseconds session_timeout{5000};
    std::chrono::milliseconds retransmission_timeout{250};
    unsigned workaround_flags = 0; // libfreeipmi IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_*
};

class LanTransport final : public ipmi::Transport {
public:
    explicit LanTransport(Options options);
    ~LanTransport() override;

    [[nodiscard]] std::expected<ipmi::Response, std::error_code>
    execute(const ipmi::Request& request) override;
    [[nodiscard]] std::string_view name() const noexcept override { return name_; }

    struct Stats {
        unsigned sessions_opened = 0;
        unsigned commands = 0;
    };
    [[nodiscard]] const Stats& stats() const { return stats_; }

private:
    std::error_code open();
    void close();

    Options options_;
    std::string name_;
    ipmi_ctx* ctx_ = nullptr;
    bool open_ = false;
    Stats stats_;
};

// The password from a file (first line, trailing newline removed) or, when no
// file is given, from the environment variable BMCWSMAN_PASSWORD.
[[nodiscard]] std::expected<std::string, std::error_code> read_password(const std::string& file);

} // namespace lan
