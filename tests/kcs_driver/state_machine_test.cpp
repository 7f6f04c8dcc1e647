// Unit tests of the pure KCS state machine: each flowchart transition and error path.
#include "kcs_driver/state_machine.hpp"
#include "tests/kcs_driver/scripted_port_io.hpp"

#include <gtest/gtest.h>

namespace {

using namespace kcs_test;
using kcs::Errc;
using kcs::Result;
using kcs::StateMachine;
using Step = kcs::StateMachine::Step;
using std::chrono::microseconds;
using Log = std::vector<std::string>;

constexpr std::uint8_t get_device_id[] = {0x18, 0x01};

class StateMachineTest : public ::testing::Test {
protected:
    ScriptedPortIo io;
    kcs::StateMachineLimits limits{microseconds{1000}, microseconds{1000}, 10, 16};
    StateMachine sm{io, limits};

    Result step(std::uint8_t status, microseconds elapsed = microseconds{0}) {
        io.statuses.push_back(status);
        return sm.poll(elapsed);
    }
    Result step_reading(std::uint8_t status, std::uint8_t byte) {
        io.data.push_back(byte);
        return step(status);
    }
    // The write phase of get_device_id up to the last byte written (Figure 9-6).
    void write_phase() {
        ASSERT_FALSE(sm.start(get_device_id));
        ASSERT_EQ(step(s_idle), Result::call_without_delay);
        ASSERT_EQ(step(s_write), Result::call_without_delay);
        ASSERT_EQ(step(s_write), Result::call_without_delay);
        ASSERT_EQ(step(s_write), Result::call_without_delay);
        ASSERT_EQ(io.take(), (Log{"C61", "D18", "C62", "D01"}));
        ASSERT_EQ(sm.step(), Step::wait_read);
    }
    // The error exit of Figure 9-8 after it was begun, with the given status code.
    void error_exit(std::uint8_t code) {
        ASSERT_EQ(step(s_idle), Result::call_without_delay);                       // error0
        ASSERT_EQ(step(s_write), Result::call_without_delay);                      // error1
        ASSERT_EQ(step_reading(s_read | s_obf, code), Result::call_without_delay); // error2
        ASSERT_EQ(step_reading(s_idle | s_obf, 0x00), Result::call_without_delay); // error3
        ASSERT_EQ(io.take(), (Log{"C60", "D00", "R", "D68", "R"}));
    }
};

TEST_F(StateMachineTest, WholeTransactionFollowsFigures96And97) {
    write_phase();
    for (const std::uint8_t byte : std::vector<std::uint8_t>{0x1c, 0x01, 0x00, 0x20}) {
        ASSERT_EQ(step_reading(s_read | s_obf, byte), Result::call_without_delay);
        EXPECT_EQ(io.take(), (Log{"R", "D68"}));
    }
    ASSERT_EQ(step_reading(s_idle | s_obf, 0x00), Result::complete);
    EXPECT_EQ(io.take(), (Log{"R"})); // the final dummy byte
    const auto rsp = sm.response();
    EXPECT_EQ(std::vector<std::uint8_t>(rsp.begin(), rsp.end()),
              (std::vector<std::uint8_t>{0x1c, 0x01, 0x00, 0x20}));
    EXPECT_EQ(sm.step(), Step::idle);
    EXPECT_EQ(sm.retries(), 0U);
}

TEST_F(StateMachineTest, OneByteRequestGoesStraightToWriteEnd) {
    const std::uint8_t one[] = {0x18};
    ASSERT_FALSE(sm.start(one));
    ASSERT_EQ(step(s_idle), Result::call_without_delay);
    ASSERT_EQ(step(s_write), Result::call_without_delay);
    ASSERT_EQ(step(s_write), Result::call_without_delay);
    EXPECT_EQ(io.take(), (Log{"C61", "C62", "D18"}));
}

TEST_F(StateMachineTest, LongRequestWritesEveryByteButTheLastAsData) {
    const std::uint8_t req[] = {0x28, 0x23, 0x00, 0x00, 0x05};
    ASSERT_FALSE(sm.start(req));
    ASSERT_EQ(step(s_idle), Result::call_without_delay);
    for (int i = 0; i < 6; ++i) {
        ASSERT_EQ(step(s_write), Result::call_without_delay);
    }
    EXPECT_EQ(io.take(), (Log{"C61", "D28", "D23", "D00", "D00", "C62", "D05"}));
}

TEST_F(StateMachineTest, WaitsWhileIbfIsSetWithoutTouchingData) {
    ASSERT_FALSE(sm.start(get_device_id));
    EXPECT_EQ(step(s_idle | s_ibf, microseconds{10}), Result::call_again);
    EXPECT_EQ(step(s_idle | s_ibf, microseconds{10}), Result::call_again);
    EXPECT_TRUE(io.take().empty());
    EXPECT_EQ(step(s_idle), Result::call_without_delay);
    EXPECT_EQ(io.take(), (Log{"C61"}));
}

TEST_F(StateMachineTest, IbfTimeoutAfterItsLimitAndTheMachineIsHosed) {
    ASSERT_FALSE(sm.start(get_device_id));
    EXPECT_EQ(step(s_idle | s_ibf, microseconds{600}), Result::call_again);
    EXPECT_EQ(step(s_idle | s_ibf, microseconds{400}), Result::call_again); // exactly the limit
    EXPECT_EQ(step(s_idle | s_ibf, microseconds{1}), Result::error);
    EXPECT_EQ(sm.error(), Errc::ibf_timeout);
    EXPECT_EQ(sm.step(), Step::hosed);
}

TEST_F(StateMachineTest, IbfWaitRestartsOnceIbfClears) {
    ASSERT_FALSE(sm.start(get_device_id));
    EXPECT_EQ(step(s_idle | s_ibf, microseconds{900}), Result::call_again);
    EXPECT_EQ(step(s_idle), Result::call_without_delay);
    EXPECT_EQ(step(s_write | s_ibf, microseconds{900}), Result::call_again);
    EXPECT_EQ(step(s_write | s_ibf, microseconds{100}), Result::call_again);
}

TEST_F(StateMachineTest, ClearsObfFoundSetAtTheStart) {
    ASSERT_FALSE(sm.start(get_device_id));
    ASSERT_EQ(step(s_idle | s_obf), Result::call_without_delay);
    EXPECT_EQ(io.take(), (Log{"R", "C61"}));
}

TEST_F(StateMachineTest, QemuDummyByteAfterWriteStartIsCleared) {
    ASSERT_FALSE(sm.start(get_device_id));
    ASSERT_EQ(step(s_idle), Result::call_without_delay);
    ASSERT_EQ(step_reading(0x81, 0x00), Result::call_without_delay); // QEMU: WRITE | OBF
    EXPECT_EQ(io.take(), (Log{"C61", "R", "D18"}));
}

TEST_F(StateMachineTest, ClearsObfInEveryWriteStep) {
    ASSERT_FALSE(sm.start(get_device_id));
    ASSERT_EQ(step(s_idle), Result::call_without_delay);
    ASSERT_EQ(step(s_write | s_obf), Result::call_without_delay);
    ASSERT_EQ(step(s_write | s_obf), Result::call_without_delay);
    ASSERT_EQ(step(s_write | s_obf), Result::call_without_delay);
    EXPECT_EQ(io.take(), (Log{"C61", "R", "D18", "R", "C62", "R", "D01"}));
}

TEST_F(StateMachineTest, ReadPhaseWaitsForObfThenTimesOut) {
    write_phase();
    EXPECT_EQ(step(s_read, microseconds{500}), Result::call_again);
    EXPECT_EQ(step(s_read, microseconds{500}), Result::call_again);
    EXPECT_TRUE(io.take().empty());
    EXPECT_EQ(step(s_read, microseconds{1}), Result::error);
    EXPECT_EQ(sm.error(), Errc::obf_timeout);
    EXPECT_EQ(sm.step(), Step::hosed);
}

TEST_F(StateMachineTest, IdleWithoutDummyByteStillCompletes) {
    // Linux's deviation: some BMCs never write the final dummy byte.
    write_phase();
    for (const std::uint8_t byte : std::vector<std::uint8_t>{0x1c, 0x01, 0x00}) {
        ASSERT_EQ(step_reading(s_read | s_obf, byte), Result::call_without_delay);
    }
    io.take();
    ASSERT_EQ(step(s_idle), Result::complete);
    EXPECT_TRUE(io.take().empty());
    // A late dummy byte is cleared by the next transaction.
    ASSERT_FALSE(sm.start(get_device_id));
    ASSERT_EQ(step(s_idle | s_obf), Result::call_without_delay);
    EXPECT_EQ(io.take(), (Log{"R", "C61"}));
}

TEST_F(StateMachineTest, NotIdleAtStartRunsTheErrorExitThenRetries) {
    ASSERT_FALSE(sm.start(get_device_id));
    ASSERT_EQ(step(s_read), Result::call_without_delay);
    EXPECT_EQ(sm.step(), Step::error0);
    EXPECT_TRUE(io.take().empty());
    error_exit(0x01);
    EXPECT_EQ(sm.retries(), 1U);
    EXPECT_EQ(sm.step(), Step::start);
    ASSERT_EQ(step(s_idle), Result::call_without_delay);
    EXPECT_EQ(io.take(), (Log{"C61"}));
    ASSERT_TRUE(sm.last_failure());
    EXPECT_EQ(sm.last_failure()->code, std::uint8_t{0x01});
}

TEST_F(StateMachineTest, ErrorStateMidWriteRecordsTheStatusCode) {
    ASSERT_FALSE(sm.start(get_device_id));
    ASSERT_EQ(step(s_idle), Result::call_without_delay);
    ASSERT_EQ(step(s_write), Result::call_without_delay);
    ASSERT_EQ(step(s_error | s_obf), Result::call_without_delay);
    io.take();
    error_exit(0x06);
    const auto& f = sm.last_failure();
    ASSERT_TRUE(f);
    EXPECT_EQ(f->error, Errc::unexpected_state);
    EXPECT_EQ(f->step, Step::wait_write);
    EXPECT_EQ(f->status, s_error | s_obf);
    EXPECT_EQ(f->bytes_written, 1U);
    EXPECT_EQ(f->code, std::uint8_t{0x06});
    const auto text = sm.describe_last_failure();
    EXPECT_NE(text.find("state ERROR"), std::string::npos) << text;
    EXPECT_NE(text.find("length error"), std::string::npos) << text;
}

TEST_F(StateMachineTest, WrongStateInEachStepBeginsTheErrorExit) {
    struct Case {
        int writes_before; // statuses of the happy path before the bad one
        std::uint8_t bad;
        Step where;
    };
    for (const Case c : {Case{0, s_write, Step::start}, Case{1, s_idle, Step::wait_write_start},
                         Case{2, s_read, Step::wait_write}, Case{3, s_idle, Step::wait_write_end},
                         Case{4, s_write, Step::wait_read}, Case{4, s_error, Step::wait_read}}) {
        ScriptedPortIo script;
        StateMachine m(script, limits);
        ASSERT_FALSE(m.start(get_device_id));
        const std::uint8_t happy[] = {s_idle, s_write, s_write, s_write};
        for (int i = 0; i < c.writes_before; ++i) {
            script.statuses.push_back(happy[i]);
            ASSERT_EQ(m.poll(microseconds{0}), Result::call_without_delay);
        }
        script.statuses.push_back(c.bad);
        EXPECT_EQ(m.poll(microseconds{0}), Result::call_without_delay);
        EXPECT_EQ(m.step(), Step::error0) << "case " << c.writes_before;
        ASSERT_TRUE(m.last_failure());
        EXPECT_EQ(m.last_failure()->step, c.where);
    }
}

TEST_F(StateMachineTest, ErrorExitThatFailsCountsAsAnotherRetry) {
    ASSERT_FALSE(sm.start(get_device_id));
    ASSERT_EQ(step(s_error), Result::call_without_delay);
    ASSERT_EQ(step(s_error), Result::call_without_delay); // error0: GET_STATUS/ABORT
    ASSERT_EQ(step(s_error), Result::call_without_delay); // error1: 00h
    ASSERT_EQ(step(s_error), Result::call_without_delay); // error2 expects READ
    EXPECT_EQ(sm.retries(), 2U);
    EXPECT_EQ(sm.step(), Step::error0);
    ASSERT_EQ(step(s_idle), Result::call_without_delay);
    ASSERT_EQ(step(s_write), Result::call_without_delay);
    ASSERT_EQ(step_reading(s_read | s_obf, 0xff), Result::call_without_delay);
    ASSERT_EQ(step(s_read), Result::call_without_delay); // error3 expects IDLE
    EXPECT_EQ(sm.retries(), 3U);
}

TEST_F(StateMachineTest, ErrorExitWaitsForObfAndTimesOut) {
    ASSERT_FALSE(sm.start(get_device_id));
    ASSERT_EQ(step(s_read), Result::call_without_delay);
    ASSERT_EQ(step(s_idle), Result::call_without_delay);
    ASSERT_EQ(step(s_write), Result::call_without_delay);
    EXPECT_EQ(step(s_read, microseconds{1000}), Result::call_again);
    EXPECT_EQ(step(s_read, microseconds{1}), Result::error);
    EXPECT_EQ(sm.error(), Errc::obf_timeout);
}

TEST_F(StateMachineTest, RetriesExhaustedIsHosedAndTheNextStartRecovers) {
    limits.max_retries = 1;
    StateMachine m(io, limits);
    ASSERT_FALSE(m.start(get_device_id));
    io.statuses = {s_error};
    ASSERT_EQ(m.poll(microseconds{0}), Result::call_without_delay);
    io.statuses = {s_idle, s_write, s_read | s_obf, s_idle | s_obf};
    io.data = {0xff, 0x00};
    for (int i = 0; i < 4; ++i) {
        ASSERT_EQ(m.poll(microseconds{0}), Result::call_without_delay);
    }
    io.statuses = {s_error};
    EXPECT_EQ(m.poll(microseconds{0}), Result::error);
    EXPECT_EQ(m.error(), Errc::hosed);
    EXPECT_EQ(m.step(), Step::hosed);
    ASSERT_TRUE(m.last_failure());
    EXPECT_EQ(m.last_failure()->step, Step::start); // where the last bad state was seen
    // A hosed machine starts the next transaction with the error exit.
    io.take();
    ASSERT_FALSE(m.start(get_device_id));
    EXPECT_EQ(m.step(), Step::error0);
    io.statuses = {s_idle};
    ASSERT_EQ(m.poll(microseconds{0}), Result::call_without_delay);
    EXPECT_EQ(io.take(), (Log{"C60"}));
}

TEST_F(StateMachineTest, NoRetriesReportsTheUnexpectedStateItself) {
    limits.max_retries = 0;
    StateMachine m(io, limits);
    ASSERT_FALSE(m.start(get_device_id));
    io.statuses = {s_read};
    EXPECT_EQ(m.poll(microseconds{0}), Result::error);
    EXPECT_EQ(m.error(), Errc::unexpected_state);
    EXPECT_EQ(m.step(), Step::hosed);
}

TEST_F(StateMachineTest, ResponseLongerThanTheBufferIsDrainedThenReported) {
    write_phase();
    for (int i = 0; i < 20; ++i) { // limits.max_response is 16
        ASSERT_EQ(step_reading(s_read | s_obf, static_cast<std::uint8_t>(i)),
                  Result::call_without_delay);
    }
    EXPECT_EQ(step_reading(s_idle | s_obf, 0), Result::error);
    EXPECT_EQ(sm.error(), Errc::response_too_long);
    EXPECT_EQ(sm.response().size(), 16U);
    // Drained to IDLE: the interface is in sync, no error exit needed.
    EXPECT_EQ(sm.step(), Step::idle);
    io.take();
    ASSERT_FALSE(sm.start(get_device_id));
    ASSERT_EQ(step(s_idle), Result::call_without_delay);
    EXPECT_EQ(io.take(), (Log{"C61"}));
}

TEST_F(StateMachineTest, EndlessResponseIsCutOffAndHosed) {
    write_phase();
    Result r = Result::call_without_delay;
    int polls = 0;
    while (r == Result::call_without_delay && polls < 10'000) {
        r = step_reading(s_read | s_obf, 0x55);
        ++polls;
    }
    EXPECT_EQ(r, Result::error);
    EXPECT_EQ(sm.error(), Errc::response_too_long);
    EXPECT_EQ(sm.step(), Step::hosed);
    EXPECT_LT(polls, 10'000);
}

TEST_F(StateMachineTest, ResponseShorterThanItsHeaderIsTooShort) {
    write_phase();
    ASSERT_EQ(step_reading(s_read | s_obf, 0x1c), Result::call_without_delay);
    ASSERT_EQ(step_reading(s_read | s_obf, 0x01), Result::call_without_delay);
    EXPECT_EQ(step_reading(s_idle | s_obf, 0), Result::error);
    EXPECT_EQ(sm.error(), Errc::response_too_short);
    EXPECT_EQ(sm.step(), Step::idle);
}

TEST_F(StateMachineTest, GiveUpNamesWhatTheMachineWaitedFor) {
    ASSERT_FALSE(sm.start(get_device_id));
    ASSERT_EQ(step(s_idle | s_ibf, microseconds{5}), Result::call_again);
    EXPECT_EQ(sm.give_up(), Errc::ibf_timeout);
    EXPECT_EQ(sm.step(), Step::hosed);

    ScriptedPortIo script;
    StateMachine m(script, limits);
    ASSERT_FALSE(m.start(get_device_id));
    script.statuses = {s_idle, s_write, s_write, s_write, s_read};
    for (int i = 0; i < 4; ++i) {
        ASSERT_EQ(m.poll(microseconds{0}), Result::call_without_delay);
    }
    ASSERT_EQ(m.poll(microseconds{5}), Result::call_again);
    EXPECT_EQ(m.give_up(), Errc::obf_timeout);

    ScriptedPortIo script2;
    StateMachine m2(script2, limits);
    ASSERT_FALSE(m2.start(get_device_id));
    EXPECT_EQ(m2.give_up(), Errc::deadline_exceeded);

    ScriptedPortIo script3;
    StateMachine m3(script3, limits);
    ASSERT_FALSE(m3.start(get_device_id));
    script3.statuses = {s_error};
    ASSERT_EQ(m3.poll(microseconds{0}), Result::call_without_delay);
    EXPECT_EQ(m3.give_up(), Errc::unexpected_state);
}

TEST_F(StateMachineTest, StartChecksItsArguments) {
    EXPECT_EQ(sm.start({}), Errc::request_too_long);
    std::vector<std::uint8_t> huge(kcs::max_message + 1, 0);
    EXPECT_EQ(sm.start(huge), Errc::request_too_long);
    std::vector<std::uint8_t> largest(kcs::max_message, 0);
    EXPECT_FALSE(sm.start(largest));
    EXPECT_EQ(sm.start(get_device_id), Errc::busy);
}

TEST_F(StateMachineTest, PollWithoutTransactionTouchesNothing) {
    EXPECT_EQ(sm.poll(microseconds{0}), Result::complete);
    EXPECT_TRUE(io.take().empty());
}

} // namespace
