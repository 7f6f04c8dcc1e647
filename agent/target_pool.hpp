// The models of multi-target mode (GET /ipmi?target=&module=): one per (module, target), each
// a LAN transport with its own RMCP+ session (opened on first use, kept between scrapes) and
// its own PolledBmc (SDR read once and kept in memory, readings polled at the interval), so a
// scrape is answered from a warm model. At most max_targets models (= BMC sessions) are held;
// a model not scraped for the idle timeout is dropped (its poller stopped off the scrape's
// thread). Modules come from the configuration file ([modules.NAME]).
#pragma once

#include "agent/polled_bmc.hpp"
#include "agent/transport_factory.hpp"
#include "http_server/log_sink.hpp"
#include "metrics_front/targets_route.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace agent {

struct TargetModule {
    std::string user;
    std::string password_file;
    std::string privilege = "admin";
    unsigned cipher_suite = 3;
    unsigned workarounds = 0; // libfreeipmi flags
    unsigned timeout_ms = 5000;
    metrics::Collectors collectors;
};

class TargetPool {
public:
    struct Options {
        std::map<std::string, TargetModule> modules;
        std::size_t max_targets = 64;
        std::chrono::seconds idle_timeout{600};
        std::chrono::seconds poll_interval{10};
        std::chrono::seconds max_reading_age{30};
        http::LogSink log;
    };
    explicit TargetPool(Options options) : options_(std::move(options)) {}
    ~TargetPool();
    TargetPool(const TargetPool&) = delete;
    TargetPool& operator=(const TargetPool&) = delete;

    // The target's model (created, its first read started in the background, when new):
    // metrics::Errc::unknown_module, metrics::Errc::too_many_targets.
    [[nodiscard]] std::expected<metrics::TargetScrape, std::error_code> lookup(const metrics::TargetQuery& query);
    [[nodiscard]] std::size_t size();

private:
    struct Target;
    void drop_idle(std::chrono::steady_clock::time_point now); // under mutex_

    Options options_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Target>> targets_; // "module/host:port"
};

} // namespace agent
