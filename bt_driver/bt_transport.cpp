// BtTransport: BT message framing with a sequence number, run by kcs::poll_until_done.
#include "bt_driver/bt_transport.hpp"

#include "bt_driver/errc.hpp"
#include "kcs_driver/poll_loop.hpp"

#include <vector>

namespace bt {

BtTransport::BtTransport(std::unique_ptr<Registers> io, TransportOptions opts, std::string name)
    : io_(std::move(io)), opts_(opts), name_(std::move(name)),
      machine_(*io_, StateMachineLimits{opts_.timeout, opts_.max_stale, 256}) {}

std::expected<ipmi::Response, std::error_code> BtTransport::execute(const ipmi::Request& request) {
    if (request.netfn > 0x3f || request.lun > 3) {
        return std::unexpected(std::make_error_code(std::errc::invalid_argument));
    }
    if (request.data.size() + 3 > 255) {
        return std::unexpected(make_error_code(Errc::request_too_long));
    }
    ++seq_;
    std::vector<std::uint8_t> bytes;
    bytes.reserve(request.data.size() + 4);
    bytes.push_back(static_cast<std::uint8_t>(request.data.size() + 3)); // bytes after Length
    bytes.push_back(static_cast<std::uint8_t>(request.netfn << 2 | request.lun));
    bytes.push_back(seq_);
    bytes.push_back(request.cmd);
    bytes.insert(bytes.end(), request.data.begin(), request.data.end());
    if (auto ec = machine_.start(bytes)) {
        ++stats_.failures;
        return std::unexpected(ec);
    }
    ++stats_.transactions;
    kcs::PollCounters counters;
    auto done = kcs::poll_until_done(machine_, opts_.command_deadline,
                                     kcs::PollPacer(opts_.spin_polls, opts_.min_sleep, opts_.max_sleep),
                                     counters);
    stats_.polls += counters.polls;
    stats_.sleeps += counters.sleeps;
    stats_.stale += machine_.stale();
    if (!done) {
        ++stats_.failures;
        return std::unexpected(done.error());
    }
    // Length, NetFn/LUN, Seq, Cmd, Completion Code, Data.
    const auto rsp = machine_.response();
    ipmi::Response response;
    response.netfn = static_cast<std::uint8_t>(rsp[1] >> 2);
    response.lun = static_cast<std::uint8_t>(rsp[1] & 3);
    response.cmd = rsp[3];
    response.cc = static_cast<ipmi::CompletionCode>(rsp[4]);
    response.data.assign(rsp.begin() + 5, rsp.end());
    return response;
}

} // namespace bt
