// KcsTransport: message framing, the polling loop (spin, then back off), deadline, stats.
#include "kcs_driver/kcs_transport.hpp"

#include "ipmi/errc.hpp"
#include "kcs_driver/errc.hpp"
#include "kcs_driver/poll_pacer.hpp"

#include <array>
#include <thread>

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

// Polls until the machine completes. Elapsed time is measured here and passed in; the
// machine itself never reads a clock.
std::expected<void, std::error_code> KcsTransport::run() {
    using clock = std::chrono::steady_clock;
    const auto begin = clock::now();
    const auto deadline = begin + opts_.command_deadline;
    auto last = begin;
    PollPacer pacer(opts_.spin_polls, opts_.min_sleep, opts_.max_sleep);
    for (;;) {
        const auto now = clock::now();
        // Whole microseconds only; the remainder carries over to the next poll.
        const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(now - last);
        last += elapsed;
        ++stats_.polls;
        switch (machine_.poll(elapsed)) {
        case Result::complete:
            return {};
        case Result::error:
            return std::unexpected(machine_.error());
        case Result::call_without_delay:
            pacer.reset();
            break;
        case Result::call_again:
            if (const auto wait = pacer.next(); wait.count() > 0) {
                ++stats_.sleeps;
                std::this_thread::sleep_for(wait);
            }
            break;
        }
        if (clock::now() >= deadline) {
            // One last look: the BMC may have answered during the final sleep.
            if (auto r = machine_.poll(std::chrono::microseconds{0}); r == Result::complete) {
                return {};
            } else if (r == Result::error) {
                return std::unexpected(machine_.error());
            }
            return std::unexpected(machine_.give_up());
        }
    }
}

} // namespace kcs
