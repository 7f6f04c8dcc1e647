// Byte fixtures for every typed command: encodings, decodings, and short or
// long response data rejected with a distinct error.
#include "ipmi/commands/app.hpp"
#include "ipmi/commands/chassis.hpp"
#include "ipmi/commands/sensor.hpp"
#include "ipmi/commands/storage.hpp"
#include "ipmi/errc.hpp"

#include <gtest/gtest.h>

namespace {

using Bytes = std::vector<std::uint8_t>;
using ipmi::Errc;
namespace cmd = ipmi::cmd;

template <typename C> void expect_length_checked(const Bytes& good) {
    ASSERT_TRUE(C::decode(good)) << "fixture must decode";
    if (!good.empty()) {
        const Bytes shorter(good.begin(), good.end() - 1);
        const auto r = C::decode(shorter);
        // Some responses have optional trailing bytes; the shortened fixture
        // must then still decode, else fail as too short.
        if (!r) {
            EXPECT_EQ(r.error(), make_error_code(Errc::response_data_too_short));
        }
    }
    Bytes longer = good;
    longer.resize(good.size() + 9, 0xee);
    const auto r = C::decode(longer);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), make_error_code(Errc::response_data_too_long));
}

// IPMI 2.0 Table 20-2; the bytes are QEMU ipmi-bmc-sim's style of answer.
TEST(GetDeviceId, EveryField) {
    const Bytes data{0x20, 0x81, 0x81, 0x25, 0x02, 0xbf, 0xa2, 0x02, 0x00, 0x34, 0x12, 1, 2, 3, 4};
    auto r = cmd::GetDeviceId::decode(data);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->device_id, 0x20);
    EXPECT_TRUE(r->provides_sdrs);
    EXPECT_EQ(r->device_revision, 1);
    EXPECT_TRUE(r->update_in_progress);
    EXPECT_EQ(r->firmware_major, 1);
    EXPECT_EQ(r->firmware_minor, 0x25);
    EXPECT_EQ(r->ipmi_major, 2);
    EXPECT_EQ(r->ipmi_minor, 0);
    EXPECT_EQ(r->additional_device_support, 0xbf);
    EXPECT_EQ(r->manufacturer_id, 0x0002a2U);
    EXPECT_EQ(r->product_id, 0x1234);
    ASSERT_TRUE(r->aux_firmware_revision);
    EXPECT_EQ((*r->aux_firmware_revision)[3], 4);
    EXPECT_TRUE(cmd::GetDeviceId{}.encode().empty());
}

TEST(GetDeviceId, AuxRevisionIsOptionalButNotPartial) {
    const Bytes eleven{0x20, 0x01, 0x01, 0x00, 0x51, 0x00, 0x57, 0x01, 0x00, 0x00, 0x00};
    auto r = cmd::GetDeviceId::decode(eleven);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->aux_firmware_revision);
    EXPECT_EQ(r->ipmi_major, 1);
    EXPECT_EQ(r->ipmi_minor, 5);
    EXPECT_EQ(r->manufacturer_id, 0x157U); // 20 bits only
    Bytes thirteen = eleven;
    thirteen.resize(13);
    EXPECT_EQ(cmd::GetDeviceId::decode(thirteen).error(),
              make_error_code(Errc::response_data_too_long));
    EXPECT_EQ(cmd::GetDeviceId::decode(Bytes{0x20, 0x01}).error(),
              make_error_code(Errc::response_data_too_short));
}

TEST(SelfTestAndGuid, Decode) {
    auto st = cmd::GetSelfTestResults::decode(Bytes{0x55, 0x00});
    ASSERT_TRUE(st);
    EXPECT_TRUE(st->passed());
    expect_length_checked<cmd::GetSelfTestResults>({0x57, 0x04});
    Bytes guid(16);
    for (std::size_t i = 0; i < guid.size(); ++i) {
        guid[i] = static_cast<std::uint8_t>(i * 3);
    }
    auto g = cmd::GetSystemGuid::decode(guid);
    ASSERT_TRUE(g);
    EXPECT_EQ(g->guid[15], 45);
    expect_length_checked<cmd::GetSystemGuid>(guid);
}

