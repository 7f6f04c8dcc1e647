// Physical assets (DSP1011) and processors from the host's SMBIOS inventory.
#include "cim_mapping/model_mapping.hpp"

#include <array>
#include <fmt/format.h>

namespace cim {
namespace {

// CIM_Chassis.ChassisPackageType follows SMBIOS Table 17 (chassis types) from 03h on;
// SMBIOS 01h is Other (1) and 02h Unknown (0).
std::uint16_t package_type(std::uint8_t smbios_type) {
    if (smbios_type == 0x01) {
        return 1;
    }
    if (smbios_type >= 0x03 && smbios_type <= 0x1d) {
        return smbios_type;
    }
    return 0;
}

// SMBIOS 7.18.2 memory type to CIM_PhysicalMemory.MemoryType; types CIM 2.x has no value
// for are Other (1).
std::uint16_t memory_type(std::uint8_t t) {
    constexpr std::array<std::pair<std::uint8_t, std::uint16_t>, 21> map{{
        {0x01, 1},  {0x02, 0},  {0x03, 2},  {0x04, 6},  {0x05, 7},  {0x06, 8},  {0x07, 9},
        {0x08, 10}, {0x09, 11}, {0x0a, 12}, {0x0b, 13}, {0x0c, 14}, {0x0d, 15}, {0x0e, 16},
        {0x0f, 17}, {0x10, 18}, {0x11, 19}, {0x12, 20}, {0x13, 21}, {0x14, 23}, {0x18, 24},
    }};
    for (const auto& [smbios, cim] : map) {
        if (smbios == t) {
            return cim;
        }
    }
    return 1;
}

// SMBIOS 7.18.1 form factor to CIM_Chip.FormFactor.
std::uint16_t form_factor(std::uint8_t f) {
    constexpr std::array<std::uint16_t, 16> map{
        0, 1, 0, 7, 2, 1, 3, 4, 6, 8, 9, 1, 11, 12, 13, 8, // 00h-0Fh (0Fh FB-DIMM: a DIMM)
    };
    return f < map.size() ? map[f] : 1;
}

Instance physical(std::string_view class_name, std::string tag, std::string element_name,
                  std::string manufacturer, std::string model, std::string sku,
                  std::string serial, std::string part, std::string version) {
    Instance i;
    i.class_name = std::string(class_name);
    i.set("ElementName", Value::string(std::move(element_name)));
    i.set("Tag", Value::string(std::move(tag)));
    i.set("CreationClassName", Value::string(std::string(class_name)));
    i.set("Manufacturer", Value::string(std::move(manufacturer)));
    i.set("Model", Value::string(std::move(model)));
    i.set("SKU", Value::string(std::move(sku)));
    i.set("SerialNumber", Value::string(std::move(serial)));
    i.set("PartNumber", Value::string(std::move(part)));
    i.set("Version", Value::string(std::move(version)));
    return i;
}

// The first non-empty of the candidates (SMBIOS first, then FRU).
std::string first(std::initializer_list<std::string> candidates) {
    for (const auto& c : candidates) {
        if (!c.empty()) {
            return c;
        }
    }
    return {};
}

const ipmi::fru::Inventory* fru0(const Snapshot& s) {
    auto it = s.fru.find(0);
    return it == s.fru.end() ? nullptr : &it->second;
}

} // namespace

std::vector<Instance> physical_assets(const Snapshot& s, std::string_view class_name) {
    std::vector<Instance> out;
    const auto& h = s.host;
    const auto* fru = fru0(s);
    const auto* fc = fru != nullptr && fru->chassis ? &*fru->chassis : nullptr;
    const auto* fb = fru != nullptr && fru->board ? &*fru->board : nullptr;
    const auto* fp = fru != nullptr && fru->product ? &*fru->product : nullptr;
    // SMBIOS (in-band) first; the BMC's FRU areas fill what it leaves out, or stand alone
    // when only the BMC is reachable (LAN).
    if (iequals(class_name, "CIM_Chassis") && (h.chassis || fc != nullptr)) {
        const std::string manufacturer = first({h.chassis ? h.chassis->manufacturer : "", fp ? fp->manufacturer.text : ""});
        const std::string model = first({h.system ? h.system->product : "", fp ? fp->product_name.text : ""});
        const std::string sku = first({h.chassis ? h.chassis->sku.value_or("") : "", fp ? fp->part_model_number.text : ""});
        const std::string serial = first({h.chassis ? h.chassis->serial : "", fc ? fc->serial_number.text : ""});
        const std::string part = fc ? fc->part_number.text : "";
        const std::string version = first({h.chassis ? h.chassis->version : "", fp ? fp->product_version.text : ""});
        auto i = physical("CIM_Chassis", "bmcwsman:chassis", "Chassis", manufacturer, model, sku, serial, part, version);
        i.set("ChassisPackageType", Value::uint16_array({package_type(h.chassis ? h.chassis->type : fc->type)}));
        out.push_back(std::move(i));
    } else if (iequals(class_name, "CIM_Card")) {
        if (h.baseboard || fb != nullptr) {
            const auto* b = h.baseboard ? &*h.baseboard : nullptr;
            auto i = physical("CIM_Card", "bmcwsman:baseboard", "Baseboard",
                              first({b ? b->manufacturer : "", fb ? fb->manufacturer.text : ""}),
                              first({b ? b->product : "", fb ? fb->product_name.text : ""}), "",
                              first({b ? b->serial : "", fb ? fb->serial_number.text : ""}),
                              fb ? fb->part_number.text : "", b ? b->version : "");
            i.set("HostingBoard", Value::boolean(true));
            out.push_back(std::move(i));
        }
    } else if (iequals(class_name, "CIM_PhysicalPackage")) {
        // Other FRU devices behind the BMC (power supplies, risers: the replaceable packages of
        // DSP1011) with their board and product areas (FRU spec 11, 12): Model the board's
        // product name, Name the product area's, SKU its part/model number.
        for (const auto& [id, name, entity] : s.fru_devices) {
            auto it = s.fru.find(id);
            if (id == 0 || it == s.fru.end() || (!it->second.board && !it->second.product)) {
                continue;
            }
            const auto* ob = it->second.board ? &*it->second.board : nullptr;
            const auto* op = it->second.product ? &*it->second.product : nullptr;
            auto i = physical("CIM_PhysicalPackage", fru_package_tag(id), name,
                              first({ob ? ob->manufacturer.text : "", op ? op->manufacturer.text : ""}),
                              first({ob ? ob->product_name.text : "", op ? op->product_name.text : ""}),
                              op ? op->part_model_number.text : "",
                              first({ob ? ob->serial_number.text : "", op ? op->serial_number.text : ""}),
                              ob ? ob->part_number.text : "", op ? op->product_version.text : "");
            i.set("Name", Value::string(op ? op->product_name.text : ""));
            out.push_back(std::move(i));
        }
    } else if (iequals(class_name, "CIM_PhysicalMemory")) {
        for (const auto& m : h.memory) {
            if (m.size_bytes && *m.size_bytes == 0) {
                continue; // an empty slot: no memory to describe
            }
            auto i = physical("CIM_PhysicalMemory", "bmcwsman:memory:" + m.device_locator,
                              m.device_locator, m.manufacturer.value_or(""), "", "",
                              m.serial.value_or(""), m.part_number.value_or(""), "");
            i.set("Capacity", m.size_bytes ? Value::uint64(*m.size_bytes) : Value::null(Type::uint64));
            i.set("MemoryType", Value::uint16(memory_type(m.memory_type)));
            i.set("FormFactor", Value::uint16(form_factor(m.form_factor)));
            i.set("BankLabel", Value::string(m.bank_locator));
            out.push_back(std::move(i));
        }
    }
    return out;
}

std::string fru_package_tag(std::uint8_t fru_id) {
    return fmt::format("bmcwsman:fru:{}", fru_id);
}

// The package of each populated socket (DSP1022 CPU profile: CIM_Chip realizes
// CIM_Processor), with what SMBIOS type 4 says of it (DSP0134 7.5).
std::vector<Instance> processor_chips(const Snapshot& s) {
    std::vector<Instance> out;
    unsigned index = 0;
    for (const auto& p : s.host.processors) {
        const auto n = index++;
        if (!p.populated) {
            continue;
        }
        out.push_back(physical("CIM_Chip", fmt::format("bmcwsman:cpu:{}", n),
                               p.socket.empty() ? fmt::format("CPU {}", n) : p.socket, p.manufacturer, p.version, "",
                               p.serial.value_or(""), p.part_number.value_or(""), ""));
    }
    return out;
}

std::vector<Instance> processors(const Snapshot& s) {
    std::vector<Instance> out;
    unsigned index = 0;
    for (const auto& p : s.host.processors) {
        const auto n = index++;
        if (!p.populated) {
            continue; // an empty socket
        }
        Instance i;
        i.class_name = "CIM_Processor";
        i.set("ElementName", Value::string(p.socket.empty() ? fmt::format("CPU {}", n) : p.socket));
        i.set("Name", Value::string(p.version));
        const std::uint8_t status = p.status & 0x07U; // DSP0134 7.5: CPU status bits 2:0
        i.set("OperationalStatus", Value::uint16_array({status == 1 ? std::uint16_t{2}
                                                                    : std::uint16_t{0}}));
        i.set("HealthState", Value::uint16(status == 1 ? 5 : 0));
        i.set("EnabledState", Value::uint16(status == 1 ? 2 : 3));
        i.set("RequestedState", Value::uint16(12));
        i.set("SystemCreationClassName", Value::string(s.system.creation_class_name));
        i.set("SystemName", Value::string(s.system.name));
        i.set("CreationClassName", Value::string("CIM_Processor"));
        i.set("DeviceID", Value::string(fmt::format("CPU{}", n)));
        i.set("Family", Value::uint16(p.family)); // CIM's ValueMap follows SMBIOS 7.5.2
        i.set("MaxClockSpeed", Value::uint32(p.max_speed_mhz));
        i.set("CurrentClockSpeed", Value::uint32(p.current_speed_mhz));
        i.set("ExternalBusClockSpeed", Value::uint32(p.external_clock_mhz));
        i.set("CPUStatus", Value::uint16(status)); // same codes as SMBIOS
        out.push_back(std::move(i));
    }
    return out;
}

} // namespace cim
