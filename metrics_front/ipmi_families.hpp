// The ipmi_exporter 1.6.1 families (prometheus-community/ipmi_exporter collector_ipmi.go,
// collector_bmc.go, collector_chassis.go, collector_sel.go; names as the code emits them, not
// as its docs/metrics.md spells two of them) from one model snapshot: the same names, types,
// label names and label values for the same BMC, so existing dashboards and alerts work.
#pragma once

#include "metrics_front/exposition.hpp"
#include "metrics_front/model_view.hpp"

#include <vector>

namespace metrics {

// Every enabled collector gets ipmi_up{collector}: 1 when the model holds its data, read
// within `max_reading_age_seconds` from a BMC that answered; 0 otherwise, and then that
// collector's families are absent (as ipmi_exporter does for a failing collector): a stale
// reading is never presented as fresh.
[[nodiscard]] std::vector<Family> ipmi_families(const ModelView& model, const Collectors& collectors,
                                                double max_reading_age_seconds);

// ipmi_scrape_duration_seconds: how long the answer took to build (the route measures it).
[[nodiscard]] Family scrape_duration_family(double seconds);

} // namespace metrics
