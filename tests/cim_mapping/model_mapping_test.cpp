// The simulated server mapped to CIM, class by class: a golden file of every property of
// every instance (tests/data/cim/server45.txt, reviewed by hand; regenerate with
// BMCWSMAN_UPDATE_GOLDEN=1 and review the diff), conformance of every instance to the
// class registry, changes in the BMC showing up in the next mapping, and "No Contact".
#include "cim_mapping/instance_text.hpp"
#include "cim_mapping/model_mapping.hpp"
#include "cim_mapping/schema.hpp"
#include "cim_mapping/snapshot_reader.hpp"
#include "tests/sim/sim_bmc.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

namespace {

using namespace cim;

// A host inventory as SMBIOS would give it (values chosen to exercise every mapping).
smbios::Inventory host_inventory() {
    smbios::Inventory inv;
    inv.bios = smbios::BiosInfo{};
    inv.bios->vendor = "Simulated BIOS Inc.";
    inv.bios->version = "2.4.1";
    inv.bios->release_date = "03/15/2024";
    inv.bios->bios_major = 2;
    inv.bios->bios_minor = 4;
    inv.system = smbios::SystemInfo{};
    inv.system->manufacturer = "Simulated Systems";
    inv.system->product = "SimServer 4410";
    inv.system->serial = "SRV0042";
    inv.system->uuid = "3e7dc25b-8f11-6c4a-9d02-47e561b830a9";
    inv.baseboard = smbios::BaseboardInfo{};
    inv.baseboard->manufacturer = "Simulated Systems";
    inv.baseboard->product = "SIM-MB-2S";
    inv.baseboard->version = "A2";
    inv.baseboard->serial = "MB0042XYZ";
    inv.chassis = smbios::ChassisInfo{};
    inv.chassis->manufacturer = "Simulated Systems";
    inv.chassis->type = 0x17; // rack mount chassis
    inv.chassis->serial = "SIMCH0001";
    inv.chassis->version = "1";
    smbios::ProcessorInfo cpu;
    cpu.socket = "CPU1";
    cpu.family = 0xb3; // Intel Xeon
    cpu.manufacturer = "Intel";
    cpu.version = "Simulated Xeon";
    cpu.max_speed_mhz = 3600;
    cpu.current_speed_mhz = 2400;
    cpu.external_clock_mhz = 100;
    cpu.status = 0x41; // populated, enabled
    cpu.populated = true;
    inv.processors.push_back(cpu);
    cpu.socket = "CPU2";
    cpu.status = 0x00; // empty socket
    cpu.populated = false;
    inv.processors.push_back(cpu);
    smbios::MemoryDevice dimm;
    dimm.device_locator = "DIMM A1";
    dimm.bank_locator = "BANK 0";
    dimm.size_bytes = 32ULL << 30;
    dimm.form_factor = 0x09; // DIMM
    dimm.memory_type = 0x18; // DDR3
    dimm.manufacturer = "Simulated RAM";
    dimm.serial = "D1A0001";
    dimm.part_number = "SR-32G";
    inv.memory.push_back(dimm);
    dimm.device_locator = "DIMM A2";
    dimm.size_bytes = 0; // empty slot
    inv.memory.push_back(dimm);
    return inv;
}

struct MappedServer : ::testing::Test {
    test::SimBmc sim{true};
    sim::KcsBmc* bmc = sim.bmc;
    std::unique_ptr<ipmi::SelReader> sel;
    Snapshot snapshot;

