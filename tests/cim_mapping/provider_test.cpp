// The Provider over the simulated BMC: reads with keys, roles, methods and Put reaching the
// BMC (power really changes, the SEL really is cleared, thresholds really are set and
// restored, the LED really lights), refusals that change nothing, association traversal.
#include "cim_mapping/errc.hpp"
#include "cim_mapping/model_provider.hpp"
#include "tests/sim/sim_bmc.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace {

using namespace cim;

constexpr const char* system_name = "3e7dc25b-8f11-6c4a-9d02-47e561b830a9";

struct ProviderOnSim : ::testing::Test {
    test::SimBmc sim;
    std::unique_ptr<DirectBmc> access;
    std::unique_ptr<ModelProvider> provider;
    const Caller reader{"ann", Role::reader};
    const Caller operator_{"olav", Role::operator_role};

    void SetUp() override {
        Snapshot initial;
        initial.system = {"CIM_ComputerSystem", system_name};
        initial.sensors = sim.sensors();
        access = std::make_unique<DirectBmc>(*sim.client, std::move(initial));
        provider = std::make_unique<ModelProvider>(*access);
    }
    sim::BmcModel::State& state() { return sim.state(); }
    sim::SimSensor& sim_sensor(std::uint8_t number) {
        for (auto& s : state().sensors) {
            if (s.number == number) {
                return s;
            }
        }
        throw std::out_of_range("no such sensor");
    }
    static Selectors sensor_keys(const char* cls, const char* device) {
        return {{"SystemCreationClassName", "CIM_ComputerSystem"},
                {"SystemName", system_name},
                {"CreationClassName", cls},
                {"DeviceID", device}};
    }
    static Selectors host_keys() {
        return {{"CreationClassName", "CIM_ComputerSystem"}, {"Name", system_name}};
    }
    static Selectors service_keys() {
        return {{"SystemCreationClassName", "CIM_ComputerSystem"},
                {"SystemName", system_name},
                {"CreationClassName", "CIM_PowerManagementService"},
                {"Name", "Power Management Service"}};
    }
    static Selectors led_keys() { return sensor_keys("CIM_IndicatorLED", "Identify"); }
    static std::string text(const Instance& i, std::string_view name) {
        const Value* v = i.find(name);
        return v == nullptr || v->is_null() ? "<null>" : lexical(v->scalar());
    }
};

TEST_F(ProviderOnSim, EnumerateIsPolymorphicAndRefusesUnknownClasses) {
    auto sensors = provider->enumerate(reader, "CIM_Sensor");
    ASSERT_TRUE(sensors);
    EXPECT_EQ(sensors->size(), 45U); // 13 discrete + 32 numeric
    auto numeric = provider->enumerate(reader, "cim_numericsensor");
    ASSERT_TRUE(numeric);
    EXPECT_EQ(numeric->size(), 32U);
    EXPECT_EQ(provider->enumerate(reader, "CIM_Nothing").error(), Errc::unknown_class);
}

TEST_F(ProviderOnSim, GetByKeys) {
    auto cpu = provider->get(reader, "CIM_NumericSensor", sensor_keys("CIM_NumericSensor", "1.0.32"));
    ASSERT_TRUE(cpu) << cpu.error().message();
    EXPECT_EQ(text(*cpu, "ElementName"), "CPU1 Temp");
    // Key names and values are case-insensitive (as WinRM compares them); the subclass
    // through its parent.
    auto log = provider->get(reader, "CIM_RecordLog", {{"instanceid", "ipmi:sel"}});
    ASSERT_TRUE(log);
    EXPECT_EQ(text(*log, "InstanceID"), "IPMI:SEL");
    Selectors lower{{"systemcreationclassname", "cim_computersystem"},
                    {"SYSTEMNAME", system_name},
                    {"creationclassname", "cim_numericsensor"},
                    {"deviceid", "1.0.32"}};
    EXPECT_TRUE(provider->get(reader, "CIM_Sensor", lower));
    auto missing = sensor_keys("CIM_NumericSensor", "1.0.32");
    missing.pop_back();
    EXPECT_EQ(provider->get(reader, "CIM_NumericSensor", missing).error(), Errc::bad_keys);
    auto extra = sensor_keys("CIM_NumericSensor", "1.0.32");
    extra.emplace_back("ElementName", "CPU1 Temp");
    EXPECT_EQ(provider->get(reader, "CIM_NumericSensor", extra).error(), Errc::unexpected_selectors);
    // A datetime key given something that is no datetime: the wrong type, not just no match.
    const Selectors bad_time{{"LogCreationClassName", "CIM_RecordLog"}, {"LogName", "IPMI SEL"},
                             {"CreationClassName", "CIM_LogRecord"}, {"RecordID", "1"},
                             {"MessageTimestamp", "yesterday"}};
    EXPECT_EQ(provider->get(reader, "CIM_LogRecord", bad_time).error(), Errc::selector_type_mismatch);
    EXPECT_EQ(provider->get(reader, "CIM_NumericSensor", sensor_keys("CIM_NumericSensor", "200.0.32"))
                  .error(),
              Errc::not_found);
    EXPECT_EQ(provider->get(reader, "CIM_RecordLog", {{"InstanceID", "IPMI:SEL"}})->class_name,
              "CIM_RecordLog");
}

