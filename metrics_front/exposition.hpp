// Metric families and their two text expositions: Prometheus text format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/) and OpenMetrics 1.0.0
// (OpenObservability/OpenMetrics specification/OpenMetrics.md), chosen by the Accept header.
// Pure code over values: no I/O.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace metrics {

enum class Format { text, openmetrics };

// OpenMetrics when the Accept header lists application/openmetrics-text with a q above the
// text format's (Prometheus 2.42 sends openmetrics first, text/plain;q=0.5), else text 0.0.4.
[[nodiscard]] Format negotiate(std::string_view accept);

// "text/plain; version=0.0.4; charset=utf-8" (parameters separated by ';', which Prometheus
// 3 requires) or "application/openmetrics-text; version=1.0.0; charset=utf-8".
[[nodiscard]] std::string_view content_type(Format format);

enum class Type { gauge, counter };

using Labels = std::vector<std::pair<std::string, std::string>>;

struct Sample {
    Labels labels;
    double value = 0;
};

// One family: every sample has the same label names (stable label sets). A counter's name is
// given without "_total": text 0.0.4 names the family and its samples name_total (as
// client_golang does), OpenMetrics names the family `name` and its samples name_total.
struct Family {
    std::string name;
    Type type = Type::gauge;
    std::string help;
    std::vector<Sample> samples;
};

// The families sorted by name, each with its HELP and TYPE lines; OpenMetrics ends with
// "# EOF\n". Label values escape \\, \" and \n; HELP escapes \\ and \n (and \" in OpenMetrics).
// Values: shortest round-trip decimal, NaN, +Inf, -Inf.
[[nodiscard]] std::string render(std::span<const Family> families, Format format);

// The value as the exposition writes it.
[[nodiscard]] std::string format_value(double value);

} // namespace metrics
