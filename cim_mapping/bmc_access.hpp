// The seam between the provider and whatever keeps the BMC model (the agent's poller, or
// DirectBmc in tests and the CLI): the current snapshot, the client for state-changing
// commands, and a way to say the model must be re-read after a change.
#pragma once

#include "cim_mapping/snapshot.hpp"
#include "cim_mapping/snapshot_reader.hpp"
#include "ipmi/client.hpp"
#include "ipmi/sel_reader.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <memory>
#include <mutex>
#include <system_error>

namespace cim {

class BmcAccess {
public:
    virtual ~BmcAccess() = default;
    // The current picture, immutable and shared: readers never wait for the BMC.
    [[nodiscard]] virtual std::shared_ptr<const Snapshot> snapshot() = 0;
    [[nodiscard]] virtual ipmi::Client& client() = 0;
    // Reserve SEL, Clear SEL, poll for completion (IPMI 2.0 section 31.9).
    [[nodiscard]] virtual std::error_code clear_sel(std::chrono::milliseconds timeout) = 0;
    // Re-read the BMC now (after a method or Put changed it); thresholds too when asked.
    virtual void refresh(bool thresholds_changed) = 0;
};

// A BmcAccess that reads the BMC synchronously on construction and on refresh(); safe to
// call from several threads: a refresh works on its own copy and publishes it when done,
// so readers keep the previous snapshot meanwhile.
class DirectBmc final : public BmcAccess {
public:
    // Called after each read of the BMC, before the new snapshot is published, with the
    // snapshot being built and what changed in the SEL (nullopt: the SEL was not read), and
    // before Clear SEL with the SEL read just then: the agent archives the SEL here
    // (docs/SEL_ARCHIVE.md) and may set snapshot.sel_archive.
    using SelArchiver = std::function<void(Snapshot& snapshot, std::optional<ipmi::SelChange> change)>;

    DirectBmc(ipmi::Client& client, Snapshot initial, SelArchiver archiver = {});
    // Publishes `initial` as it is, without asking the BMC (the agent's placeholder while the
    // BMC has not answered at start-up).
    struct Unread {};
    DirectBmc(ipmi::Client& client, Snapshot initial, Unread, SelArchiver archiver = {});
    // A new base picture (SDR sensors, FRU devices, identity), read from the BMC at once.
    void replace(Snapshot initial);
    std::shared_ptr<const Snapshot> snapshot() override;
    ipmi::Client& client() override { return client_; }
    std::error_code clear_sel(std::chrono::milliseconds timeout) override;
    void refresh(bool thresholds_changed) override;
    // The SEL alone (issue 18's event latency): Get SEL Info, and the new entries only when it
    // changed; archived and published when something changed (the readings stay as they
    // were, refreshed_at too). A BMC that does not answer at all is published No Contact
    // (silent); any other failure leaves the snapshot as it was (unchanged).
    enum class SelPoll { unchanged, published, silent };
    SelPoll refresh_sel();
    // When the published snapshot was read (steady clock).
    [[nodiscard]] std::chrono::steady_clock::time_point refreshed_at();
    // How long a sample the BMC was too busy to refresh is still served (default 30 s).
    void set_max_sample_age(std::chrono::steady_clock::duration age);
    // What the last refresh read, held and dropped.
    [[nodiscard]] SnapshotReadStats last_stats();

private:
    ipmi::Client& client_;
    ipmi::SelReader sel_;
    SelArchiver archiver_;
    Snapshot work_;          // what refreshes update (under refresh_mutex_)
    std::shared_ptr<const Snapshot> current_;
    std::chrono::steady_clock::time_point refreshed_at_;
    std::chrono::steady_clock::duration max_sample_age_ = std::chrono::seconds(30); // under refresh_mutex_
    SnapshotReadStats last_stats_;                                                  // under current_mutex_
    std::mutex refresh_mutex_; // one refresh (or Clear SEL) at a time
    std::mutex current_mutex_; // the published pointer
};

} // namespace cim
