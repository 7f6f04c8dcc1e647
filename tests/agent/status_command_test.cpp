// `bmcwsman status`'s reading of the agent's answer: the agent's own JSON as summary lines and
// as indented JSON, and answers from whatever holds the socket path: fields of another type
// than the agent writes read as unknown instead of throwing out of the command (json's value()
// throws on a type mismatch and converts a float to an integer unchecked); not an object is an
// error.
#include "agent/status_command.hpp"

#include <gtest/gtest.h>

namespace {

constexpr std::string_view agent_answer =
    R"({"bmc_busy":true,"bmc_reachable":true,"failed_polls":1,"held_readings":7,"last_poll_age_seconds":1.5,)"
    R"("listeners":[{"auth_failures":2,"open_connections":1,"requests":17,"url":"http://127.0.0.1:5985/wsman"}],)"
    R"("oldest_reading_age_seconds":29.5,"pid":4242,"polls":12,"sel_entries":40,"sensors":45,)"
    R"("transport":"lan 127.0.0.1:9623","uptime_seconds":61.7,"version":"0.1.0"})";

TEST(StatusAnswer, TheAgentsOwnAnswerAsLinesAndJson) {
    const auto v = agent::render_status(agent_answer, false);
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->bmc_reachable);
    EXPECT_EQ(v->text,
              "agent 0.1.0 (pid 4242), up 62 s, BMC via lan 127.0.0.1:9623\n"
              "BMC answers; model 1.5 s old after 12 polls (1 failed); 45 sensors, 40 SEL entries\n"
              "BMC busy (C0h): 7 readings served from earlier polls, the oldest 29.5 s old\n"
              "http://127.0.0.1:5985/wsman: 17 requests, 2 authentication failures, 1 connections open\n");
    const auto j = agent::render_status(agent_answer, true);
    ASSERT_TRUE(j);
    EXPECT_TRUE(j->text.starts_with("{\n  \"bmc_busy\": true,"));
}

// status_answer_fuzz's seeds: each of these threw json's type_error out of `status`.
TEST(StatusAnswer, FieldsOfAnotherTypeReadAsUnknown) {
    const auto v = agent::render_status(
        R"({"pid":"4242","version":7,"polls":1e300,"bmc_reachable":"yes","listeners":["x",{"url":1,"requests":-1}]})",
        false);
    ASSERT_TRUE(v);
    EXPECT_FALSE(v->bmc_reachable);
    EXPECT_EQ(v->text,
              "agent ? (pid 0), up 0 s, BMC via ?\n"
              "BMC does NOT answer (No Contact); model 0.0 s old after 0 polls (0 failed); 0 sensors, 0 SEL entries\n"
              "?: -1 requests, 0 authentication failures, 0 connections open\n");
}

TEST(StatusAnswer, NotAnObjectIsAnError) {
    EXPECT_FALSE(agent::render_status("[1,2]", false));
    EXPECT_FALSE(agent::render_status("", true));
    EXPECT_FALSE(agent::render_status("{\"pid\":", false));
}

} // namespace
