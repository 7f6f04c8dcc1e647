// --lan-workarounds: FreeIPMI's names (ipmi-sensors(8) -W), numbers, both mixed, mistakes named.
#include "agent/lan_workarounds.hpp"

#include <freeipmi/api/ipmi-api.h>
#include <gtest/gtest.h>

namespace {

using agent::parse_lan_workarounds;

TEST(LanWorkarounds, FreeIpmiNamesAreLibfreeipmiFlags) {
    EXPECT_EQ(parse_lan_workarounds("opensesspriv"), IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_OPEN_SESSION_PRIVILEGE);
    EXPECT_EQ(parse_lan_workarounds("opensesspriv"), 16U); // what ipmi_sim needs
    EXPECT_EQ(parse_lan_workarounds("authcap"), IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_AUTHENTICATION_CAPABILITIES);
    EXPECT_EQ(parse_lan_workarounds("intel20,supermicro20,sun20"),
              IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_INTEL_2_0_SESSION |
                  IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_SUPERMICRO_2_0_SESSION |
                  IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_SUN_2_0_SESSION);
    EXPECT_EQ(parse_lan_workarounds("integritycheckvalue, nochecksumcheck"),
              IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_NON_EMPTY_INTEGRITY_CHECK_VALUE |
                  IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_NO_CHECKSUM_CHECK);
}

TEST(LanWorkarounds, NumbersAreStillAcceptedAndMixWithNames) {
    EXPECT_EQ(parse_lan_workarounds("16"), 16U);
    EXPECT_EQ(parse_lan_workarounds("0x12"), 0x12U);
    EXPECT_EQ(parse_lan_workarounds("0"), 0U);
    EXPECT_EQ(parse_lan_workarounds("opensesspriv,2"), 0x12U);
    EXPECT_EQ(parse_lan_workarounds(""), 0U);
}

TEST(LanWorkarounds, AWordThatIsNoWorkaroundIsNamed) {
    for (const char* bad : {"opensespriv", "opensesspriv,bogus", "-1", "0x", "16x", "99999999999"}) {
        auto r = parse_lan_workarounds(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_NE(r.error().find("unknown LAN workaround"), std::string::npos) << r.error();
        EXPECT_NE(r.error().find("opensesspriv"), std::string::npos) << "the names are listed";
    }
}

} // namespace
