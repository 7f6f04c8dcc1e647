#include "agent/fru_command.hpp"

#include "agent/exit_codes.hpp"
#include "agent/failure.hpp"
#include "ipmi/client.hpp"
#include "ipmi/fru/inventory.hpp"
#include "ipmi/fru_reader.hpp"
#include "cim_mapping/snapshot.hpp"
#include "ipmi/sdr/sensor.hpp"
#include "ipmi/sdr_cache.hpp"

#include <ctime>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {
namespace {

nlohmann::json fields(const std::vector<ipmi::fru::Field>& list) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& f : list) {
        a.push_back(f.text);
    }
    return a;
}

std::string date_text(std::int64_t unix_time) {
    const std::time_t t = static_cast<std::time_t>(unix_time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:02}/{:02}/{:02} - {:02}:{:02}:{:02}", tm.tm_mon + 1, tm.tm_mday, tm.tm_year % 100,
                       tm.tm_hour, tm.tm_min, tm.tm_sec);
}

nlohmann::json to_json(const ipmi::fru::Inventory& inv) {
    nlohmann::json j;
    j["format_version"] = inv.format_version;
    if (inv.internal_use) {
        j["internal_use"] = *inv.internal_use;
    }
    if (inv.chassis) {
        const auto& c = *inv.chassis;
        j["chassis"] = {{"type", c.type}, {"part_number", c.part_number.text},
                        {"serial_number", c.serial_number.text}, {"custom", fields(c.custom)}};
    }
    if (inv.board) {
        const auto& b = *inv.board;
        j["board"] = {{"language", b.language},
                      {"manufactured", b.manufactured_unix() ? nlohmann::json(*b.manufactured_unix()) : nlohmann::json(nullptr)},
                      {"manufactured_text", b.manufactured_unix() ? date_text(*b.manufactured_unix()) : "unspecified"},
                      {"manufacturer", b.manufacturer.text}, {"product_name", b.product_name.text},
                      {"serial_number", b.serial_number.text}, {"part_number", b.part_number.text},
                      {"fru_file_id", b.fru_file_id.text}, {"custom", fields(b.custom)}};
    }
    if (inv.product) {
        const auto& p = *inv.product;
        j["product"] = {{"language", p.language}, {"manufacturer", p.manufacturer.text},
                        {"product_name", p.product_name.text}, {"part_model_number", p.part_model_number.text},
                        {"version", p.product_version.text}, {"serial_number", p.serial_number.text},
                        {"asset_tag", p.asset_tag.text}, {"fru_file_id", p.fru_file_id.text},
                        {"custom", fields(p.custom)}};
    }
    j["multirecords"] = nlohmann::json::array();
    for (const auto& r : inv.multirecords) {
        nlohmann::json m{{"type", r.type}, {"format_version", r.format_version}, {"data", r.data}};
        if (const auto* p = std::get_if<ipmi::fru::PowerSupplyInfo>(&r.decoded)) {
            m["power_supply"] = {{"overall_capacity_w", p->overall_capacity_w}, {"peak_va", p->peak_va},
                                 {"inrush_current_a", p->inrush_current_a}, {"inrush_interval_ms", p->inrush_interval_ms},
                                 {"low_input_voltage_1_mv", p->low_input_voltage_1_10mv * 10},
                                 {"high_input_voltage_1_mv", p->high_input_voltage_1_10mv * 10},
                                 {"low_input_voltage_2_mv", p->low_input_voltage_2_10mv * 10},
                                 {"high_input_voltage_2_mv", p->high_input_voltage_2_10mv * 10},
                                 {"low_input_frequency_hz", p->low_input_frequency_hz},
                                 {"high_input_frequency_hz", p->high_input_frequency_hz},
                                 {"ac_dropout_tolerance_ms", p->ac_dropout_tolerance_ms}, {"flags", p->flags},
                                 {"peak_wattage_w", p->peak_wattage_w}, {"holdup_time_s", p->holdup_time_s}};
        } else if (const auto* d = std::get_if<ipmi::fru::DcOutput>(&r.decoded)) {
            m[r.type == 0x01 ? "dc_output" : "dc_load"] = {
                {"output_number", d->output_number}, {"standby", d->standby},
                {"nominal_voltage_mv", d->nominal_voltage_10mv * 10},
                {"max_negative_deviation_mv", d->max_negative_deviation_10mv * 10},
                {"max_positive_deviation_mv", d->max_positive_deviation_10mv * 10},
                {"ripple_noise_mv", d->ripple_noise_mv}, {"min_current_ma", d->min_current_ma},
                {"max_current_ma", d->max_current_ma}};
        } else if (const auto* a = std::get_if<ipmi::fru::ManagementAccess>(&r.decoded)) {
            m["management_access"] = {{"subtype", a->subtype}, {"data", a->data}, {"text", a->text}};
        }
        j["multirecords"].push_back(std::move(m));
    }
    j["errors"] = nlohmann::json::array();
    for (const auto& e : inv.errors) {
        j["errors"].push_back({{"area", e.area}, {"error", e.code.message()}});
    }
    return j;
}

void print_text(const std::string& name, unsigned id, const nlohmann::json& j) {
    fmt::print("FRU device {} ({})\n", id, name);
    for (const char* area : {"chassis", "board", "product"}) {
        if (!j.contains(area)) {
            continue;
        }
        for (const auto& [k, v] : j[area].items()) {
            fmt::print("  {:8} {:22}: {}\n", area, k, v.is_string() ? v.get<std::string>() : v.dump());
        }
    }
    for (const auto& m : j["multirecords"]) {
        for (const auto& [k, v] : m.items()) {
            if (k != "data" && k != "type" && k != "format_version") {
                fmt::print("  record {:02X}h {}: {}\n", m["type"].get<unsigned>(), k, v.dump());
            }
        }
    }
    for (const auto& e : j["errors"]) {
        fmt::print("  ERROR in {}: {}\n", e["area"].get<std::string>(), e["error"].get<std::string>());
    }
}

} // namespace

int run_fru(const TransportChoice& choice, const FruArgs& args) {
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
            for (const auto& [id, name] : cim::fru_devices_of(ipmi::sdr::parse_repository(repo->records).records)) {
                if (id != 0) {
                    devices.emplace_back(id, name);
                }
            }
        }
    }
    ipmi::FruReadLimits limits;
    nlohmann::json all = nlohmann::json::array();
    int rc = exit_code::ok;
    for (const auto& [id, name] : devices) {
        ipmi::FruReadStats stats;
        auto image = ipmi::read_fru(client, static_cast<std::uint8_t>(id), limits, &stats);
        if (!image) {
            rc = report_failure(fmt::format("reading FRU device {}", id), image.error());
            continue;
        }
        nlohmann::json j{{"fru_id", id}, {"name", name}, {"size", image->size()}, {"reads", stats.reads},
                         {"bytes", *image}};
        if (auto inv = ipmi::fru::parse(*image)) {
            j.update(to_json(*inv));
        } else {
            j["errors"] = nlohmann::json::array({{{"area", "header"}, {"error", inv.error().message()}}});
            j["multirecords"] = nlohmann::json::array();
        }
        if (args.json) {
            all.push_back(std::move(j));
        } else {
            print_text(name, id, j);
        }
    }
    if (args.json) {
        // One device asked for: its object (as before); else the list.
        fmt::print("{}\n", (args.id && all.size() == 1 ? all[0] : all).dump(1));
    }
    return rc;
}

} // namespace agent
