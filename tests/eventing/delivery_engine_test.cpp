// Push delivery at scale (issue 18's latency work): 1000 subscriptions served by a bounded
// number of threads, each event once each; sinks that hang or fail delay only themselves; the
// group-committed positions resume every subscription exactly after its last delivered event
// across a graceful restart; the positions journal read back after a crash's torn line or
// garbage.
#include "eventing/position_journal.hpp"
#include "tests/eventing/service_fixture.hpp"

#include <dirent.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace {

using namespace eventing_test;
using namespace std::chrono_literals;

std::size_t threads_now() {
    std::size_t n = 0;
    if (DIR* d = ::opendir("/proc/self/task")) {
        while (const dirent* e = ::readdir(d)) {
            n += e->d_name[0] != '.' ? 1U : 0U;
        }
        ::closedir(d);
    }
    return n;
}

// A Push delivery whose reference parameter names the subscriber (copied into every event).
std::string tagged_delivery(const std::string& address, const std::string& tag, const std::string& knobs = "") {
    return "<e:Delivery><e:NotifyTo><a:Address>" + address + "</a:Address><a:ReferenceParameters>"
           "<x:Tag xmlns:x=\"urn:sink\">" + tag + "</x:Tag></a:ReferenceParameters></e:NotifyTo>" + knobs +
           "</e:Delivery>";
}

// (subscriber tag, IndicationIdentifier) -> how many times received.
std::map<std::pair<std::string, std::string>, int> tally(const std::vector<std::string>& bodies) {
    std::map<std::pair<std::string, std::string>, int> out;
    for (const auto& b : bodies) {
        ++out[{element_text(b, "Tag"), element_text(b, "IndicationIdentifier")}];
    }
    return out;
}

struct Scale : Fixture {
    eventing::ServiceOptions options(std::size_t workers) {
        auto o = Fixture::options();
        o.limits.total = 2000;
        o.limits.per_user = 2000;
        o.delivery.workers = workers;
        return o;
    }
    void subscribe(eventing::EventService& s, const std::string& address, const std::string& tag,
                   const std::string& knobs = "") {
        auto a = call(s, request(wsman::ns::action::subscribe, alert_uri, subscribe_body(tagged_delivery(address, tag, knobs))));
        ASSERT_EQ(a.reply.http_status, 200) << a.reply.body;
    }
};

TEST_F(Scale, AThousandSubscriptionsOnABoundedNumberOfThreads) {
    MiniSink sink([](const std::string&) { return MiniSink::Answer{}; });
    const std::size_t before = threads_now();
    const auto dir = temp_dir();
    auto s = make(options(8), dir);
    for (int i = 0; i < 1000; ++i) {
        subscribe(*s, sink.url(), "s" + std::to_string(i));
    }
    std::size_t peak = threads_now();
    archive.add(record(1));
    archive.add(record(2));
    for (int i = 0; i < 600 && sink.wait_for(2000, 0ms).size() < 2000; ++i) {
        peak = std::max(peak, threads_now());
        std::this_thread::sleep_for(50ms);
    }
    const auto got = sink.wait_for(2000, 30s);
    std::this_thread::sleep_for(300ms);
    const auto counts = tally(sink.wait_for(2001, 0ms));
    EXPECT_EQ(got.size(), 2000U);
    EXPECT_EQ(counts.size(), 2000U) << "every subscriber, each event";
    for (const auto& [key, n] : counts) {
        EXPECT_EQ(n, 1) << key.first << " " << key.second;
    }
    // The workers, the janitor and the positions journal's committer; not one per subscription.
    EXPECT_LE(peak - before, 8U + 2U) << "threads before " << before << ", peak " << peak;
    std::cout << "position syncs for 2000 deliveries: " << s->position_syncs() << "\n";
    s.reset();
    std::filesystem::remove_all(dir);
}

