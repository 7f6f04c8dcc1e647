// bmcwsman.toml read into the serve arguments: every key, the transport choice, and each
// kind of mistake refused with the key named.
#include "agent/serve_command.hpp"
#include "agent/serve_config.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sched.h>

namespace {

std::filesystem::path write(const std::string& text) {
    static int n = 0;
    auto p = std::filesystem::temp_directory_path() / ("bmcwsman-config-test-" + std::to_string(::getpid()) + "-" +
                                                       std::to_string(n++) + ".toml");
    std::ofstream(p) << text;
    return p;
}

TEST(ServeConfig, EveryKeyLandsWhereTheFlagWould) {
    agent::ServeArgs a;
    agent::TransportChoice defaults;
    auto c = agent::read_config(write(R"(
[listen]
https = "0.0.0.0:6986"
http = "127.0.0.1:6985"
allow_basic_over_http = true
[tls]
certificate = "/c.pem"
key = "/k.pem"
client_ca = "/ca.pem"
ciphers = "ECDHE-RSA-AES128-GCM-SHA256"
ciphersuites = "TLS_AES_128_GCM_SHA256"
min_version = "1.3"
[auth]
users_file = "/users"
[bmc]
transport = "lan"
lan_host = "10.1.2.3:623"
lan_user = "admin"
lan_password_file = "/pw"
lan_privilege = "operator"
lan_cipher_suite = 17
lan_workarounds = 16
timeout_ms = 2500
sdr_cache_dir = "/cache"
system_name = "rack7-u12"
raw_ipmi = true
[model]
poll_interval_seconds = 3
max_reading_age_seconds = 9
[limits]
workers = 4
max_connections = 32
max_connections_per_source = 8
max_header_bytes = 4096
max_body_bytes = 65536
header_timeout_seconds = 3
read_timeout_seconds = 7
send_timeout_seconds = 6
idle_timeout_seconds = 30
max_requests_per_connection = 50
[daemon]
user = "bmcwsman"
log_level = "debug"
status_socket = "/run/s.sock"
state_dir = "/state"
[sel_archive]
max_mib = 8
hard_max_mib = 24
sync = "none"
[metrics]
anonymous_loopback = true
max_targets = 5
target_idle_seconds = 42
scrape_timeout_seconds = 7
[modules.dell]
user = "mon"
password_file = "/etc/p"
privilege = "user"
cipher_suite = 17
workarounds = "opensesspriv"
timeout_ms = 900
collectors = ["ipmi", "sel"]
)"),
                                a, defaults);
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(a.https_listen, "0.0.0.0:6986");
    EXPECT_EQ(a.listen, "127.0.0.1:6985");
    EXPECT_TRUE(a.allow_basic_over_http);
    EXPECT_EQ(a.tls_certificate, "/c.pem");
    EXPECT_EQ(a.tls_key, "/k.pem");
    EXPECT_EQ(a.tls_client_ca, "/ca.pem");
    EXPECT_EQ(a.users_file, "/users");
    EXPECT_EQ(a.sdr_cache_dir, "/cache");
    EXPECT_EQ(a.system_name, "rack7-u12");
    EXPECT_TRUE(a.raw_ipmi);
    EXPECT_EQ(a.poll_seconds, 3U);
    EXPECT_EQ(a.max_reading_age_seconds, 9U);
    EXPECT_EQ(a.workers, 4U);
    EXPECT_EQ(a.max_connections, 32U);
    EXPECT_EQ(a.max_connections_per_source, 8U);
    EXPECT_EQ(a.max_header_bytes, 4096U);
    EXPECT_EQ(a.max_body_bytes, 65536U);
    EXPECT_EQ(a.header_timeout_seconds, 3U);
    EXPECT_EQ(a.read_timeout_seconds, 7U);
    EXPECT_EQ(a.send_timeout_seconds, 6U);
    EXPECT_EQ(a.idle_timeout_seconds, 30U);
    EXPECT_EQ(a.max_requests_per_connection, 50U);
    EXPECT_EQ(a.tls_ciphers, "ECDHE-RSA-AES128-GCM-SHA256");
    EXPECT_EQ(a.tls_ciphersuites, "TLS_AES_128_GCM_SHA256");
    EXPECT_EQ(a.tls_min_version, "1.3");
    EXPECT_EQ(a.run_as, "bmcwsman");
    EXPECT_EQ(a.log_level, "debug");
    EXPECT_EQ(a.status_socket, "/run/s.sock");
    EXPECT_EQ(a.state_dir, "/state");
    EXPECT_EQ(a.sel_archive_max_mib, 8U);
    EXPECT_EQ(a.sel_archive_hard_max_mib, 24U);
    EXPECT_EQ(a.sel_archive_sync, "none");
    EXPECT_TRUE(a.metrics_anonymous_loopback);
    EXPECT_EQ(a.metrics_max_targets, 5U);
    EXPECT_EQ(a.metrics_target_idle_seconds, 42U);
    EXPECT_EQ(a.metrics_scrape_timeout_seconds, 7U);
    ASSERT_EQ(a.metrics_modules.count("dell"), 1U);
    const auto& m = a.metrics_modules.at("dell");
    EXPECT_EQ(m.user, "mon");
    EXPECT_EQ(m.password_file, "/etc/p");
    EXPECT_EQ(m.privilege, "user");
    EXPECT_EQ(m.cipher_suite, 17U);
    EXPECT_EQ(m.workarounds, 16U);
    EXPECT_EQ(m.timeout_ms, 900U);
    EXPECT_TRUE(m.collectors.ipmi && m.collectors.sel && !m.collectors.bmc && !m.collectors.chassis);
    EXPECT_TRUE(c->named);
    EXPECT_EQ(c->choice.lan, "10.1.2.3:623");
    EXPECT_EQ(c->choice.user, "admin");
    EXPECT_EQ(c->choice.password_file, "/pw");
    EXPECT_EQ(c->choice.lan_privilege, "operator");
    EXPECT_EQ(c->choice.cipher_suite, 17U);
    EXPECT_EQ(c->choice.lan_workarounds, 16U);
    EXPECT_EQ(c->choice.timeout, std::chrono::milliseconds(2500));
}

// bmc.lan_workarounds also as FreeIPMI's names; a misspelt one is refused by key and word.
TEST(ServeConfig, LanWorkaroundsByName) {
    agent::ServeArgs a;
    auto named = agent::read_config(write("[bmc]\nlan_workarounds = \"opensesspriv,intel20\"\n"), a,
                                    agent::TransportChoice{});
    ASSERT_TRUE(named) << named.error();
    EXPECT_EQ(named->choice.lan_workarounds, 0x12U);
    auto bad = agent::read_config(write("[bmc]\nlan_workarounds = \"opensespriv\"\n"), a, agent::TransportChoice{});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("bmc.lan_workarounds"), std::string::npos) << bad.error();
    EXPECT_NE(bad.error().find("opensespriv"), std::string::npos) << bad.error();
}

