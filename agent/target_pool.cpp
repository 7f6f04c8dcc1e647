// Multi-target models (see target_pool.hpp).
#include "agent/target_pool.hpp"

#include "agent/initial_snapshot.hpp"
#include "metrics_front/errc.hpp"

#include <atomic>
#include <fmt/format.h>
#include <thread>

namespace agent {

struct TargetPool::Target {
    std::unique_ptr<ipmi::Transport> transport;
    std::unique_ptr<ipmi::Client> client;
    std::unique_ptr<PolledBmc> bmc;
    std::atomic<std::chrono::steady_clock::rep> last_used{0};
};

namespace {

// Stops a dropped target's poller on a thread of its own, once no scrape holds it: a poll
// in progress against a slow BMC may take its whole timeout.
void retire(std::shared_ptr<void> target) {
    std::thread([t = std::move(target)]() mutable {
        while (t.use_count() > 1) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        t.reset();
    }).detach();
}

} // namespace

TargetPool::~TargetPool() {
    const std::lock_guard lock(mutex_);
    targets_.clear(); // pollers stopped here, at shutdown
}

std::size_t TargetPool::size() {
    const std::lock_guard lock(mutex_);
    return targets_.size();
}

void TargetPool::drop_idle(std::chrono::steady_clock::time_point now) {
    for (auto it = targets_.begin(); it != targets_.end();) {
        const auto used = std::chrono::steady_clock::time_point(
            std::chrono::steady_clock::duration(it->second->last_used.load()));
        if (now - used > options_.idle_timeout) {
            if (options_.log) {
                options_.log(http::LogLevel::info, fmt::format("target {} dropped after {} s without a scrape",
                                                               it->first, options_.idle_timeout.count()));
            }
            retire(std::move(it->second));
            it = targets_.erase(it);
        } else {
            ++it;
        }
    }
}

std::expected<metrics::TargetScrape, std::error_code> TargetPool::lookup(const metrics::TargetQuery& query) {
    const auto module = options_.modules.find(query.module);
    if (module == options_.modules.end()) {
        return std::unexpected(make_error_code(metrics::Errc::unknown_module));
    }
    const auto now = std::chrono::steady_clock::now();
    const std::string key = query.module + "/" + query.key();
    std::shared_ptr<Target> target;
    {
        const std::lock_guard lock(mutex_);
        drop_idle(now);
        if (auto it = targets_.find(key); it != targets_.end()) {
            target = it->second;
            target->last_used.store(now.time_since_epoch().count());
        } else {
            if (targets_.size() >= options_.max_targets) {
                return std::unexpected(make_error_code(metrics::Errc::too_many_targets));
            }
            const TargetModule& m = module->second;
            TransportChoice choice;
            choice.lan = query.key();
            choice.user = m.user;
            choice.password_file = m.password_file;
            choice.lan_privilege = m.privilege;
            choice.cipher_suite = m.cipher_suite;
            choice.lan_workarounds = m.workarounds;
            choice.timeout = std::chrono::milliseconds(m.timeout_ms);
            auto transport = open_transport(choice); // LAN: the session opens on first use
            if (!transport) {
                if (options_.log) {
                    options_.log(http::LogLevel::warning,
                                 fmt::format("target {}: {}", key, transport.error().message()));
                }
                return std::unexpected(make_error_code(metrics::Errc::bad_target));
            }
            target = std::make_shared<Target>();
            target->transport = std::move(*transport);
            target->client = std::make_unique<ipmi::Client>(*target->transport);
            http::LogSink log;
            if (options_.log) {
                log = [sink = options_.log, key](http::LogLevel level, const std::string& message) {
                    sink(level, fmt::format("target {}: {}", key, message));
                };
            }
            PolledBmc::Options po{options_.poll_interval, options_.max_reading_age, log, {}};
            const std::string name(target->transport->name());
            po.reload = [&client = *target->client, choice, name, log]()
                -> std::expected<cim::Snapshot, std::string> {
                std::vector<std::string> warnings;
                auto s = initial_snapshot(client, choice, name, name, "", warnings);
                for (const auto& w : warnings) {
                    if (log) {
                        log(http::LogLevel::warning, w);
                    }
                }
                return s;
            };
            target->bmc = std::make_unique<PolledBmc>(*target->client, unreachable_snapshot(choice, name),
                                                      std::move(po), PolledBmc::Unread{});
            target->bmc->start();
            target->last_used.store(now.time_since_epoch().count()); // before another lookup's drop_idle sees it
            targets_.emplace(key, target);
            if (options_.log) {
                options_.log(http::LogLevel::info, fmt::format("target {} added ({} held)", key, targets_.size()));
            }
        }
    }
    metrics::TargetScrape scrape;
    scrape.collectors = module->second.collectors;
    scrape.max_reading_age_seconds = static_cast<double>(options_.max_reading_age.count());
    scrape.view = [target] {
        const auto s = target->bmc->status();
        return metrics::ModelView{target->bmc->published(), s.age_seconds, s.reachable, s.reachable || s.polls > 0};
    };
    return scrape;
}

} // namespace agent
