// The /dev/ipmi0 transport with a scripted device: message-ID matching, stale
// replies and events dropped, truncation, the deadline. The real device is
// exercised in the QEMU end-to-end suite.
#include "ipmi/errc.hpp"
#include "openipmi_driver/errc.hpp"
#include "openipmi_driver/openipmi_transport.hpp"

#include <deque>
#include <gtest/gtest.h>
#include <linux/ipmi.h>
#include <thread>

namespace {

using namespace std::chrono_literals;

class ScriptedDevice final : public openipmi::Device {
public:
    std::deque<openipmi::Received> inbox;
    std::vector<long> sent_ids;
    bool reply_to_each_send = false; // queue a good reply with the request's msgid

    std::error_code send(long msgid, const ipmi::Request& request) override {
        sent_ids.push_back(msgid);
        if (reply_to_each_send) {
            inbox.push_back({IPMI_RESPONSE_RECV_TYPE,
                             msgid,
                             static_cast<std::uint8_t>(request.netfn | 1U),
                             request.cmd,
                             false,
                             {0x00, 0x55, 0x00}});
        }
        return {};
    }
    std::expected<bool, std::error_code> wait(std::chrono::milliseconds timeout) override {
        if (inbox.empty()) {
            std::this_thread::sleep_for(std::min(timeout, 5ms));
            return false;
        }
        return true;
    }
    std::expected<openipmi::Received, std::error_code> receive() override {
        auto m = inbox.front();
        inbox.pop_front();
        return m;
    }
};

const ipmi::Request self_test{ipmi::netfn::app, 0, 0x04, {}};

TEST(OpenIpmiTransport, MatchesItsMessageIdAndDropsStaleRepliesAndEvents) {
    auto device = std::make_unique<ScriptedDevice>();
    auto* dev = device.get();
    // A late reply to an earlier request (id 99) and an async event come first.
    dev->inbox.push_back({IPMI_RESPONSE_RECV_TYPE, 99, 0x07, 0x04, false, {0x00, 0x57, 0x01}});
    dev->inbox.push_back({IPMI_ASYNC_EVENT_RECV_TYPE, 1, 0x05, 0x02, false, {0x00}});
    dev->inbox.push_back({IPMI_RESPONSE_RECV_TYPE, 1, 0x07, 0x04, false, {0x00, 0x55, 0x00}});
    openipmi::OpenIpmiTransport transport(std::move(device), 500ms);
    auto r = transport.execute(self_test);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->cc, ipmi::CompletionCode::ok);
    EXPECT_EQ(r->data, (std::vector<std::uint8_t>{0x55, 0x00}));
    EXPECT_EQ(transport.stats().stale_dropped, 2U);
}

TEST(OpenIpmiTransport, EachRequestGetsAFreshMessageId) {
    auto device = std::make_unique<ScriptedDevice>();
    auto* dev = device.get();
    dev->reply_to_each_send = true;
    openipmi::OpenIpmiTransport transport(std::move(device), 500ms);
    ASSERT_TRUE(transport.execute(self_test));
    ASSERT_TRUE(transport.execute(self_test));
    ASSERT_EQ(dev->sent_ids.size(), 2U);
    EXPECT_NE(dev->sent_ids[0], dev->sent_ids[1]);
}

TEST(OpenIpmiTransport, NoReplyTimesOutAtTheDeadline) {
    openipmi::OpenIpmiTransport transport(std::make_unique<ScriptedDevice>(), 60ms);
    const auto start = std::chrono::steady_clock::now();
    auto r = transport.execute(self_test);
    const auto took = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), openipmi::Errc::timeout);
    EXPECT_GE(took, 60ms);
    EXPECT_LT(took, 1s);
}

TEST(OpenIpmiTransport, TruncatedEmptyAndMismatchedRepliesAreErrors) {
    auto check = [](openipmi::Received m, std::error_code expected) {
        auto device = std::make_unique<ScriptedDevice>();
        m.msgid = 1;
        device->inbox.push_back(m);
        openipmi::OpenIpmiTransport transport(std::move(device), 200ms);
        auto r = transport.execute(self_test);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), expected);
    };
    check({IPMI_RESPONSE_RECV_TYPE, 0, 0x07, 0x04, true, {0x00, 1, 2}},
          openipmi::Errc::response_truncated);
    check({IPMI_RESPONSE_RECV_TYPE, 0, 0x07, 0x04, false, {}}, openipmi::Errc::empty_response);
    check({IPMI_RESPONSE_RECV_TYPE, 0, 0x07, 0x05, false, {0x00}}, ipmi::Errc::response_mismatch);
}

TEST(OpenIpmiDevice, AMissingNodeIsNamed) {
    auto d = openipmi::open_device("/dev/ipmi-bmcwsman-absent");
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), openipmi::Errc::no_device);
    EXPECT_NE(d.error().message().find("ipmi_devintf"), std::string::npos);
}

} // namespace