TEST_F(ProviderOnSim, GetSharedHandsOutTheCachedInstanceItself) {
    const auto keys = sensor_keys("CIM_NumericSensor", "1.0.32");
    auto a = provider->get_shared(reader, "CIM_NumericSensor", keys);
    auto b = provider->get_shared(reader, "cim_numericsensor", keys);
    ASSERT_TRUE(a) << a.error().message();
    ASSERT_TRUE(b);
    EXPECT_EQ(a->get(), b->get()); // one cached instance, no copy per request
    auto copy = provider->get(reader, "CIM_NumericSensor", keys);
    ASSERT_TRUE(copy);
    EXPECT_EQ(text(**a, "ElementName"), text(*copy, "ElementName"));
    EXPECT_EQ((*a)->properties.size(), copy->properties.size());
    EXPECT_EQ(provider->get_shared(reader, "CIM_NumericSensor", sensor_keys("CIM_NumericSensor", "200.0.32"))
                  .error(),
              Errc::not_found);
}

TEST_F(ProviderOnSim, EnumerateSharedHandsOutTheCachedInstances) {
    auto a = provider->enumerate_shared(reader, "CIM_Sensor");
    auto b = provider->enumerate_shared(reader, "cim_sensor");
    auto copies = provider->enumerate(reader, "CIM_Sensor");
    ASSERT_TRUE(a) << a.error().message();
    ASSERT_TRUE(b);
    ASSERT_TRUE(copies);
    ASSERT_EQ(a->size(), 45U);
    ASSERT_EQ(b->size(), a->size());
    ASSERT_EQ(copies->size(), a->size());
    for (std::size_t k = 0; k < a->size(); ++k) {
        EXPECT_EQ((*a)[k].get(), (*b)[k].get()) << k; // the same cached object, not a copy
        EXPECT_EQ(text(*(*a)[k], "DeviceID"), text((*copies)[k], "DeviceID")) << k;
        EXPECT_EQ((*a)[k]->class_name, (*copies)[k].class_name) << k;
    }
    // The same instance as Get hands out.
    auto one = provider->get_shared(reader, "CIM_NumericSensor", sensor_keys("CIM_NumericSensor", "1.0.32"));
    ASSERT_TRUE(one);
    EXPECT_NE(std::find_if(a->begin(), a->end(), [&](const auto& i) { return i.get() == one->get(); }), a->end());
    EXPECT_EQ(provider->enumerate_shared(reader, "CIM_Nothing").error(), Errc::unknown_class);
}

