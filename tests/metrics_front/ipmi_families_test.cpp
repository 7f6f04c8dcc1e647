// ipmi_exporter's families from hand-made snapshots: family by unit, states, NaN, event-only
// and duplicate sensors, stale and unreachable models.
#include "metrics_front/ipmi_families.hpp"

#include <cmath>
#include <gtest/gtest.h>

namespace {

using metrics::Family;

ipmi::sdr::Sensor sensor(std::uint16_t record_id, std::string name, std::uint8_t type, std::uint8_t unit,
                         bool threshold = true) {
    ipmi::sdr::Sensor s;
    s.header.record_id = record_id;
    s.name = std::move(name);
    s.sensor_type = type;
    s.event_reading_type = threshold ? ipmi::sdr::event_reading_type_threshold : 0x6F;
    s.units.base = unit;
    return s;
}

ipmi::SensorSample sample(std::optional<double> value, std::optional<ipmi::sdr::Health> health) {
    ipmi::SensorSample s;
    s.value = value;
    s.health = health;
    return s;
}

std::shared_ptr<cim::Snapshot> server() {
    auto s = std::make_shared<cim::Snapshot>();
    using H = ipmi::sdr::Health;
    s->sensors = {sensor(1, "CPU Temp", 0x01, 1),        sensor(2, "FAN1", 0x04, 18),
                  sensor(3, "12V", 0x02, 4),             sensor(4, "PSU Current", 0x03, 5),
                  sensor(5, "PSU Power", 0x0B, 6),       sensor(6, "Airflow", 0x0B, 0x0B),
                  sensor(7, "PSU Status", 0x08, 0, false), sensor(8, "Fan Duty", 0x04, 0),
                  sensor(1, "CPU Temp", 0x01, 1),        sensor(9, "Event Only", 0x10, 0, false)};
    s->sensors[7].units.percentage = true;
    s->sensors[9].event_only = true;
    s->samples = {sample(48, H::ok),        sample(0, H::critical),      sample(12.06, H::warning),
                  sample(10.4, H::ok),      sample(312, H::nonrecoverable), sample(std::nullopt, H::ok),
                  sample(std::nullopt, H::critical), sample(40, H::ok), sample(99, H::ok), std::nullopt};
    ipmi::cmd::GetDeviceId::Response id;
    id.firmware_major = 2;
    id.firmware_minor = 0x10;
    id.manufacturer_id = 674;
    s->bmc = id;
    ipmi::cmd::GetChassisStatus::Response chassis;
    chassis.current_power_state = 0x01;
    s->chassis = chassis;
    ipmi::cmd::GetSelInfo::Response sel;
    sel.entries = 12;
    sel.free_space = 15808;
    s->sel_info = sel;
    return s;
}

const Family* find(const std::vector<Family>& fs, std::string_view name) {
    for (const auto& f : fs) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
}

double value(const std::vector<Family>& fs, std::string_view name, std::string_view id) {
    const Family* f = find(fs, name);
    if (f == nullptr) {
        ADD_FAILURE() << "no family " << name;
        return -1;
    }
    for (const auto& s : f->samples) {
        if (!s.labels.empty() && s.labels[0].second == id) {
            return s.value;
        }
    }
    ADD_FAILURE() << "no sample id=" << id << " in " << name;
    return -1;
}

TEST(IpmiFamilies, FamilyChosenByUnitWithStates) {
    const auto fs = metrics::ipmi_families({server(), 1, true}, {}, 30);
    EXPECT_EQ(value(fs, "ipmi_temperature_celsius", "1"), 48);
    EXPECT_EQ(value(fs, "ipmi_temperature_state", "1"), 0);
    EXPECT_EQ(value(fs, "ipmi_fan_speed_rpm", "2"), 0);
    EXPECT_EQ(value(fs, "ipmi_fan_speed_state", "2"), 2);
    EXPECT_DOUBLE_EQ(value(fs, "ipmi_fan_speed_ratio", "8"), 0.4);
    EXPECT_EQ(value(fs, "ipmi_fan_speed_state", "8"), 0);
    EXPECT_DOUBLE_EQ(value(fs, "ipmi_voltage_volts", "3"), 12.06);
    EXPECT_EQ(value(fs, "ipmi_voltage_state", "3"), 1);
    EXPECT_DOUBLE_EQ(value(fs, "ipmi_current_amperes", "4"), 10.4);
    EXPECT_EQ(value(fs, "ipmi_power_watts", "5"), 312);
    EXPECT_EQ(value(fs, "ipmi_power_state", "5"), 2); // non-recoverable is Critical in 1.6.1
    EXPECT_TRUE(std::isnan(value(fs, "ipmi_sensor_value", "6")));
    EXPECT_EQ(value(fs, "ipmi_sensor_state", "6"), 0);
    EXPECT_TRUE(std::isnan(value(fs, "ipmi_sensor_value", "7"))); // discrete: no value
    EXPECT_EQ(value(fs, "ipmi_sensor_state", "7"), 2);
    const auto* generic = find(fs, "ipmi_sensor_value");
    ASSERT_NE(generic, nullptr);
    ASSERT_EQ(generic->samples.size(), 2U); // event-only sensor 9 absent
    EXPECT_EQ(generic->samples[1].labels,
              (metrics::Labels{{"id", "7"}, {"name", "PSU Status"}, {"type", "Power Supply"}}));
    // The second "CPU Temp" with record 1 is dropped: no duplicate series, the first kept.
    EXPECT_EQ(find(fs, "ipmi_temperature_celsius")->samples.size(), 1U);
}

TEST(IpmiFamilies, BmcChassisSelAndUp) {
    const auto fs = metrics::ipmi_families({server(), 1, true}, {}, 30);
    const auto* info = find(fs, "ipmi_bmc_info");
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->samples.at(0).labels, (metrics::Labels{{"firmware_revision", "2.10"},
                                                            {"manufacturer_id", "Dell Inc. (674)"},
                                                            {"system_firmware_version", "N/A"}}));
    EXPECT_EQ(find(fs, "ipmi_chassis_power_state")->samples.at(0).value, 1);
    EXPECT_EQ(find(fs, "ipmi_sel_logs_count")->samples.at(0).value, 12);
    EXPECT_EQ(find(fs, "ipmi_sel_free_space_bytes")->samples.at(0).value, 15808);
    const auto* up = find(fs, "ipmi_up");
    ASSERT_NE(up, nullptr);
    ASSERT_EQ(up->samples.size(), 4U);
    for (const auto& s : up->samples) {
        EXPECT_EQ(s.value, 1) << s.labels[0].second;
    }
}

TEST(IpmiFamilies, StaleOrUnreachableModelIsNeverFresh) {
    for (const metrics::ModelView& view : {metrics::ModelView{server(), 31, true}, metrics::ModelView{server(), 1, false},
                                          metrics::ModelView{nullptr, 0, true}}) {
        const auto fs = metrics::ipmi_families(view, {}, 30);
        ASSERT_EQ(fs.size(), 1U); // ipmi_up alone
        EXPECT_EQ(fs[0].name, "ipmi_up");
        for (const auto& s : fs[0].samples) {
            EXPECT_EQ(s.value, 0);
        }
    }
}

TEST(IpmiFamilies, OnlyEnabledCollectors) {
    metrics::Collectors only_sel{false, false, false, true};
    const auto fs = metrics::ipmi_families({server(), 1, true}, only_sel, 30);
    EXPECT_EQ(find(fs, "ipmi_temperature_celsius"), nullptr);
    EXPECT_EQ(find(fs, "ipmi_bmc_info"), nullptr);
    ASSERT_NE(find(fs, "ipmi_sel_logs_count"), nullptr);
    EXPECT_EQ(find(fs, "ipmi_up")->samples.size(), 1U);
}

} // namespace
