// What a scrape reads: one published snapshot of a BMC model with its age and reachability,
// handed over by whoever keeps the model (the agent's poller, a multi-target model). The
// metrics front end answers from this alone: no BMC transaction per scrape.
#pragma once

#include "cim_mapping/snapshot.hpp"

#include <memory>

namespace metrics {

struct ModelView {
    std::shared_ptr<const cim::Snapshot> snapshot; // nullptr: nothing read yet
    double age_seconds = 0;                        // since the snapshot's readings were taken
    bool reachable = false;                        // the BMC answered the last poll
    bool settled = true; // false until the first read of a new target has succeeded or failed
};

// ipmi_exporter's collectors that the model can answer (dcmi and sm-lan-mode are not read).
struct Collectors {
    bool ipmi = true;
    bool bmc = true;
    bool chassis = true;
    bool sel = true;
};

} // namespace metrics
