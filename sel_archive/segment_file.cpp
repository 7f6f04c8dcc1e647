#include "sel_archive/segment_file.hpp"

#include "sel_archive/errc.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>

namespace sel_archive::files {
namespace {

std::error_code last_error() {
    return {errno, std::system_category()};
}

std::error_code write_all(int fd, std::span<const std::uint8_t> bytes) {
    while (!bytes.empty()) {
        const auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return last_error();
        }
        if (n == 0) {
            return Errc::short_write;
        }
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
    return {};
}

} // namespace

std::string segment_name(Sequence first) {
    char digits[21] = {};
    std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(first));
    return std::string("segment-") + digits + ".sel";
}

std::optional<Sequence> parse_segment_name(const std::string& name) {
    constexpr std::string_view prefix = "segment-";
    constexpr std::string_view suffix = ".sel";
    if (name.size() != prefix.size() + 20 + suffix.size() || !name.starts_with(prefix) || !name.ends_with(suffix)) {
        return std::nullopt;
    }
    Sequence s = 0;
    const char* begin = name.data() + prefix.size();
    const auto [end, ec] = std::from_chars(begin, begin + 20, s);
    if (ec != std::errc{} || end != begin + 20) {
        return std::nullopt;
    }
    return s;
}

std::expected<std::vector<std::uint8_t>, std::error_code> read_whole(const std::filesystem::path& path) {
    UniqueFd f(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (f.get() < 0) {
        return std::unexpected(last_error());
    }
    struct stat st {};
    if (::fstat(f.get(), &st) != 0) {
        return std::unexpected(last_error());
    }
    std::vector<std::uint8_t> out;
    out.reserve(static_cast<std::size_t>(st.st_size));
    std::uint8_t buffer[65536];
    for (;;) {
        const auto n = ::read(f.get(), buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return std::unexpected(last_error());
        }
        if (n == 0) {
            return out;
        }
        out.insert(out.end(), buffer, buffer + n);
    }
}

std::expected<std::vector<std::uint8_t>, std::error_code>
read_range(const std::filesystem::path& path, std::uint64_t offset, std::size_t length) {
    UniqueFd f(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (f.get() < 0) {
        return std::unexpected(last_error());
    }
    std::vector<std::uint8_t> out(length);
    std::size_t got = 0;
    while (got < length) {
        const auto n = ::pread(f.get(), out.data() + got, length - got, static_cast<off_t>(offset + got));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return std::unexpected(last_error());
        }
        if (n == 0) {
            break;
        }
        got += static_cast<std::size_t>(n);
    }
    out.resize(got);
    return out;
}

std::error_code sync_directory(const std::filesystem::path& directory) {
    const UniqueFd f(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (f.get() < 0 || ::fsync(f.get()) != 0) {
        return last_error();
    }
    return {};
}

std::error_code write_atomically(const std::filesystem::path& path, std::string_view text) {
    const auto temporary = path.string() + ".new";
    {
        const UniqueFd f(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640));
        if (f.get() < 0) {
            return last_error();
        }
        const auto* data = reinterpret_cast<const std::uint8_t*>(text.data());
        if (auto ec = write_all(f.get(), {data, text.size()})) {
            return ec;
        }
        if (::fsync(f.get()) != 0) {
            return last_error();
        }
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        return last_error();
    }
    return sync_directory(path.parent_path());
}

format::Uuid random_uuid() {
    format::Uuid u{};
    std::size_t done = 0;
    while (done < u.size()) {
        const auto n = ::getrandom(u.data() + done, u.size() - done, 0);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
        }
    }
    u[6] = static_cast<std::uint8_t>((u[6] & 0x0fU) | 0x40U); // version 4 (RFC 4122 4.4)
    u[8] = static_cast<std::uint8_t>((u[8] & 0x3fU) | 0x80U); // variant 10
    return u;
}

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = o.fd_;
        o.fd_ = -1;
    }
    return *this;
}

UniqueFd::~UniqueFd() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

std::expected<WriterLock, std::error_code> WriterLock::take(const std::filesystem::path& directory) {
    const auto path = directory / lock_file;
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640));
    if (fd.get() < 0) {
        return std::unexpected(last_error());
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        return std::unexpected(errno == EWOULDBLOCK ? make_error_code(Errc::locked) : last_error());
    }
    return WriterLock(std::move(fd));
}

std::expected<AppendFile, std::error_code>
AppendFile::open(const std::filesystem::path& path, std::span<const std::uint8_t> header, std::uint64_t good_bytes) {
    AppendFile f(UniqueFd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640)));
    if (f.fd_.get() < 0) {
        return std::unexpected(last_error());
    }
    if (good_bytes < header.size()) {
        good_bytes = 0; // no usable header: the file starts again
    }
    if (::ftruncate(f.fd_.get(), static_cast<off_t>(good_bytes)) != 0 ||
        ::lseek(f.fd_.get(), static_cast<off_t>(good_bytes), SEEK_SET) < 0) {
        return std::unexpected(last_error());
    }
    f.size_ = good_bytes;
    if (good_bytes == 0) {
        if (auto ec = f.append(header)) {
            return std::unexpected(ec);
        }
    }
    return f;
}

std::error_code AppendFile::append(std::span<const std::uint8_t> bytes) {
    if (auto ec = write_all(fd_.get(), bytes)) {
        // Cut back to the last whole frame so later appends follow good bytes.
        if (::ftruncate(fd_.get(), static_cast<off_t>(size_)) != 0 ||
            ::lseek(fd_.get(), static_cast<off_t>(size_), SEEK_SET) < 0) {
            damaged_ = true;
        }
        return ec;
    }
    size_ += bytes.size();
    return {};
}

std::error_code AppendFile::sync() {
    if (::fdatasync(fd_.get()) != 0) {
        return last_error();
    }
    return {};
}

} // namespace sel_archive::files
