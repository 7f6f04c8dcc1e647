// Unit tests of KCS port specification parsing and printing.
#include "kcs_driver/errc.hpp"
#include "kcs_driver/port_spec.hpp"

#include <gtest/gtest.h>

namespace {

using kcs::PortSpec;

TEST(PortSpec, ParsesIoMemoryAndBareForms) {
    EXPECT_EQ(kcs::parse_port_spec("io:0xCA2"), (PortSpec{PortSpec::Space::io, 0xca2, 1}));
    EXPECT_EQ(kcs::parse_port_spec("io:0xca2,4"), (PortSpec{PortSpec::Space::io, 0xca2, 4}));
    EXPECT_EQ(kcs::parse_port_spec("mem:0xfe000000,16"),
              (PortSpec{PortSpec::Space::memory, 0xfe000000, 16}));
    EXPECT_EQ(kcs::parse_port_spec("0xca2"), (PortSpec{PortSpec::Space::io, 0xca2, 1}));
    EXPECT_EQ(kcs::parse_port_spec("ca8"), (PortSpec{PortSpec::Space::io, 0xca8, 1}));
    EXPECT_EQ(kcs::parse_port_spec("IO:0Xca2, 1"), (PortSpec{PortSpec::Space::io, 0xca2, 1}));
}

TEST(PortSpec, RejectsBadSpecs) {
    for (const char* text :
         {"", "io:", "io:0x", "io:zz", "io:0xca2,2", "io:0xca2,", "io:0xca2,x", "usb:0xca2",
          "io:0x10000", "io:0xffff,4", "0", "io:0xca2,4,4", "mem:0xfe000000,0", "io:-1"}) {
        auto spec = kcs::parse_port_spec(text);
        ASSERT_FALSE(spec) << text;
        EXPECT_EQ(spec.error(), kcs::Errc::bad_port_spec) << text;
    }
}

TEST(PortSpec, PrintsWhatItParses) {
    for (const PortSpec spec :
         {PortSpec{PortSpec::Space::io, 0xca2, 1}, PortSpec{PortSpec::Space::io, 0xca8, 4},
          PortSpec{PortSpec::Space::memory, 0xfe000000, 16}}) {
        EXPECT_EQ(kcs::parse_port_spec(kcs::to_string(spec)), spec) << kcs::to_string(spec);
    }
    EXPECT_EQ(kcs::to_string(PortSpec{}), "io:0xca2");
    EXPECT_EQ(kcs::to_string(PortSpec{PortSpec::Space::memory, 0xfe000000, 16}),
              "mem:0xfe000000,16");
}

} // namespace