TEST(ServeConfig, TransportsAndDefaults) {
    agent::ServeArgs a;
    agent::TransportChoice d;
    auto automatic = agent::read_config(write("[bmc]\ntransport = \"auto\"\n"), a, d);
    ASSERT_TRUE(automatic);
    EXPECT_FALSE(automatic->named);
    EXPECT_EQ(a.poll_seconds, 10U); // untouched defaults
    auto kcs = agent::read_config(write("[bmc]\ntransport = \"kcs\"\nkcs = \"io:0xca8\"\n"), a, d);
    ASSERT_TRUE(kcs);
    EXPECT_EQ(kcs->choice.kcs, "io:0xca8");
    auto ssif = agent::read_config(write("[bmc]\ntransport = \"ssif\"\nssif = \"/dev/i2c-1,0x10\"\n"), a, d);
    ASSERT_TRUE(ssif);
    EXPECT_EQ(ssif->choice.ssif, "/dev/i2c-1,0x10");
    auto ssif_auto = agent::read_config(write("[bmc]\ntransport = \"ssif\"\n"), a, d);
    ASSERT_TRUE(ssif_auto);
    EXPECT_EQ(ssif_auto->choice.ssif, "auto");
    auto bt = agent::read_config(write("[bmc]\ntransport = \"bt\"\nbt = \"io:0xe4\"\n"), a, d);
    ASSERT_TRUE(bt);
    EXPECT_EQ(bt->choice.bt, "io:0xe4");
    EXPECT_EQ(bt->choice.named(), 1U);
    auto ipmi = agent::read_config(write("[bmc]\ntransport = \"openipmi\"\n"), a, d);
    ASSERT_TRUE(ipmi);
    EXPECT_EQ(ipmi->choice.openipmi, "auto");
    auto sim = agent::read_config(write("[bmc]\ntransport = \"sim\"\n"), a, d);
    ASSERT_TRUE(sim);
    EXPECT_TRUE(sim->choice.sim);
}

TEST(ServeConfig, EventingKeys) {
    agent::ServeArgs a;
    auto c = agent::read_config(write(R"(
[model]
sel_poll_interval_ms = 250
[eventing]
max_subscriptions = 7
max_subscriptions_per_user = 3
notify_allow = ["collector.example", "10.0.0.9:8080"]
sink_ca_file = "/etc/ssl/sinks.pem"
)"),
                                a, agent::TransportChoice{});
    ASSERT_TRUE(c.has_value()) << c.error();
    EXPECT_EQ(a.sel_poll_ms, 250U);
    EXPECT_EQ(a.max_subscriptions, 7U);
    EXPECT_EQ(a.max_subscriptions_per_user, 3U);
    EXPECT_EQ(a.notify_allow, (std::vector<std::string>{"collector.example", "10.0.0.9:8080"}));
    EXPECT_EQ(a.sink_ca_file, "/etc/ssl/sinks.pem");
    agent::ServeArgs b;
    auto bad = agent::read_config(write("[eventing]\nnotify_allow = \"host\"\n"), b, agent::TransportChoice{});
    ASSERT_FALSE(bad.has_value());
    EXPECT_NE(bad.error().find("eventing.notify_allow must be an array of strings"), std::string::npos);
    bad = agent::read_config(write("[eventing]\nnotify_allow = [1]\n"), b, agent::TransportChoice{});
    ASSERT_FALSE(bad.has_value());
    EXPECT_NE(bad.error().find("eventing.notify_allow"), std::string::npos);
}

