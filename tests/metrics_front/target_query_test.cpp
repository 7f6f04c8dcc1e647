// /ipmi?target=&module= query strings: every accepted form and every refusal.
#include "metrics_front/errc.hpp"
#include "metrics_front/target_query.hpp"
#include "metrics_front/targets_route.hpp"

#include <gtest/gtest.h>

namespace {

using metrics::Errc;
using metrics::parse_target_query;

TEST(TargetQuery, HostPortAndModule) {
    auto q = parse_target_query("target=10.0.0.7:6230&module=dell");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->host, "10.0.0.7");
    EXPECT_EQ(q->port, 6230);
    EXPECT_EQ(q->module, "dell");
    EXPECT_EQ(q->key(), "10.0.0.7:6230");
}

TEST(TargetQuery, DefaultsAsIpmiExporter) {
    auto q = parse_target_query("target=bmc-12.rack3.example");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->port, 623);
    EXPECT_EQ(q->module, "default");
    EXPECT_EQ(q->key(), "bmc-12.rack3.example:623");
    EXPECT_EQ(parse_target_query("target=h&module=")->module, "default");
}

TEST(TargetQuery, EncodingIpv6AndOtherParameters) {
    auto q = parse_target_query("x=1&&target=%5Bfe80%3A%3A1%5D%3A624&module=a+b&__scheme=http");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->host, "fe80::1");
    EXPECT_EQ(q->port, 624);
    EXPECT_EQ(q->module, "a b");
    EXPECT_EQ(q->key(), "[fe80::1]:624");
    EXPECT_EQ(parse_target_query("target=[::1]")->key(), "[::1]:623");
}

TEST(TargetQuery, Refusals) {
    const std::pair<std::string, Errc> cases[] = {
        {"", Errc::missing_target},
        {"module=default", Errc::missing_target},
        {"target=", Errc::missing_target},
        {"target=%zz", Errc::bad_encoding},
        {"target=a%2", Errc::bad_encoding},
        {"target=a%", Errc::bad_encoding},
        {"target=h:0", Errc::bad_target},
        {"target=h:65536", Errc::bad_target},
        {"target=h:", Errc::bad_target},
        {"target=h:12x", Errc::bad_target},
        {"target=h:1:2", Errc::bad_target},
        {"target=.h", Errc::bad_target},
        {"target=a..b", Errc::bad_target},
        {"target=a%20b", Errc::bad_target},
        {"target=a/b", Errc::bad_target},
        {"target=[::1", Errc::bad_target},
        {"target=[::1]x", Errc::bad_target},
        {"target=[zz]", Errc::bad_target},
        {"target=[::1]:", Errc::bad_target},
        {"target=a&target=b", Errc::repeated_parameter},
        {"target=a&module=x&module=y", Errc::repeated_parameter},
        {"target=" + std::string(2000, 'a'), Errc::query_too_long},
        {"target=" + std::string(300, 'a'), Errc::bad_target},
    };
    for (const auto& [query, why] : cases) {
        auto q = parse_target_query(query);
        ASSERT_FALSE(q) << query;
        EXPECT_EQ(q.error(), why) << query;
    }
}

TEST(TargetQuery, RefusedAnswers) {
    auto r = metrics::refused(Errc::missing_target, "");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body, "'target' parameter must be specified\n");
    r = metrics::refused(Errc::unknown_module, "x\n\"y");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body, "Unknown module \"x?\"y\"\n");
    EXPECT_EQ(metrics::refused(Errc::too_many_targets, "").status, 503);
}

} // namespace
