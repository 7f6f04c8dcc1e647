// Chassis/1: the physical server (identity from CIM_Chassis: SMBIOS type 3 and the FRU),
// its Sensors, the legacy Thermal and Power resources redfishtool and sushy read, the
// ThermalSubsystem (fans) and PowerSubsystem (power supplies) of the IPMI entities
// device_mapping groups, and Assembly with every FRU-described package.
#include "redfish_front/service.hpp"

#include "cim_mapping/model_mapping.hpp"
#include "redfish_front/controls.hpp"
#include "redfish_front/sensor_view.hpp"

#include <cmath>
#include <fmt/format.h>

namespace redfish {
namespace {

const std::string sensors_uri = fmt::format("{}/Sensors", uri::chassis);

// SMBIOS chassis types (DSP0134 Table 17) as Chassis.ChassisType.
std::string_view chassis_type(std::uint8_t smbios) {
    switch (smbios) {
    case 0x17: return "RackMount";
    case 0x1c: return "Blade";
    case 0x19:
    case 0x1d: return "Enclosure";
    case 0x03:
    case 0x04:
    case 0x05:
    case 0x06:
    case 0x07:
    case 0x0d:
    case 0x0f:
    case 0x10:
    case 0x11:
    case 0x18:
    case 0x23:
    case 0x24: return "StandAlone";
    case 0x09:
    case 0x0a:
    case 0x0e: return "StandAlone";
    default: return "Other";
    }
}

void put_text(Json& j, std::string_view name, const std::string& value) {
    if (!value.empty()) {
        j[name] = value;
    }
}

// Manufacturer, Model, SKU, SerialNumber, PartNumber of a CIM physical element (PowerSupply
// has no SKU).
void fru_identity(Json& j, const cim::Instance& i, std::string_view manufacturer_name = "Manufacturer",
                  bool sku = true) {
    put_text(j, manufacturer_name, text_of(i, "Manufacturer"));
    put_text(j, "Model", text_of(i, "Model"));
    if (sku) {
        put_text(j, "SKU", text_of(i, "SKU"));
    }
    put_text(j, "SerialNumber", text_of(i, "SerialNumber"));
    put_text(j, "PartNumber", text_of(i, "PartNumber"));
}

Json status_of(const cim::Snapshot& s, const cim::Instance& i) {
    Json st{{"State", s.bmc_reachable ? "Enabled" : "UnavailableOffline"}};
    const auto* hs = i.find("HealthState");
    if (hs != nullptr && !hs->is_null()) {
        if (const auto h = health_of_state(std::get<std::uint16_t>(hs->scalar())); !h.empty()) {
            st["Health"] = h;
        }
    }
    return st;
}

std::string sensor_uri(const SensorView& v) {
    return fmt::format("{}/{}", sensors_uri, v.id);
}

Json sensor_json(const SensorView& v) {
    Json j = resource("#Sensor.v1_12_0.Sensor", sensor_uri(v), v.id, v.name);
    if (!v.reading_type.empty()) {
        j["ReadingType"] = v.reading_type;
        j["ReadingUnits"] = v.units;
    }
    if (!v.reading_type.empty() || v.reading) {
        j["Reading"] = v.reading ? Json(*v.reading) : Json(nullptr);
    }
    // IPMI thresholds as Redfish's: non-critical = Caution, critical = Critical,
    // non-recoverable = Fatal (DSP0268 Sensor "Thresholds").
    constexpr std::array<std::string_view, 6> names{"LowerCaution", "LowerCritical", "LowerFatal",
                                                   "UpperCaution", "UpperCritical", "UpperFatal"};
    Json thresholds = Json::object();
    for (std::size_t t = 0; t < 6; ++t) {
        if (v.thresholds[t]) {
            thresholds[names[t]] = {{"Reading", *v.thresholds[t]}};
        }
    }
    if (!thresholds.empty()) {
        j["Thresholds"] = std::move(thresholds);
    }
    j["Status"] = sensor_status(v);
    return j;
}

// Legacy Thermal/Power members: MemberId, a JSON-pointer @odata.id, the sensor's number.
Json legacy_member(std::string_view array_uri, std::size_t n, const SensorView& v, const cim::Snapshot& s) {
    Json j;
    j["@odata.id"] = fmt::format("{}/{}", array_uri, n);
    j["MemberId"] = std::to_string(n);
    j["Name"] = v.name;
    j["SensorNumber"] = s.sensors[v.index].number;
    j["Status"] = sensor_status(v);
    return j;
}

// Threshold properties of Thermal.Temperature, Power.Voltage (decimals) and Thermal.Fan
// (integers).
void legacy_thresholds(Json& j, const SensorView& v, bool integers) {
    constexpr std::array<std::string_view, 6> names{"LowerThresholdNonCritical", "LowerThresholdCritical",
                                                   "LowerThresholdFatal",       "UpperThresholdNonCritical",
                                                   "UpperThresholdCritical",    "UpperThresholdFatal"};
    for (std::size_t t = 0; t < 6; ++t) {
        if (v.thresholds[t]) {
            j[names[t]] = integers ? Json(std::llround(*v.thresholds[t])) : Json(*v.thresholds[t]);
        }
    }
}

bool is_fan(const cim::Snapshot& s, const SensorView& v) {
    return s.sensors[v.index].sensor_type == sensor_type_fan && (v.units == "RPM" || v.units == "%");
}

Json thermal_json(const cim::Snapshot& s, const std::vector<SensorView>& views) {
    const auto self = fmt::format("{}/Thermal", uri::chassis);
    Json j = resource("#Thermal.v1_7_3.Thermal", self, "Thermal", "Thermal");
    Json temperatures = Json::array();
    Json fans = Json::array();
    for (const auto& v : views) {
        if (v.reading_type == "Temperature") {
            Json t = legacy_member(self + "#/Temperatures", temperatures.size(), v, s);
            t["ReadingCelsius"] = v.reading ? Json(*v.reading) : Json(nullptr);
            legacy_thresholds(t, v, false);
            temperatures.push_back(std::move(t));
        } else if (is_fan(s, v)) {
            Json f = legacy_member(self + "#/Fans", fans.size(), v, s);
            f["Reading"] = v.reading ? Json(std::llround(*v.reading)) : Json(nullptr);
            f["ReadingUnits"] = v.units == "RPM" ? "RPM" : "Percent";
            legacy_thresholds(f, v, true);
            fans.push_back(std::move(f));
        }
    }
    j["Temperatures@odata.count"] = temperatures.size();
    j["Temperatures"] = std::move(temperatures);
    j["Fans@odata.count"] = fans.size();
    j["Fans"] = std::move(fans);
    return j;
}

// A power supply's FRU package (CIM_PhysicalPackage tagged by its FRU device), if any.
std::optional<cim::Instance> fru_package(const cim::Snapshot& s, const cim::EntityDevice& d) {
    if (!d.fru_id) {
        return std::nullopt;
    }
    for (auto& p : cim::physical_assets(s, "CIM_PhysicalPackage")) {
        if (text_of(p, "Tag") == cim::fru_package_tag(*d.fru_id)) {
            return p;
        }
    }
    return std::nullopt;
}

std::string device_segment(const cim::EntityDevice& d) {
    return fmt::format("{}_{}", d.entity.id, d.entity.instance);
}

// What a power supply says in both its PowerSupply resource and the legacy Power array.
void power_supply_fields(Json& j, const cim::Snapshot& s, const cim::EntityDevice& d) {
    const auto ps = cim::power_supply(s, d);
    j["Status"] = status_of(s, ps);
    if (const auto pkg = fru_package(s, d)) {
        fru_identity(j, *pkg, "Manufacturer", false);
    }
    if (const auto* w = ps.find("TotalOutputPower"); w != nullptr && !w->is_null()) {
        j["PowerCapacityWatts"] = static_cast<double>(std::get<std::uint32_t>(w->scalar())) / 1000.0; // milliwatts
    }
}

Json power_json(const cim::Snapshot& s, const std::vector<SensorView>& views) {
    const auto self = fmt::format("{}/Power", uri::chassis);
    Json j = resource("#Power.v1_7_3.Power", self, "Power", "Power");
    Json voltages = Json::array();
    for (const auto& v : views) {
        if (v.reading_type == "Voltage") {
            Json m = legacy_member(self + "#/Voltages", voltages.size(), v, s);
            m["ReadingVolts"] = v.reading ? Json(*v.reading) : Json(nullptr);
            legacy_thresholds(m, v, false);
            voltages.push_back(std::move(m));
        }
    }
    Json supplies = Json::array();
    for (const auto& d : cim::entity_devices(s, cim::entity_power_supply)) {
        Json m;
        m["@odata.id"] = fmt::format("{}#/PowerSupplies/{}", self, supplies.size());
        m["MemberId"] = std::to_string(supplies.size());
        m["Name"] = text_of(cim::power_supply(s, d), "ElementName");
        power_supply_fields(m, s, d);
        supplies.push_back(std::move(m));
    }
    j["Voltages@odata.count"] = voltages.size();
    j["Voltages"] = std::move(voltages);
    j["PowerSupplies@odata.count"] = supplies.size();
    j["PowerSupplies"] = std::move(supplies);
    return j;
}

std::optional<Resource> find_power_subsystem(const cim::Snapshot& s, std::span<const std::string> seg) {
    const auto self = fmt::format("{}/PowerSubsystem", uri::chassis);
    const auto list_uri = self + "/PowerSupplies";
    const auto devices = cim::entity_devices(s, cim::entity_power_supply);
    if (seg.empty()) {
        Json j = resource("#PowerSubsystem.v1_1_3.PowerSubsystem", self, "PowerSubsystem", "Power Subsystem");
        j["Status"] = {{"State", s.bmc_reachable ? "Enabled" : "UnavailableOffline"}};
        j["PowerSupplies"] = link(list_uri);
        return get_only(std::move(j));
    }
    if (seg[0] != "PowerSupplies" || seg.size() > 2) {
        return std::nullopt;
    }
    std::vector<std::string> members;
    for (const auto& d : devices) {
        members.push_back(fmt::format("{}/{}", list_uri, device_segment(d)));
        if (seg.size() == 2 && seg[1] == device_segment(d)) {
            Json j = resource("#PowerSupply.v1_6_0.PowerSupply", members.back(), seg[1],
                              text_of(cim::power_supply(s, d), "ElementName"));
            power_supply_fields(j, s, d);
            return get_only(std::move(j));
        }
    }
    if (seg.size() == 2) {
        return std::nullopt;
    }
    return get_only(collection("PowerSupplyCollection", list_uri, "Power Supply Collection", members));
}

std::optional<Resource> find_thermal_subsystem(const cim::Snapshot& s, const std::vector<SensorView>& views,
                                               std::span<const std::string> seg) {
    const auto self = fmt::format("{}/ThermalSubsystem", uri::chassis);
    const auto list_uri = self + "/Fans";
    if (seg.empty()) {
        Json j = resource("#ThermalSubsystem.v1_5_0.ThermalSubsystem", self, "ThermalSubsystem", "Thermal Subsystem");
        j["Status"] = {{"State", s.bmc_reachable ? "Enabled" : "UnavailableOffline"}};
        j["Fans"] = link(list_uri);
        return get_only(std::move(j));
    }
    if (seg[0] != "Fans" || seg.size() > 2) {
        return std::nullopt;
    }
    std::vector<std::string> members;
    for (const auto& d : cim::entity_devices(s, cim::entity_fan)) {
        members.push_back(fmt::format("{}/{}", list_uri, device_segment(d)));
        if (seg.size() == 2 && seg[1] == device_segment(d)) {
            const auto fan = cim::fan(s, d);
            Json j = resource("#Fan.v1_6_0.Fan", members.back(), seg[1], text_of(fan, "ElementName"));
            j["Status"] = status_of(s, fan);
            for (const auto& v : views) { // the fan's speed sensor, as an excerpt of the Sensor
                if (std::find(d.sensors.begin(), d.sensors.end(), v.index) != d.sensors.end() && is_fan(s, v)) {
                    Json speed{{"DataSourceUri", sensor_uri(v)}};
                    if (v.units == "RPM") {
                        speed["SpeedRPM"] = v.reading ? Json(*v.reading) : Json(nullptr);
                    } else {
                        speed["Reading"] = v.reading ? Json(*v.reading) : Json(nullptr);
                    }
                    j["SpeedPercent"] = std::move(speed);
                    break;
                }
            }
            return get_only(std::move(j));
        }
    }
    if (seg.size() == 2) {
        return std::nullopt;
    }
    return get_only(collection("FanCollection", list_uri, "Fan Collection", members));
}

Json assembly_json(const cim::Snapshot& s) {
    const auto self = fmt::format("{}/Assembly", uri::chassis);
    Json j = resource("#Assembly.v1_6_1.Assembly", self, "Assembly", "Assembly");
    Json list = Json::array();
    for (const char* cls : {"CIM_Chassis", "CIM_Card", "CIM_PhysicalPackage"}) {
        for (const auto& p : cim::physical_assets(s, cls)) {
            Json a;
            a["@odata.id"] = fmt::format("{}#/Assemblies/{}", self, list.size());
            a["MemberId"] = std::to_string(list.size());
            a["Name"] = text_of(p, "ElementName");
            fru_identity(a, p, "Producer");
            put_text(a, "Version", text_of(p, "Version"));
            list.push_back(std::move(a));
        }
    }
    j["Assemblies@odata.count"] = list.size();
    j["Assemblies"] = std::move(list);
    return j;
}

Json chassis_json(const cim::Snapshot& s) {
    const auto all = cim::physical_assets(s, "CIM_Chassis");
    Json j = resource("#Chassis.v1_28_0.Chassis", uri::chassis, "1",
                      all.empty() ? std::string("Chassis") : text_of(all.front(), "ElementName"));
    const auto fc = s.fru.find(0);
    const std::uint8_t type = s.host.chassis                                                    ? s.host.chassis->type
                              : fc != s.fru.end() && fc->second.chassis ? fc->second.chassis->type
                                                                                             : 0;
    j["ChassisType"] = chassis_type(type);
    if (!all.empty()) {
        fru_identity(j, all.front());
    }
    if (s.bmc_reachable && s.chassis) {
        j["PowerState"] = s.chassis->power_on() ? "On" : "Off";
    }
    j["Status"] = status_of(s, cim::host_system(s));
    if (const auto led = location_indicator(s)) {
        j["LocationIndicatorActive"] = *led;
    }
    j["Sensors"] = link(sensors_uri);
    j["Thermal"] = link(fmt::format("{}/Thermal", uri::chassis));
    j["Power"] = link(fmt::format("{}/Power", uri::chassis));
    j["ThermalSubsystem"] = link(fmt::format("{}/ThermalSubsystem", uri::chassis));
    j["PowerSubsystem"] = link(fmt::format("{}/PowerSubsystem", uri::chassis));
    j["Assembly"] = link(fmt::format("{}/Assembly", uri::chassis));
    j["Links"] = {{"ComputerSystems", Json::array({link(uri::system)})},
                  {"ManagedBy", Json::array({link(uri::manager)})}};
    return j;
}

} // namespace

std::optional<Resource> find_chassis(const Context& c, std::span<const std::string> seg) {
    const auto& s = c.snapshot;
    if (seg.empty()) {
        return get_only(collection("ChassisCollection", uri::chassis_collection, "Chassis Collection",
                                   {std::string(uri::chassis)}));
    }
    if (seg[0] != "1") {
        return std::nullopt;
    }
    seg = seg.subspan(1);
    if (seg.empty()) {
        return Resource{{"GET", "PATCH"}, chassis_json(s)};
    }
    const auto& part = seg[0];
    if (part == "Sensors" && seg.size() <= 2) {
        const auto views = sensor_views(s);
        if (seg.size() == 1) {
            std::vector<std::string> members;
            for (const auto& v : views) {
                members.push_back(sensor_uri(v));
            }
            return get_only(collection("SensorCollection", sensors_uri, "Sensors", members));
        }
        for (const auto& v : views) {
            if (v.id == seg[1]) {
                return get_only(sensor_json(v));
            }
        }
        return std::nullopt;
    }
    if (seg.size() == 1 && part == "Thermal") {
        return get_only(thermal_json(s, sensor_views(s)));
    }
    if (seg.size() == 1 && part == "Power") {
        return get_only(power_json(s, sensor_views(s)));
    }
    if (seg.size() == 1 && part == "Assembly") {
        return get_only(assembly_json(s));
    }
    if (part == "PowerSubsystem") {
        return find_power_subsystem(s, seg.subspan(1));
    }
    if (part == "ThermalSubsystem") {
        return find_thermal_subsystem(s, sensor_views(s), seg.subspan(1));
    }
    return std::nullopt;
}

} // namespace redfish
