// Device over the kernel's ipmi_devintf ioctls (include/uapi/linux/ipmi.h).
#include "openipmi_driver/device.hpp"
#include "openipmi_driver/errc.hpp"

#include <array>
#include <fcntl.h>
#include <filesystem>
#include <linux/ipmi.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace openipmi {
namespace {

std::error_code last_error() {
    return {errno, std::generic_category()};
}

class LinuxDevice final : public Device {
public:
    explicit LinuxDevice(int fd) : fd_(fd) {}
    ~LinuxDevice() override { ::close(fd_); }

    std::error_code send(long msgid, const ipmi::Request& request) override {
        ipmi_system_interface_addr addr{};
        addr.addr_type = IPMI_SYSTEM_INTERFACE_ADDR_TYPE;
        addr.channel = IPMI_BMC_CHANNEL;
        addr.lun = request.lun;
        std::vector<std::uint8_t> data = request.data; // the ioctl takes a non-const pointer
        ipmi_req req{};
        req.addr = reinterpret_cast<unsigned char*>(&addr);
        req.addr_len = sizeof(addr);
        req.msgid = msgid;
        req.msg.netfn = request.netfn;
        req.msg.cmd = request.cmd;
        req.msg.data_len = static_cast<unsigned short>(data.size());
        req.msg.data = data.data();
        if (::ioctl(fd_, IPMICTL_SEND_COMMAND, &req) < 0) {
            return last_error();
        }
        return {};
    }

    std::expected<bool, std::error_code> wait(std::chrono::milliseconds timeout) override {
        pollfd p{fd_, POLLIN, 0};
        const int rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
        if (rc < 0) {
            if (errno == EINTR) {
                return false;
            }
            return std::unexpected(last_error());
        }
        return rc > 0;
    }

    std::expected<Received, std::error_code> receive() override {
        ipmi_addr addr{};
        std::array<unsigned char, IPMI_MAX_MSG_LENGTH> buffer{};
        ipmi_recv recv{};
        recv.addr = reinterpret_cast<unsigned char*>(&addr);
        recv.addr_len = sizeof(addr);
        recv.msg.data = buffer.data();
        recv.msg.data_len = static_cast<unsigned short>(buffer.size());
        Received out;
        if (::ioctl(fd_, IPMICTL_RECEIVE_MSG_TRUNC, &recv) < 0) {
            if (errno != EMSGSIZE) {
                return std::unexpected(last_error());
            }
            out.truncated = true; // data filled up to the buffer
        }
        out.recv_type = recv.recv_type;
        out.msgid = recv.msgid;
        out.netfn = recv.msg.netfn;
        out.cmd = recv.msg.cmd;
        out.data.assign(buffer.begin(),
                        buffer.begin() + std::min<std::size_t>(recv.msg.data_len, buffer.size()));
        return out;
    }

private:
    int fd_;
};

} // namespace

std::expected<std::unique_ptr<Device>, std::error_code> open_device(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENXIO || errno == ENODEV) {
            return std::unexpected(make_error_code(Errc::no_device));
        }
        return std::unexpected(last_error());
    }
    return std::make_unique<LinuxDevice>(fd);
}

std::string find_device() {
    for (const char* candidate : {"/dev/ipmi0", "/dev/ipmi/0", "/dev/ipmidev/0"}) {
        std::error_code ec;
        if (std::filesystem::exists(candidate, ec)) {
            return candidate;
        }
    }
    return {};
}

} // namespace openipmi
