// i2c-dev ioctls (linux/i2c-dev.h, linux/i2c.h) behind SmbusIo.
#include "ssif_driver/i2c_dev_io.hpp"

#include "ssif_driver/errc.hpp"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <sys/ioctl.h>
#include <thread>
#include <unistd.h>

namespace ssif {
namespace {

class I2cDevIo final : public SmbusIo {
public:
    explicit I2cDevIo(int fd) : fd_(fd) {}
    ~I2cDevIo() override { ::close(fd_); }
    I2cDevIo(const I2cDevIo&) = delete;
    I2cDevIo& operator=(const I2cDevIo&) = delete;

    std::error_code block_write(std::uint8_t command, std::span<const std::uint8_t> data) override {
        if (data.empty() || data.size() > block_max) {
            return std::make_error_code(std::errc::invalid_argument);
        }
        i2c_smbus_data buffer{};
        buffer.block[0] = static_cast<std::uint8_t>(data.size());
        std::copy(data.begin(), data.end(), buffer.block + 1);
        return transfer(I2C_SMBUS_WRITE, command, buffer);
    }

    std::expected<std::size_t, std::error_code> block_read(std::uint8_t command, Block& out) override {
        i2c_smbus_data buffer{};
        if (auto ec = transfer(I2C_SMBUS_READ, command, buffer)) {
            return std::unexpected(ec);
        }
        const std::size_t count = std::min<std::size_t>(buffer.block[0], block_max);
        std::copy_n(buffer.block + 1, count, out.begin());
        return count;
    }

    std::error_code set_pec(bool on) override {
        if (::ioctl(fd_, I2C_PEC, on ? 1UL : 0UL) < 0) {
            return {errno, std::generic_category()};
        }
        return {};
    }

    void wait(std::chrono::microseconds duration) override { std::this_thread::sleep_for(duration); }

private:
    std::error_code transfer(std::uint8_t read_write, std::uint8_t command, i2c_smbus_data& buffer) {
        i2c_smbus_ioctl_data args{};
        args.read_write = read_write;
        args.command = command;
        args.size = I2C_SMBUS_BLOCK_DATA;
        args.data = &buffer;
        if (::ioctl(fd_, I2C_SMBUS, &args) < 0) {
            return {errno, std::generic_category()};
        }
        return {};
    }

    int fd_;
};

} // namespace

std::expected<std::unique_ptr<SmbusIo>, std::error_code> open_i2c_dev(const std::string& device,
                                                                      std::uint8_t address) {
    const int fd = ::open(device.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT || err == ENODEV || err == ENXIO) {
            return std::unexpected(make_error_code(Errc::no_adapter));
        }
        if (err == EACCES || err == EPERM) {
            return std::unexpected(make_error_code(Errc::no_permission));
        }
        return std::unexpected(std::error_code(err, std::generic_category()));
    }
    auto io = std::make_unique<I2cDevIo>(fd);
    unsigned long funcs = 0;
    if (::ioctl(fd, I2C_FUNCS, &funcs) < 0) {
        return std::unexpected(std::error_code(errno, std::generic_category()));
    }
    const unsigned long needed = I2C_FUNC_SMBUS_READ_BLOCK_DATA | I2C_FUNC_SMBUS_WRITE_BLOCK_DATA;
    if ((funcs & needed) != needed) {
        return std::unexpected(make_error_code(Errc::no_block_transfers));
    }
    if (::ioctl(fd, I2C_SLAVE, static_cast<unsigned long>(address)) < 0) {
        const int err = errno;
        if (err == EBUSY) {
            return std::unexpected(make_error_code(Errc::address_busy));
        }
        return std::unexpected(std::error_code(err, std::generic_category()));
    }
    return io;
}

} // namespace ssif