// IPMI 2.0 Table 28-3.
TEST(GetChassisStatus, EveryBit) {
    auto r = cmd::GetChassisStatus::decode(Bytes{0x5f, 0x10, 0x6f, 0x0f});
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->power_on());
    EXPECT_TRUE(r->power_overload());
    EXPECT_TRUE(r->interlock());
    EXPECT_TRUE(r->power_fault());
    EXPECT_TRUE(r->power_control_fault());
    EXPECT_EQ(r->restore_policy(), cmd::GetChassisStatus::RestorePolicy::always_on);
    EXPECT_TRUE(r->intrusion());
    EXPECT_TRUE(r->front_panel_lockout());
    EXPECT_TRUE(r->drive_fault());
    EXPECT_TRUE(r->cooling_fault());
    EXPECT_TRUE(r->identify_state_supported());
    EXPECT_EQ(r->identify_state(), cmd::GetChassisStatus::IdentifyState::indefinite_on);
    EXPECT_EQ(r->front_panel_buttons, 0x0f);
    auto off = cmd::GetChassisStatus::decode(Bytes{0x00, 0x00, 0x00});
    ASSERT_TRUE(off);
    EXPECT_FALSE(off->power_on());
    EXPECT_FALSE(off->front_panel_buttons);
    EXPECT_EQ(off->restore_policy(), cmd::GetChassisStatus::RestorePolicy::stay_off);
    expect_length_checked<cmd::GetChassisStatus>({0x01, 0x00, 0x00, 0x00});
}

TEST(ChassisControlAndIdentify, Encode) {
    EXPECT_EQ(cmd::ChassisControl{cmd::ChassisControl::Action::power_cycle}.encode(), Bytes{0x02});
    EXPECT_EQ(cmd::ChassisControl{cmd::ChassisControl::Action::soft_shutdown}.encode(),
              Bytes{0x05});
    EXPECT_TRUE(cmd::ChassisControl::decode(Bytes{}));
    EXPECT_EQ(cmd::ChassisControl::decode(Bytes{0x00}).error(),
              make_error_code(Errc::response_data_too_long));
    EXPECT_EQ(cmd::ChassisIdentify{}.encode(), Bytes{});
    EXPECT_EQ((cmd::ChassisIdentify{std::uint8_t{0}, false}.encode()), Bytes{0x00});
    EXPECT_EQ((cmd::ChassisIdentify{std::uint8_t{30}, true}.encode()), (Bytes{30, 0x01}));
}

// IPMI 2.0 Table 28-14, parameter 5.
TEST(BootOptions, BootFlagsRoundTrip) {
    const auto flags = cmd::BootFlags::override_to(cmd::BootFlags::Device::pxe, false, true);
    EXPECT_EQ(flags.bytes, (std::array<std::uint8_t, 5>{0xa0, 0x04, 0, 0, 0}));
    const auto set = cmd::SetSystemBootOptions::boot_flags(flags);
    EXPECT_EQ(set.encode(), (Bytes{0x05, 0xa0, 0x04, 0, 0, 0}));
    EXPECT_EQ(cmd::GetSystemBootOptions{}.encode(), (Bytes{0x05, 0x00, 0x00}));

    auto got = cmd::GetSystemBootOptions::decode(Bytes{0x01, 0x05, 0xc0, 0x14, 0, 0, 0});
    ASSERT_TRUE(got);
    EXPECT_EQ(got->parameter_version, 1);
    EXPECT_FALSE(got->parameter_invalid);
    EXPECT_EQ(got->parameter, 5);
    auto parsed = cmd::GetSystemBootOptions::boot_flags(*got);
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->valid());
    EXPECT_TRUE(parsed->persistent());
    EXPECT_FALSE(parsed->efi());
    EXPECT_EQ(parsed->device(), cmd::BootFlags::Device::cd_dvd);

    auto locked = cmd::GetSystemBootOptions::decode(Bytes{0x01, 0x85, 0, 0, 0, 0});
    ASSERT_TRUE(locked);
    EXPECT_TRUE(locked->parameter_invalid);
    EXPECT_EQ(cmd::GetSystemBootOptions::boot_flags(*locked).error(),
              make_error_code(Errc::response_data_too_short));
    EXPECT_EQ(cmd::GetSystemBootOptions::decode(Bytes{0x01}).error(),
              make_error_code(Errc::response_data_too_short));
    cmd::SetSystemBootOptions invalidate;
    invalidate.mark_invalid = true;
    EXPECT_EQ(invalidate.encode(), Bytes{0x85});
}

