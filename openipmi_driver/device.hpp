// The seam to the Linux IPMI message handler's character device (ipmi_devintf):
// send a request, wait for readability, receive a message. LinuxDevice does the
// ioctls; tests script their own Device.
#pragma once

#include "ipmi/message.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace openipmi {

struct Received {
    int recv_type = 0; // IPMI_RESPONSE_RECV_TYPE, IPMI_ASYNC_EVENT_RECV_TYPE, ...
    long msgid = 0;
    std::uint8_t netfn = 0;
    std::uint8_t cmd = 0;
    bool truncated = false;
    std::vector<std::uint8_t> data; // completion code first
};

class Device {
public:
    Device() = default;
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;
    virtual ~Device() = default;

    // IPMICTL_SEND_COMMAND to the system interface (BMC channel, request LUN).
    [[nodiscard]] virtual std::error_code send(long msgid, const ipmi::Request& request) = 0;
    // true when a message is ready, false when `timeout` passed first.
    [[nodiscard]] virtual std::expected<bool, std::error_code>
    wait(std::chrono::milliseconds timeout) = 0;
    // IPMICTL_RECEIVE_MSG_TRUNC.
    [[nodiscard]] virtual std::expected<Received, std::error_code> receive() = 0;
};

// Opens e.g. /dev/ipmi0 (or /dev/ipmi/0, /dev/ipmidev/0).
[[nodiscard]] std::expected<std::unique_ptr<Device>, std::error_code>
open_device(const std::string& path);

// The first device node that exists, or an empty string.
[[nodiscard]] std::string find_device();

} // namespace openipmi
