// The poller and the freshness rule.
#include "agent/polled_bmc.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <malloc.h>

namespace agent {
namespace {

std::unique_ptr<SelArchiveWriter> archive_writer(const PolledBmc::Options& o) {
    return o.archive != nullptr ? std::make_unique<SelArchiveWriter>(*o.archive, o.archive_max_bytes, o.log) : nullptr;
}

cim::DirectBmc::SelArchiver archiver(SelArchiveWriter* writer) {
    if (writer == nullptr) {
        return {};
    }
    return [writer](cim::Snapshot& work, std::optional<ipmi::SelChange> change) { writer->archive(work, change); };
}

} // namespace

PolledBmc::PolledBmc(ipmi::Client& client, cim::Snapshot initial, Options options)
    : archive_writer_(archive_writer(options)), direct_(client, std::move(initial), archiver(archive_writer_.get())),
      options_(std::move(options)) {
    direct_.set_max_sample_age(options_.max_reading_age); // the first read held nothing yet
    const auto s = direct_.snapshot();
    reachable_.store(s != nullptr && s->bmc_reachable);
    if (!reachable_.load() && options_.log) {
        options_.log(http::LogLevel::warning, "the BMC does not answer: instances say No Contact until it does");
    }
}

PolledBmc::PolledBmc(ipmi::Client& client, cim::Snapshot placeholder, Options options, Unread)
    : archive_writer_(archive_writer(options)),
      direct_(client, std::move(placeholder), cim::DirectBmc::Unread{}, archiver(archive_writer_.get())),
      options_(std::move(options)) {
    direct_.set_max_sample_age(options_.max_reading_age);
    reachable_.store(false);
    pending_reload_ = static_cast<bool>(options_.reload);
}

PolledBmc::~PolledBmc() {
    stop();
}

void PolledBmc::start() {
    poller_ = std::thread([this] { poll_loop(); });
}

void PolledBmc::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (poller_.joinable()) {
        poller_.join();
    }
}

std::shared_ptr<const cim::Snapshot> PolledBmc::snapshot() {
    if (std::chrono::steady_clock::now() - direct_.refreshed_at() > options_.max_reading_age) {
        {
            const std::lock_guard lock(mutex_);
            due_ = true;
        }
        wake_.notify_one(); // refreshed in the background; this request gets what there is
    }
    return direct_.snapshot();
}

void PolledBmc::refresh(bool thresholds_changed) {
    direct_.refresh(thresholds_changed);
    const auto s = direct_.snapshot();
    note_reachability(s != nullptr && s->bmc_reachable);
    const auto last = direct_.last_stats();
    const bool busy = last.busy();
    if (busy_.exchange(busy) != busy && options_.log) {
        options_.log(busy ? http::LogLevel::warning : http::LogLevel::notice,
                     busy ? fmt::format("the BMC is busy (C0h): {} readings kept from earlier polls until they are {} s old",
                                        last.sensors_held, options_.max_reading_age.count())
                          : std::string("the BMC is no longer busy: readings are fresh again"));
    }
    if (last.sensors_expired > 0 && options_.log) {
        options_.log(http::LogLevel::warning,
                     fmt::format("the BMC stayed busy: {} readings older than {} s now say No Contact",
                                 last.sensors_expired, options_.max_reading_age.count()));
    }
}

void PolledBmc::note_reachability(bool reachable) {
    if (reachable_.exchange(reachable) != reachable && options_.log) {
        options_.log(reachable ? http::LogLevel::notice : http::LogLevel::warning,
                     reachable ? "the BMC answers again" : "the BMC does not answer: instances say No Contact");
    }
}

bool PolledBmc::try_reload() {
    auto base = options_.reload();
    if (!base) {
        if (options_.log) {
            options_.log(http::LogLevel::warning,
                         fmt::format("the BMC is not readable yet ({}): retrying in {} s", base.error(),
                                     reload_backoff_.count()));
        }
        return false;
    }
    direct_.replace(std::move(*base));
    const auto s = direct_.snapshot();
    if (options_.log) {
        options_.log(http::LogLevel::notice,
                     fmt::format("the BMC answered: {} sensors read from its SDR", s ? s->sensors.size() : 0));
    }
    note_reachability(s != nullptr && s->bmc_reachable);
    return true;
}

