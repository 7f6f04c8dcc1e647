// DirectBmc: the snapshot read synchronously through one client.
#include "cim_mapping/bmc_access.hpp"
#include "ipmi/completion_code.hpp"

namespace cim {

DirectBmc::DirectBmc(ipmi::Client& client, Snapshot initial, SelArchiver archiver)
    : client_(client), sel_(client), archiver_(std::move(archiver)), work_(std::move(initial)) {
    refresh(true);
}

DirectBmc::DirectBmc(ipmi::Client& client, Snapshot initial, Unread, SelArchiver archiver)
    : client_(client), sel_(client), archiver_(std::move(archiver)), work_(std::move(initial)),
      current_(std::make_shared<const Snapshot>(work_)), refreshed_at_(std::chrono::steady_clock::now()) {}

void DirectBmc::replace(Snapshot initial) {
    {
        const std::lock_guard lock(refresh_mutex_);
        work_ = std::move(initial);
    }
    refresh(true);
}

std::shared_ptr<const Snapshot> DirectBmc::snapshot() {
    const std::lock_guard lock(current_mutex_);
    return current_;
}

std::error_code DirectBmc::clear_sel(std::chrono::milliseconds timeout) {
    const std::lock_guard lock(refresh_mutex_);
    // What the BMC logged since the last poll is archived before the erase. The reservation is
    // taken before that read: an entry the BMC adds after it cancels it (IPMI 2.0 31.4), the
    // Clear SEL then fails with C5h, and the read and clear are tried again, so the erase
    // never takes an entry the archive has not got. A BMC that keeps logging faster than a
    // read and clear take gets the last attempt's C5h (ClearLog fails; nothing lost).
    constexpr int attempts = 4;
    std::error_code ec;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        auto reservation = sel_.reserve();
        if (!reservation) {
            return reservation.error();
        }
        if (archiver_) {
            if (auto change = sel_.refresh()) {
                work_.sel_info = sel_.info();
                work_.sel = sel_.entries();
                archiver_(work_, *change);
            }
        }
        ec = sel_.clear(*reservation, timeout);
        if (ec != ipmi::make_error_code(ipmi::CompletionCode::reservation_cancelled)) {
            return ec;
        }
    }
    return ec;
}

void DirectBmc::refresh(bool thresholds_changed) {
    const std::lock_guard lock(refresh_mutex_);
    work_.thresholds_stale = work_.thresholds_stale || thresholds_changed;
    const auto stats = refresh_snapshot(client_, sel_, work_, {max_sample_age_, std::chrono::steady_clock::now()});
    if (archiver_) {
        archiver_(work_, stats.sel_change); // archived before anything can see the entries
    }
    auto published = std::make_shared<const Snapshot>(work_);
    const std::lock_guard publish(current_mutex_);
    current_ = std::move(published);
    refreshed_at_ = std::chrono::steady_clock::now();
    last_stats_ = stats;
}

DirectBmc::SelPoll DirectBmc::refresh_sel() {
    const std::lock_guard lock(refresh_mutex_);
    auto change = sel_.refresh();
    if (!change) {
        if (bmc_silent(change.error()) && work_.bmc_reachable) {
            // As a full poll would conclude from the same silence: No Contact now, rather
            // than after the full poll's own timeout; that poll brings it back.
            work_.bmc_reachable = false;
            auto published = std::make_shared<const Snapshot>(work_);
            const std::lock_guard publish(current_mutex_);
            current_ = std::move(published);
            return SelPoll::silent;
        }
        return SelPoll::unchanged;
    }
    if (change->added == 0 && !change->reloaded) {
        return SelPoll::unchanged; // one Get SEL Info
    }
    work_.sel_info = sel_.info();
    work_.sel = sel_.entries();
    if (archiver_) {
        archiver_(work_, *change);
    }
    auto published = std::make_shared<const Snapshot>(work_);
    const std::lock_guard publish(current_mutex_);
    current_ = std::move(published);
    return SelPoll::published;
}

void DirectBmc::set_max_sample_age(std::chrono::steady_clock::duration age) {
    const std::lock_guard lock(refresh_mutex_);
    max_sample_age_ = age;
}

SnapshotReadStats DirectBmc::last_stats() {
    const std::lock_guard lock(current_mutex_);
    return last_stats_;
}

std::chrono::steady_clock::time_point DirectBmc::refreshed_at() {
    const std::lock_guard lock(current_mutex_);
    return refreshed_at_;
}

} // namespace cim
