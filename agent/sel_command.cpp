#include "agent/sel_command.hpp"

#include "agent/exit_codes.hpp"
#include "agent/failure.hpp"
#include "ipmi/client.hpp"
#include "ipmi/sdr/event_tables.hpp"
#include "ipmi/sdr_cache.hpp"
#include "ipmi/sel/event_text.hpp"
#include "ipmi/sel_reader.hpp"

#include <array>
#include <ctime>
#include <utility>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {
namespace {

// Date and time columns as ipmi-sel prints them (local time, "Nov-24-2026" "05:12:24");
// relative timestamps (IPMI 2.0 section 37.1) are "PostInit", FFFFFFFFh "Unspec.".
std::pair<std::string, std::string> when(std::optional<std::uint32_t> ts) {
    if (!ts) {
        return {"N/A", "N/A"};
    }
    if (*ts == ipmi::sel::unspecified_timestamp) {
        return {"Unspec.", "Unspec."};
    }
    if (ipmi::sel::pre_init(*ts)) {
        return {"PostInit", "PostInit"};
    }
    const std::time_t t = static_cast<std::time_t>(*ts);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::array<char, 32> date{};
    std::array<char, 32> hms{};
    (void)std::strftime(date.data(), date.size(), "%b-%d-%Y", &tm);
    (void)std::strftime(hms.data(), hms.size(), "%H:%M:%S", &tm);
    return {date.data(), hms.data()};
}

} // namespace

int run_sel(const TransportChoice& choice, const SelArgs& args) {
    auto transport = open_transport(choice);
    if (!transport) {
        fmt::print(stderr, "bmcwsman: {}\n", transport.error().message());
        return exit_code::failure;
    }
    ipmi::Client client(**transport);
    ipmi::SelReader sel(client);
    if (args.clear) {
        if (auto ec = sel.clear(std::chrono::seconds(10))) {
            return report_failure("clearing the SEL", ec);
        }
        fmt::print("{}\n", args.json ? R"({"cleared":true})" : "SEL cleared");
        return exit_code::ok;
    }
    // Sensor names and units come from the SDR; without it the events are still shown.
    std::vector<ipmi::sdr::Sensor> sensors;
    if (auto repo = ipmi::load_sdr_repository(client, args.sdr_cache_dir, std::string((*transport)->name()))) {
        sensors = ipmi::sdr::sensors_of(ipmi::sdr::parse_repository(repo->records).records);
    } else {
        fmt::print(stderr, "bmcwsman: reading the SDR repository: {} (sensor names left out)\n",
                   repo.error().message());
    }
    auto change = sel.refresh();
    if (!change) {
        return report_failure("reading the SEL", change.error());
    }
    const auto& info = *sel.info();
    nlohmann::json records = nlohmann::json::array();
    std::vector<std::string> lines;
    for (const auto& entry : sel.entries()) {
        const auto r = ipmi::sel::decode(entry);
        const auto* e = r.system_event();
        const ipmi::sdr::Sensor* sensor = e != nullptr ? ipmi::sel::find_sensor(sensors, *e) : nullptr;
        const std::string text = ipmi::sel::event_text(r, sensor);
        nlohmann::json j{{"record_id", r.record_id}, {"record_type", r.record_type}, {"bytes", r.raw}, {"text", text}};
        const auto [date, clock] = when(r.timestamp());
        if (auto ts = r.timestamp()) {
            j["timestamp"] = *ts;
            j["pre_init"] = ipmi::sel::pre_init(*ts);
            j["date"] = date;
            j["time"] = clock;
        }
        std::string type_name = "N/A";
        std::string name = "N/A";
        std::string direction = "N/A";
        if (e != nullptr) {
            type_name = std::string(ipmi::sdr::sensor_type_name(e->sensor_type));
            name = sensor != nullptr ? sensor->name : fmt::format("Sensor #{}", e->sensor_number);
            direction = e->deassertion ? "Deassertion Event" : "Assertion Event";
            j["generator"] = {{"address", e->generator.address()}, {"id", e->generator.id},
                              {"software", e->generator.software}, {"channel", e->generator.channel},
                              {"lun", e->generator.lun}};
            j["evm_revision"] = e->evm_revision;
            j["sensor_type"] = e->sensor_type;
            j["sensor_type_name"] = type_name;
            j["sensor_number"] = e->sensor_number;
            j["sensor_name"] = sensor != nullptr ? nlohmann::json(sensor->name) : nlohmann::json(nullptr);
            j["event_reading_type"] = e->event_reading_type;
            j["direction"] = e->deassertion ? "deassertion" : "assertion";
            j["offset"] = e->offset();
            j["event_data"] = e->event_data;
            j["event_data2_use"] = static_cast<unsigned>(e->data2_use());
            j["event_data3_use"] = static_cast<unsigned>(e->data3_use());
            j["offset_text"] = ipmi::sel::offset_text(*e);
        } else if (const auto* o = std::get_if<ipmi::sel::OemTimestamped>(&r.body)) {
            j["manufacturer_id"] = o->manufacturer_id;
            j["oem_data"] = o->data;
        } else if (const auto* n = std::get_if<ipmi::sel::OemNonTimestamped>(&r.body)) {
            j["oem_data"] = n->data;
        }
        records.push_back(std::move(j));
        // The columns of `ipmi-sel -v`: ID, Date, Time, Name, Type, Event Direction, Event.
        lines.push_back(fmt::format("{:4} | {:11} | {:8} | {:16} | {:24} | {:17} | {}", r.record_id, date, clock, name,
                                    type_name, direction, text));
    }
    if (args.json) {
        nlohmann::json out{{"entries", info.entries},
                           {"free_space", info.free_space},
                           {"overflow", info.overflow()},
                           {"most_recent_addition", info.most_recent_addition},
                           {"most_recent_erase", info.most_recent_erase},
                           {"records", records},
                           {"read_stats",
                            {{"get_info", sel.stats().get_info},
                             {"get_entry", sel.stats().get_entry},
                             {"reloads", sel.stats().reloads}}},
                           {"transactions", client.stats().transactions}};
        fmt::print("{}\n", out.dump(1));
        return exit_code::ok;
    }
    fmt::print("SEL: {} entries, {} bytes free{}\n", info.entries, info.free_space,
               info.overflow() ? ", OVERFLOW (entries were dropped)" : "");
    for (const auto& l : lines) {
        fmt::print("{}\n", l);
    }
    return exit_code::ok;
}

} // namespace agent
