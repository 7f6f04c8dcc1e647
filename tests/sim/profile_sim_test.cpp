// The simulated BMC serving the built-in profile, driven through the real KCS
// driver and the ipmi layer: SDR walk (with a response cap and a reservation
// lost mid-walk), sensors and thresholds, SEL, FRU, chassis control.
#include "ipmi/client.hpp"
#include "ipmi/commands/app.hpp"
#include "ipmi/commands/chassis.hpp"
#include "ipmi/commands/sensor.hpp"
#include "ipmi/commands/storage.hpp"
#include "ipmi/errc.hpp"
#include "ipmi/fru_reader.hpp"
#include "ipmi/sdr/sensor.hpp"
#include "ipmi/sdr_reader.hpp"
#include "ipmi/sensor_reader.hpp"
#include "ipmi/sel_reader.hpp"
#include "kcs_driver/kcs_transport.hpp"
#include "sim/kcs_bmc.hpp"
#include "sim/profile.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace {

// Lets a test act as "another client" after a number of requests.
class Interposer final : public ipmi::Transport {
public:
    Interposer(ipmi::Transport& inner, std::function<void(unsigned)> before)
        : inner_(inner), before_(std::move(before)) {}
    std::expected<ipmi::Response, std::error_code> execute(const ipmi::Request& r) override {
        before_(count_++);
        return inner_.execute(r);
    }
    std::string_view name() const noexcept override { return "interposer"; }

private:
    ipmi::Transport& inner_;
    std::function<void(unsigned)> before_;
    unsigned count_ = 0;
};

struct ProfileSim : ::testing::Test {
    sim::KcsBmc* bmc = nullptr;
    std::unique_ptr<kcs::KcsTransport> transport;
    std::unique_ptr<ipmi::Client> client;

    void SetUp() override {
        auto owned = std::make_unique<sim::KcsBmc>();
        bmc = owned.get();
        bmc->model().load(sim::server45());
        transport = std::make_unique<kcs::KcsTransport>(std::move(owned));
        client = std::make_unique<ipmi::Client>(*transport);
    }
    sim::BmcModel::State& state() { return bmc->model().state(); }
};

TEST_F(ProfileSim, TheBuiltInProfileIsComplete) {
    const auto& p = sim::server45();
    EXPECT_EQ(p.name, "server45");
    EXPECT_EQ(p.sdr.size(), 45U);
    EXPECT_EQ(std::count_if(p.sensors.begin(), p.sensors.end(),
                            [](const sim::SimSensor& s) {
                                return s.kind != sim::SimSensor::Kind::event_only;
                            }),
              45);
    EXPECT_EQ(p.sel.size(), 12U);
    EXPECT_EQ(p.fru.size(), 2U);
    EXPECT_FALSE(sim::parse_profile("{not json"));
    EXPECT_FALSE(sim::parse_profile("{\"name\": 1}"));
}

TEST_F(ProfileSim, IdentityComesFromTheProfile) {
    auto id = client->call(ipmi::cmd::GetDeviceId{});
    ASSERT_TRUE(id) << id.error().message();
    EXPECT_EQ(id->product_id, 0x4410);
    EXPECT_EQ(id->manufacturer_id, 0x0002a2U);
}

TEST_F(ProfileSim, SdrWalkWholeRecordsOrCappedWithReservationLoss) {
    ipmi::SdrReadLimits limits;
    ipmi::SdrReader whole(*client, limits);
    auto records = whole.read_all(45);
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_EQ(*records, sim::server45().sdr);
    EXPECT_EQ(whole.stats().get_sdr, 45U);

    state().response_cap = 34; // like ipmi_sim
    Interposer other(*transport, [this](unsigned n) {
        if (n == 40) {
            bmc->model().reserve_sdr_elsewhere();
        }
    });
    ipmi::Client client2(other);
    ipmi::SdrReadLimits fresh;
    ipmi::SdrReader capped(client2, fresh);
    auto again = capped.read_all(45);
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(*again, sim::server45().sdr);
    EXPECT_EQ(fresh.max_read, 32);
    EXPECT_GE(capped.stats().cancelled, 1U);
}

