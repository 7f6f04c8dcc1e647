// The agent's model of the BMC (design.md "Data flow and freshness"): the snapshot DirectBmc
// keeps, refreshed by a poller thread every poll interval and, when a request finds the
// readings older than the maximum reading age, at once in the background; requests never
// wait for the BMC. The poller is the one arbiter of the BMC with the methods' commands
// (the ipmi::Client serialises them). A BMC that stops answering turns the model "No
// Contact" (the snapshot says so) and the poller keeps trying; both changes are logged.
#pragma once

#include "agent/sel_archive_writer.hpp"
#include "cim_mapping/bmc_access.hpp"
#include "http_server/log_sink.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace agent {

class PolledBmc final : public cim::BmcAccess {
public:
    struct Options {
        std::chrono::seconds poll_interval{10};
        std::chrono::seconds max_reading_age{30};
        http::LogSink log;
        // Reads the base picture again (SDR, identity) when the BMC did not answer at
        // start-up; the poller calls it with backoff until it succeeds.
        std::function<std::expected<cim::Snapshot, std::string>()> reload;
        // The SEL archive (docs/SEL_ARCHIVE.md): every SEL read is appended to it before the
        // snapshot is published; null: none is kept.
        sel_archive::Archive* archive = nullptr;
        std::uint64_t archive_max_bytes = 0; // what the archive was opened with (the log's maximum)
        // Between full polls the SEL alone is read this often (one Get SEL Info when nothing
        // changed), so events reach subscribers within it (issue 18); 0: with the full poll only.
        std::chrono::milliseconds sel_poll_interval{0};
    };
    // Reads the BMC once (the first snapshot) before it returns; start() starts the poller.
    PolledBmc(ipmi::Client& client, cim::Snapshot initial, Options options);
    // The BMC did not answer at start-up: `placeholder` (No Contact) is served and the poller
    // retries options.reload with backoff (1 s doubling to the retry cap) until it succeeds.
    struct Unread {};
    PolledBmc(ipmi::Client& client, cim::Snapshot placeholder, Options options, Unread);
    ~PolledBmc() override;
    PolledBmc(const PolledBmc&) = delete;
    PolledBmc& operator=(const PolledBmc&) = delete;

    std::shared_ptr<const cim::Snapshot> snapshot() override;
    // The published snapshot as it is, without asking for an early poll when it is old (the
    // metrics front end reports the age instead).
    [[nodiscard]] std::shared_ptr<const cim::Snapshot> published() { return direct_.snapshot(); }
    ipmi::Client& client() override { return direct_.client(); }
    std::error_code clear_sel(std::chrono::milliseconds timeout) override { return direct_.clear_sel(timeout); }
    void refresh(bool thresholds_changed) override;

    void start();
    void stop();

    struct Status {
        bool reachable = false;
        double age_seconds = 0; // of the published snapshot
        std::uint64_t polls = 0;
        std::uint64_t failed_polls = 0;
        // The BMC answered busy (C0h/C3h) at the last poll: readings it could not refresh
        // are served with their age until older than the maximum reading age.
        bool busy = false;
        unsigned held_readings = 0;          // readings older than the last poll
        double oldest_reading_age_seconds = 0; // of the readings served
        double poll_seconds_total = 0; // time spent in polls
        double last_poll_seconds = 0;
        bool sel_archive = false;                     // an archive is kept
        std::uint64_t sel_archive_records = 0;        // kept now
        std::uint64_t sel_archive_appended = 0;       // records appended since start
        std::uint64_t sel_archive_write_failures = 0; // appends that failed since start
    };
    [[nodiscard]] Status status();

private:
    void poll_loop();
    bool try_reload(); // true once the base picture is read
    void note_reachability(bool reachable);

    // Before direct_: DirectBmc's constructor reads the BMC and archives what it read.
    std::unique_ptr<SelArchiveWriter> archive_writer_;
    cim::DirectBmc direct_;
    Options options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool due_ = false; // a request found the readings too old
    std::thread poller_;
    std::atomic<std::uint64_t> polls_{0};
    std::atomic<std::uint64_t> failed_polls_{0};
    std::atomic<std::uint64_t> poll_nanoseconds_total_{0};
    std::atomic<std::uint64_t> last_poll_nanoseconds_{0};
    void note_poll_duration(std::chrono::steady_clock::duration took);
    std::atomic<bool> reachable_{true};
    std::atomic<bool> busy_{false};
    bool pending_reload_ = false; // poller thread only (set before it starts)
    std::chrono::seconds reload_backoff_{1};
};

} // namespace agent