TEST_F(Scale, HangingAndFailingSinksDelayOnlyThemselves) {
    std::atomic<bool> release{false};
    auto hang = [&](const std::string&) {
        for (int i = 0; i < 100 && !release; ++i) {
            std::this_thread::sleep_for(50ms);
        }
        return MiniSink::Answer{};
    };
    // Three sinks that hang (each holds a worker until the 2 s deadline), one that answers 500
    // (its retries are timers, not a held worker); four workers.
    MiniSink hanging1(hang), hanging2(hang), hanging3(hang);
    MiniSink failing([](const std::string&) { return MiniSink::Answer{500, "no"}; });
    MiniSink quick([](const std::string&) { return MiniSink::Answer{}; });
    auto s = make(options(4));
    subscribe(*s, hanging1.url(), "h1");
    subscribe(*s, hanging2.url(), "h2");
    subscribe(*s, hanging3.url(), "h3");
    subscribe(*s, failing.url(), "f", "<w:ConnectionRetry Total=\"20\">PT0.2S</w:ConnectionRetry>");
    for (int i = 0; i < 40; ++i) {
        subscribe(*s, quick.url(), "q" + std::to_string(i));
    }
    archive.add(record(1));
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(quick.wait_for(40, 5s).size(), 40U);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
    archive.add(record(2)); // while the hanging ones still hang
    EXPECT_EQ(quick.wait_for(80, 5s).size(), 80U);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
    EXPECT_GE(failing.wait_for(2, 3s).size(), 2U) << "retried meanwhile";
    release = true;
}

TEST_F(Scale, GracefulRestartResumesEachSubscriptionExactlyOnce) {
    MiniSink sink([](const std::string&) { return MiniSink::Answer{}; });
    const auto dir = temp_dir();
    {
        auto s = make(options(4), dir);
        for (int i = 0; i < 50; ++i) {
            subscribe(*s, sink.url(), "s" + std::to_string(i));
        }
        for (std::uint16_t r = 1; r <= 3; ++r) {
            archive.add(record(r));
        }
        ASSERT_EQ(sink.wait_for(150, 10s).size(), 150U);
        EXPECT_GE(s->position_syncs(), 1U);
    } // stopped: the positions journal committed
    archive.add(record(4));
    archive.add(record(5));
    auto s = make(options(4), dir);
    EXPECT_EQ(s->subscriptions(), 50U);
    ASSERT_EQ(sink.wait_for(250, 10s).size(), 250U);
    archive.add(record(6));
    ASSERT_EQ(sink.wait_for(300, 10s).size(), 300U);
    std::this_thread::sleep_for(300ms);
    const auto counts = tally(sink.wait_for(301, 0ms));
    EXPECT_EQ(counts.size(), 300U) << "50 subscribers, 6 events each";
    for (const auto& [key, n] : counts) {
        EXPECT_EQ(n, 1) << key.first << " " << key.second << " (none twice, none lost)";
    }
    s.reset();
    std::filesystem::remove_all(dir);
}

TEST(PositionJournal, ReadBackAfterATornLineAndGarbage) {
    const auto j = eventing::parse_journal("uuid:a 5\nuuid:b 7\nuuid:a 9\nuuid:a 3\nnot a line\nuuid:c x\n"
                                           "uuid:c 18446744073709551616\n\nuuid:b 12");
    EXPECT_EQ(j.positions.size(), 2U);
    EXPECT_EQ(j.positions.at("uuid:a"), 9U) << "positions only move forward";
    EXPECT_EQ(j.positions.at("uuid:b"), 7U) << "the torn last line is not taken";
    EXPECT_EQ(j.bad_lines, 5U);
}

TEST_F(Fixture, JournalPositionsWinOverTheFilesAndAreCompacted) {
    const auto dir = temp_dir();
    std::string id;
    {
        eventing::SubscriptionStore store(dir, {});
        (void)store.load();
        eventing::Subscription sub;
        sub.id = "uuid:0b5e9c1e-0000-4000-8000-000000000001";
        sub.owner = "alice";
        sub.mode = eventing::Mode::push;
        sub.notify_to.address = "http://127.0.0.1:9/x";
        sub.archive_id = archive.id();
        ASSERT_TRUE(store.add(sub).has_value());
        id = sub.id;
        EXPECT_TRUE(store.advance(id, 4));
        EXPECT_TRUE(store.advance(id, 2)); // never back
    } // closed: committed
    {
        // What a crash leaves: a stale line, another subscription's, a torn last line.
        std::ofstream out(dir / "positions.journal", std::ios::app);
        out << id << " 3\nuuid:0b5e9c1e-0000-4000-8000-00000000dead 77\n" << id << " 9";
    }
    eventing::SubscriptionStore store(dir, {});
    const auto warnings = store.load();
    EXPECT_TRUE(warnings.empty()) << warnings.front();
    ASSERT_TRUE(store.find(id));
    EXPECT_EQ(store.find(id)->position, 4U);
    store.close();
    std::ifstream in(dir / "positions.journal");
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), id + " 4\n") << "compacted at load: one line per live subscription";
    std::filesystem::remove_all(dir);
}

} // namespace