TEST(ServeConfig, MistakesNameTheKey) {
    const auto error = [](const std::string& text) {
        agent::ServeArgs a;
        auto c = agent::read_config(write(text), a, agent::TransportChoice{});
        return c ? std::string("accepted") : c.error();
    };
    EXPECT_NE(error("[lisen]\nhttps = \"x\"\n").find("unknown section [lisen]"), std::string::npos);
    EXPECT_NE(error("[listen]\nhttp_port = 1\n").find("unknown key listen.http_port"), std::string::npos);
    EXPECT_NE(error("[model]\npoll_interval_seconds = \"10\"\n").find("model.poll_interval_seconds must be"),
              std::string::npos);
    EXPECT_NE(error("[model]\npoll_interval_seconds = 0\n").find("from 1 to 3600"), std::string::npos);
    EXPECT_NE(error("[listen]\nallow_basic_over_http = \"yes\"\n").find("true or false"), std::string::npos);
    EXPECT_NE(error("[bmc]\ntransport = \"usb\"\n").find("bmc.transport must be"), std::string::npos);
    EXPECT_NE(error("[modules.a]\nuser = \"u\"\npass = \"x\"\n").find("unknown key modules.a.pass"), std::string::npos);
    EXPECT_NE(error("[modules.a]\nuser = \"u\"\ncollectors = [\"dcmi\"]\n").find("dcmi is not one of"),
              std::string::npos);
    EXPECT_NE(error("[modules.a]\nprivilege = \"user\"\n").find("modules.a.user is required"), std::string::npos);
    EXPECT_NE(error("[modules.a]\nuser = \"u\"\nworkarounds = \"nope\"\n").find("modules.a.workarounds"),
              std::string::npos);
    EXPECT_NE(error("[modules]\na = 1\n").find("modules.a must be a table"), std::string::npos);
    EXPECT_NE(error("[metrics]\nmax_targets = 0\n").find("metrics.max_targets"), std::string::npos);
    EXPECT_NE(error("[bmc]\ntransport = \"lan\"\n").find("needs bmc.lan_host"), std::string::npos);
    EXPECT_NE(error("[bmc]\nlan_privilege = \"root\"\n").find("lan_privilege"), std::string::npos);
    EXPECT_NE(error("[sel_archive]\nsync = \"sometimes\"\n").find("sel_archive.sync must be"), std::string::npos);
    EXPECT_NE(error("[sel_archive]\nmax_mib = 0\n").find("sel_archive.max_mib"), std::string::npos);
    EXPECT_NE(error("[sel_archive]\nhard_max_mib = -1\n").find("sel_archive.hard_max_mib"), std::string::npos);
    EXPECT_NE(error("[listen\n").find(":1:"), std::string::npos); // a parse error with its line
    // Floats are not integers, however large (5e34 was undefined behaviour in toml++'s
    // conversion; config_fuzz found it).
    EXPECT_NE(error("[model]\npoll_interval_seconds = 5e34\n").find("model.poll_interval_seconds must be an integer"),
              std::string::npos);
    EXPECT_NE(error("[model]\npoll_interval_seconds = 10.0\n").find("must be an integer"), std::string::npos);
    // The file is read whole but bounded; the text reader gives the same verdicts.
    EXPECT_NE(error(std::string(agent::max_config_bytes + 1, '#')).find("larger than"), std::string::npos);
    agent::ServeArgs parsed;
    EXPECT_NE(agent::parse_config("[model]\nnope = 1\n", "inline", parsed, agent::TransportChoice{})
                  .error()
                  .find("inline: unknown key model.nope"),
              std::string::npos);
    agent::ServeArgs a;
    EXPECT_FALSE(agent::read_config("/nonexistent/bmcwsman.toml", a, agent::TransportChoice{}));
}

} // namespace

namespace {

// 0 workers (the default) means one per CPU the process may run on, 2 to 4.
TEST(ServeDefaults, WorkersFollowTheCpusThisProcessMayUse) {
    cpu_set_t set;
    CPU_ZERO(&set);
    ASSERT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
    const auto cpus = static_cast<unsigned>(CPU_COUNT(&set));
    EXPECT_EQ(agent::default_workers(), std::clamp(cpus, 2U, 4U));
    // Pinned to one CPU: still 2, so one slow request never holds the whole listener.
    cpu_set_t one;
    CPU_ZERO(&one);
    for (std::size_t c = 0; c < static_cast<std::size_t>(CPU_SETSIZE); ++c) {
        if (CPU_ISSET(c, &set)) {
            CPU_SET(c, &one);
            break;
        }
    }
    ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
    EXPECT_EQ(agent::default_workers(), 2U);
    ASSERT_EQ(sched_setaffinity(0, sizeof set, &set), 0);
    EXPECT_EQ(agent::ServeArgs{}.workers, 0U);
}

} // namespace
