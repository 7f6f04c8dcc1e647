// One check for the component tests of every simulated interface: a Get Device ID answer.
#pragma once

#include "ipmi/message.hpp"
#include "sim/bmc_model.hpp"

#include <expected>
#include <gtest/gtest.h>
#include <system_error>

namespace test {

// The response answers App (07h) 01h with completion code 0 and the 15 data bytes of IPMI
// 2.0 Table 20-2, starting with the model's device ID.
inline void expect_device_id(const std::expected<ipmi::Response, std::error_code>& rsp,
                             sim::BmcModel& model) {
    ASSERT_TRUE(rsp) << rsp.error().message();
    EXPECT_EQ(rsp->netfn, 0x07);
    EXPECT_EQ(rsp->cmd, 0x01);
    EXPECT_TRUE(rsp->ok());
    ASSERT_EQ(rsp->data.size(), 15U);
    EXPECT_EQ(rsp->data[0], model.state().device_id);
}

} // namespace test
