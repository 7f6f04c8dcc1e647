// Sensors as CIM instances. Consistency against the ipmi layer over the whole simulated
// profile (every CIM reading and threshold, scaled by UnitModifier, equals the converted
// value within the resolution), the keys, states, health and "No Contact".
#include "cim_mapping/sensor_mapping.hpp"
#include "cim_mapping/units.hpp"
#include "ipmi/sdr/conversion.hpp"
#include "tests/sim/sim_bmc.hpp"
#include "tests/ipmi/sdr/fixtures.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <map>

namespace {

using namespace cim;
using ipmi::sdr::Sensor;

std::int64_t integer(const Instance& i, std::string_view name) {
    const Value* v = i.find(name);
    EXPECT_NE(v, nullptr) << name;
    if (v == nullptr || v->is_null()) {
        ADD_FAILURE() << name << " is null";
        return 0;
    }
    return std::stoll(lexical(v->scalar()));
}

std::string text(const Instance& i, std::string_view name) {
    const Value* v = i.find(name);
    return v == nullptr || v->is_null() ? "<null>" : lexical(v->scalar());
}

std::vector<std::string> texts(const Instance& i, std::string_view name) {
    std::vector<std::string> out;
    if (const Value* v = i.find(name)) {
        for (const auto& s : v->items()) {
            out.push_back(lexical(s));
        }
    }
    return out;
}

Sensor full_fixture() {
    auto r = ipmi::sdr::parse_sdr(sdr_fixtures::full_record());
    return ipmi::sdr::sensor_of(std::get<ipmi::sdr::FullSensorRecord>(*r));
}

TEST(ReadingExponent, TheDecimalGridOfLinearSensors) {
    auto s = full_fixture();
    auto& f = s.full->factors;
    f = {};
    f.m = 1;
    EXPECT_EQ(reading_exponent(s), 0); // whole units
    f.m = 6;
    f.r_exp = -2;
    EXPECT_EQ(reading_exponent(s), -2); // 0.06 V steps
    f.m = 50;
    f.r_exp = -2;
    EXPECT_EQ(reading_exponent(s), -1); // 0.5 steps
    f.m = 5;
    f.r_exp = 1;
    EXPECT_EQ(reading_exponent(s), 0); // 50 RPM steps: never above 0
    f.m = 10;
    f.r_exp = -1;
    f.b = 5;
    f.b_exp = -1;
    EXPECT_EQ(reading_exponent(s), -2); // B * 10^Bexp = 0.5, * 10^-1 = 0.05
    f.m = 0;
    f.b = 0;
    EXPECT_EQ(reading_exponent(s), 0);
    s.full->linearization = 0x02; // log10: not on a grid
    EXPECT_EQ(reading_exponent(s), -2);
}

TEST(Scaled, RoundsAndClamps) {
    EXPECT_EQ(scaled(12.06, -2), 1206);
    EXPECT_EQ(scaled(-5.0, 0), -5);
    EXPECT_EQ(scaled(0.125, -2), 13);
    EXPECT_EQ(scaled(1e12, 0), std::numeric_limits<std::int32_t>::max());
    EXPECT_EQ(scaled(-1e12, 0), std::numeric_limits<std::int32_t>::min());
}

TEST(DeviceId, NumberLunOwnerInDecimal) {
    auto s = full_fixture(); // sensor 31h, LUN 2, owner 20h
    EXPECT_EQ(device_id(s), "49.2.32");
}

struct SimulatedServer : ::testing::Test {
    test::SimBmc sim;
    ipmi::Client* client = sim.client.get();
    std::map<std::string, Sensor> sensors;
    SystemIdentity system{"CIM_ComputerSystem", "4c4c4544-0042-3510-8053-b4c04f564432"};