TEST_F(ProviderOnSim, PowerStateChangeReachesTheBmc) {
    auto denied = provider->invoke(reader, "CIM_PowerManagementService", service_keys(),
                                   "RequestPowerStateChange", {{"PowerState", Value::uint16(8)}});
    EXPECT_EQ(denied.error(), Errc::access_denied);
    EXPECT_TRUE(state().power_on);
    EXPECT_TRUE(state().chassis_actions.empty());

    auto bad = provider->invoke(operator_, "CIM_PowerManagementService", service_keys(),
                                "RequestPowerStateChange", {{"PowerState", Value::uint16(99)}});
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->return_value, 5U);
    EXPECT_TRUE(state().chassis_actions.empty());

    auto off = provider->invoke(operator_, "CIM_PowerManagementService", service_keys(),
                                "RequestPowerStateChange", {{"PowerState", Value::uint16(8)}});
    ASSERT_TRUE(off) << off.error().message();
    EXPECT_EQ(off->return_value, 0U);
    EXPECT_FALSE(state().power_on);
    EXPECT_EQ(state().chassis_actions, (std::vector<std::uint8_t>{0x00}));
    auto apms = provider->enumerate(reader, "CIM_AssociatedPowerManagementService");
    EXPECT_EQ(text(apms->front(), "PowerState"), "8");

    auto on = provider->invoke(operator_, "CIM_ComputerSystem", host_keys(), "RequestStateChange",
                               {{"RequestedState", Value::uint16(2)}});
    ASSERT_TRUE(on);
    EXPECT_EQ(on->return_value, 0U);
    EXPECT_TRUE(state().power_on);
    EXPECT_EQ(text(*provider->get(reader, "CIM_ComputerSystem", host_keys()), "EnabledState"), "2");

    auto bmc_self = provider->invoke(operator_, "CIM_ComputerSystem",
                                     {{"CreationClassName", "CIM_ComputerSystem"},
                                      {"Name", "IPMI Controller 32"}},
                                     "RequestStateChange", {{"RequestedState", Value::uint16(3)}});
    ASSERT_TRUE(bmc_self);
    EXPECT_EQ(bmc_self->return_value, 1U);
    EXPECT_EQ(provider->invoke(operator_, "CIM_ComputerSystem", host_keys(), "Explode", {}).error(),
              Errc::method_not_supported);
    EXPECT_EQ(provider
                  ->invoke(operator_, "CIM_ComputerSystem", host_keys(), "RequestStateChange",
                           {{"Bogus", Value::uint16(2)}})
                  .error(),
              Errc::invalid_parameter);
    EXPECT_EQ(state().chassis_actions.size(), 2U); // nothing else reached the BMC
}

TEST_F(ProviderOnSim, ClearLogEmptiesTheSel) {
    const Selectors log{{"InstanceID", "IPMI:SEL"}};
    EXPECT_EQ(provider->invoke(reader, "CIM_RecordLog", log, "ClearLog", {}).error(), Errc::access_denied);
    EXPECT_EQ(state().sel.size(), 12U);
    auto r = provider->invoke(operator_, "CIM_RecordLog", log, "ClearLog", {});
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->return_value, 0U);
    EXPECT_TRUE(state().sel.empty());
    EXPECT_EQ(text(*provider->get(reader, "CIM_RecordLog", log), "CurrentNumberOfRecords"), "0");
}

TEST_F(ProviderOnSim, PutAndRestoreThresholds) {
    const auto keys = sensor_keys("CIM_NumericSensor", "1.0.32"); // CPU1 Temp: UNC settable
    EXPECT_EQ(provider->put(reader, "CIM_NumericSensor", keys, {{"UpperThresholdNonCritical", Value::sint32(80)}})
                  .error(),
              Errc::access_denied);
    EXPECT_EQ(sim_sensor(0x01).thresholds[3], 85);
    auto after = provider->put(operator_, "CIM_NumericSensor", keys,
                               {{"UpperThresholdNonCritical", Value::sint32(80)}});
    ASSERT_TRUE(after) << after.error().message();
    EXPECT_EQ(sim_sensor(0x01).thresholds[3], 80); // raw = degrees for this sensor
    EXPECT_EQ(text(*after, "UpperThresholdNonCritical"), "80");
    EXPECT_EQ(provider->put(operator_, "CIM_NumericSensor", keys,
                            {{"UpperThresholdCritical", Value::sint32(70)}})
                  .error(),
              Errc::not_writable);
    EXPECT_EQ(sim_sensor(0x01).thresholds[4], 90);
    // Sending back an unchanged read-only value is fine.
    EXPECT_TRUE(provider->put(operator_, "CIM_NumericSensor", keys,
                              {{"UpperThresholdCritical", Value::sint32(90)}}));

    auto restore = provider->invoke(operator_, "CIM_NumericSensor", keys, "RestoreDefaultThresholds", {});
    ASSERT_TRUE(restore);
    EXPECT_EQ(restore->return_value, 0U);
    EXPECT_EQ(sim_sensor(0x01).thresholds[3], 85);
    EXPECT_EQ(text(*provider->get(reader, "CIM_NumericSensor", keys), "UpperThresholdNonCritical"), "85");
}

