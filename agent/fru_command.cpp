#include "agent/fru_command.hpp"

#include "agent/exit_codes.hpp"
#include "agent/failure.hpp"
#include "cim_mapping/snapshot.hpp"
#include "ipmi/client.hpp"
#include "ipmi/fru/inventory.hpp"
#include "ipmi/fru_reader.hpp"
#include "ipmi/sdr/sensor.hpp"
#include "ipmi/sdr_cache.hpp"

#include <array>
#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

namespace agent {
namespace {

using Json = nlohmann::json;

// Fields by name; a field without text (non-English 8-bit) is "" here and named in
// "field_errors".
struct AreaJson {
    Json fields = Json::object();
    Json errors = Json::array();
    void add(const char* name, const ipmi::fru::Field& f) {
        fields[name] = f.text;
        if (f.error) {
            errors.push_back({{"field", name}, {"error", f.error.message()}});
        }
    }
    void add_custom(const std::vector<ipmi::fru::Field>& list) {
        Json a = Json::array();
        for (std::size_t i = 0; i < list.size(); ++i) {
            a.push_back(list[i].text);
            if (list[i].error) {
                errors.push_back({{"field", fmt::format("custom[{}]", i)}, {"error", list[i].error.message()}});
            }
        }
        fields["custom"] = std::move(a);
    }
    Json done() {
        if (!errors.empty()) {
            fields["field_errors"] = std::move(errors);
        }
        return std::move(fields);
    }
};

// ipmi-fru's "%D - %T" (mm/dd/yy - hh:mm:ss), UTC.
std::string date_text(std::int64_t unix_time) {
    const std::time_t t = static_cast<std::time_t>(unix_time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:02}/{:02}/{:02} - {:02}:{:02}:{:02}", tm.tm_mon + 1, tm.tm_mday, tm.tm_year % 100,
                       tm.tm_hour, tm.tm_min, tm.tm_sec);
}

Json power_supply_json(const ipmi::fru::PowerSupplyInfo& p) {
    return {{"overall_capacity_w", p.overall_capacity_w},
            {"peak_va", p.peak_va},
            {"inrush_current_a", p.inrush_current_a},
            {"inrush_interval_ms", p.inrush_interval_ms},
            {"low_input_voltage_1_mv", p.low_input_voltage_1_10mv * 10},
            {"high_input_voltage_1_mv", p.high_input_voltage_1_10mv * 10},
            {"low_input_voltage_2_mv", p.low_input_voltage_2_10mv * 10},
            {"high_input_voltage_2_mv", p.high_input_voltage_2_10mv * 10},
            {"low_input_frequency_hz", p.low_input_frequency_hz},
            {"high_input_frequency_hz", p.high_input_frequency_hz},
            {"ac_dropout_tolerance_ms", p.ac_dropout_tolerance_ms},
            {"flags", p.flags},
            {"predictive_fail_support", p.predictive_fail_support()},
            {"power_factor_correction", p.power_factor_correction()},
            {"autoswitch", p.autoswitch()},
            {"hot_swap", p.hot_swap()},
            {"tach_polarity", p.tach_polarity()},
            {"peak_wattage_w", p.peak_wattage_w == 0x0fff ? Json(nullptr) : Json(p.peak_wattage_w)},
            {"holdup_time_s", p.holdup_time_s},
            {"voltage_1", p.voltage_1},
            {"voltage_2", p.voltage_2},
            {"total_combined_wattage_w", p.total_combined_wattage_w},
            {"predictive_fail_tach_rps", p.predictive_fail_tach_rps}};
}

Json record_json(const ipmi::fru::MultiRecord& r) {
    Json m{{"type", r.type}, {"format_version", r.format_version}, {"data", r.data}};
    if (const auto* p = std::get_if<ipmi::fru::PowerSupplyInfo>(&r.decoded)) {
        m["power_supply"] = power_supply_json(*p);
    } else if (const auto* d = std::get_if<ipmi::fru::DcOutput>(&r.decoded)) {
        m["dc_output"] = {{"output_number", d->output_number},
                          {"standby", d->standby},
                          {"nominal_voltage_mv", d->nominal_voltage_10mv * 10},
                          {"max_negative_deviation_mv", d->max_negative_deviation_10mv * 10},
                          {"max_positive_deviation_mv", d->max_positive_deviation_10mv * 10},
                          {"ripple_noise_mv", d->ripple_noise_mv},
                          {"min_current_ma", d->min_current_ma},
                          {"max_current_ma", d->max_current_ma}};
    } else if (const auto* l = std::get_if<ipmi::fru::DcLoad>(&r.decoded)) {
        m["dc_load"] = {{"output_number", l->output_number},
                        {"nominal_voltage_mv", l->nominal_voltage_10mv * 10},
                        {"min_voltage_mv", l->min_voltage_10mv * 10},
                        {"max_voltage_mv", l->max_voltage_10mv * 10},
                        {"ripple_noise_mv", l->ripple_noise_mv},
                        {"min_current_ma", l->min_current_ma},
                        {"max_current_ma", l->max_current_ma}};
    } else if (const auto* a = std::get_if<ipmi::fru::ManagementAccess>(&r.decoded)) {
        m["management_access"] = {{"subtype", a->subtype}, {"data", a->data}, {"text", a->text}};
        if (!a->uuid.empty()) {
            m["management_access"]["uuid"] = a->uuid;
        }
    } else if (const auto* c = std::get_if<ipmi::fru::Compatibility>(&r.decoded)) {
        m[r.type == 0x04 ? "base_compatibility" : "extended_compatibility"] = {
            {"manufacturer_id", c->manufacturer_id},
            {"entity_id", c->entity_id},
            {"compatibility_base", c->compatibility_base},
            {"code_start", c->code_start},
            {"code_range_mask", c->code_range_mask}};
    }
    return m;
}

Json to_json(const ipmi::fru::Inventory& inv) {
    Json j;
    j["format_version"] = inv.format_version;
    if (inv.internal_use) {
        j["internal_use"] = *inv.internal_use;
    }
    if (inv.chassis) {
        const auto& c = *inv.chassis;
        AreaJson a;
        a.fields["version"] = c.version;
        a.fields["type"] = c.type;
        a.fields["type_name"] = std::string(ipmi::fru::chassis_type_name(c.type));
        a.add("part_number", c.part_number);
        a.add("serial_number", c.serial_number);
        a.add_custom(c.custom);
        j["chassis"] = a.done();
    }
    if (inv.board) {
        const auto& b = *inv.board;
        AreaJson a;
        a.fields["version"] = b.version;
        a.fields["language"] = b.language;
        const auto made = b.manufactured_unix();
        a.fields["manufactured"] = made ? Json(*made) : Json(nullptr);
        a.fields["manufactured_text"] = made ? date_text(*made) : "unspecified";
        a.add("manufacturer", b.manufacturer);
        a.add("product_name", b.product_name);
        a.add("serial_number", b.serial_number);
        a.add("part_number", b.part_number);
        a.add("fru_file_id", b.fru_file_id);
        a.add_custom(b.custom);
        j["board"] = a.done();
    }
    if (inv.product) {
        const auto& p = *inv.product;
        AreaJson a;
        a.fields["version"] = p.version;
        a.fields["language"] = p.language;
        a.add("manufacturer", p.manufacturer);
        a.add("product_name", p.product_name);
        a.add("part_model_number", p.part_model_number);
        a.add("version", p.product_version);
        a.add("serial_number", p.serial_number);
        a.add("asset_tag", p.asset_tag);
        a.add("fru_file_id", p.fru_file_id);
        a.add_custom(p.custom);
        j["product"] = a.done();
    }
    j["multirecords"] = Json::array();
    for (const auto& r : inv.multirecords) {
        j["multirecords"].push_back(record_json(r));
    }
    j["errors"] = Json::array();
    for (const auto& e : inv.errors) {
        j["errors"].push_back({{"area", e.area}, {"error", e.code.message()}});
    }
    return j;
}

// --- Text: the lines ipmi-fru prints for the same fields ("  FRU Board Manufacturer: X"). ---

void line(std::string_view key, std::string_view value) {
    fmt::print("  FRU {}: {}\n", key, value);
}

void field_line(std::string_view key, const ipmi::fru::Field& f) {
    if (f.error) {
        line(key, fmt::format("Error '{}'", f.error.message()));
    } else if (!f.text.empty()) { // ipmi-fru leaves empty fields out
        line(key, f.text);
    }
}

void custom_lines(std::string_view key, const std::vector<ipmi::fru::Field>& list) {
    for (const auto& f : list) {
        field_line(key, f);
    }
}

std::string_view voltage_name(std::uint8_t code) {
    switch (code) {
    case 0: return "12V";
    case 1: return "-12V";
    case 2: return "5V";
    case 3: return "3.3V";
    default: return {};
    }
}

void print_power_supply(const ipmi::fru::PowerSupplyInfo& p) {
    line("Power Supply Overall Capacity", fmt::format("{} Watts", p.overall_capacity_w));
    line("Power Supply Peak VA", fmt::format("{} VA", p.peak_va));
    line("Power Supply Max Inrush Current", fmt::format("{} Amps", p.inrush_current_a));
    line("Power Supply Inrush Interval", fmt::format("{} ms", p.inrush_interval_ms));
    line("Power Supply Low End Input Voltage 1", fmt::format("{} mV", p.low_input_voltage_1_10mv * 10));
    line("Power Supply High End Input Voltage 1", fmt::format("{} mV", p.high_input_voltage_1_10mv * 10));
    line("Power Supply Low End Input Voltage 2", fmt::format("{} mV", p.low_input_voltage_2_10mv * 10));
    line("Power Supply High End Input Voltage 2", fmt::format("{} mV", p.high_input_voltage_2_10mv * 10));
    line("Power Supply Low End Acceptable Frequency", fmt::format("{} Hz", p.low_input_frequency_hz));
    line("Power Supply High End Acceptable Frequency", fmt::format("{} Hz", p.high_input_frequency_hz));
    line("Power Supply A/C Dropout Tolerance", fmt::format("{} ms", p.ac_dropout_tolerance_ms));
    const auto yes_no = [](bool b) { return b ? "Yes" : "No"; };
    line("Power Supply Predictive Fail Support", yes_no(p.predictive_fail_support()));
    if (p.predictive_fail_support()) { // 18.1: bit 4 and the tach threshold byte
        const bool tach = p.predictive_fail_tach_rps != 0;
        line("Power Supply Predictive Fail",
             p.tach_polarity() ? (tach ? "Tach output, two pulses per rotation" : "Pass/Fail predictive fail pin (0 = fail)")
                               : (tach ? "Tach output, one pulse per rotation" : "Pass/Fail predictive fail pin (1 = fail)"));
    }
    line("Power Supply Power Factor Correction Supported", yes_no(p.power_factor_correction()));
    line("Power Supply AutoSwitch Support", yes_no(p.autoswitch()));
    line("Power Supply Hot Swap Support", yes_no(p.hot_swap()));
    line("Power Supply Peak Capacity",
         p.peak_wattage_w == 0x0fff ? std::string("unspecified") : fmt::format("{} Watts", p.peak_wattage_w));
    line("Power Supply Hold Up Time", fmt::format("{} s", p.holdup_time_s));
    const std::pair<const char*, std::uint8_t> voltages[] = {{"Power Supply Voltage 1", p.voltage_1},
                                                             {"Power Supply Voltage 2", p.voltage_2}};
    for (const auto& [key, code] : voltages) {
        const auto name = voltage_name(code);
        line(key, name.empty() ? fmt::format("Unknown ({:X}h)", code) : std::string(name));
    }
    line("Power Supply Total Combined Wattage", fmt::format("{} Watts", p.total_combined_wattage_w));
}

void print_record(const ipmi::fru::MultiRecord& r) {
    if (const auto* p = std::get_if<ipmi::fru::PowerSupplyInfo>(&r.decoded)) {
        print_power_supply(*p);
    } else if (const auto* d = std::get_if<ipmi::fru::DcOutput>(&r.decoded)) {
        line("DC Output Output Number", fmt::format("{}", d->output_number));
        line("DC Output Output on Standby", d->standby ? "Yes" : "No");
        line("DC Output Nominal Voltage", fmt::format("{} mV", d->nominal_voltage_10mv * 10));
        line("DC Output Maximum Negative Voltage Deviation", fmt::format("{} mV", d->max_negative_deviation_10mv * 10));
        line("DC Output Maximum Positive Voltage Deviation", fmt::format("{} mV", d->max_positive_deviation_10mv * 10));
        line("DC Output Ripple and Noise pk-pk", fmt::format("{} mV", d->ripple_noise_mv));
        line("DC Output Minimum Current Draw", fmt::format("{} mA", d->min_current_ma));
        line("DC Output Maximum Current Draw", fmt::format("{} mA", d->max_current_ma));
    } else if (const auto* l = std::get_if<ipmi::fru::DcLoad>(&r.decoded)) {
        line("DC Load Output Number", fmt::format("{}", l->output_number));
        line("DC Load Nominal Voltage", fmt::format("{} mV", l->nominal_voltage_10mv * 10));
        line("DC Load Spec'd Minimum Voltage", fmt::format("{} mV", l->min_voltage_10mv * 10));
        line("DC Load Spec'd Maximum Voltage", fmt::format("{} mV", l->max_voltage_10mv * 10));
        line("DC Load Spec'd Ripple and Noise pk-pk", fmt::format("{} mV", l->ripple_noise_mv));
        line("DC Load Minimum Current Load", fmt::format("{} mA", l->min_current_ma));
        line("DC Load Maximum Current Load", fmt::format("{} mA", l->max_current_ma));
    } else if (const auto* a = std::get_if<ipmi::fru::ManagementAccess>(&r.decoded)) {
        static constexpr std::array<const char*, 8> names{
            "Management Access Record: Unknown Sub Record Type", "Management Access System Management URL",
            "Management Access System Name", "Management Access System Ping Address",
            "Management Access Component Management URL", "Management Access Component Name",
            "Management Access Component Ping Address", "Management Access System Unique ID"};
        line(names[a->subtype < names.size() ? a->subtype : 0], a->text);
    } else if (const auto* c = std::get_if<ipmi::fru::Compatibility>(&r.decoded)) {
        const char* kind = r.type == 0x04 ? "Base" : "Extended";
        line(fmt::format("{} Compatibility Manufacturer ID", kind), fmt::format("{:X}h", c->manufacturer_id));
        line(fmt::format("{} Compatibility Entity ID", kind), fmt::format("{:X}h", c->entity_id));
        line(fmt::format("{} Compatibility Compatibility Base", kind), fmt::format("{:X}h", c->compatibility_base));
        line(fmt::format("{} Compatibility Code Start Value", kind), fmt::format("{:X}h", c->code_start));
        if (!c->code_range_mask.empty()) {
            line(fmt::format("{} Compatibility Code Mask", kind), ipmi::fru::hex_text(c->code_range_mask));
        }
    } else {
        line(fmt::format("Multirecord {:02X}h", r.type),
             ipmi::fru::hex_text(r.data));
    }
}

void print_text(const std::string& header, const ipmi::fru::Inventory& inv) {
    fmt::print("{}\n", header);
    if (inv.chassis) {
        const auto& c = *inv.chassis;
        fmt::print("\n");
        const auto name = ipmi::fru::chassis_type_name(c.type);
        line("Chassis Type", name.empty() ? fmt::format("Unknown ({:02X}h)", c.type) : std::string(name));
        field_line("Chassis Part Number", c.part_number);
        field_line("Chassis Serial Number", c.serial_number);
        custom_lines("Chassis Custom Info", c.custom);
    }
    if (inv.board) {
        const auto& b = *inv.board;
        fmt::print("\n");
        const auto made = b.manufactured_unix();
        line("Board Manufacturing Date/Time", made ? date_text(*made) : "unspecified");
        field_line("Board Manufacturer", b.manufacturer);
        field_line("Board Product Name", b.product_name);
        field_line("Board Serial Number", b.serial_number);
        field_line("Board Part Number", b.part_number);
        field_line("FRU File ID", b.fru_file_id);
        custom_lines("Board Custom Info", b.custom);
    }
    if (inv.product) {
        const auto& p = *inv.product;
        fmt::print("\n");
        field_line("Product Manufacturer Name", p.manufacturer);
        field_line("Product Name", p.product_name);
        field_line("Product Part/Model Number", p.part_model_number);
        field_line("Product Version", p.product_version);
        field_line("Product Serial Number", p.serial_number);
        field_line("Product Asset Tag", p.asset_tag);
        field_line("FRU File ID", p.fru_file_id);
        custom_lines("Product Custom Info", p.custom);
    }
    for (const auto& r : inv.multirecords) {
        fmt::print("\n");
        print_record(r);
    }
    for (const auto& e : inv.errors) {
        fmt::print("\n  FRU Error: {} area: {}\n", e.area, e.code.message());
    }
    fmt::print("\n");
}

// One device (or file): the JSON object, with the read stats the caller put in `j`; text
// printed unless `json`.
void decode(std::span<const std::uint8_t> image, Json& j, const std::string& header, bool json) {
    auto inv = ipmi::fru::parse(image);
    if (inv) {
        j.update(to_json(*inv));
    } else {
        j["errors"] = Json::array({{{"area", "header"}, {"error", inv.error().message()}}});
        j["multirecords"] = Json::array();
    }
    if (json) {
        return;
    }
    if (inv) {
        print_text(header, *inv);
    } else {
        fmt::print("{}\n\n  FRU Error: {}\n\n", header, inv.error().message());
    }
}

int run_file(const FruArgs& args) {
    std::ifstream in(args.file, std::ios::binary);
    if (!in) {
        return report_failure(fmt::format("reading FRU file {}", args.file),
                              std::make_error_code(std::errc::no_such_file_or_directory));
    }
    const std::vector<std::uint8_t> image{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    Json j{{"file", args.file}, {"size", image.size()}, {"bytes", image}};
    decode(image, j, fmt::format("FRU Inventory From File: {}", args.file), args.json);
    if (args.json) {
        fmt::print("{}\n", j.dump(1));
    }
    return exit_code::ok;
}

} // namespace

int run_fru(const TransportChoice& choice, const FruArgs& args) {
    if (!args.file.empty()) {
        return run_file(args);
    }
    auto transport = open_transport(choice);
    if (!transport) {
        fmt::print(stderr, "bmcwsman: {}\n", transport.error().message());
        return exit_code::failure;
    }
    ipmi::Client client(**transport);
    std::vector<std::pair<unsigned, std::string>> devices;
    if (args.id) {
        devices.emplace_back(*args.id, "FRU device");
    } else {
        devices.emplace_back(0, "Default FRU Device");
        if (auto repo = ipmi::load_sdr_repository(client, args.sdr_cache_dir, std::string((*transport)->name()))) {
            for (const auto& d : cim::fru_devices_of(ipmi::sdr::parse_repository(repo->records).records)) {
                if (d.id != 0) {
                    devices.emplace_back(d.id, d.name);
                }
            }
        }
    }
    ipmi::FruReadLimits limits;
    Json all = Json::array();
    int rc = exit_code::ok;
    for (const auto& [id, name] : devices) {
        ipmi::FruReadStats stats;
        auto image = ipmi::read_fru(client, static_cast<std::uint8_t>(id), limits, &stats);
        if (!image) {
            rc = report_failure(fmt::format("reading FRU device {}", id), image.error());
            continue;
        }
        Json j{{"fru_id", id}, {"name", name}, {"size", image->size()}, {"reads", stats.reads}, {"bytes", *image}};
        decode(*image, j, fmt::format("FRU Inventory Device: {} (ID {:02X}h)", name, id), args.json);
        all.push_back(std::move(j));
    }
    if (args.json) {
        // One device asked for: its object (as before); else the list.
        fmt::print("{}\n", (args.id && all.size() == 1 ? all[0] : all).dump(1));
    }
    return rc;
}

} // namespace agent
