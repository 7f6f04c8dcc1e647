// The Provider over a BMC model: reads answered from the snapshot, methods and Put turned
// into IPMI commands (Chassis Control, Clear SEL, Set Sensor Thresholds, Chassis Identify),
// the model refreshed after each change.
#pragma once

#include "cim_mapping/bmc_access.hpp"
#include "cim_mapping/provider.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace cim {

class ModelProvider final : public Provider {
public:
    struct Options {
        // Serve Microsoft_IPMI.RequestResponse (raw IPMI for admins). Off by default.
        bool raw_ipmi = false;
    };
    explicit ModelProvider(BmcAccess& bmc) : bmc_(bmc) {}
    ModelProvider(BmcAccess& bmc, Options options) : bmc_(bmc), options_(options) {}

    std::expected<std::vector<Instance>, std::error_code> enumerate(const Caller& caller,
                                                                    std::string_view class_name) override;
    std::expected<Instance, std::error_code> get(const Caller& caller, std::string_view class_name,
                                                 const Selectors& keys) override;
    // The cached instances themselves (each shares ownership of its snapshot's mapping).
    std::expected<std::vector<std::shared_ptr<const Instance>>, std::error_code>
    enumerate_shared(const Caller& caller, std::string_view class_name) override;
    // The cached instance itself (it shares ownership of its snapshot's mapping).
    std::expected<std::shared_ptr<const Instance>, std::error_code>
    get_shared(const Caller& caller, std::string_view class_name, const Selectors& keys) override;
    std::expected<MethodResult, std::error_code> invoke(const Caller& caller,
                                                        std::string_view class_name,
                                                        const Selectors& keys, std::string_view method,
                                                        const std::vector<Property>& arguments) override;
    std::expected<Instance, std::error_code> put(const Caller& caller, std::string_view class_name,
                                                 const Selectors& keys,
                                                 const std::vector<Property>& changes) override;
    std::expected<std::vector<Instance>, std::error_code> associated(const Caller& caller,
                                                                     const AssociationQuery& query) override;

private:
    // The class by name when this provider serves it (Microsoft_IPMI only with raw_ipmi).
    [[nodiscard]] const ClassDef* served_class(std::string_view class_name) const;
    [[nodiscard]] bool serves(const ClassDef& c) const;
    using Mapped = std::shared_ptr<const std::vector<Instance>>;
    // The instances of exactly class `c` in snapshot `s`, mapped once per snapshot: requests
    // between two polls share them (the model changes only when the poller publishes).
    [[nodiscard]] Mapped mapped(const std::shared_ptr<const Snapshot>& s, const ClassDef& c);
    // The mapped parts of a class and its served subclasses (DSP0227 8.1), in registry order.
    [[nodiscard]] std::vector<Mapped> parts(const ClassDef& c);

    BmcAccess& bmc_;
    Options options_;
    std::mutex changes_; // one state-changing operation at a time
    std::mutex cache_mutex_;
    std::shared_ptr<const Snapshot> cached_snapshot_;
    std::map<std::string_view, Mapped> cache_;
};

// Whether an instance's keys are exactly `keys` (names and values case-insensitive). Errc::bad_keys when a key is missing or a selector is
// not a key of the class.
[[nodiscard]] std::expected<bool, std::error_code> keys_match(const ClassDef& c, const Instance& i,
                                                              const Selectors& keys);

} // namespace cim
