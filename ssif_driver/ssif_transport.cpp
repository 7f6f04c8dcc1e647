// SsifTransport: message framing of ipmi::Request/Response and the capabilities probe.
#include "ssif_driver/ssif_transport.hpp"

#include <array>

namespace ssif {

SsifTransport::SsifTransport(std::unique_ptr<SmbusIo> io, TransportOptions opts, std::string name)
    : io_(std::move(io)), opts_(opts), name_(std::move(name)), session_(*io_, opts_.timing) {}

std::error_code SsifTransport::probe() {
    // App (06h) 57h, data 00h: interface type SSIF.
    const std::array<std::uint8_t, 3> request{0x06 << 2, get_interface_capabilities_cmd, 0x00};
    auto rsp = session_.exchange(request);
    if (!rsp) {
        return rsp.error();
    }
    Capabilities caps;
    if ((*rsp)[2] == 0x00) {
        caps = parse_capabilities(std::span(*rsp).subspan(3));
    }
    if (caps.pec && opts_.use_pec) {
        // The BMC adds PEC to reads only after a write with a valid PEC (IPMI 2.0 12.9).
        caps.pec = !io_->set_pec(true);
    } else {
        caps.pec = false;
    }
    session_.set_capabilities(caps);
    caps_ = caps;
    return {};
}

std::expected<ipmi::Response, std::error_code> SsifTransport::execute(const ipmi::Request& request) {
    if (request.netfn > 0x3f || request.lun > 3) {
        return std::unexpected(std::make_error_code(std::errc::invalid_argument));
    }
    if (!caps_) {
        if (auto ec = probe()) {
            return std::unexpected(ec);
        }
    }
    // IPMI 2.0 12.1: the SSIF message is the KCS one: NetFn/LUN, Cmd, Data.
    std::vector<std::uint8_t> bytes;
    bytes.reserve(request.data.size() + 2);
    bytes.push_back(static_cast<std::uint8_t>(request.netfn << 2 | request.lun));
    bytes.push_back(request.cmd);
    bytes.insert(bytes.end(), request.data.begin(), request.data.end());
    auto rsp = session_.exchange(bytes);
    if (!rsp) {
        return std::unexpected(rsp.error());
    }
    ipmi::Response response;
    response.netfn = static_cast<std::uint8_t>((*rsp)[0] >> 2);
    response.lun = static_cast<std::uint8_t>((*rsp)[0] & 3);
    response.cmd = (*rsp)[1];
    response.cc = static_cast<ipmi::CompletionCode>((*rsp)[2]);
    response.data.assign(rsp->begin() + 3, rsp->end());
    return response;
}

} // namespace ssif
