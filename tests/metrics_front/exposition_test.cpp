// Text 0.0.4 and OpenMetrics 1.0.0 rendering and Accept negotiation.
#include "metrics_front/exposition.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>

namespace {

using metrics::Family;
using metrics::Format;
using metrics::Type;

TEST(Negotiate, PrometheusAcceptHeaderChoosesOpenMetrics) {
    // What Prometheus 2.42 sends (metrics-redfish-facts B).
    EXPECT_EQ(metrics::negotiate("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                                 "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
              Format::openmetrics);
}

TEST(Negotiate, TextWhenAbsentPreferredOrRefused) {
    EXPECT_EQ(metrics::negotiate(""), Format::text);
    EXPECT_EQ(metrics::negotiate("*/*"), Format::text);
    EXPECT_EQ(metrics::negotiate("text/plain;version=0.0.4"), Format::text);
    EXPECT_EQ(metrics::negotiate("application/openmetrics-text;q=0.2, text/plain;q=0.9"), Format::text);
    EXPECT_EQ(metrics::negotiate("application/openmetrics-text;q=0"), Format::text);
    EXPECT_EQ(metrics::negotiate("Application/OpenMetrics-Text ; q=0.9 , text/plain;q=0.5"), Format::openmetrics);
    EXPECT_EQ(metrics::negotiate(";;,,q=,application/openmetrics-text;q=zz"), Format::openmetrics);
}

TEST(ContentType, ParametersSeparatedBySemicolons) {
    EXPECT_EQ(metrics::content_type(Format::text), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(metrics::content_type(Format::openmetrics), "application/openmetrics-text; version=1.0.0; charset=utf-8");
}

TEST(Values, ShortestRoundTripAndSpecials) {
    EXPECT_EQ(metrics::format_value(12), "12");
    EXPECT_EQ(metrics::format_value(3.26), "3.26");
    EXPECT_EQ(metrics::format_value(-5), "-5");
    EXPECT_EQ(metrics::format_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
    EXPECT_EQ(metrics::format_value(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(metrics::format_value(-std::numeric_limits<double>::infinity()), "-Inf");
}

std::vector<Family> sample_families() {
    return {Family{"z_gauge_celsius", Type::gauge, "Help with \\ and\nnewline.",
                   {{{{"id", "1"}, {"name", "A \"quoted\" \\ name\n"}}, 1.5}}},
            Family{"a_requests", Type::counter, "Counted.", {{{{"operation", "Get"}}, 3}}},
            Family{"m_empty", Type::gauge, "No samples.", {}}};
}

TEST(Render, Text004SortedWithHelpTypeAndEscapes) {
    EXPECT_EQ(metrics::render(sample_families(), Format::text),
              "# HELP a_requests_total Counted.\n"
              "# TYPE a_requests_total counter\n"
              "a_requests_total{operation=\"Get\"} 3\n"
              "# HELP m_empty No samples.\n"
              "# TYPE m_empty gauge\n"
              "# HELP z_gauge_celsius Help with \\\\ and\\nnewline.\n"
              "# TYPE z_gauge_celsius gauge\n"
              "z_gauge_celsius{id=\"1\",name=\"A \\\"quoted\\\" \\\\ name\\n\"} 1.5\n");
}

TEST(Render, OpenMetricsCounterFamilyWithoutTotalAndEof) {
    EXPECT_EQ(metrics::render(sample_families(), Format::openmetrics),
              "# TYPE a_requests counter\n"
              "# HELP a_requests Counted.\n"
              "a_requests_total{operation=\"Get\"} 3\n"
              "# TYPE m_empty gauge\n"
              "# HELP m_empty No samples.\n"
              "# TYPE z_gauge_celsius gauge\n"
              "# HELP z_gauge_celsius Help with \\\\ and\\nnewline.\n"
              "z_gauge_celsius{id=\"1\",name=\"A \\\"quoted\\\" \\\\ name\\n\"} 1.5\n"
              "# EOF\n");
}

} // namespace
