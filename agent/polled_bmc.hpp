// The agent's model of the BMC (design.md "Data flow and freshness"): the snapshot DirectBmc
// keeps, refreshed by a poller thread every poll interval and, when a request finds the
// readings older than the maximum reading age, at once in the background; requests never
// wait for the BMC. The poller is the one arbiter of the BMC with the methods' commands
// (the ipmi::Client serialises them). A BMC that stops answering turns the model "No
// Contact" (the snapshot says so) and the poller keeps trying; both changes are logged.
#pragma once

#include "cim_mapping/bmc_access.hpp"
#include "http_server/log_sink.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace agent {

class PolledBmc final : public cim::BmcAccess {
public:
    struct Options {
        std::chrono::seconds poll_interval{10};
        std::chrono::seconds max_reading_age{30};
        http::LogSink log;
    };
    // Reads the BMC once (the first snapshot) before it returns; start() starts the poller.
    PolledBmc(ipmi::Client& client, cim::Snapshot initial, Options options);
    ~PolledBmc() override;
    PolledBmc(const PolledBmc&) = delete;
    PolledBmc& operator=(const PolledBmc&) = delete;

    std::shared_ptr<const cim::Snapshot> snapshot() override;
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
    };
    [[nodiscard]] Status status();

private:
    void poll_loop();
    void note_reachability(bool reachable);

    cim::DirectBmc direct_;
    Options options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool due_ = false; // a request found the readings too old
    std::thread poller_;
    std::atomic<std::uint64_t> polls_{0};
    std::atomic<std::uint64_t> failed_polls_{0};
    std::atomic<bool> reachable_{true};
};

} // namespace agent
