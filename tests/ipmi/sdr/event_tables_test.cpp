// Sensor type and event offset names (Tables 42-2, 42-3) as FreeIPMI words them.
#include "ipmi/sdr/event_tables.hpp"

#include <gtest/gtest.h>

namespace {

using namespace ipmi::sdr;

TEST(SensorTypeName, Table42_3) {
    EXPECT_EQ(sensor_type_name(0x00), "Reserved");
    EXPECT_EQ(sensor_type_name(0x01), "Temperature");
    EXPECT_EQ(sensor_type_name(0x04), "Fan");
    EXPECT_EQ(sensor_type_name(0x08), "Power Supply");
    EXPECT_EQ(sensor_type_name(0x2c), "FRU State");
    EXPECT_EQ(sensor_type_name(0x2d), "");
    EXPECT_EQ(sensor_type_name(0xbf), "");
    EXPECT_EQ(sensor_type_name(0xc0), "OEM Reserved");
    EXPECT_EQ(sensor_type_name(0xff), "OEM Reserved");
}

TEST(GenericOffsetName, Table42_2) {
    EXPECT_EQ(generic_offset_name(0x01, 0x00), "Lower Non-critical - going low");
    EXPECT_EQ(generic_offset_name(0x01, 0x09), "Upper Critical - going high");
    EXPECT_EQ(generic_offset_name(0x01, 0x0c), "");
    EXPECT_EQ(generic_offset_name(0x03, 0x01), "State Asserted");
    EXPECT_EQ(generic_offset_name(0x08, 0x01), "Device Inserted/Device Present");
    EXPECT_EQ(generic_offset_name(0x0b, 0x01), "Redundancy Lost");
    EXPECT_EQ(generic_offset_name(0x0c, 0x03), "D3 Power State");
    EXPECT_EQ(generic_offset_name(0x00, 0x00), "");
    EXPECT_EQ(generic_offset_name(0x0d, 0x00), "");
    EXPECT_EQ(generic_offset_name(0x6f, 0x00), "");
}

TEST(SensorSpecificOffsetName, Table42_3) {
    EXPECT_EQ(sensor_specific_offset_name(0x08, 0x03), "Power Supply input lost (AC/DC)");
    EXPECT_EQ(sensor_specific_offset_name(0x05, 0x00), "General Chassis Intrusion");
    EXPECT_EQ(sensor_specific_offset_name(0x07, 0x00), "IERR");
    EXPECT_EQ(sensor_specific_offset_name(0x0c, 0x01),
              "Uncorrectable ECC/other uncorrectable memory error");
    EXPECT_EQ(sensor_specific_offset_name(0x10, 0x02), "Log Area Reset/Cleared");
    EXPECT_EQ(sensor_specific_offset_name(0x2c, 0x07), "FRU Communication Lost");
    EXPECT_EQ(sensor_specific_offset_name(0x08, 0x08), "");
    EXPECT_EQ(sensor_specific_offset_name(0x01, 0x00), ""); // temperature: no specific offsets
    EXPECT_EQ(sensor_specific_offset_name(0xc0, 0x00), "");
}

} // namespace