TEST_F(ProviderOnSim, ScaledThresholdOfAVoltage) {
    const auto keys = sensor_keys("CIM_NumericSensor", "16.0.32"); // 12V: 0.06 V steps, modifier -2
    auto after = provider->put(operator_, "CIM_NumericSensor", keys,
                               {{"UpperThresholdNonCritical", Value::sint32(1290)}});
    ASSERT_TRUE(after) << after.error().message();
    EXPECT_EQ(text(*after, "UpperThresholdNonCritical"), "1290"); // 12.90 V = 215 counts exactly
    EXPECT_EQ(sim_sensor(0x10).thresholds[3], 215);
    auto out_of_range = provider->put(operator_, "CIM_NumericSensor", keys,
                                      {{"UpperThresholdNonCritical", Value::sint32(99900)}});
    EXPECT_EQ(out_of_range.error(), Errc::invalid_parameter);
    EXPECT_EQ(sim_sensor(0x10).thresholds[3], 215);
}

TEST_F(ProviderOnSim, IdentifyLed) {
    auto lit = provider->put(operator_, "CIM_IndicatorLED", led_keys(), {{"ActivationState", Value::uint16(2)}});
    ASSERT_TRUE(lit) << lit.error().message();
    EXPECT_EQ(state().identify, 2);
    EXPECT_EQ(text(*lit, "ActivationState"), "2");
    auto off = provider->put(operator_, "CIM_IndicatorLED", led_keys(), {{"ActivationState", Value::uint16(4)}});
    ASSERT_TRUE(off);
    EXPECT_EQ(state().identify, 0);
    EXPECT_EQ(provider->put(operator_, "CIM_IndicatorLED", led_keys(), {{"ActivationState", Value::uint16(7)}})
                  .error(),
              Errc::invalid_parameter);
}

TEST_F(ProviderOnSim, Associations) {
    AssociationQuery q;
    q.object = Reference{"CIM_ComputerSystem", "root/hardware",
                         {{"CreationClassName", "CIM_ComputerSystem"}, {"Name", system_name}}};
    q.association_class = "CIM_SystemDevice";
    q.result_class = "CIM_NumericSensor";
    auto numeric = provider->associated(reader, q);
    ASSERT_TRUE(numeric) << numeric.error().message();
    EXPECT_EQ(numeric->size(), 32U);
    q.result_class = "CIM_Sensor"; // polymorphic
    EXPECT_EQ(provider->associated(reader, q)->size(), 45U);
    q.association_class.clear();
    q.result_class = "CIM_RecordLog";
    auto logs = provider->associated(reader, q);
    ASSERT_EQ(logs->size(), 1U);
    EXPECT_EQ(text(logs->front(), "InstanceID"), "IPMI:SEL");
    q.references = true;
    auto links = provider->associated(reader, q);
    ASSERT_EQ(links->size(), 1U);
    EXPECT_EQ(links->front().class_name, "CIM_UseOfLog");
    q.association_class = "CIM_NoSuchAssociation";
    EXPECT_EQ(provider->associated(reader, q).error(), Errc::unknown_class);
}

} // namespace

namespace {

TEST_F(ProviderOnSim, RawIpmiIsOffByDefaultAndAdminOnly) {
    EXPECT_EQ(provider->enumerate(reader, "Microsoft_IPMI").error(), Errc::unknown_class);
    ModelProvider raw(*access, ModelProvider::Options{true});
    const Selectors keys{{"InstanceName", "bmcwsman:ipmi:0"}};
    const std::vector<Property> get_device_id{{"NetworkFunction", Value::uint8(0x06)},
                                              {"Command", Value::uint8(0x01)},
                                              {"Lun", Value::uint8(0)},
                                              {"RequestData", Value::array(Type::uint8, {})},
                                              {"ResponderAddress", Value::uint8(0x20)}};
    EXPECT_EQ(raw.invoke(operator_, "Microsoft_IPMI", keys, "RequestResponse", get_device_id).error(),
              Errc::access_denied);
    const Caller admin{"root", Role::admin};
    auto r = raw.invoke(admin, "Microsoft_IPMI", keys, "RequestResponse", get_device_id);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->return_value, 0U);
    ASSERT_EQ(r->out.size(), 3U);
    EXPECT_EQ(lexical(r->out[0].value.scalar()), "0"); // completion code
    ASSERT_FALSE(r->out[1].value.items().empty());
    EXPECT_EQ(lexical(r->out[1].value.items()[0]), "32"); // device ID 20h, as the profile says
    EXPECT_EQ(lexical(r->out[2].value.scalar()), std::to_string(r->out[1].value.items().size()));

