#include "lan_driver/lan_transport.hpp"

#include "ipmi/errc.hpp"
#include "lan_driver/errc.hpp"

#include <array>
#include <cstdlib>
#include <freeipmi/api/ipmi-api.h>
#include <fstream>

namespace lan {
namespace {

// Errors after which the session cannot be trusted and is opened again.
bool session_lost(int errnum) {
    switch (errnum) {
    case IPMI_ERR_SESSION_TIMEOUT:
    case IPMI_ERR_CONNECTION_TIMEOUT:
    case IPMI_ERR_DEVICE_NOT_OPEN:
    case IPMI_ERR_BAD_RMCPPLUS_STATUS_CODE:
    case IPMI_ERR_SYSTEM_ERROR:
    case IPMI_ERR_INTERNAL_ERROR:
    case IPMI_ERR_IPMI_ERROR:
        return true;
    default:
        return false;
    }
}

unsigned to_ms(std::chrono::milliseconds d) {
    return static_cast<unsigned>(std::max<std::chrono::milliseconds::rep>(1, d.count()));
}

} // namespace

LanTransport::LanTransport(Options options)
    : options_(std::move(options)), name_("lan " + options_.host) {}

LanTransport::~LanTransport() {
    close();
    if (ctx_ != nullptr) {
        ipmi_ctx_destroy(ctx_);
    }
}

void LanTransport::close() {
    if (ctx_ != nullptr && open_) {
        ipmi_ctx_close(ctx_);
    }
    open_ = false;
}

std::error_code LanTransport::open() {
    if (ctx_ == nullptr) {
        ctx_ = ipmi_ctx_create();
        if (ctx_ == nullptr) {
            return std::make_error_code(std::errc::not_enough_memory);
        }
    }
    if (options_.host.empty()) {
        return Errc::bad_host;
    }
    // libfreeipmi takes "host:port" in the hostname (a bare host means port 623).
    const int rc = ipmi_ctx_open_outofband_2_0(
        ctx_, options_.host.c_str(), options_.user.c_str(), options_.password.c_str(), nullptr, 0,
        static_cast<std::uint8_t>(options_.privilege), options_.cipher_suite,
        to_ms(options_.session_timeout), to_ms(options_.retransmission_timeout),
        options_.workaround_flags, IPMI_FLAGS_DEFAULT);
    if (rc < 0) {
        const auto ec = from_freeipmi(ipmi_ctx_errnum(ctx_));
        // A failed open leaves the context unusable for another open: start afresh.
        ipmi_ctx_destroy(ctx_);
        ctx_ = nullptr;
        return ec;
    }
    open_ = true;
    ++stats_.sessions_opened;
    return {};
}

std::expected<ipmi::Response, std::error_code> LanTransport::execute(const ipmi::Request& request) {
    // A lost session is reopened once per request: a restarted BMC answers the
    // next command without the caller noticing more than the delay.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!open_) {
            if (auto ec = open()) {
                return std::unexpected(ec);
            }
        }
        std::array<std::uint8_t, 1 + 255> rq{};
        if (request.data.size() > rq.size() - 1) {
            return std::unexpected(make_error_code(ipmi::Errc::request_too_long));
        }
        rq[0] = request.cmd;
        std::copy(request.data.begin(), request.data.end(), rq.begin() + 1);
        std::array<std::uint8_t, 1024> rs{};
        ++stats_.commands;
        const int n = ipmi_cmd_raw(ctx_, request.lun, request.netfn, rq.data(),
                                   static_cast<unsigned>(1 + request.data.size()), rs.data(),
                                   static_cast<unsigned>(rs.size()));
        if (n < 0) {
            const int errnum = ipmi_ctx_errnum(ctx_);
            if (session_lost(errnum)) {
                close();
                if (attempt == 0) {
                    continue;
                }
            }
            return std::unexpected(from_freeipmi(errnum));
        }
        // ipmi_cmd_raw: byte 1 = command, byte 2 = completion code, then data.
        if (n < 2) {
            return std::unexpected(make_error_code(Errc::response_too_short));
        }
        if (rs[0] != request.cmd) {
            return std::unexpected(make_error_code(ipmi::Errc::response_mismatch));
        }
        ipmi::Response response;
        response.netfn = static_cast<std::uint8_t>(request.netfn | 1U);
        response.lun = request.lun;
        response.cmd = rs[0];
        response.cc = static_cast<ipmi::CompletionCode>(rs[1]);
        response.data.assign(rs.begin() + 2, rs.begin() + n);
        return response;
    }
    return std::unexpected(from_freeipmi(IPMI_ERR_SESSION_TIMEOUT));
}

std::expected<std::string, std::error_code> read_password(const std::string& file) {
    if (file.empty()) {
        const char* env = std::getenv("BMCWSMAN_PASSWORD");
        if (env == nullptr) {
            return std::unexpected(make_error_code(Errc::password_missing));
        }
        return std::string(env);
    }
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line) || line.empty()) {
        return std::unexpected(make_error_code(Errc::password_file_unreadable));
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

} // namespace lan