void PolledBmc::poll_loop() {
    // The BMC was absent or broken at start-up: read its SDR again, waiting 1, 2, 4 ... s
    // (at most max_reload_backoff) between attempts; requests meanwhile get No Contact.
    constexpr std::chrono::seconds max_reload_backoff{60};
    while (pending_reload_) {
        if (try_reload()) {
            pending_reload_ = false;
            break;
        }
        ++polls_;
        ++failed_polls_;
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, reload_backoff_, [&] { return stopping_; })) {
            return;
        }
        reload_backoff_ = std::min(reload_backoff_ * 2, max_reload_backoff);
    }
    const bool sel_polls = options_.sel_poll_interval.count() > 0;
    auto next = std::chrono::steady_clock::now() + options_.poll_interval;
    auto next_sel = std::chrono::steady_clock::now() + options_.sel_poll_interval;
    for (;;) {
        bool full = true;
        {
            std::unique_lock lock(mutex_);
            // On demand only while the BMC answers: a silent one is asked at the interval, not
            // at every request.
            wake_.wait_until(lock, sel_polls ? std::min(next, next_sel) : next,
                             [&] { return stopping_ || (due_ && reachable_.load()); });
            if (stopping_) {
                return;
            }
            full = due_ || !sel_polls || std::chrono::steady_clock::now() >= next;
            if (full) {
                due_ = false;
            }
        }
        if (!full) {
            // A silent BMC is left to the full poll (at the poll interval, which brings it back).
            if (reachable_.load() && direct_.refresh_sel() == cim::DirectBmc::SelPoll::silent) {
                note_reachability(false);
            }
            next_sel = std::chrono::steady_clock::now() + options_.sel_poll_interval;
            continue;
        }
        const auto began = std::chrono::steady_clock::now();
        refresh(false);
        note_poll_duration(std::chrono::steady_clock::now() - began);
        (void)malloc_trim(0); // the previous snapshot and its mapping are freed by now
        ++polls_;
        if (!reachable_.load()) {
            ++failed_polls_;
        }
        next = std::chrono::steady_clock::now() + options_.poll_interval;
        next_sel = std::chrono::steady_clock::now() + options_.sel_poll_interval;
    }
}

PolledBmc::Status PolledBmc::status() {
    Status s;
    s.reachable = reachable_.load();
    s.age_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - direct_.refreshed_at()).count();
    s.polls = polls_.load();
    s.failed_polls = failed_polls_.load();
    const auto last = direct_.last_stats();
    s.busy = last.busy();
    s.held_readings = last.sensors_held;
    if (const auto snapshot = direct_.snapshot(); snapshot != nullptr && snapshot->bmc_reachable) {
        const auto now = std::chrono::steady_clock::now();
        for (std::size_t n = 0; n < snapshot->samples.size() && n < snapshot->sampled_at.size(); ++n) {
            if (snapshot->samples[n]) {
                s.oldest_reading_age_seconds = std::max(
                    s.oldest_reading_age_seconds, std::chrono::duration<double>(now - snapshot->sampled_at[n]).count());
            }
        }
    }
    s.poll_seconds_total = static_cast<double>(poll_nanoseconds_total_.load()) / 1e9;
    s.last_poll_seconds = static_cast<double>(last_poll_nanoseconds_.load()) / 1e9;
    if (archive_writer_) {
        const auto c = archive_writer_->counters();
        s.sel_archive = true;
        s.sel_archive_records = archive_writer_->archive().stats().records;
        s.sel_archive_appended = c.appended;
        s.sel_archive_write_failures = c.write_failures;
    }
    return s;
}

void PolledBmc::note_poll_duration(std::chrono::steady_clock::duration took) {
    const auto ns = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(took).count());
    poll_nanoseconds_total_.fetch_add(ns);
    last_poll_nanoseconds_.store(ns);
}

} // namespace agent
