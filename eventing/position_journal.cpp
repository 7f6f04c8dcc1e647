#include "eventing/position_journal.hpp"

#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <algorithm>

namespace eventing {
namespace {

constexpr std::size_t max_id = 200;

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > max_id) {
        return false;
    }
    for (char c : id) {
        if (c <= ' ' || c > '~') {
            return false;
        }
    }
    return true;
}

std::error_code write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const auto n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return {errno, std::generic_category()};
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

std::string line(const std::string& id, sel_archive::Sequence position) {
    return id + ' ' + std::to_string(position) + '\n';
}

} // namespace

JournalContents parse_journal(std::string_view text) {
    JournalContents out;
    while (!text.empty()) {
        const auto end = text.find('\n');
        if (end == std::string_view::npos) { // torn: the write did not finish
            ++out.bad_lines;
            break;
        }
        const auto l = text.substr(0, end);
        text.remove_prefix(end + 1);
        const auto space = l.find(' ');
        sel_archive::Sequence seq = 0;
        if (space == std::string_view::npos || !valid_id(l.substr(0, space))) {
            ++out.bad_lines;
            continue;
        }
        const auto number = l.substr(space + 1);
        const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), seq);
        if (number.empty() || ec != std::errc() || ptr != number.data() + number.size()) {
            ++out.bad_lines;
            continue;
        }
        auto& p = out.positions[std::string(l.substr(0, space))];
        p = std::max(p, seq);
    }
    return out;
}

PositionJournal::PositionJournal(std::filesystem::path file, Snapshot snapshot, std::size_t compact_bytes)
    : file_(std::move(file)), snapshot_(std::move(snapshot)), compact_bytes_(compact_bytes) {}

PositionJournal::~PositionJournal() {
    stop();
}

JournalContents PositionJournal::read() const {
    std::ifstream in(file_, std::ios::binary);
    if (!in) {
        return {};
    }
    std::stringstream text;
    text << in.rdbuf();
    return parse_journal(text.str());
}

std::error_code PositionJournal::compact() {
    std::string text;
    for (const auto& [id, position] : snapshot_()) {
        text += line(id, position);
    }
    const auto temporary = file_.string() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return {errno, std::generic_category()};
    }
    std::error_code ec = write_all(fd, text);
    if (!ec && ::fdatasync(fd) != 0) {
        ec = {errno, std::generic_category()};
    }
    ::close(fd);
    if (!ec && ::rename(temporary.c_str(), file_.c_str()) != 0) {
        ec = {errno, std::generic_category()};
    }
    if (ec) {
        return ec;
    }
    if (fd_ >= 0) {
        ::close(fd_);
    }
    fd_ = ::open(file_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd_ < 0) {
        return {errno, std::generic_category()};
    }
    written_ = text.size();
    const std::lock_guard lock(mutex_);
    ++syncs_;
    return {};
}

std::error_code PositionJournal::open() {
    {
        const std::lock_guard lock(commit_mutex_);
        if (auto ec = compact()) {
            return ec;
        }
    }
    const std::lock_guard lock(mutex_);
    stopping_ = false;
    running_ = true;
    thread_ = std::thread([this] { committer(); });
    return {};
}

void PositionJournal::record(const std::string& id, sel_archive::Sequence position) {
    {
        const std::lock_guard lock(mutex_);
        if (!running_) {
            return;
        }
        pending_ += line(id, position);
    }
    wake_.notify_one();
}

std::error_code PositionJournal::write_out(std::string& pending) {
    if (pending.empty()) {
        return {};
    }
    if (fd_ < 0) {
        return std::make_error_code(std::errc::bad_file_descriptor);
    }
    if (auto ec = write_all(fd_, pending)) {
        return ec;
    }
    if (::fdatasync(fd_) != 0) {
        return {errno, std::generic_category()};
    }
    written_ += pending.size();
    const std::lock_guard lock(mutex_);
    ++syncs_;
    return {};
}

std::error_code PositionJournal::commit() {
    const std::lock_guard commit(commit_mutex_);
    std::string pending;
    {
        const std::lock_guard lock(mutex_);
        pending.swap(pending_);
    }
    return round(pending);
}

// One round: what gathered while the previous round was syncing, in one write and one
// fdatasync. Past the size bound, or after a failed write (its lines are gone from the buffer),
// the journal is rewritten from the live positions instead (they include this round's).
std::error_code PositionJournal::round(std::string& pending) {
    std::error_code ec;
    if (dirty_ || written_ + pending.size() > compact_bytes_) {
        ec = compact();
    } else {
        ec = write_out(pending);
    }
    dirty_ = static_cast<bool>(ec); // a full disk: positions stay in memory until it clears
    return ec;
}

void PositionJournal::committer() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
        if (stopping_) {
            break;
        }
        lock.unlock();
        (void)commit();
        lock.lock();
    }
}

void PositionJournal::stop() {
    {
        const std::lock_guard lock(mutex_);
        if (!running_) {
            return;
        }
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
    (void)commit();
    const std::lock_guard commit(commit_mutex_);
    {
        const std::lock_guard lock(mutex_);
        running_ = false;
    }
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

std::uint64_t PositionJournal::syncs() const {
    const std::lock_guard lock(mutex_);
    return syncs_;
}

} // namespace eventing