TEST(SensorCommands, Reading) {
    auto r = cmd::GetSensorReading::decode(Bytes{0x7f, 0xc0, 0x12, 0x80});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->raw, 0x7f);
    EXPECT_TRUE(r->event_messages_enabled);
    EXPECT_TRUE(r->scanning_enabled);
    EXPECT_FALSE(r->unavailable);
    EXPECT_TRUE(r->has_states);
    EXPECT_EQ(r->states, 0x0012); // byte 5 bit 7 is reserved
    auto unavailable = cmd::GetSensorReading::decode(Bytes{0x00, 0x20});
    ASSERT_TRUE(unavailable);
    EXPECT_TRUE(unavailable->unavailable);
    EXPECT_FALSE(unavailable->scanning_enabled);
    EXPECT_FALSE(unavailable->has_states);
    EXPECT_EQ(cmd::GetSensorReading::decode(Bytes{0x00}).error(),
              make_error_code(Errc::response_data_too_short));
    EXPECT_EQ(cmd::GetSensorReading::decode(Bytes{1, 2, 3, 4, 5}).error(),
              make_error_code(Errc::response_data_too_long));
    EXPECT_EQ(cmd::GetSensorReading{0x31}.encode(), Bytes{0x31});
}

TEST(SensorCommands, ThresholdsHysteresisFactors) {
    auto t = cmd::GetSensorThresholds::decode(Bytes{0xff, 1, 2, 3, 4, 5, 6});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->readable_mask, 0x3f); // bits 7:6 reserved
    EXPECT_TRUE(t->readable(cmd::Threshold::upper_non_recoverable));
    EXPECT_EQ(t->raw[static_cast<std::size_t>(cmd::Threshold::upper_critical)], 5);
    expect_length_checked<cmd::GetSensorThresholds>({0x09, 1, 2, 3, 4, 5, 6});
    auto partial = cmd::GetSensorThresholds::decode(Bytes{0x09, 1, 2, 3, 4, 5, 6});
    EXPECT_TRUE(partial->readable(cmd::Threshold::lower_non_critical));
    EXPECT_FALSE(partial->readable(cmd::Threshold::lower_critical));

    cmd::SetSensorThresholds set;
    set.sensor_number = 0x10;
    set.set_mask = 0xc9;
    set.raw = {10, 0, 0, 90, 0, 0};
    EXPECT_EQ(set.encode(), (Bytes{0x10, 0x09, 10, 0, 0, 90, 0, 0}));

    EXPECT_EQ(cmd::GetSensorHysteresis{0x10}.encode(), (Bytes{0x10, 0xff}));
    auto h = cmd::GetSensorHysteresis::decode(Bytes{2, 3});
    ASSERT_TRUE(h);
    EXPECT_EQ(h->positive, 2);
    EXPECT_EQ(h->negative, 3);
    expect_length_checked<cmd::GetSensorHysteresis>({2, 3});

    EXPECT_EQ((cmd::GetSensorReadingFactors{0x10, 0x80}.encode()), (Bytes{0x10, 0x80}));
    auto f = cmd::GetSensorReadingFactors::decode(Bytes{0x81, 1, 2, 3, 4, 5, 6});
    ASSERT_TRUE(f);
    EXPECT_EQ(f->next_reading, 0x81);
    EXPECT_EQ(f->factors[5], 6);
    expect_length_checked<cmd::GetSensorReadingFactors>({0x81, 1, 2, 3, 4, 5, 6});
}

