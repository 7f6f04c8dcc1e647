// Seeds for tests/fuzz/kcs_status_fuzz: conversations of the KCS state machine with the
// simulated BMC (clean and under each fault) recorded as that target's input, checked to
// replay to the same outcome, and written to $KCS_FUZZ_CORPUS_DIR when that is set
// (tests/fuzz/corpus/kcs_status/).
#include "kcs_driver/errc.hpp"
#include "sim/kcs_bmc.hpp"
#include "tests/fuzz/kcs_status_run.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;
using kcs::Result;

// The host's accesses go to the simulated BMC; every byte the host reads is appended to
// the tape, as is each poll's elapsed-time byte, in the order the target consumes them.
class RecordingIo final : public kcs::PortIo {
public:
    RecordingIo(sim::KcsBmc& bmc, Bytes& tape) : bmc_(bmc), tape_(tape) {}
    std::uint8_t read_data() override { return keep(bmc_.read_data()); }
    std::uint8_t read_status() override { return keep(bmc_.read_status()); }
    void write_data(std::uint8_t value) override { bmc_.write_data(value); }
    void write_command(std::uint8_t value) override { bmc_.write_command(value); }
    std::uint8_t keep(std::uint8_t byte) {
        tape_.push_back(byte);
        return byte;
    }

private:
    sim::KcsBmc& bmc_;
    Bytes& tape_;
};

struct Recording {
    Bytes input;
    kcs_fuzz::Outcome outcome;
};

struct Seed {
    const char* name;
    Bytes header; // retries, response buffer size, request length (kcs_status_run.hpp)
    sim::Faults faults;
    std::uint8_t elapsed = 0; // each poll: 1 + elapsed % 16 us
    bool attention = false;
};

Recording record(const Seed& seed) {
    sim::KcsBmc bmc(seed.faults);
    bmc.set_attention(seed.attention);
    Recording r{seed.header, {}};
    RecordingIo io(bmc, r.input);
    r.outcome = kcs_fuzz::run(io, std::span<const std::uint8_t, kcs_fuzz::header_size>(seed.header.data(), 3),
                              [&] { return io.keep(seed.elapsed); });
    return r;
}

sim::Faults with(void (*set)(sim::Faults&)) {
    sim::Faults f;
    set(f);
    return f;
}

// Get Device ID's answer from the simulated BMC: netfn 07h << 2, command 01h, completion
// code 00h, 15 data bytes.
constexpr std::size_t device_id_size = 18;

std::vector<Seed> seeds() {
    const sim::Faults none{};
    return {
        {"get_device_id", {3, 39, 1}, none, 0, false},
        {"qemu_dummy_byte_after_write_start", {3, 39, 1},
         with([](sim::Faults& f) { f.dummy_byte_after_write_start = true; }), 0, false},
        {"sms_attention", {3, 39, 1}, none, 0, true},
        {"error_mid_request_retried", {3, 39, 1}, with([](sim::Faults& f) {
             f.error_after_bytes = 1;
             f.only_next_transactions = 1;
         }),
         0, false},
        {"error_mid_response_no_retries", {0, 39, 1}, with([](sim::Faults& f) {
             f.error_after_bytes = 5;
             f.only_next_transactions = 1;
         }),
         0, false},
        {"truncated_response", {3, 39, 1}, with([](sim::Faults& f) {
             f.truncate_response = 5;
             f.only_next_transactions = 1;
         }),
         0, false},
        {"response_longer_than_buffer", {3, 39, 1}, with([](sim::Faults& f) {
             f.response_length = 60;
             f.only_next_transactions = 1;
         }),
         0, false},
        {"buffer_of_4_bytes", {3, 3, 1}, none, 0, false},
        {"obf_never_sets_once", {3, 39, 1}, with([](sim::Faults& f) {
             f.obf_never_sets = true;
             f.only_next_transactions = 1;
         }),
         15, false},
        {"ibf_stuck", {1, 39, 1}, with([](sim::Faults& f) { f.ibf_stuck = true; }), 15, false},
        {"long_request", {3, 39, 40}, none, 0, false},
    };
}

class KcsFuzzSeeds : public ::testing::TestWithParam<Seed> {};