    auto odd = get_device_id;
    odd[0].value = Value::uint8(0x07); // a response network function
    EXPECT_EQ(raw.invoke(admin, "Microsoft_IPMI", keys, "RequestResponse", odd)->return_value, 5U);
    auto bridged = get_device_id;
    bridged[4].value = Value::uint8(0x2c); // another controller: no bridging
    EXPECT_EQ(raw.invoke(admin, "Microsoft_IPMI", keys, "RequestResponse", bridged)->return_value, 5U);
    auto chassis_off = std::vector<Property>{{"NetworkFunction", Value::uint8(0x00)},
                                             {"Command", Value::uint8(0x02)},
                                             {"RequestData", Value::array(Type::uint8, {std::uint8_t{0}})}};
    ASSERT_TRUE(raw.invoke(admin, "Microsoft_IPMI", keys, "RequestResponse", chassis_off));
    EXPECT_FALSE(state().power_on); // it really reached the BMC
}

TEST_F(ProviderOnSim, PowerSuppliesAndFansLeadToTheirSensors) {
    // DSP1015/DSP1013: one device per power-supply (0Ah) and fan (1Dh) entity; its sensors
    // through CIM_AssociatedSensor, the devices themselves through the system.
    auto devices = provider->enumerate(reader, "CIM_LogicalDevice");
    ASSERT_TRUE(devices);
    EXPECT_EQ(std::ranges::count_if(*devices, [](const Instance& i) { return i.class_name == "CIM_PowerSupply"; }), 2);
    EXPECT_EQ(std::ranges::count_if(*devices, [](const Instance& i) { return i.class_name == "CIM_Fan"; }), 6);
    AssociationQuery q;
    q.object = Reference{"CIM_Fan", "root/hardware", {}};
    for (const auto& [k, v] : sensor_keys("CIM_Fan", "29.6")) {
        q.object.keys.emplace_back(k, v);
    }
    q.association_class = "CIM_AssociatedSensor";
    auto fan_sensors = provider->associated(reader, q);
    ASSERT_TRUE(fan_sensors) << fan_sensors.error().message();
    ASSERT_EQ(fan_sensors->size(), 1U);
    EXPECT_EQ(text(fan_sensors->front(), "ElementName"), "FAN6");
    EXPECT_EQ(text(fan_sensors->front(), "BaseUnits"), "19"); // RPM
    // The fan's health is its tachometer's.
    auto fan = provider->get(reader, "CIM_Fan", sensor_keys("CIM_Fan", "29.6"));
    ASSERT_TRUE(fan);
    EXPECT_EQ(text(*fan, "HealthState"), text(fan_sensors->front(), "HealthState"));

    q.object = Reference{"CIM_PowerSupply", "root/hardware", {}};
    for (const auto& [k, v] : sensor_keys("CIM_PowerSupply", "10.2")) {
        q.object.keys.emplace_back(k, v);
    }
    auto psu_sensors = provider->associated(reader, q);
    ASSERT_TRUE(psu_sensors);
    std::vector<std::string> names;
    for (const auto& i : *psu_sensors) {
        names.push_back(text(i, "ElementName"));
    }
    std::ranges::sort(names);
    EXPECT_EQ(names, (std::vector<std::string>{"PSU2 Current", "PSU2 Input Power", "PSU2 Status"}));
    // And back: from the system to its power supplies.
    q.object = Reference{"CIM_ComputerSystem", "root/hardware",
                         {{"CreationClassName", "CIM_ComputerSystem"}, {"Name", system_name}}};
    q.association_class = "CIM_SystemDevice";
    q.result_class = "CIM_PowerSupply";
    auto supplies = provider->associated(reader, q);
    ASSERT_TRUE(supplies);
    EXPECT_EQ(supplies->size(), 2U);
}

} // namespace
