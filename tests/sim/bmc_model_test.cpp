// Tests of the simulated BMC's command model on raw bytes.
#include "sim/bmc_model.hpp"

#include <gtest/gtest.h>

namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(BmcModel, AnswersRawRequestsWithNetFnPlusOneAndTheLun) {
    sim::BmcModel bmc;
    const Bytes self_test{0x06 << 2 | 1, 0x04};
    EXPECT_EQ(bmc.handle(self_test), (Bytes{0x07 << 2 | 1, 0x04, 0x00, 0x55, 0x00}));
}

TEST(BmcModel, UnknownAndMalformedRequests) {
    sim::BmcModel bmc;
    EXPECT_EQ(bmc.handle(Bytes{0x18, 0x55}), (Bytes{0x1c, 0x55, 0xc1}));
    EXPECT_EQ(bmc.handle(Bytes{0x30, 0x01}), (Bytes{0x34, 0x01, 0xc1}));
    EXPECT_EQ(bmc.handle(Bytes{0x18, 0x01, 0x00}), (Bytes{0x1c, 0x01, 0xc7}));
    EXPECT_EQ(bmc.handle(Bytes{0x18}), (Bytes{0x1c, 0x00, 0xc7}));
    EXPECT_EQ(bmc.handle(Bytes{}), (Bytes{0x04, 0x00, 0xc7}));
}

TEST(BmcModel, DeviceIdFollowsTheState) {
    sim::BmcModel bmc;
    bmc.state().manufacturer_id = 0x001234;
    bmc.state().product_id = 0xbeef;
    const auto rsp = bmc.handle(Bytes{0x18, 0x01});
    ASSERT_EQ(rsp.size(), 18U);
    EXPECT_EQ((Bytes{rsp[9], rsp[10], rsp[11], rsp[12], rsp[13]}),
              (Bytes{0x34, 0x12, 0x00, 0xef, 0xbe}));
}

} // namespace