// IPMI 2.0 Tables 33-3 and 33-6.
TEST(SdrCommands, RepositoryInfoReserveGetSdr) {
    const Bytes info{0x51, 0x2d, 0x00, 0xff, 0xff, 0x78, 0x56,
                     0x34, 0x12, 0x01, 0x00, 0x00, 0x00, 0x82};
    auto r = cmd::GetSdrRepositoryInfo::decode(info);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->sdr_version, 0x51);
    EXPECT_EQ(r->record_count, 45);
    EXPECT_EQ(r->free_space, 0xffff);
    EXPECT_EQ(r->most_recent_addition, 0x12345678U);
    EXPECT_EQ(r->most_recent_erase, 1U);
    EXPECT_TRUE(r->overflow());
    EXPECT_TRUE(r->reserve_supported());
    expect_length_checked<cmd::GetSdrRepositoryInfo>(info);

    auto res = cmd::ReserveSdrRepository::decode(Bytes{0x34, 0x12});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->reservation_id, 0x1234);
    expect_length_checked<cmd::ReserveSdrRepository>({0x34, 0x12});

    EXPECT_EQ((cmd::GetSdr{0x1234, 0x0042, 5, 16}.encode()),
              (Bytes{0x34, 0x12, 0x42, 0x00, 5, 16}));
    EXPECT_EQ(cmd::GetSdr{}.encode(), (Bytes{0, 0, 0, 0, 0, 0xff}));
    auto sdr = cmd::GetSdr::decode(Bytes{0xff, 0xff, 0x01, 0x00, 0x51, 0x01});
    ASSERT_TRUE(sdr);
    EXPECT_EQ(sdr->next_record_id, cmd::GetSdr::last_record);
    EXPECT_EQ(sdr->data, (Bytes{0x01, 0x00, 0x51, 0x01}));
    EXPECT_EQ(cmd::GetSdr::decode(Bytes{0xff}).error(),
              make_error_code(Errc::response_data_too_short));
}

// IPMI 2.0 Tables 34-2 and 34-3.
TEST(FruCommands, AreaInfoAndRead) {
    auto info = cmd::GetFruInventoryAreaInfo::decode(Bytes{0x00, 0x04, 0x01});
    ASSERT_TRUE(info);
    EXPECT_EQ(info->area_size, 1024);
    EXPECT_TRUE(info->word_access);
    expect_length_checked<cmd::GetFruInventoryAreaInfo>({0x00, 0x04, 0x00});

    EXPECT_EQ((cmd::ReadFruData{0, 0x0108, 32}.encode()), (Bytes{0x00, 0x08, 0x01, 32}));
    auto read = cmd::ReadFruData::decode(Bytes{3, 0xaa, 0xbb, 0xcc});
    ASSERT_TRUE(read);
    EXPECT_EQ(read->data, (Bytes{0xaa, 0xbb, 0xcc}));
    // The count is the truth: fewer bytes than it says is an error, bytes after them padding.
    EXPECT_EQ(cmd::ReadFruData::decode(Bytes{4, 0xaa, 0xbb, 0xcc}).error(),
              make_error_code(Errc::response_data_too_short));
    auto padded = cmd::ReadFruData::decode(Bytes{2, 0xaa, 0xbb, 0xcc});
    ASSERT_TRUE(padded);
    EXPECT_EQ(padded->data, (Bytes{0xaa, 0xbb}));
    EXPECT_EQ(cmd::ReadFruData::decode(Bytes{}).error(),
              make_error_code(Errc::response_data_too_short));
}

} // namespace
