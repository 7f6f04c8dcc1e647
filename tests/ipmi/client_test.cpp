// The Client: typed calls, completion codes as errors, retries on C0h/C3h with
// a growing backoff, and transport errors passed through.
#include "ipmi/client.hpp"
#include "ipmi/commands/app.hpp"
#include "ipmi/errc.hpp"

#include <deque>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

// A scripted transport: answers from a queue and records what it was sent.
class ScriptedTransport final : public ipmi::Transport {
public:
    std::deque<std::expected<ipmi::Response, std::error_code>> answers;
    std::vector<ipmi::Request> sent;

    std::expected<ipmi::Response, std::error_code> execute(const ipmi::Request& request) override {
        sent.push_back(request);
        auto answer = answers.front();
        answers.pop_front();
        return answer;
    }
    std::string_view name() const noexcept override { return "scripted"; }

    void answer(ipmi::CompletionCode cc, std::vector<std::uint8_t> data = {}) {
        answers.emplace_back(ipmi::Response{0x07, 0, 0x04, cc, std::move(data)});
    }
};

struct ClientTest : ::testing::Test {
    ScriptedTransport transport;
    std::vector<std::chrono::milliseconds> sleeps;
    ipmi::Client client{transport, ipmi::ClientOptions{3, 5ms, 12ms},
                        [this](std::chrono::milliseconds d) { sleeps.push_back(d); }};
};

TEST_F(ClientTest, TypedCallEncodesAndDecodes) {
    transport.answer(ipmi::CompletionCode::ok, {0x55, 0x00});
    auto r = client.call(ipmi::cmd::GetSelfTestResults{});
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->passed());
    ASSERT_EQ(transport.sent.size(), 1U);
    EXPECT_EQ(transport.sent[0].netfn, ipmi::netfn::app);
    EXPECT_EQ(transport.sent[0].cmd, 0x04);
    EXPECT_EQ(client.stats().transactions, 1U);
    EXPECT_EQ(client.stats().retries, 0U);
}

TEST_F(ClientTest, CompletionCodeBecomesANamedError) {
    transport.answer(ipmi::CompletionCode::invalid_command);
    auto r = client.call(ipmi::cmd::GetSelfTestResults{});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), ipmi::CompletionCode::invalid_command);
    EXPECT_EQ(r.error().message(), "invalid command");
    EXPECT_TRUE(sleeps.empty()); // C1h is not retried
}

TEST_F(ClientTest, BusyAndTimeoutAreRetriedWithDoublingCappedBackoff) {
    transport.answer(ipmi::CompletionCode::node_busy);
    transport.answer(ipmi::CompletionCode::timeout);
    transport.answer(ipmi::CompletionCode::node_busy);
    transport.answer(ipmi::CompletionCode::ok, {0x55, 0x00});
    auto r = client.call(ipmi::cmd::GetSelfTestResults{});
    ASSERT_TRUE(r);
    EXPECT_EQ(sleeps, (std::vector<std::chrono::milliseconds>{5ms, 10ms, 12ms}));
    EXPECT_EQ(client.stats().transactions, 4U);
    EXPECT_EQ(client.stats().retries, 3U);
}

TEST_F(ClientTest, RetriesAreBoundedAndTheLastCodeIsReported) {
    for (int i = 0; i < 4; ++i) {
        transport.answer(ipmi::CompletionCode::node_busy);
    }
    auto r = client.call(ipmi::cmd::GetSelfTestResults{});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), ipmi::CompletionCode::node_busy);
    EXPECT_EQ(transport.sent.size(), 4U); // first try + 3 retries
    EXPECT_TRUE(transport.answers.empty());
}

TEST_F(ClientTest, TransportErrorsPassThroughWithoutRetry) {
    transport.answers.emplace_back(std::unexpected(make_error_code(std::errc::timed_out)));
    auto r = client.call(ipmi::cmd::GetSelfTestResults{});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), std::errc::timed_out);
    EXPECT_EQ(transport.sent.size(), 1U);
}

TEST_F(ClientTest, MalformedResponseDataIsAnError) {
    transport.answer(ipmi::CompletionCode::ok, {0x55});
    auto r = client.call(ipmi::cmd::GetSelfTestResults{});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), ipmi::Errc::response_data_too_short);
}

} // namespace