    void SetUp() override {
        for (auto& s : sim.sensors()) {
            sensors.emplace(s.name, s);
        }
    }
    Instance map(const std::string& name) {
        const auto& s = sensors.at(name);
        auto sample = ipmi::read_sensor(*client, s);
        EXPECT_TRUE(sample) << name;
        return sensor_instance(s, sample ? std::optional(*sample) : std::nullopt, system);
    }
};

TEST_F(SimulatedServer, EveryNumericReadingAndThresholdAgreesWithTheIpmiLayer) {
    unsigned readings = 0;
    unsigned limits = 0;
    for (const auto& [name, s] : sensors) {
        if (!s.readable() || !is_numeric(s)) {
            continue;
        }
        SCOPED_TRACE(name);
        auto sample = ipmi::read_sensor(*client, s);
        ASSERT_TRUE(sample);
        const auto i = sensor_instance(s, *sample, system);
        EXPECT_EQ(i.class_name, "CIM_NumericSensor");
        const double scale =
            std::pow(10.0, static_cast<double>(integer(i, "UnitModifier") - cim_unit(s.units).exponent));
        auto resolution = ipmi::sdr::resolution(ipmi::sdr::Conversion::from_record(*s.full));
        const double tolerance = (resolution ? *resolution : 0.01) / 2 + 1e-9;
        if (sample->value) {
            EXPECT_NEAR(static_cast<double>(integer(i, "CurrentReading")) * scale, *sample->value,
                        tolerance);
            ++readings;
        }
        const char* names[] = {"LowerThresholdNonCritical", "LowerThresholdCritical",
                               "LowerThresholdFatal",       "UpperThresholdNonCritical",
                               "UpperThresholdCritical",    "UpperThresholdFatal"};
        for (unsigned t = 0; t < 6; ++t) { // IPMI threshold order
            auto v = ipmi::threshold_value(s, static_cast<ipmi::sdr::Threshold>(t));
            if (v) {
                EXPECT_NEAR(static_cast<double>(integer(i, names[t])) * scale, *v, tolerance) << names[t];
                ++limits;
            } else {
                EXPECT_EQ(text(i, names[t]), "<null>") << names[t];
            }
        }
    }
    EXPECT_GE(readings, 30U);
    EXPECT_GE(limits, 40U);
}

TEST_F(SimulatedServer, TemperatureSensorProperties) {
    const auto i = map("CPU1 Temp");
    EXPECT_EQ(text(i, "SystemCreationClassName"), "CIM_ComputerSystem");
    EXPECT_EQ(text(i, "SystemName"), system.name);
    EXPECT_EQ(text(i, "CreationClassName"), "CIM_NumericSensor");
    EXPECT_EQ(text(i, "DeviceID"), "1.0.32");
    EXPECT_EQ(text(i, "ElementName"), "CPU1 Temp");
    EXPECT_EQ(integer(i, "SensorType"), 2);   // Temperature
    EXPECT_EQ(integer(i, "BaseUnits"), 2);    // Degrees C
    EXPECT_EQ(integer(i, "UnitModifier"), 0); // M = 1: whole degrees
    EXPECT_EQ(integer(i, "RateUnits"), 0);
    EXPECT_NEAR(static_cast<double>(integer(i, "CurrentReading")), 48, 3);
    EXPECT_EQ(integer(i, "UpperThresholdNonCritical"), 85);
    EXPECT_EQ(integer(i, "UpperThresholdCritical"), 90);
    EXPECT_EQ(integer(i, "UpperThresholdFatal"), 95);
    EXPECT_EQ(text(i, "LowerThresholdCritical"), "<null>");
    EXPECT_EQ(texts(i, "SupportedThresholds"), (std::vector<std::string>{"1", "3", "5"}));
    EXPECT_EQ(texts(i, "EnabledThresholds"), (std::vector<std::string>{"1", "3", "5"}));
    EXPECT_EQ(texts(i, "SettableThresholds"), (std::vector<std::string>{"1"})); // UNC only
    EXPECT_EQ(text(i, "CurrentState"), "Normal");
    EXPECT_EQ(texts(i, "PossibleStates"),
              (std::vector<std::string>{"Unknown", "Normal", "Upper Non-Critical", "Upper Critical",
                                        "Upper Fatal"}));
    EXPECT_EQ(integer(i, "HealthState"), 5);
    EXPECT_EQ(texts(i, "OperationalStatus"), (std::vector<std::string>{"2"}));
    EXPECT_EQ(integer(i, "EnabledState"), 2);
    EXPECT_EQ(text(i, "IsLinear"), "true");
    EXPECT_EQ(integer(i, "Resolution"), 100); // one degree, in hundredths
}

TEST_F(SimulatedServer, DeadFanIsCriticalBelowLowerCritical) {
    const auto i = map("FAN6");
    EXPECT_EQ(integer(i, "SensorType"), 5); // Tachometer
    EXPECT_EQ(integer(i, "BaseUnits"), 19); // RPM
    EXPECT_EQ(integer(i, "CurrentReading"), 0);
    EXPECT_EQ(text(i, "CurrentState"), "Lower Critical");
    EXPECT_EQ(integer(i, "HealthState"), 25);
    EXPECT_EQ(texts(i, "OperationalStatus"), (std::vector<std::string>{"6"}));
}

TEST_F(SimulatedServer, VoltageKeepsItsResolution) {
    const auto i = map("CPU1 Vcore");
    EXPECT_EQ(integer(i, "BaseUnits"), 5); // Volts
    EXPECT_LT(integer(i, "UnitModifier"), 0);
    const double v = static_cast<double>(integer(i, "CurrentReading")) *
                     std::pow(10.0, static_cast<double>(integer(i, "UnitModifier")));
    EXPECT_NEAR(v, 1.8, 0.03);
}

TEST_F(SimulatedServer, DiscreteSensorStates) {
    const auto i = map("PSU2 Status");
    EXPECT_EQ(i.class_name, "CIM_Sensor");
    EXPECT_EQ(integer(i, "SensorType"), 1); // Other
    EXPECT_EQ(text(i, "OtherSensorTypeDescription"), "Power Supply");
    EXPECT_EQ(text(i, "CurrentState"), "Power Supply input lost (AC/DC)"); // the worse state
    const auto possible = texts(i, "PossibleStates");
    EXPECT_NE(std::find(possible.begin(), possible.end(), "Presence detected"), possible.end());
    EXPECT_NE(std::find(possible.begin(), possible.end(), "Power Supply input lost (AC/DC)"),
              possible.end());
    EXPECT_EQ(i.find("CurrentReading"), nullptr);
    EXPECT_EQ(integer(i, "HealthState"), 25);
    EXPECT_EQ(text(map("Drive 3"), "CurrentState"), "Normal"); // nothing asserted
    EXPECT_EQ(integer(map("Chassis Intru"), "SensorType"), 16); // Intrusion
}

TEST_F(SimulatedServer, NoContactWhenTheBmcDoesNotAnswer) {
    const auto i = sensor_instance(sensors.at("CPU1 Temp"), std::nullopt, system);
    EXPECT_EQ(texts(i, "OperationalStatus"), (std::vector<std::string>{"12"})); // No Contact
    EXPECT_EQ(integer(i, "HealthState"), 0);
    EXPECT_EQ(text(i, "CurrentReading"), "<null>");
    EXPECT_EQ(text(i, "CurrentState"), "Unknown");
    EXPECT_EQ(integer(i, "UpperThresholdCritical"), 90); // thresholds come from the SDR
}

} // namespace
