// The central system, the BMC as a management controller, firmware identities, the power
// management service and the chassis identify LED.
#include "cim_mapping/model_mapping.hpp"

#include <fmt/format.h>

namespace cim {
namespace {

// CIM_EnabledLogicalElement.EnabledState: 2 Enabled, 3 Disabled, 0 Unknown.
std::uint16_t power_enabled_state(const Snapshot& s) {
    if (!s.bmc_reachable || !s.chassis) {
        return 0;
    }
    return s.chassis->power_on() ? 2 : 3;
}

// The worst sensor health decides the system's (DSP1004: HealthState of the system).
std::uint16_t worst_health(const Snapshot& s) {
    std::uint16_t worst = 0;
    for (const auto& sample : s.samples) {
        if (sample && sample->health) {
            worst = std::max(worst, health_state(&*sample->health));
        }
    }
    return worst;
}

std::uint16_t status_of(std::uint16_t health) {
    switch (health) {
    case 5: return 2;  // OK
    case 10: return 3; // Degraded
    case 25: return 6; // Error
    case 30: return 7; // Non-Recoverable Error
    default: return 0; // Unknown
    }
}

// DSP0134 BIOS release date "mm/dd/yyyy" (or "mm/dd/yy" before 2.3) to a timestamp.
Value bios_date(const std::string& text) {
    unsigned m = 0;
    unsigned d = 0;
    unsigned y = 0;
    char sep1 = 0;
    char sep2 = 0;
    if (std::sscanf(text.c_str(), "%2u%c%2u%c%4u", &m, &sep1, &d, &sep2, &y) != 5 || sep1 != '/' ||
        sep2 != '/' || m < 1 || m > 12 || d < 1 || d > 31) {
        return Value::null(Type::datetime);
    }
    if (y < 100) {
        y += 1900; // two-digit years are 19yy in pre-2.3 tables
    }
    // Days from civil (Howard Hinnant's algorithm) for the Unix epoch.
    const int yy = static_cast<int>(y) - (m <= 2 ? 1 : 0);
    const int era = (yy >= 0 ? yy : yy - 399) / 400;
    const int yoe = yy - era * 400;
    const int mp = static_cast<int>(m) + (m > 2 ? -3 : 9);
    const int doy = (153 * mp + 2) / 5 + static_cast<int>(d) - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
    return Value::datetime(Datetime{false, days * 86400, 0});
}

// The element properties of an always-enabled part of the BMC: OK, or No Contact when the
// BMC does not answer.
void bmc_element(Instance& i, const Snapshot& s, std::string element_name, std::string name) {
    i.set("ElementName", Value::string(std::move(element_name)));
    i.set("Name", Value::string(std::move(name)));
    i.set("OperationalStatus", Value::uint16_array({s.bmc_reachable ? std::uint16_t{2}
                                                                    : std::uint16_t{12}}));
    i.set("HealthState", Value::uint16(s.bmc_reachable ? 5 : 0));
    i.set("EnabledState", Value::uint16(2));
    i.set("RequestedState", Value::uint16(12));
}

} // namespace

Instance host_system(const Snapshot& s) {
    Instance i;
    i.class_name = "CIM_ComputerSystem";
    const auto& sys = s.host.system;
    // The product area of FRU 0 (FRU spec 12) names the server where SMBIOS does not (LAN).
    // Both present: SMBIOS type 1 wins (it is what the host's firmware reports; the BMC's FRU
    // may describe a replaced board), FRU strings fill only what SMBIOS leaves empty.
    const auto fru0 = s.fru.find(0);
    const auto* fp = fru0 != s.fru.end() && fru0->second.product ? &*fru0->second.product : nullptr;
    const auto pick = [](const std::string& smbios, const std::string& fru) { return smbios.empty() ? fru : smbios; };
    const std::string product = pick(sys ? sys->product : "", fp ? fp->product_name.text : "");
    const std::string serial = pick(sys ? sys->serial : "", fp ? fp->serial_number.text : "");
    const std::string model = fp ? fp->part_model_number.text : "";
    i.set("ElementName", Value::string(product.empty() ? "Host" : product));
    i.set("Name", Value::string(s.system.name));
    const auto health = worst_health(s);
    i.set("OperationalStatus", Value::uint16_array({s.bmc_reachable ? status_of(health)
                                                                    : std::uint16_t{12}}));
    i.set("HealthState", Value::uint16(s.bmc_reachable ? health : std::uint16_t{0}));
    i.set("EnabledState", Value::uint16(power_enabled_state(s)));
    i.set("RequestedState", Value::uint16(12)); // Not Applicable
    i.set("CreationClassName", Value::string(s.system.creation_class_name));
    i.set("NameFormat", Value::string("Other"));
    i.set("Dedicated", Value::uint16_array({0})); // Not Dedicated
    // CIM_System.IdentifyingDescriptions (DSP1004 7.x): "CIM:GUID", "CIM:Tag" (the serial
    // number), "CIM:Model:SerialNumber" (model and serial joined by a colon).
    std::vector<std::string> descriptions;
    std::vector<std::string> info;
    if (sys && sys->uuid) {
        descriptions.emplace_back("CIM:GUID");
        info.push_back(*sys->uuid);
    }
    if (!serial.empty()) {
        descriptions.emplace_back("CIM:Tag");
        info.push_back(serial);
    }
    if (!serial.empty() && !model.empty()) {
        descriptions.emplace_back("CIM:Model:SerialNumber");
        info.push_back(model + ":" + serial);
    }
    if (fp != nullptr && !fp->asset_tag.text.empty()) {
        descriptions.emplace_back("CIM:AssetTag");
        info.push_back(fp->asset_tag.text);
    }
    // What SMBIOS type 1 says of the product (DSP0134 7.2), each named by its field, so that
    // an inventory finds the host's manufacturer, product, version, SKU and family even where
    // the chassis (type 3) or the BMC's FRU say something else.
    if (sys) {
        for (const auto& [name, value] :
             {std::pair<const char*, const std::string*>{"SMBIOS:Manufacturer", &sys->manufacturer},
              {"SMBIOS:ProductName", &sys->product},
              {"SMBIOS:Version", &sys->version},
              {"SMBIOS:SKUNumber", sys->sku ? &*sys->sku : nullptr},
              {"SMBIOS:Family", sys->family ? &*sys->family : nullptr}}) {
            if (value != nullptr && !value->empty()) {
                descriptions.emplace_back(name);
                info.push_back(*value);
            }
        }
    }
    i.set("IdentifyingDescriptions", Value::string_array(descriptions));
    i.set("OtherIdentifyingInfo", Value::string_array(info));
    return i;
}

Instance bmc_system(const Snapshot& s) {
    Instance i;
    i.class_name = "CIM_ComputerSystem";
    // "IPMI Controller 32" as Windows' IPMI provider names the BMC (slave address 20h).
    bmc_element(i, s, "BMC", "IPMI Controller 32");
    i.set("CreationClassName", Value::string("CIM_ComputerSystem"));
    i.set("NameFormat", Value::string("Other"));
    i.set("Dedicated", Value::uint16_array({14})); // Management
    i.set("IdentifyingDescriptions", Value::string_array({}));
    i.set("OtherIdentifyingInfo", Value::string_array({}));
    return i;
}

std::vector<Instance> software_identities(const Snapshot& s) {
    std::vector<Instance> out;
    if (s.bmc) {
        Instance i;
        i.class_name = "CIM_SoftwareIdentity";
        // IPMI 2.0 Table 20-2: major binary, minor two BCD digits.
        const unsigned minor = (s.bmc->firmware_minor >> 4) * 10U + (s.bmc->firmware_minor & 0x0fU);
        i.set("ElementName", Value::string("BMC firmware"));
        i.set("InstanceID", Value::string("bmcwsman:firmware:bmc"));
        i.set("VersionString", Value::string(fmt::format("{}.{:02}", s.bmc->firmware_major, minor)));
        i.set("MajorVersion", Value::uint16(s.bmc->firmware_major));
        i.set("MinorVersion", Value::uint16(static_cast<std::uint16_t>(minor)));
        i.set("Manufacturer", Value::string(fmt::format("IANA {}", s.bmc->manufacturer_id)));
        i.set("Classifications", Value::uint16_array({10})); // Firmware
        i.set("IsEntity", Value::boolean(true));
        i.set("ReleaseDate", Value::null(Type::datetime));
        out.push_back(std::move(i));
    }
    if (s.host.bios) {
        const auto& b = *s.host.bios;
        Instance i;
        i.class_name = "CIM_SoftwareIdentity";
        i.set("ElementName", Value::string("BIOS"));
        i.set("InstanceID", Value::string("bmcwsman:firmware:bios"));
        i.set("VersionString", Value::string(b.version));
        const bool has_release = b.bios_major && *b.bios_major != 0xff;
        i.set("MajorVersion", has_release ? Value::uint16(*b.bios_major) : Value::null(Type::uint16));
        i.set("MinorVersion", has_release && b.bios_minor ? Value::uint16(*b.bios_minor)
                                                          : Value::null(Type::uint16));
        i.set("Manufacturer", Value::string(b.vendor));
        i.set("Classifications", Value::uint16_array({11})); // BIOS/FCode
        i.set("IsEntity", Value::boolean(true));
        i.set("ReleaseDate", bios_date(b.release_date));
        out.push_back(std::move(i));
    }
    return out;
}

Instance power_management_service(const Snapshot& s) {
    Instance i;
    i.class_name = "CIM_PowerManagementService";
    bmc_element(i, s, "Power Management Service", "Power Management Service");
    i.set("SystemCreationClassName", Value::string(s.system.creation_class_name));
    i.set("SystemName", Value::string(s.system.name));
    i.set("CreationClassName", Value::string("CIM_PowerManagementService"));
    return i;
}

Instance identify_led(const Snapshot& s) {
    Instance i;
    i.class_name = "CIM_IndicatorLED";
    bmc_element(i, s, "Chassis Identify LED", "Identify");
    i.set("SystemCreationClassName", Value::string(s.system.creation_class_name));
    i.set("SystemName", Value::string(s.system.name));
    i.set("CreationClassName", Value::string("CIM_IndicatorLED"));
    i.set("DeviceID", Value::string("Identify"));
    i.set("IndicatedConditions", Value::uint16_array({3})); // Location
    // DSP1074 ActivationState: 2 Lit, 3 Blinking, 4 Off; 0 Unknown when the BMC does not
    // report the identify state (Get Chassis Status byte 3 bit 6 clear).
    Value state = Value::uint16(0);
    if (s.bmc_reachable && s.chassis && s.chassis->identify_state_supported()) {
        using Id = ipmi::cmd::GetChassisStatus::IdentifyState;
        switch (s.chassis->identify_state()) {
        case Id::off: state = Value::uint16(4); break;
        case Id::temporary_on: state = Value::uint16(3); break; // timed: blinking
        case Id::indefinite_on: state = Value::uint16(2); break;
        case Id::reserved: break;
        }
    }
    i.set("ActivationState", state);
    i.set("ControlMode", Value::uint16(3)); // Manual
    return i;
}

} // namespace cim
