// Port-mapped KCS registers through inb/outb (ioperm) or /dev/port.
#include "kcs_driver/ioport_io.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <sys/io.h>
#define KCS_HAVE_INB_OUTB 1
#endif

namespace kcs {
namespace {

std::error_code last_errno() {
    return {errno, std::generic_category()};
}

#ifdef KCS_HAVE_INB_OUTB
class IopermIo final : public PortIo {
public:
    IopermIo(std::uint16_t base, std::uint8_t spacing)
        : data_(base), status_(static_cast<std::uint16_t>(base + spacing)),
          length_(static_cast<unsigned long>(spacing) + 1) {}
    ~IopermIo() override { ioperm(data_, length_, 0); }
    IopermIo(const IopermIo&) = delete;
    IopermIo& operator=(const IopermIo&) = delete;

    std::uint8_t read_data() override { return inb(data_); }
    void write_data(std::uint8_t value) override { outb(value, data_); }
    std::uint8_t read_status() override { return inb(status_); }
    void write_command(std::uint8_t value) override { outb(value, status_); }

private:
    std::uint16_t data_;
    std::uint16_t status_;
    unsigned long length_;
};
#endif

class DevPortIo final : public PortIo {
public:
    DevPortIo(int fd, std::uint16_t base, std::uint8_t spacing)
        : fd_(fd), data_(base), status_(static_cast<off_t>(base + spacing)) {}
    ~DevPortIo() override { ::close(fd_); }
    DevPortIo(const DevPortIo&) = delete;
    DevPortIo& operator=(const DevPortIo&) = delete;

    std::uint8_t read_data() override { return read_at(data_); }
    void write_data(std::uint8_t value) override { write_at(data_, value); }
    std::uint8_t read_status() override { return read_at(status_); }
    void write_command(std::uint8_t value) override { write_at(status_, value); }

private:
    // A failed access reads as 0xff (a floating bus), which the state machine sees as
    // the ERROR state with IBF set and handles as such.
    std::uint8_t read_at(off_t offset) const {
        std::uint8_t value = 0xff;
        if (::pread(fd_, &value, 1, offset) != 1) {
            value = 0xff;
        }
        return value;
    }
    // A failed write is a byte the BMC never saw: the state machine's status checks (IBF
    // never set, then cleared) turn it into a timeout and a retry, as on a lost bus cycle.
    void write_at(off_t offset, std::uint8_t value) const {
        if (::pwrite(fd_, &value, 1, offset) != 1) {
            return;
        }
    }

    int fd_;
    off_t data_;
    off_t status_;
};

} // namespace

std::expected<std::unique_ptr<PortIo>, std::error_code> open_ioperm_io(std::uint16_t base,
                                                                       std::uint8_t spacing) {
#ifdef KCS_HAVE_INB_OUTB
    if (ioperm(base, static_cast<unsigned long>(spacing) + 1, 1) != 0) {
        return std::unexpected(last_errno());
    }
    return std::make_unique<IopermIo>(base, spacing);
#else
    static_cast<void>(base);
    static_cast<void>(spacing);
    return std::unexpected(std::make_error_code(std::errc::function_not_supported));
#endif
}

std::expected<std::unique_ptr<PortIo>, std::error_code> open_dev_port_io(std::uint16_t base,
                                                                         std::uint8_t spacing) {
    const int fd = ::open("/dev/port", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return std::unexpected(last_errno());
    }
    return std::make_unique<DevPortIo>(fd, base, spacing);
}

} // namespace kcs