TEST_F(ProfileSim, SensorReadingsThresholdsAndHysteresis) {
    auto cpu = client->call(ipmi::cmd::GetSensorReading{0x01});
    ASSERT_TRUE(cpu) << cpu.error().message();
    EXPECT_NEAR(cpu->raw, 48, 3); // the profile's value and its +-3 wave
    EXPECT_TRUE(cpu->scanning_enabled);
    auto fan6 = client->call(ipmi::cmd::GetSensorReading{0x46});
    ASSERT_TRUE(fan6);
    EXPECT_EQ(fan6->threshold_status() & 0x03, 0x03); // at or below LNC and LC
    auto cold = client->call(ipmi::cmd::GetSensorReading{0x0a});
    ASSERT_TRUE(cold);
    EXPECT_EQ(cold->threshold_status(), 0x00); // -5 C is inside -10 .. 40 (signed comparison)
    auto psu2 = client->call(ipmi::cmd::GetSensorReading{0x61});
    ASSERT_TRUE(psu2);
    EXPECT_EQ(psu2->states, 0x0009); // presence + input lost

    auto t = client->call(ipmi::cmd::GetSensorThresholds{0x01});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->readable_mask, 0x38);
    EXPECT_EQ(t->raw[4], 90);
    auto h = client->call(ipmi::cmd::GetSensorHysteresis{0x01});
    ASSERT_TRUE(h);
    EXPECT_EQ(h->positive, 2);

    ipmi::cmd::SetSensorThresholds set{0x01, 0x08, {0, 0, 0, 80, 0, 0}};
    ASSERT_TRUE(client->call(set));
    EXPECT_EQ(client->call(ipmi::cmd::GetSensorThresholds{0x01})->raw[3], 80);
    set.set_mask = 0x10; // upper critical is not settable
    EXPECT_EQ(client->call(set).error(), ipmi::CompletionCode::invalid_data_field);
    EXPECT_EQ(client->call(ipmi::cmd::GetSensorReading{0x70}).error(),
              ipmi::CompletionCode::not_present);
    EXPECT_EQ(client->call(ipmi::cmd::GetSensorThresholds{0x60}).error(),
              ipmi::CompletionCode::illegal_for_sensor_or_record_type);
}

TEST_F(ProfileSim, NonLinearSensorFactors) {
    auto f = client->call(ipmi::cmd::GetSensorReadingFactors{0x5c, 90});
    ASSERT_TRUE(f) << f.error().message();
    EXPECT_EQ(f->next_reading, 128);
    EXPECT_EQ(f->factors[0], 2); // M = 1 + 90 / 64
    EXPECT_EQ(client->call(ipmi::cmd::GetSensorReadingFactors{0x01, 1}).error(),
              ipmi::CompletionCode::illegal_for_sensor_or_record_type);
}

// The whole path a sweep takes: SDR walk, parsed records, the sensor list, one read each.
TEST_F(ProfileSim, ReadSensorConvertsNamesStatesAndJudgesHealth) {
    ipmi::SdrReadLimits limits;
    ipmi::SdrReader reader(*client, limits);
    auto raw = reader.read_all(45);
    ASSERT_TRUE(raw) << raw.error().message();
    const auto parsed = ipmi::sdr::parse_repository(*raw);
    EXPECT_TRUE(parsed.rejected.empty());
    std::map<std::string, ipmi::sdr::Sensor> by_name;
    for (auto& s : ipmi::sdr::sensors_of(parsed.records)) {
        by_name.emplace(s.name, s);
    }
    EXPECT_EQ(std::count_if(by_name.begin(), by_name.end(),
                            [](const auto& kv) { return kv.second.readable(); }),
              45);

    const auto before = client->stats().transactions;
    auto cpu = ipmi::read_sensor(*client, by_name.at("CPU1 Temp"));
    ASSERT_TRUE(cpu) << cpu.error().message();
    EXPECT_EQ(client->stats().transactions - before, 1U); // one Get Sensor Reading
    ASSERT_TRUE(cpu->value);
    EXPECT_NEAR(*cpu->value, 48, 3);
    EXPECT_EQ(cpu->health, ipmi::sdr::Health::ok);
    EXPECT_EQ(ipmi::threshold_value(by_name.at("CPU1 Temp"), ipmi::sdr::Threshold::upper_critical),
              90.0);
    EXPECT_FALSE(ipmi::threshold_value(by_name.at("CPU1 Temp"),
                                       ipmi::sdr::Threshold::lower_critical)); // not readable

    auto fan6 = ipmi::read_sensor(*client, by_name.at("FAN6"));
    ASSERT_TRUE(fan6);
    EXPECT_EQ(fan6->health, ipmi::sdr::Health::critical);

    const auto& psu2_sensor = by_name.at("PSU2 Status");
    auto psu2 = ipmi::read_sensor(*client, psu2_sensor);
    ASSERT_TRUE(psu2);
    const auto names = ipmi::sdr::asserted_state_names(psu2_sensor.event_reading_type,
                                                       psu2_sensor.sensor_type, psu2->reading.states);
    ASSERT_EQ(names.size(), 2U);
    EXPECT_EQ(names[0], "Presence detected");
    EXPECT_EQ(names[1], "Power Supply input lost (AC/DC)");
    EXPECT_NE(psu2->health, ipmi::sdr::Health::ok);
    EXPECT_FALSE(psu2->value); // discrete: no value

    // Non-linear: Get Sensor Reading, then Get Sensor Reading Factors for that reading.
    const auto mark = client->stats().transactions;
    auto airflow = ipmi::read_sensor(*client, by_name.at("PSU Airflow"));
    ASSERT_TRUE(airflow);
    EXPECT_EQ(client->stats().transactions - mark, 2U);
    ASSERT_TRUE(airflow->value) << airflow->value_error.message();
    EXPECT_DOUBLE_EQ(*airflow->value, 180.0);

    EXPECT_EQ(ipmi::read_sensor(*client, by_name.at("Power Button")).error(),
              ipmi::Errc::sensor_event_only);
    auto elsewhere = by_name.at("CPU1 Temp");
    elsewhere.owner.id = 0x2c; // a satellite controller: would need bridging
    EXPECT_EQ(ipmi::read_sensor(*client, elsewhere).error(), ipmi::Errc::sensor_not_on_bmc);
}

