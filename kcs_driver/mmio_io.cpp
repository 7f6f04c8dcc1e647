// Memory-mapped KCS registers: volatile byte accesses into a /dev/mem mapping.
#include "kcs_driver/mmio_io.hpp"

#include "kcs_driver/errc.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace kcs {
namespace {

class MmioIo final : public PortIo {
public:
    MmioIo(void* map, std::size_t length, std::size_t offset, std::uint8_t spacing)
        : map_(map), length_(length), data_(static_cast<volatile std::uint8_t*>(map) + offset),
          status_(data_ + spacing) {}
    ~MmioIo() override { ::munmap(map_, length_); }
    MmioIo(const MmioIo&) = delete;
    MmioIo& operator=(const MmioIo&) = delete;

    std::uint8_t read_data() override { return *data_; }
    void write_data(std::uint8_t value) override { *data_ = value; }
    std::uint8_t read_status() override { return *status_; }
    void write_command(std::uint8_t value) override { *status_ = value; }

private:
    void* map_;
    std::size_t length_;
    volatile std::uint8_t* data_;
    volatile std::uint8_t* status_;
};

} // namespace

std::expected<std::unique_ptr<PortIo>, std::error_code> open_mmio_io(std::uint64_t base,
                                                                     std::uint8_t spacing) {
    const long page_size = ::sysconf(_SC_PAGESIZE);
    const auto page = static_cast<std::uint64_t>(page_size > 0 ? page_size : 4096);
    const std::uint64_t first = base & ~(page - 1);
    const std::uint64_t end = base + spacing + 1;
    const auto length = static_cast<std::size_t>(((end - first) + page - 1) & ~(page - 1));
    const int fd = ::open("/dev/mem", O_RDWR | O_SYNC | O_CLOEXEC);
    if (fd < 0) {
        return std::unexpected(std::error_code{errno, std::generic_category()});
    }
    void* map =
        ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, static_cast<off_t>(first));
    ::close(fd);
    if (map == MAP_FAILED) {
        return std::unexpected(make_error_code(Errc::mmap_failed));
    }
    return std::make_unique<MmioIo>(map, length, static_cast<std::size_t>(base - first), spacing);
}

} // namespace kcs
