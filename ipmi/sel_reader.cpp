#include "ipmi/sel_reader.hpp"

#include "ipmi/errc.hpp"

#include <algorithm>
#include <thread>
#include <unordered_set>

namespace ipmi {
namespace {

constexpr std::size_t slack = 64; // entries that may arrive while we read

std::uint16_t record_id(const RawSel& entry) {
    return static_cast<std::uint16_t>(entry[0] | (entry[1] << 8));
}

} // namespace

std::expected<cmd::GetSelEntry::Response, std::error_code> SelReader::get(std::uint16_t id) {
    ++stats_.get_entry;
    auto r = client_.call(cmd::GetSelEntry{0, id, 0, 0xff});
    // IPMI 2.0 section 31.5: every SEL record is 16 bytes; bytes after them are padding and
    // dropped. A shorter answer is left to the caller (the entry is skipped).
    if (r && r->data.size() > std::tuple_size_v<RawSel>) {
        r->data.resize(std::tuple_size_v<RawSel>);
    }
    return r;
}

std::expected<std::size_t, std::error_code> SelReader::append_from(std::uint16_t next,
                                                                   std::size_t bound) {
    std::unordered_set<std::uint16_t> requested;
    std::size_t added = 0;
    while (next != cmd::GetSelEntry::last) {
        if (!requested.insert(next).second) {
            return std::unexpected(make_error_code(Errc::sel_chain_loop));
        }
        if (added >= bound) {
            return std::unexpected(make_error_code(Errc::sel_too_many_entries));
        }
        auto r = get(next);
        if (!r) {
            return std::unexpected(r.error());
        }
        if (r->data.size() < std::tuple_size_v<RawSel>) {
            ++stats_.skipped; // a broken entry: the others are still read
            next = r->next_record_id;
            continue;
        }
        RawSel entry{};
        std::ranges::copy(r->data, entry.begin());
        entries_.push_back(entry);
        ++added;
        next = r->next_record_id;
    }
    return added;
}

std::expected<SelChange, std::error_code> SelReader::reload(std::uint16_t announced) {
    ++stats_.reloads;
    entries_.clear();
    if (announced == 0) {
        return SelChange{0, true};
    }
    auto added = append_from(cmd::GetSelEntry::first, std::size_t{announced} + slack);
    if (!added) {
        entries_.clear();
        return std::unexpected(added.error());
    }
    return SelChange{*added, true};
}

std::expected<SelChange, std::error_code> SelReader::refresh() {
    ++stats_.get_info;
    auto info = client_.call(cmd::GetSelInfo{});
    if (!info) {
        return std::unexpected(info.error());
    }
    const auto previous = info_;
    info_ = *info;
    const bool first = !previous.has_value();
    if (first || info->most_recent_erase != previous->most_recent_erase ||
        info->entries < entries_.size()) {
        auto change = reload(info->entries);
        if (!change) {
            info_.reset(); // read it all again next time
        }
        return change;
    }
    if (info->entries == previous->entries &&
        info->most_recent_addition == previous->most_recent_addition) {
        return SelChange{};
    }
    if (entries_.empty()) {
        auto change = reload(info->entries);
        if (!change) {
            info_.reset();
        }
        return change;
    }
    // The last entry's next-record ID was FFFFh when we read it; ask again.
    auto last = get(record_id(entries_.back()));
    if (!last) {
        if (last.error() == CompletionCode::not_present) {
            return reload(info->entries); // deleted under us
        }
        info_ = previous;
        return std::unexpected(last.error());
    }
    const std::size_t bound =
        info->entries > entries_.size() ? info->entries - entries_.size() + slack : slack;
    auto added = append_from(last->next_record_id, bound);
    if (!added) {
        info_ = previous; // retry from the same place next time
        return std::unexpected(added.error());
    }
    return SelChange{*added, false};
}

std::expected<std::uint16_t, std::error_code> SelReader::reserve() {
    auto reservation = client_.call(cmd::ReserveSel{});
    if (!reservation) {
        return std::unexpected(reservation.error());
    }
    return reservation->reservation_id;
}

std::error_code SelReader::clear(std::chrono::milliseconds timeout) {
    auto reservation = reserve();
    if (!reservation) {
        return reservation.error();
    }
    return clear(*reservation, timeout);
}

std::error_code SelReader::clear(std::uint16_t reservation, std::chrono::milliseconds timeout) {
    auto started = client_.call(cmd::ClearSel{reservation, cmd::ClearSel::initiate});
    if (!started) {
        return started.error();
    }
    const auto until = std::chrono::steady_clock::now() + timeout;
    auto progress = *started;
    while (!progress.completed()) {
        if (std::chrono::steady_clock::now() >= until) {
            return Errc::sel_clear_timeout;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        auto status =
            client_.call(cmd::ClearSel{reservation, cmd::ClearSel::get_status});
        if (!status) {
            return status.error();
        }
        progress = *status;
    }
    entries_.clear();
    info_.reset();
    return {};
}

} // namespace ipmi
