// CPU cost of one KCS transaction through KcsTransport + sim::KcsBmc, fast and slow BMC.
#include "kcs_driver/kcs_transport.hpp"
#include "sim/kcs_bmc.hpp"

#include <benchmark/benchmark.h>
#include <climits>
#include <ctime>

namespace {

const ipmi::Request get_device_id{ipmi::netfn::app, 0, 0x01, {}};

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// One Get Device ID against the in-process BMC that reacts at once: the driver's own
// CPU cost (state machine, framing, polling) plus the simulator's.
void BM_GetDeviceId(benchmark::State& state) {
    auto owned = std::make_unique<sim::KcsBmc>();
    kcs::KcsTransport transport(std::move(owned));
    for (auto _ : state) {
        auto rsp = transport.execute(get_device_id);
        if (!rsp) {
            state.SkipWithError("transaction failed");
            break;
        }
        benchmark::DoNotOptimize(rsp->data.data());
    }
    const auto& stats = transport.stats();
    state.counters["polls/txn"] = benchmark::Counter(static_cast<double>(stats.polls) /
                                                     static_cast<double>(stats.transactions));
}
BENCHMARK(BM_GetDeviceId);

// The same against a slow BMC (every register transition takes state.range(0) us of
// real time). Reports CPU and wall time per transaction: backoff keeps CPU far below wall.
// range(1) == 1 spins without sleeping (busy polling) for comparison.
void BM_GetDeviceIdSlowBmc(benchmark::State& state) {
    sim::Faults faults;
    faults.transition_delay = std::chrono::microseconds{state.range(0)};
    kcs::TransportOptions opts;
    if (state.range(1) == 1) {
        opts.spin_polls = UINT_MAX; // never sleep
    }
    kcs::KcsTransport transport(std::make_unique<sim::KcsBmc>(faults), opts);
    const double cpu_begin = thread_cpu_seconds();
    const auto wall_begin = std::chrono::steady_clock::now();
    for (auto _ : state) {
        auto rsp = transport.execute(get_device_id);
        if (!rsp) {
            state.SkipWithError("transaction failed");
            break;
        }
    }
    const double cpu = thread_cpu_seconds() - cpu_begin;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_begin).count();
    const auto n = static_cast<double>(state.iterations());
    const auto& stats = transport.stats();
    state.counters["cpu_us/txn"] = cpu / n * 1e6;
    state.counters["wall_us/txn"] = wall / n * 1e6;
    state.counters["cpu/wall"] = cpu / wall;
    state.counters["polls/txn"] = static_cast<double>(stats.polls) / n;
    state.counters["sleeps/txn"] = static_cast<double>(stats.sleeps) / n;
}
BENCHMARK(BM_GetDeviceIdSlowBmc)
    ->ArgNames({"transition_us", "busy_poll"})
    ->Args({200, 0})
    ->Args({200, 1})
    ->Args({20, 0})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
