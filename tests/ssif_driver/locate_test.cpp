// Unit tests of --ssif parsing and of the sysfs walk that places the SSIF BMC.
#include "ssif_driver/errc.hpp"
#include "ssif_driver/locate.hpp"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>

namespace {
namespace fs = std::filesystem;

TEST(SsifSpec, DeviceAndAddress) {
    auto s = ssif::parse_spec("/dev/i2c-0,0x10");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->device, "/dev/i2c-0");
    EXPECT_EQ(s->address, 0x10);
    s = ssif::parse_spec("/dev/i2c-3");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->address, std::nullopt);
    EXPECT_EQ(ssif::parse_spec("/dev/i2c-1,42")->address, 0x42);
}

TEST(SsifSpec, Rejected) {
    for (const char* bad : {"", "i2c-0", "/dev/", "/dev/i2c-0,", "/dev/i2c-0,0x80", "/dev/i2c-0,0x1",
                            "/dev/i2c-0,zz", "/dev/i2c-0,0x10x"}) {
        auto s = ssif::parse_spec(bad);
        ASSERT_FALSE(s) << bad;
        EXPECT_EQ(s.error(), ssif::Errc::bad_spec);
    }
}

// A fake /sys/bus/i2c/devices built as the kernel lays it out: links into a device tree.
class SysfsI2c : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("ssif_locate_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "bus");
    }
    void TearDown() override { fs::remove_all(root_); }

    void adapter(unsigned n, const std::string& name) {
        const auto dir = root_ / "devices/pci" / ("i2c-" + std::to_string(n));
        fs::create_directories(dir);
        std::ofstream(dir / "name") << name << "\n";
        fs::create_directory_symlink(dir, bus() / ("i2c-" + std::to_string(n)));
    }
    void client(unsigned n, const std::string& name, const char* driver = nullptr) {
        const auto dir = root_ / "devices/pci" / ("i2c-" + std::to_string(n)) / name;
        fs::create_directories(dir);
        if (driver != nullptr) {
            fs::create_directories(root_ / "drivers" / driver);
            fs::create_directory_symlink(root_ / "drivers" / driver, dir / "driver");
        }
        fs::create_directory_symlink(dir, bus() / name);
    }
    fs::path bus() const { return root_ / "bus"; }

    fs::path root_;
};

TEST_F(SysfsI2c, AcpiClientNamesTheAdapterAndItsDriver) {
    adapter(0, "SMBus I801 adapter at 0700");
    adapter(1, "i915 gmbus dpb");
    client(0, "i2c-IPI0001:00", "ipmi_ssif");
    auto p = ssif::find_placement(bus(), 0x10);
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_EQ(p->device, "/dev/i2c-0");
    EXPECT_EQ(p->adapter_name, "SMBus I801 adapter at 0700");
    EXPECT_EQ(p->driver, "ipmi_ssif");
    EXPECT_NE(p->how.find("IPI0001"), std::string::npos);
}

TEST_F(SysfsI2c, SmbiosClientAtTheAddress) {
    adapter(0, "i915 gmbus");
    adapter(2, "SMBus PIIX4 adapter at 0700");
    client(2, "2-0010");
    auto p = ssif::find_placement(bus(), 0x10);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->device, "/dev/i2c-2");
    EXPECT_EQ(p->driver, std::nullopt);
    EXPECT_FALSE(ssif::find_placement(bus(), 0x11)->how.starts_with("client"));
}

TEST_F(SysfsI2c, AdapterByNameWhenNoClient) {
    adapter(0, "i915 gmbus dpc");
    adapter(3, "SMBus PIIX4 adapter at 0700");
    auto p = ssif::find_placement(bus(), 0x10);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->device, "/dev/i2c-3");
    EXPECT_EQ(p->how, "adapter name");
}

TEST_F(SysfsI2c, NoSmbusAdapter) {
    adapter(0, "i915 gmbus dpc");
    auto p = ssif::find_placement(bus(), 0x10);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error(), ssif::Errc::no_adapter);
    EXPECT_EQ(ssif::find_placement(root_ / "missing", 0x10).error(), ssif::Errc::no_adapter);
}

} // namespace
