// KcsTransport: message framing, the polling loop (spin, then back off), deadline, stats.
#include "kcs_driver/kcs_transport.hpp"

#include "ipmi/errc.hpp"
#include "kcs_driver/errc.hpp"
#include "kcs_driver/poll_loop.hpp"

#include <array>

namespace kcs {
namespace {

StateMachineLimits limits_of(const TransportOptions& opts) {
    return {opts.ibf_timeout, opts.obf_timeout, opts.max_retries, opts.max_response};
}

} // namespace

KcsTransport::KcsTransport(std::unique_ptr<PortIo> io, TransportOptions opts, std::string name)
    : io_(std::move(io)), opts_(opts), name_(std::move(name)), machine_(*io_, limits_of(opts_)) {}

std::expected<ipmi::Response, std::error_code> KcsTransport::execute(const ipmi::Request& request) {
    if (request.netfn > 0x3f || request.lun > 3) {
        return std::unexpected(std::make_error_code(std::errc::invalid_argument));
    }
    // IPMI 2.0 9.3: KCS request message: NetFn/LUN, Cmd, Data.
    std::array<std::uint8_t, max_message> bytes{};
    if (request.data.size() + 2 > bytes.size()) {
        return std::unexpected(make_error_code(ipmi::Errc::request_too_long));
    }
    bytes[0] = static_cast<std::uint8_t>(request.netfn << 2 | request.lun);
    bytes[1] = request.cmd;
    std::copy(request.data.begin(), request.data.end(), bytes.begin() + 2);
    if (auto ec = machine_.start(std::span(bytes).first(request.data.size() + 2))) {
        ++stats_.failures;
        return std::unexpected(ec);
    }
    ++stats_.transactions;
    auto ran = run();
    stats_.retries += machine_.retries();
    if (!ran) {
        ++stats_.failures;
        return std::unexpected(ran.error());
    }
    // IPMI 2.0 9.3: KCS response message: NetFn/LUN, Cmd, Completion Code, Data.
    const auto rsp = machine_.response();
    ipmi::Response response;
    response.netfn = static_cast<std::uint8_t>(rsp[0] >> 2);
    response.lun = static_cast<std::uint8_t>(rsp[0] & 3);
    response.cmd = rsp[1];
    if (response.netfn != (request.netfn | 1U) || response.cmd != request.cmd) {
        ++stats_.failures;
        return std::unexpected(make_error_code(ipmi::Errc::response_mismatch));
    }
    response.cc = static_cast<ipmi::CompletionCode>(rsp[2]);
    response.data.assign(rsp.begin() + 3, rsp.end());
    return response;
}

std::expected<void, std::error_code> KcsTransport::run() {
    PollCounters counters;
    auto done = poll_until_done(machine_, opts_.command_deadline,
                                PollPacer(opts_.spin_polls, opts_.min_sleep, opts_.max_sleep), counters);
    stats_.polls += counters.polls;
    stats_.sleeps += counters.sleeps;
    return done;
}

} // namespace kcs
