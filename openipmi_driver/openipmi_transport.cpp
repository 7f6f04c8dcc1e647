#include "openipmi_driver/openipmi_transport.hpp"

#include "ipmi/errc.hpp"
#include "openipmi_driver/errc.hpp"

#include <linux/ipmi.h>

namespace openipmi {

OpenIpmiTransport::OpenIpmiTransport(std::unique_ptr<Device> device,
                                     std::chrono::milliseconds deadline, std::string name)
    : device_(std::move(device)), deadline_(deadline), name_(std::move(name)) {}

std::expected<ipmi::Response, std::error_code>
OpenIpmiTransport::execute(const ipmi::Request& request) {
    const long msgid = next_msgid_++;
    if (auto ec = device_->send(msgid, request)) {
        return std::unexpected(ec);
    }
    ++stats_.sent;
    const auto until = std::chrono::steady_clock::now() + deadline_;
    for (;;) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= until) {
            ++stats_.timeouts;
            return std::unexpected(make_error_code(Errc::timeout));
        }
        auto ready = device_->wait(std::chrono::ceil<std::chrono::milliseconds>(until - now));
        if (!ready) {
            return std::unexpected(ready.error());
        }
        if (!*ready) {
            continue; // the loop checks the deadline
        }
        auto msg = device_->receive();
        if (!msg) {
            return std::unexpected(msg.error());
        }
        // A reply to an earlier request that timed out, or an event: not ours.
        if (msg->recv_type != IPMI_RESPONSE_RECV_TYPE || msg->msgid != msgid) {
            ++stats_.stale_dropped;
            continue;
        }
        if (msg->truncated) {
            return std::unexpected(make_error_code(Errc::response_truncated));
        }
        if (msg->data.empty()) {
            return std::unexpected(make_error_code(Errc::empty_response));
        }
        if (msg->cmd != request.cmd || msg->netfn != (request.netfn | 1U)) {
            return std::unexpected(make_error_code(ipmi::Errc::response_mismatch));
        }
        ipmi::Response response;
        response.netfn = msg->netfn;
        response.lun = request.lun;
        response.cmd = msg->cmd;
        response.cc = static_cast<ipmi::CompletionCode>(msg->data[0]);
        response.data.assign(msg->data.begin() + 1, msg->data.end());
        return response;
    }
}

} // namespace openipmi