TEST_F(ProfileSim, SelIncrementalAndClear) {
    ipmi::SelReader sel(*client);
    auto first = sel.refresh();
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(first->added, 12U);
    EXPECT_EQ(sel.entries(), sim::server45().sel);
    bmc->model().add_sel_entry(0x02,
                               {0, 0, 0, 0, 0x20, 0, 0x04, 0x01, 0x02, 0x01, 0x59, 0x5c, 0x5a});
    const auto before = client->stats().transactions;
    auto more = sel.refresh();
    ASSERT_TRUE(more);
    EXPECT_EQ(more->added, 1U);
    EXPECT_EQ(client->stats().transactions - before, 3U);
    ASSERT_FALSE(sel.clear(std::chrono::milliseconds(500)));
    EXPECT_TRUE(state().sel.empty());
}

TEST_F(ProfileSim, FruReadsAndTheCap) {
    auto info = client->call(ipmi::cmd::GetFruInventoryAreaInfo{0});
    ASSERT_TRUE(info);
    EXPECT_EQ(info->area_size, sim::server45().fru.at(0).size());
    state().response_cap = 34;
    auto chunk = client->call(ipmi::cmd::ReadFruData{0, 0, 32});
    ASSERT_TRUE(chunk);
    EXPECT_EQ(chunk->data.size(), 32U);
    EXPECT_TRUE(
        std::equal(chunk->data.begin(), chunk->data.end(), sim::server45().fru.at(0).begin()));
    EXPECT_EQ(client->call(ipmi::cmd::ReadFruData{0, 0, 64}).error(),
              ipmi::CompletionCode::request_data_field_length_exceeded);
    EXPECT_EQ(client->call(ipmi::cmd::GetFruInventoryAreaInfo{7}).error(),
              ipmi::CompletionCode::not_present);
}

TEST_F(ProfileSim, WholeFruAreasThroughTheCapWithARememberedChunkSize) {
    state().response_cap = 34;
    ipmi::FruReadLimits limits;
    ipmi::FruReadStats stats;
    auto board = ipmi::read_fru(*client, 0, limits, &stats);
    ASSERT_TRUE(board) << board.error().message();
    EXPECT_EQ(*board, sim::server45().fru.at(0));
    EXPECT_EQ(limits.max_read, 32);
    EXPECT_EQ(stats.shrinks, 1U);
    ipmi::FruReadStats second;
    auto psu = ipmi::read_fru(*client, 1, limits, &second);
    ASSERT_TRUE(psu);
    EXPECT_EQ(*psu, sim::server45().fru.at(1));
    EXPECT_EQ(second.shrinks, 0U);
    EXPECT_EQ(second.reads, (psu->size() + 31) / 32);
    EXPECT_EQ(ipmi::read_fru(*client, 9, limits).error(), ipmi::CompletionCode::not_present);
    state().response_cap = 3;
    ipmi::FruReadLimits tiny;
    EXPECT_EQ(ipmi::read_fru(*client, 0, tiny).error(), ipmi::Errc::fru_read_size_exhausted);
}

TEST_F(ProfileSim, ChassisControlChangesThePowerState) {
    ASSERT_TRUE(client->call(ipmi::cmd::GetChassisStatus{})->power_on());
    ASSERT_TRUE(
        client->call(ipmi::cmd::ChassisControl{ipmi::cmd::ChassisControl::Action::power_down}));
    EXPECT_FALSE(client->call(ipmi::cmd::GetChassisStatus{})->power_on());
    ASSERT_TRUE(
        client->call(ipmi::cmd::ChassisControl{ipmi::cmd::ChassisControl::Action::power_up}));
    EXPECT_TRUE(client->call(ipmi::cmd::GetChassisStatus{})->power_on());
    ASSERT_TRUE(client->call(ipmi::cmd::ChassisIdentify{std::uint8_t{0}, true}));
    EXPECT_EQ(client->call(ipmi::cmd::GetChassisStatus{})->identify_state(),
              ipmi::cmd::GetChassisStatus::IdentifyState::indefinite_on);
    EXPECT_EQ(state().chassis_actions, (std::vector<std::uint8_t>{0, 1}));
}

} // namespace