TEST_P(KcsFuzzSeeds, ReplaysThroughTheTargetToTheRecordedOutcome) {
    const Seed& seed = GetParam();
    const auto r = record(seed);
    ASSERT_FALSE(r.outcome.start_refused || r.outcome.hang || r.outcome.overlong);
    ASSERT_EQ(r.outcome.results.size(), std::size_t{kcs_fuzz::transactions});
    const auto replay = kcs_fuzz::run_input(r.input);
    ASSERT_TRUE(replay);
    EXPECT_EQ(*replay, r.outcome) << seed.name;
    if (const char* dir = std::getenv("KCS_FUZZ_CORPUS_DIR")) {
        std::filesystem::create_directories(dir);
        std::ofstream out(std::filesystem::path(dir) / seed.name, std::ios::binary);
        out.write(reinterpret_cast<const char*>(r.input.data()), static_cast<std::streamsize>(r.input.size()));
        ASSERT_TRUE(out.good());
    }
}

INSTANTIATE_TEST_SUITE_P(Sim, KcsFuzzSeeds, ::testing::ValuesIn(seeds()),
                         [](const auto& p) { return std::string(p.param.name); });

// What each recorded conversation shows, so the seeds reach the paths they are named for.
kcs_fuzz::Outcome outcome_of(const char* name) {
    for (const auto& s : seeds()) {
        if (std::string(s.name) == name) {
            return record(s).outcome;
        }
    }
    ADD_FAILURE() << "no seed " << name;
    return {};
}

TEST(KcsFuzzSeedOutcomes, CleanTransactionsAnswerGetDeviceId) {
    for (const char* name : {"get_device_id", "qemu_dummy_byte_after_write_start", "sms_attention"}) {
        const auto o = outcome_of(name);
        for (std::size_t t = 0; t < o.results.size(); ++t) {
            EXPECT_EQ(o.results[t], Result::complete) << name << " #" << t;
            ASSERT_EQ(o.responses[t].size(), device_id_size) << name << " #" << t;
            EXPECT_EQ(o.responses[t][0], 0x1c);
            EXPECT_EQ(o.responses[t][1], 0x01);
            EXPECT_EQ(o.responses[t][2], 0x00);
            EXPECT_EQ(o.retries[t], 0U);
        }
    }
}

TEST(KcsFuzzSeedOutcomes, FaultsShowInTheFirstTransactionOnly) {
    auto o = outcome_of("error_mid_request_retried");
    EXPECT_EQ(o.results[0], Result::complete);
    EXPECT_EQ(o.retries[0], 1U);
    EXPECT_EQ(o.responses[0].size(), device_id_size);

    o = outcome_of("error_mid_response_no_retries");
    EXPECT_EQ(o.results[0], Result::error);
    EXPECT_EQ(o.results[1], Result::complete);

    o = outcome_of("truncated_response");
    EXPECT_EQ(o.responses[0].size(), 5U);
    EXPECT_EQ(o.responses[1].size(), device_id_size);

    o = outcome_of("response_longer_than_buffer");
    EXPECT_EQ(o.results[0], Result::error);
    EXPECT_EQ(o.errors[0], kcs::make_error_code(kcs::Errc::response_too_long));
    EXPECT_EQ(o.results[1], Result::complete);

    o = outcome_of("obf_never_sets_once");
    EXPECT_EQ(o.results[0], Result::error);
    EXPECT_EQ(o.errors[0], kcs::make_error_code(kcs::Errc::obf_timeout));
    EXPECT_EQ(o.results[1], Result::complete); // recovered from the hosed state
    EXPECT_EQ(o.responses[1].size(), device_id_size);
}

TEST(KcsFuzzSeedOutcomes, SmallBufferStuckBmcAndLongRequest) {
    auto o = outcome_of("buffer_of_4_bytes");
    for (std::size_t t = 0; t < o.results.size(); ++t) {
        EXPECT_EQ(o.errors[t], kcs::make_error_code(kcs::Errc::response_too_long));
    }
    o = outcome_of("ibf_stuck");
    for (std::size_t t = 0; t < o.results.size(); ++t) {
        EXPECT_EQ(o.results[t], Result::error);
    }
    EXPECT_EQ(o.errors[0], kcs::make_error_code(kcs::Errc::ibf_timeout));
    o = outcome_of("long_request");
    for (std::size_t t = 0; t < o.results.size(); ++t) {
        EXPECT_EQ(o.results[t], Result::complete);
        ASSERT_GE(o.responses[t].size(), 3U);
        EXPECT_EQ(o.responses[t][2], 0xc7); // request data length invalid: all 40 bytes arrived
    }
}

} // namespace
