// ipmi::Transport over the Linux OpenIPMI device: send with a fresh message ID,
// poll with a deadline, drop stale replies (earlier timed-out requests, events).
#pragma once

#include "ipmi/transport.hpp"
#include "openipmi_driver/device.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace openipmi {

class OpenIpmiTransport final : public ipmi::Transport {
public:
    OpenIpmiTransport(std::unique_ptr<Device> device, std::chrono::milliseconds deadline,
                      std::string name = "openipmi /dev/ipmi0");

    [[nodiscard]] std::expected<ipmi::Response, std::error_code>
    execute(const ipmi::Request& request) override;
    [[nodiscard]] std::string_view name() const noexcept override { return name_; }

    struct Stats {
        unsigned sent = 0;
        unsigned stale_dropped = 0;
        unsigned timeouts = 0;
    };
    [[nodiscard]] const Stats& stats() const { return stats_; }

private:
    std::unique_ptr<Device> device_;
    std::chrono::milliseconds deadline_;
    std::string name_;
    long next_msgid_ = 1;
    Stats stats_;
};

} // namespace openipmi