    void SetUp() override {
        sel = std::make_unique<ipmi::SelReader>(*sim.client);
        snapshot.system = {"CIM_ComputerSystem", "3e7dc25b-8f11-6c4a-9d02-47e561b830a9"};
        snapshot.sensors = sim.sensors();
        snapshot.fru_devices = {{0, "Default FRU Device", {}}, {1, "PSU1 FRU", {0x0a, 1, false}}}; // as the SDR's locator says
        snapshot.host = host_inventory();
        refresh();
    }
    void refresh() {
        const auto stats = refresh_snapshot(*sim.client, *sel, snapshot);
        EXPECT_EQ(stats.sensors_failed, 0U);
    }
    std::string render_all() const {
        std::string out;
        for (const auto& c : all_classes()) {
            for (const auto& i : instances_of(snapshot, c.name)) {
                out += to_text(i) + "\n";
            }
        }
        return out;
    }
    const Instance* find(const std::vector<Instance>& all, std::string_view prop, std::string_view value) {
        for (const auto& i : all) {
            if (const Value* v = i.find(prop); v != nullptr && !v->is_null() && lexical(v->scalar()) == value) {
                return &i;
            }
        }
        return nullptr;
    }
};

std::string text_of(const Instance& i, std::string_view name) {
    const Value* v = i.find(name);
    return v == nullptr ? "<absent>" : v->is_null() ? "<null>" : lexical(v->scalar());
}

TEST_F(MappedServer, EveryPropertyOfEveryInstanceMatchesTheGoldenFile) {
    const std::string path = std::string(BMCWSMAN_SOURCE_ROOT) + "/tests/data/cim/server45.txt";
    const std::string actual = render_all();
    if (std::getenv("BMCWSMAN_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path) << actual;
        GTEST_SKIP() << "golden file written: " << path;
    }
    std::ifstream in(path);
    ASSERT_TRUE(in) << "missing " << path;
    std::stringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(actual, expected.str()); // gtest prints a line diff of the two
}

TEST_F(MappedServer, EveryInstanceConformsToItsClass) {
    unsigned instances = 0;
    for (const auto& c : all_classes()) {
        for (const auto& i : instances_of(snapshot, c.name)) {
            SCOPED_TRACE(c.name);
            ++instances;
            EXPECT_EQ(i.class_name, c.name);
            EXPECT_EQ(i.name_space, c.name_space);
            for (const auto& p : i.properties) {
                const PropertyDef* def = c.property(p.name);
                ASSERT_NE(def, nullptr) << p.name << " is not a property of " << c.name;
                EXPECT_EQ(def->type, p.value.type()) << p.name;
                EXPECT_EQ(def->array, p.value.is_array() || (p.value.is_null() && def->array)) << p.name;
            }
            for (const PropertyDef* k : c.keys()) {
                const Value* v = i.find(k->name);
                ASSERT_NE(v, nullptr) << "key " << k->name;
                EXPECT_FALSE(v->is_null()) << "key " << k->name;
            }
        }
    }
    EXPECT_GT(instances, 150U);
}

TEST_F(MappedServer, KeysAreUniquePerClass) {
    for (const auto& c : all_classes()) {
        std::set<std::string> seen;
        for (const auto& i : instances_of(snapshot, c.name)) {
            EXPECT_TRUE(seen.insert(lexical(Value::reference(reference_to(i)).scalar())).second)
                << c.name << ": duplicate keys";
        }
    }
}

TEST_F(MappedServer, ChangesInTheBmcAppearInTheNextMapping) {
    auto before = instances_of(snapshot, "CIM_NumericSensor");
    ASSERT_EQ(text_of(*find(before, "ElementName", "Inlet Temp"), "CurrentReading"), "23");
    EXPECT_EQ(text_of(instances_of(snapshot, "CIM_RecordLog")[0], "CurrentNumberOfRecords"), "12");

    for (auto& s : bmc->model().state().sensors) {
        if (s.number == 0x03) {
            s.reading = 40; // Inlet Temp beyond its upper critical (42)? no: above UNC 38
        }
    }
    bmc->model().add_sel_entry(0x02, {0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x04, 0x01, 0x03, 0x01,
                                      0x57, 40, 38});
    bmc->model().state().power_on = false;
    refresh();

    auto after = instances_of(snapshot, "CIM_NumericSensor");
    const auto& inlet = *find(after, "ElementName", "Inlet Temp");
    EXPECT_EQ(text_of(inlet, "CurrentReading"), "40");
    EXPECT_EQ(text_of(inlet, "CurrentState"), "Upper Non-Critical");
    EXPECT_EQ(text_of(inlet, "HealthState"), "10");
    EXPECT_EQ(text_of(instances_of(snapshot, "CIM_RecordLog")[0], "CurrentNumberOfRecords"), "13");
    const auto records = instances_of(snapshot, "CIM_LogRecord");
    ASSERT_EQ(records.size(), 13U); // the new event is a new record
    EXPECT_EQ(text_of(records.back(), "Caption"),
              "Temperature Assert: Upper Non-critical - going high ; Sensor Reading = 40.00 C ; Threshold = 38.00 C");
    const auto apms = instances_of(snapshot, "CIM_AssociatedPowerManagementService");
    ASSERT_EQ(apms.size(), 1U);
    EXPECT_EQ(text_of(apms[0], "PowerState"), "8"); // Off - Soft
    EXPECT_EQ(text_of(instances_of(snapshot, "CIM_ComputerSystem")[0], "EnabledState"), "3");
}

TEST_F(MappedServer, NoContactWhenTheBmcStopsAnswering) {
    snapshot.bmc_reachable = false;
    for (const auto& i : instances_of(snapshot, "CIM_NumericSensor")) {
        EXPECT_EQ(text_of(i, "CurrentReading"), "<null>");
        ASSERT_EQ(i.find("OperationalStatus")->items().size(), 1U);
        EXPECT_EQ(lexical(i.find("OperationalStatus")->items()[0]), "12");
    }
    const auto host = instances_of(snapshot, "CIM_ComputerSystem")[0];
    EXPECT_EQ(lexical(host.find("OperationalStatus")->items()[0]), "12");
    EXPECT_EQ(text_of(host, "EnabledState"), "0");
}

// Forwards to the simulated BMC until `silent_after` commands, then carries nothing (as a LAN
// session to a hung BMC times out).
struct FallsSilent : ipmi::Transport {
    ipmi::Transport& real;
    unsigned silent_after;
    unsigned calls = 0;
    FallsSilent(ipmi::Transport& t, unsigned after) : real(t), silent_after(after) {}
    std::expected<ipmi::Response, std::error_code> execute(const ipmi::Request& request) override {
        if (++calls > silent_after) {
            return std::unexpected(std::make_error_code(std::errc::timed_out));
        }
        return real.execute(request);
    }
    std::string_view name() const noexcept override { return "falls silent"; }
};

TEST_F(MappedServer, ASilentBmcMidRefreshIsNoContactAfterOneCommand) {
    // Get Device ID and Get Chassis Status answered, then the first sensor read times out.
    FallsSilent silent(*sim.transport, 2);
    ipmi::Client client(silent);
    const auto stats = refresh_snapshot(client, *sel, snapshot);
    EXPECT_FALSE(snapshot.bmc_reachable);
    EXPECT_EQ(silent.calls, 3U) << "commands after the first silent one, each waiting for its timeout";
    EXPECT_EQ(stats.sensors_read, 0U);
    EXPECT_EQ(stats.sensors_failed, 1U);
    for (const auto& i : instances_of(snapshot, "CIM_NumericSensor")) {
        EXPECT_EQ(lexical(i.find("OperationalStatus")->items()[0]), "12");
    }
    // A completion code is an answer: a sensor refusing its reading does not end the refresh.
    snapshot.bmc_reachable = true;
    auto& sensors = bmc->model().state().sensors;
    sensors.erase(sensors.begin()); // its Get Sensor Reading answers CBh (not present)
    const auto answered = refresh_snapshot(*sim.client, *sel, snapshot);
    EXPECT_TRUE(snapshot.bmc_reachable);
    EXPECT_EQ(answered.sensors_failed, 1U);
    EXPECT_GT(answered.sensors_read, 30U);
}

// Forwards to the simulated BMC; while `busy_from` commands have passed and `busy` is set,
// answers C0h (node busy) instead, as a BMC whose event handling is saturated does.
struct BusyAfter : ipmi::Transport {
    ipmi::Transport& real;
    unsigned busy_from = 0;
    bool busy = false;
    unsigned calls = 0;
    explicit BusyAfter(ipmi::Transport& t) : real(t) {}
    std::expected<ipmi::Response, std::error_code> execute(const ipmi::Request& request) override {
        if (busy && ++calls > busy_from) {
            return ipmi::Response{static_cast<std::uint8_t>(request.netfn + 1), request.lun, request.cmd,
                                  ipmi::CompletionCode::node_busy, {}};
        }
        return real.execute(request);
    }
    std::string_view name() const noexcept override { return "busy"; }
};

std::string reading_of(const Snapshot& s, std::string_view name) {
    const auto all = instances_of(s, "CIM_NumericSensor");
    const auto it = std::ranges::find_if(all, [&](const Instance& i) { return text_of(i, "ElementName") == name; });
    return it == all.end() ? "<absent>" : text_of(*it, "CurrentReading") + "/" + lexical(it->find("OperationalStatus")->items()[0]);
}

TEST_F(MappedServer, ABusyBmcKeepsTheLastReadingsUntilTheyAreTooOld) {
    BusyAfter busy(*sim.transport);
    ipmi::Client client(busy, {.busy_retries = 2, .first_backoff = std::chrono::milliseconds(0),
                               .max_backoff = std::chrono::milliseconds(0)});
    const auto t0 = std::chrono::steady_clock::now();
    auto stats = refresh_snapshot(client, *sel, snapshot, {std::chrono::seconds(30), t0});
    ASSERT_EQ(stats.sensors_failed, 0U);
    // The last numeric sensor of the walk: read after the three the partial busy spares.
    const std::string late = text_of(instances_of(snapshot, "CIM_NumericSensor").back(), "ElementName");
    const std::string fresh = reading_of(snapshot, late);
    ASSERT_NE(fresh.substr(0, 7), "<null>/") << fresh;
    ASSERT_EQ(fresh.substr(fresh.size() - 2), "/2") << "OK before the BMC is busy: " << fresh;

    // Every command busy, Get Device ID included: the BMC answers, so it is not No Contact;
    // the readings stay as they were read 10 s ago.
    busy.busy = true;
    stats = refresh_snapshot(client, *sel, snapshot, {std::chrono::seconds(30), t0 + std::chrono::seconds(10)});
    EXPECT_TRUE(stats.bmc_busy);
    EXPECT_TRUE(snapshot.bmc_reachable);
    EXPECT_EQ(stats.sensors_held, static_cast<unsigned>(std::ranges::count_if(
                                      snapshot.samples, [](const auto& x) { return x.has_value(); })));
    EXPECT_GT(stats.sensors_held, 40U);
    EXPECT_EQ(reading_of(snapshot, late), fresh);
    EXPECT_EQ(busy.calls, 3U) << "Get Device ID and its two retries, then nothing else";

    // Busy from the fourth sensor on: the first three are read afresh, the rest held; the
    // chassis status (busy) is kept rather than forgotten.
    busy.calls = 0;
    busy.busy_from = 2 + 3; // Get Device ID, Get Chassis Status, three sensors
    const auto chassis_before = snapshot.chassis.has_value();
    stats = refresh_snapshot(client, *sel, snapshot, {std::chrono::seconds(30), t0 + std::chrono::seconds(20)});
    EXPECT_FALSE(stats.bmc_busy);
    EXPECT_EQ(stats.sensors_read, 3U);
    EXPECT_GT(stats.sensors_held, 30U);
    EXPECT_EQ(stats.sensors_failed, 0U);
    EXPECT_EQ(snapshot.chassis.has_value(), chassis_before);
    EXPECT_EQ(reading_of(snapshot, late), fresh);

    // Past the maximum reading age (31 s after the last good read) the held readings go No
    // Contact (no value, OperationalStatus 12); the three read at t0 + 20 s are younger.
    busy.calls = 0;
    busy.busy_from = 0;
    stats = refresh_snapshot(client, *sel, snapshot, {std::chrono::seconds(30), t0 + std::chrono::seconds(31)});
    EXPECT_TRUE(stats.bmc_busy);
    EXPECT_EQ(stats.sensors_held, 3U);
    EXPECT_GT(stats.sensors_expired, 30U);
    EXPECT_EQ(reading_of(snapshot, late), "<null>/12");

    // Not busy any more: everything fresh again.
    busy.busy = false;
    stats = refresh_snapshot(client, *sel, snapshot, {std::chrono::seconds(30), t0 + std::chrono::seconds(32)});
    EXPECT_EQ(stats.sensors_failed, 0U);
    EXPECT_EQ(stats.sensors_held, 0U);
    EXPECT_EQ(reading_of(snapshot, late), fresh);
}

TEST_F(MappedServer, PowerSuppliesAreRealizedByTheirFruAndHealthyAsTheirStatusSensors) {
    const auto supplies = instances_of(snapshot, "CIM_PowerSupply");
    ASSERT_EQ(supplies.size(), 2U);
    // PSU1 Status reads presence only; PSU2 Status asserts "input lost": critical. The
    // redundancy sensor (Redundancy Lost, on PSU 1's entity) speaks for the set, not PSU 1.
    EXPECT_EQ(text_of(supplies[0], "DeviceID"), "10.1");
    EXPECT_EQ(text_of(supplies[0], "HealthState"), "5");
    EXPECT_EQ(text_of(supplies[1], "DeviceID"), "10.2");
    EXPECT_EQ(text_of(supplies[1], "HealthState"), "25");
    const auto realizes = instances_of(snapshot, "CIM_Realizes");
    std::set<std::string> links;
    for (const auto& r : realizes) {
        links.insert(lexical(r.find("Antecedent")->scalar()) + " -> " + lexical(r.find("Dependent")->scalar()));
    }
    EXPECT_TRUE(links.contains(
        "CIM_PhysicalPackage.Tag=\"bmcwsman:fru:1\",CreationClassName=\"CIM_PhysicalPackage\" -> "
        "CIM_PowerSupply.SystemCreationClassName=\"CIM_ComputerSystem\",SystemName=\"3e7dc25b-8f11-6c4a-9d02-"
        "47e561b830a9\",CreationClassName=\"CIM_PowerSupply\",DeviceID=\"10.1\""))
        << realizes.size();
    // No FRU for PSU 2, so nothing realizes it; each populated processor has its chip.
    EXPECT_EQ(realizes.size(), 1U + instances_of(snapshot, "CIM_Processor").size());
    EXPECT_EQ(instances_of(snapshot, "CIM_Chip").size(), instances_of(snapshot, "CIM_Processor").size());
}

TEST_F(MappedServer, ReferencesCarryTheKeysInKeyOrder) {
    const auto log = instances_of(snapshot, "CIM_RecordLog")[0];
    EXPECT_EQ(lexical(Value::reference(reference_to(log)).scalar()),
              "CIM_RecordLog.InstanceID=\"IPMI:SEL\"");
    const auto cpu = *find(instances_of(snapshot, "CIM_NumericSensor"), "ElementName", "CPU1 Temp");
    EXPECT_EQ(lexical(Value::reference(reference_to(cpu)).scalar()),
              "CIM_NumericSensor.SystemCreationClassName=\"CIM_ComputerSystem\","
              "SystemName=\"3e7dc25b-8f11-6c4a-9d02-47e561b830a9\","
              "CreationClassName=\"CIM_NumericSensor\",DeviceID=\"1.0.32\"");
    EXPECT_TRUE(instances_of(snapshot, "CIM_NoSuchClass").empty());
    EXPECT_EQ(instances_of(snapshot, "cim_recordlog").size(), 1U); // names are case-insensitive
}

} // namespace

namespace {

// RecordData back to the 16 SEL bytes, following its RecordFormat (fields between '*', array
// elements separated by spaces; the DeviceID string is not a SEL byte; the assertion flag and
// the event type share byte 13).
std::vector<std::uint8_t> record_bytes(const std::string& format, const std::string& data) {
    const auto split = [](const std::string& s) {
        std::vector<std::string> parts;
        std::string cur;
        for (char c : s.substr(1)) { // both start with '*'
            if (c == '*') {
                parts.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        return parts;
    };
    const auto f = split(format);
    const auto d = split(data);
    EXPECT_EQ(f.size(), d.size());
    std::vector<std::uint8_t> out;
    bool deassert = false;
    for (std::size_t i = 0; i < f.size() && i < d.size(); ++i) {
        if (f[i].starts_with("string")) {
            continue;
        }
        if (f[i].starts_with("boolean")) {
            deassert = d[i] == "false";
            continue;
        }
        std::istringstream in(d[i]);
        unsigned v = 0;
        while (in >> v) {
            out.push_back(static_cast<std::uint8_t>(f[i].ends_with("IPMI_EventType") && deassert ? v | 0x80U : v));
        }
    }
    return out;
}

TEST_F(MappedServer, LogRecordDataIsTheSelRecordBytes) {
    const auto records = instances_of(snapshot, "CIM_LogRecord");
    const auto entries = instances_of(snapshot, "CIM_LogEntry");
    ASSERT_EQ(records.size(), snapshot.sel.size());
    ASSERT_EQ(entries.size(), snapshot.sel.size());
    for (std::size_t n = 0; n < records.size(); ++n) {
        SCOPED_TRACE(n);
        const std::vector<std::uint8_t> bytes(snapshot.sel[n].begin(), snapshot.sel[n].end());
        EXPECT_EQ(record_bytes(text_of(records[n], "RecordFormat"), text_of(records[n], "RecordData")), bytes);
        EXPECT_EQ(record_bytes(text_of(entries[n], "RecordFormat"), text_of(entries[n], "RecordData")), bytes);
        EXPECT_EQ(text_of(records[n], "RecordID"), std::to_string(bytes[0] | (bytes[1] << 8)));
    }
    EXPECT_EQ(text_of(records[0], "Caption"),
              "Temperature Assert: Upper Critical - going high ; Sensor Reading = 92.00 C ; Threshold = 90.00 C");
    EXPECT_TRUE(text_of(records[0], "RecordData").starts_with("*1.0.32*")); // the sensor's DeviceID
    EXPECT_EQ(text_of(records[10], "Caption"), "OEM SEL");
    EXPECT_EQ(text_of(entries[2], "PerceivedSeverity"), "6"); // PSU input lost: critical
    EXPECT_EQ(text_of(entries[1], "PerceivedSeverity"), "2"); // a deassertion
    EXPECT_EQ(instances_of(snapshot, "CIM_LogManagesRecord").size(), 2 * snapshot.sel.size());
}

} // namespace

namespace {

TEST_F(MappedServer, WithoutSmbiosTheAssetsComeFromTheBmcsFru) {
    snapshot.host = {}; // over LAN: no SMBIOS of the host
    const auto chassis = instances_of(snapshot, "CIM_Chassis");
    ASSERT_EQ(chassis.size(), 1U);
    EXPECT_EQ(text_of(chassis[0], "Manufacturer"), "Simulated Systems"); // FRU 0 product area
    EXPECT_EQ(text_of(chassis[0], "Model"), "SimServer 4410");
    EXPECT_EQ(text_of(chassis[0], "SerialNumber"), "SIMCH0001"); // chassis area, 6-bit packed
    EXPECT_EQ(text_of(chassis[0], "PartNumber"), "CHS-4410-01");
    EXPECT_EQ(lexical(chassis[0].find("ChassisPackageType")->items()[0]), "23");
    const auto cards = instances_of(snapshot, "CIM_Card");
    ASSERT_EQ(cards.size(), 1U);
    EXPECT_EQ(text_of(cards[0], "Model"), "SIM-MB-2S"); // FRU 0 board area
    EXPECT_EQ(text_of(cards[0], "SerialNumber"), "MB0042XYZ");
    // The PSU's FRU (device 1) is a package (DSP1011) with its board and product areas.
    const auto packages = instances_of(snapshot, "CIM_PhysicalPackage");
    ASSERT_EQ(packages.size(), 1U);
    EXPECT_EQ(text_of(packages[0], "ElementName"), "PSU1 FRU");
    EXPECT_EQ(text_of(packages[0], "Tag"), "bmcwsman:fru:1");
    EXPECT_EQ(text_of(packages[0], "Manufacturer"), "Simulated Power");
    EXPECT_EQ(text_of(packages[0], "Model"), "SP-800W");  // board product name
    EXPECT_EQ(text_of(packages[0], "Name"), "800W PSU");  // product area's name
    EXPECT_EQ(text_of(packages[0], "SKU"), "SP-800-12");  // product part/model number
    EXPECT_EQ(text_of(packages[0], "SerialNumber"), "PSU1SN0001");
    // The product area of FRU 0 identifies the host (DSP1004 IdentifyingDescriptions).
    const auto systems = instances_of(snapshot, "CIM_ComputerSystem");
    EXPECT_EQ(text_of(systems[0], "ElementName"), "SimServer 4410");
    const auto info = systems[0].find("OtherIdentifyingInfo")->items();
    const auto descriptions = systems[0].find("IdentifyingDescriptions")->items();
    ASSERT_EQ(info.size(), 3U);
    EXPECT_EQ(lexical(descriptions[0]), "CIM:Tag");
    EXPECT_EQ(lexical(info[0]), "SRV0042");
    EXPECT_EQ(lexical(descriptions[1]), "CIM:Model:SerialNumber");
    EXPECT_EQ(lexical(info[1]), "SS-4410:SRV0042");
    EXPECT_EQ(lexical(info[2]), "ASSET-7781");
}

} // namespace

namespace {

// The class registry's lookups: names in any case, and kinds_of() as is_a() over the list.
TEST(ClassRegistry, FindClassIgnoresCaseAndKindsOfAgreesWithIsA) {
    const ClassDef* numeric = cim::find_class("cim_NUMERICsensor");
    ASSERT_NE(numeric, nullptr);
    EXPECT_EQ(numeric->name, "CIM_NumericSensor");
    EXPECT_EQ(cim::find_class("CIM_NumericSensorX"), nullptr);
    EXPECT_EQ(cim::find_class(""), nullptr);
    for (const auto& c : all_classes()) {
        EXPECT_EQ(cim::find_class(c.name), &c);
        std::vector<std::string_view> expected;
        for (const auto& d : all_classes()) {
            if (is_a(d.name, c.name)) {
                expected.push_back(d.name);
            }
        }
        std::vector<std::string_view> got;
        for (const ClassDef* k : kinds_of(c)) {
            got.push_back(k->name);
        }
        EXPECT_EQ(got, expected) << c.name;
    }
    const ClassDef* sensor = cim::find_class("CIM_Sensor");
    ASSERT_NE(sensor, nullptr);
    const auto kinds = kinds_of(*sensor);
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), sensor), kinds.end());
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), numeric), kinds.end());
}

} // namespace
